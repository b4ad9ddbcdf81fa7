"""Deadlines of a ticket (`ticket_deadlines`): opening a step with its timers, meeting it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import TicketDeadline, Timer
from core.policy import Policy
from core.workflow.sla import base_step, numbered
from core.workflow.timers import schedule_step


async def next_step_name(session: AsyncSession, ticket_id: int, base: str) -> str:
    """`base` for the first round, then `base_2`, `base_3` ... so earlier rounds stay on record."""
    steps = (await session.scalars(select(TicketDeadline.step).where(TicketDeadline.ticket_id == ticket_id))).all()
    rounds = sum(1 for s in steps if base_step(s) == base)
    return numbered(base, rounds + 1)


async def open_step(session: AsyncSession, *, ticket_id: int, base: str, start: datetime, due: datetime,
                    policy: Policy, now: datetime) -> str:
    """Add the next round of step `base` due at `due`, with its timers; returns the step name."""
    step = await next_step_name(session, ticket_id, base)
    session.add(TicketDeadline(ticket_id=ticket_id, step=step, due_at=due))
    await session.flush()
    await schedule_step(session, ticket_id=ticket_id, step=step, start=start, due=due, policy=policy, now=now)
    return step


async def meet_step(session: AsyncSession, ticket_id: int, base: str, now: datetime) -> list[str]:
    """Mark every unmet round of step `base` met at `now`; returns the steps met."""
    rows = (
        await session.scalars(
            select(TicketDeadline).where(TicketDeadline.ticket_id == ticket_id, TicketDeadline.met_at.is_(None))
        )
    ).all()
    met = [row.step for row in rows if base_step(row.step) == base]
    if met:
        await session.execute(
            update(TicketDeadline)
            .where(TicketDeadline.ticket_id == ticket_id, TicketDeadline.step.in_(met))
            .values(met_at=now)
        )
    return met


async def unmet_steps(session: AsyncSession, ticket_id: int) -> dict[str, datetime]:
    """Open deadlines of a ticket by step."""
    rows = (
        await session.execute(
            select(TicketDeadline.step, TicketDeadline.due_at)
            .where(TicketDeadline.ticket_id == ticket_id, TicketDeadline.met_at.is_(None))
        )
    ).all()
    return dict(rows)


async def move_step(session: AsyncSession, *, ticket_id: int, step: str, start: datetime, due: datetime,
                    policy: Policy, now: datetime) -> None:
    """Give an existing step a new due time and re-arm its timers (e.g. moving to the complex track)."""
    await session.execute(
        update(TicketDeadline).where(TicketDeadline.ticket_id == ticket_id, TicketDeadline.step == step)
        .values(due_at=due, met_at=None)
    )
    await session.execute(delete(Timer).where(Timer.ticket_id == ticket_id, Timer.step == step))
    await schedule_step(session, ticket_id=ticket_id, step=step, start=start, due=due, policy=policy, now=now)
