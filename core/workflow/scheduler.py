"""The durable scheduler: fires due timers (urge, breach, customer warning, revisit) exactly once.

Each pass also records complaints the bot was still collecting past the record limit, and moves
messages that failed on one channel on to the next.

`run_due` is one pass; the service runs it in its background loop next to the outbox dispatcher.
Each timer fires in its own transaction: a conditional UPDATE claims it (`fired_at IS NULL`), its
effects are written, and both commit together. A crash rolls both back, so the timer fires on the
next pass; two schedulers racing on the same row cannot both claim it. After downtime every
overdue timer fires once, oldest first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.tables import Ticket, TicketDeadline, TicketEvent, Timer
from core.domain.labels import OPEN_TICKET_STATUSES, RiskColour
from core.policy import Policy
from core.ports import Clock
from core.services.bot_turns import overdue_intakes, record_overdue_intake
from core.uow import UnitOfWork
from core.workdays import WorkCalendar
from core.workflow import sla
from core.workflow.context import WorkflowContext, load_context
from core.workflow.customer_contact import fall_back_failed
from core.workflow.notifications import department_audience, level_audience, notify, staff_audience
from core.workflow.orders import send_delay_notice
from core.workflow.revisits import expire_revisit, send_survey
from core.workflow.timers import BREACH, REVISIT_EXPIRE, REVISIT_SEND, URGE, WARN_CUSTOMER

log = logging.getLogger(__name__)

_OPEN = {s.value for s in OPEN_TICKET_STATUSES}


def responsible(ticket: Ticket, step: str, ctx: WorkflowContext) -> str:
    """Who works against this step: the department for its steps, else the owning agent or the desk."""
    if sla.base_step(step) in sla.DEPARTMENT_STEPS and ticket.department_id is not None:
        return department_audience(ctx.department_code(ticket.department_id))
    if ticket.owner_id is not None:
        return staff_audience(ticket.owner_id)
    return department_audience(ctx.policy.default_department)


async def fire(session: AsyncSession, timer: Timer, *, ctx: WorkflowContext, now: datetime) -> str:
    """The effects of one timer; returns its outcome (acted, skipped ...)."""
    ticket = await session.get(Ticket, timer.ticket_id)
    if ticket is None:
        return "skipped"
    if timer.kind == REVISIT_SEND:
        return await send_survey(session, ticket, timer.step, ctx=ctx, now=now)
    if timer.kind == REVISIT_EXPIRE:
        return await expire_revisit(session, ticket, timer.step, ctx=ctx, now=now)
    deadline = await session.scalar(
        select(TicketDeadline).where(TicketDeadline.ticket_id == ticket.id, TicketDeadline.step == timer.step))
    if deadline is None or deadline.met_at is not None or ticket.status not in _OPEN:
        return "skipped"
    data: dict[str, Any] = {"step": timer.step, "due_at": deadline.due_at.isoformat()}
    if timer.kind == URGE:
        notify(session, audience=responsible(ticket, timer.step, ctx), kind="urge", ticket=ticket, now=now,
               text=f"催单 {ticket.number}: {timer.step} due {deadline.due_at.isoformat()}", data=data)
        session.add(TicketEvent(ticket_id=ticket.id, at=now, actor="scheduler", action="urged", data=data))
        return "acted"
    if timer.kind == BREACH:
        level = ctx.policy.workflow.breach_escalation[RiskColour(ticket.risk_colour)]
        text = f"超时 {ticket.number}: {timer.step} was due {deadline.due_at.isoformat()}"
        notify(session, audience=level_audience(level), kind="breach", ticket=ticket, now=now, text=text,
               data={**data, "level": level})
        notify(session, audience=responsible(ticket, timer.step, ctx), kind="breach", ticket=ticket, now=now,
               text=text, data={**data, "level": level})
        session.add(TicketEvent(ticket_id=ticket.id, at=now, actor="scheduler", action="escalated",
                                data={**data, "level": level}))
        return "acted"
    if timer.kind == WARN_CUSTOMER:
        announced = await session.scalar(
            select(func.count()).select_from(TicketEvent).where(
                TicketEvent.ticket_id == ticket.id, TicketEvent.action == "announce_delay"))
        if announced:
            # staff already told the customer why and when: one notice is enough
            return "skipped"
        expected = deadline.due_at + timedelta(hours=ctx.policy.workflow.delay_extension_hours)
        await send_delay_notice(session, ticket, ctx=ctx, now=now, step=timer.step, due=deadline.due_at,
                                reason=None, expected_at=expected)
        session.add(TicketEvent(ticket_id=ticket.id, at=now, actor="scheduler", action="delay_announced",
                                data={**data, "expected_at": expected.isoformat()}))
        return "acted"
    log.warning("timer %s has unknown kind %r", timer.id, timer.kind)
    return "unknown"


class Scheduler:
    """Runs timer passes against one database; several may run side by side."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], policy: Policy, clock: Clock,
                 calendar: WorkCalendar | None = None, batch_size: int = 200) -> None:
        self.sessions = sessions
        self.policy = policy
        self.clock = clock
        self.calendar = calendar or WorkCalendar(policy.zone)
        self.batch_size = batch_size

    async def run_due(self) -> int:
        """One pass: fire what is due, move failed messages on to their next channel."""
        now = self.clock.now()
        async with UnitOfWork(self.sessions) as uow:
            ctx = await load_context(uow.session, self.policy, self.calendar)
        fired = 0
        while True:
            async with UnitOfWork(self.sessions) as uow:
                ids = list((await uow.session.scalars(
                    select(Timer.id).where(Timer.fired_at.is_(None), Timer.due_at <= now)
                    .order_by(Timer.due_at, Timer.id).limit(self.batch_size))).all())
            if not ids:
                break
            fired_now = 0
            for timer_id in ids:
                try:
                    fired_now += await self._fire_one(timer_id, ctx, now)
                except Exception:
                    # one broken timer must not hold up the others; it stays due and is retried
                    log.exception("timer %s failed; retrying on the next pass", timer_id)
            fired += fired_now
            if len(ids) < self.batch_size or not fired_now:
                break
        await self._record_overdue_intakes(ctx, now)
        async with UnitOfWork(self.sessions) as uow:
            await fall_back_failed(uow.session, now)
            await uow.commit()
        return fired

    async def _record_overdue_intakes(self, ctx: WorkflowContext, now: datetime) -> None:
        """Complaints the bot was still collecting past the record limit get their tickets (policy §2)."""
        async with UnitOfWork(self.sessions) as uow:
            pending = await overdue_intakes(uow.session, ctx, now)
        for conversation_id in pending:
            try:
                async with UnitOfWork(self.sessions) as uow:
                    number = await record_overdue_intake(uow.session, conversation_id, ctx=ctx, now=now)
                    await uow.commit()
                if number:
                    log.info("recorded the half-told complaint of conversation %s as %s", conversation_id, number)
            except Exception:
                log.exception("recording the complaint of conversation %s failed; retrying next pass", conversation_id)

    async def _fire_one(self, timer_id: int, ctx: WorkflowContext, now: datetime) -> int:
        async with UnitOfWork(self.sessions) as uow:
            claimed: Any = await uow.session.execute(
                update(Timer).where(Timer.id == timer_id, Timer.fired_at.is_(None)).values(fired_at=now)
            )
            if claimed.rowcount != 1:
                return 0  # another scheduler fired it
            timer = await uow.session.get(Timer, timer_id)
            assert timer is not None
            timer.outcome = await fire(uow.session, timer, ctx=ctx, now=now)
            await uow.commit()
            return 1

    async def next_due(self) -> datetime | None:
        """When the earliest unfired timer is due."""
        async with UnitOfWork(self.sessions) as uow:
            due: datetime | None = await uow.session.scalar(
                select(func.min(Timer.due_at)).where(Timer.fired_at.is_(None)))
            return due

    async def run_forever(self, stop: asyncio.Event, idle_seconds: float = 5.0) -> None:
        """Keep passing until `stop` is set; a failing pass is logged, never fatal."""
        while not stop.is_set():
            try:
                await self.run_due()
            except Exception:
                log.exception("scheduler pass failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=idle_seconds)


async def run_due(sessions: async_sessionmaker[AsyncSession], clock: Clock, policy: Policy,
                  calendar: WorkCalendar | None = None) -> int:
    """One scheduler pass (see `Scheduler.run_due`); returns how many timers fired."""
    return await Scheduler(sessions, policy, clock, calendar).run_due()
