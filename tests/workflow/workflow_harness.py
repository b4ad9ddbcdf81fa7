"""Test harness for the work-order process: a desk, a scheduler and staff on one database,
moved through time with a FrozenClock.

The inbound pipeline does not call the workflow hooks yet (the lead wires them into
`core/services/inbound.py`); `World.complain` makes the same calls, in their own unit of work,
right after the message is stored.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from core.clock import FrozenClock
from core.db.tables import Message, StaffNotification, StaffUser, Ticket, TicketDeadline, TicketEvent, Timer
from core.domain.labels import Business, Category, Channel, IdentityKind, Kind, Role
from core.domain.messages import Identity, InboundMessage, NluResult
from core.services.desk import Desk
from core.workflow.context import WorkflowContext, load_context
from core.workflow.orders import get_ticket
from core.workflow.roles import Actor
from core.workflow.scheduler import Scheduler

CST = ZoneInfo("Asia/Shanghai")


def cst(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime:
    """A Beijing-time instant."""
    return datetime(y, mo, d, h, mi, s, tzinfo=CST)


class World:
    def __init__(self, desk: Desk, clock: FrozenClock) -> None:
        self.desk = desk
        self.clock = clock
        self.scheduler = Scheduler(desk.sessions, desk.policy, clock, desk.calendar)
        self.staff: dict[str, Actor] = {}
        self.passes = 0
        self._seq = 0

    def restart(self, desk: Desk) -> None:
        """A new process on the same database: new desk, new scheduler, same clock."""
        self.desk = desk
        self.scheduler = Scheduler(desk.sessions, desk.policy, self.clock, desk.calendar)

    async def hire(self, key: str, role: Role, department: str | None = None) -> Actor:
        async with self.desk.unit_of_work() as uow:
            dept_id = None
            if department:
                ctx = await load_context(uow.session, self.desk.policy)
                dept_id = ctx.departments[department]
            user = StaffUser(email=f"{key}@operator.example.cn", name=key, password_hash="x", role=role.value,
                             department_id=dept_id, created_at=self.clock.now())
            uow.session.add(user)
            await uow.commit()
            actor = Actor(user.id, role, department)
        self.staff[key] = actor
        return actor

    async def complain(self, text: str, *, phone: str, at: datetime, tier: str | None = None,
                       appeal: bool = False, complex_track: bool = False, channel: Channel = Channel.SMS,
                       email: str | None = None) -> str | None:
        """A customer message arrives at `at` (the clock moves there first, timers fire on the way)."""
        await self.advance_to(at)
        self._seq += 1
        if email and channel is Channel.EMAIL:
            # an e-mail complaint that gave a mobile number for SMS
            sender, extra = Identity(IdentityKind.EMAIL, email), (Identity(IdentityKind.PHONE, phone),)
        else:
            sender = Identity(IdentityKind.PHONE, phone)
            extra = (Identity(IdentityKind.EMAIL, email),) if email else ()
        msg = InboundMessage(channel=channel, provider_message_id=f"SM{self._seq:032x}",
                             sender=sender, text=text, received_at=at, subject="投诉" if email else None,
                             thread_key=sender.value, tier=tier, appeal=appeal, complex=complex_track,
                             extra_identities=extra)
        # the pipeline itself runs the workflow hooks (repeats, groups, colour reports)
        outcome = await self.desk.submit_inbound(msg)
        return outcome.ticket_number

    async def ctx(self, session: Any) -> WorkflowContext:
        return await load_context(session, self.desk.policy, self.desk.calendar)

    async def act(self, fn: Callable[..., Awaitable[Any]], number: str, actor: str, at: datetime | None = None,
                  **kwargs: Any) -> Any:
        """A member of staff performs a work-order operation (one unit of work)."""
        if at is not None:
            await self.advance_to(at)
        async with self.desk.unit_of_work() as uow:
            ctx = await self.ctx(uow.session)
            ticket = await get_ticket(uow.session, number)
            result = await fn(uow.session, ticket, self.staff[actor], ctx, self.clock.now(), **kwargs)
            await uow.commit()
            return result

    async def run(self, fn: Callable[..., Awaitable[Any]], *args: Any, at: datetime | None = None,
                  **kwargs: Any) -> Any:
        """Any workflow function taking (session, *args, ctx=, now=) in one unit of work."""
        if at is not None:
            await self.advance_to(at)
        async with self.desk.unit_of_work() as uow:
            ctx = await self.ctx(uow.session)
            result = await fn(uow.session, *args, ctx=ctx, now=self.clock.now(), **kwargs)
            await uow.commit()
            return result

    async def advance_to(self, target: datetime) -> None:
        """Move the clock to `target`, stopping at every timer on the way and running a pass there,
        as a scheduler polling continuously would."""
        if target < self.clock.now():
            raise AssertionError(f"the test went back in time: {target} < {self.clock.now()}")
        for _ in range(10_000):
            due = await self.scheduler.next_due()
            if due is None or due > target:
                break
            if due > self.clock.now():
                self.clock.set(due)
            await self.scheduler.run_due()
            self.passes += 1
        else:
            raise AssertionError(f"timers due at {due} never fire (clock {self.clock.now()})")
        if target > self.clock.now():
            self.clock.set(target)
        await self.scheduler.run_due()
        self.passes += 1

    # -- reading the store ---------------------------------------------------------------------

    async def ticket(self, number: str) -> Ticket:
        async with self.desk.unit_of_work() as uow:
            return await get_ticket(uow.session, number)

    async def deadlines(self, number: str) -> dict[str, tuple[datetime, datetime | None]]:
        async with self.desk.unit_of_work() as uow:
            rows = (await uow.session.execute(
                select(TicketDeadline.step, TicketDeadline.due_at, TicketDeadline.met_at)
                .join(Ticket, Ticket.id == TicketDeadline.ticket_id).where(Ticket.number == number))).all()
            return {step: (due, met) for step, due, met in rows}

    async def timers(self, number: str) -> list[tuple[str, str, datetime, datetime | None, str | None]]:
        async with self.desk.unit_of_work() as uow:
            rows = (await uow.session.execute(
                select(Timer.kind, Timer.step, Timer.due_at, Timer.fired_at, Timer.outcome)
                .join(Ticket, Ticket.id == Timer.ticket_id).where(Ticket.number == number)
                .order_by(Timer.due_at, Timer.id))).all()
            return [tuple(r) for r in rows]  # type: ignore[misc]

    async def notifications(self, number: str | None = None, kind: str | None = None) -> list[StaffNotification]:
        async with self.desk.unit_of_work() as uow:
            query = select(StaffNotification).order_by(StaffNotification.id)
            if number is not None:
                query = query.join(Ticket, Ticket.id == StaffNotification.ticket_id).where(Ticket.number == number)
            if kind is not None:
                query = query.where(StaffNotification.kind == kind)
            return list((await uow.session.scalars(query)).all())

    async def outbound(self, number: str, template: str | None = None) -> list[Message]:
        async with self.desk.unit_of_work() as uow:
            query = (select(Message).join(Ticket, Ticket.id == Message.ticket_id)
                     .where(Ticket.number == number, Message.direction == "out").order_by(Message.id))
            if template is not None:
                query = query.where(Message.template == template)
            return list((await uow.session.scalars(query)).all())

    async def events(self, number: str, action: str | None = None) -> list[TicketEvent]:
        async with self.desk.unit_of_work() as uow:
            query = (select(TicketEvent).join(Ticket, Ticket.id == TicketEvent.ticket_id)
                     .where(Ticket.number == number).order_by(TicketEvent.id))
            if action is not None:
                query = query.where(TicketEvent.action == action)
            return list((await uow.session.scalars(query)).all())


def _nlu(data: dict[str, Any]) -> NluResult:
    return NluResult(
        kind=Kind(data["kind"]),
        category=Category(data["category"]) if data.get("category") else None,
        business=Business(data["business"]),
        risk_signals=tuple(data.get("risk_signals", ())),
        repeat_signals=tuple(data.get("repeat_signals", ())),
    )
