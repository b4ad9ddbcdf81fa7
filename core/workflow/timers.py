"""Durable timers: rows keyed by (ticket, kind, step), scheduled idempotently.

Every deadline gets an `urge` timer (a fraction of its length before it is due, policy
`sla.urge_before_fraction`) and a `breach` timer at the due time; limits promised to the customer
also get `warn_customer` at the urge time. Whoever writes a deadline writes its timers in the same
transaction: the inbound pipeline with `step_timers`, the workflow with `schedule_step`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import Timer
from core.policy import Policy
from core.workflow.sla import CUSTOMER_FACING, base_step, urge_at

URGE = "urge"
BREACH = "breach"
WARN_CUSTOMER = "warn_customer"
REVISIT_SEND = "revisit"
REVISIT_EXPIRE = "revisit_expire"


async def schedule(session: AsyncSession, *, ticket_id: int, kind: str, step: str, due_at: datetime,
                   now: datetime) -> None:
    """Add a timer unless one with the same (ticket, kind, step) exists; safe under races."""
    values = {"ticket_id": ticket_id, "kind": kind, "step": step, "due_at": due_at, "created_at": now}
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    await session.execute(insert(Timer).values(**values).on_conflict_do_nothing())


def step_timers(*, ticket_id: int, step: str, start: datetime, due: datetime, policy: Policy,
                now: datetime) -> list[Timer]:
    """The urge, breach (and customer-warning) timers of one deadline, as new rows."""
    urge = urge_at(start, due, policy.sla.urge_before_fraction)
    kinds = [(URGE, urge), (BREACH, due)]
    if base_step(step) in CUSTOMER_FACING:
        kinds.append((WARN_CUSTOMER, urge))
    return [Timer(ticket_id=ticket_id, kind=kind, step=step, due_at=at, created_at=now) for kind, at in kinds]


async def schedule_step(session: AsyncSession, *, ticket_id: int, step: str, start: datetime, due: datetime,
                        policy: Policy, now: datetime) -> None:
    """Add the timers of one deadline, keeping any that already exist (safe under races)."""
    for timer in step_timers(ticket_id=ticket_id, step=step, start=start, due=due, policy=policy, now=now):
        await schedule(session, ticket_id=ticket_id, kind=timer.kind, step=step, due_at=timer.due_at, now=now)
