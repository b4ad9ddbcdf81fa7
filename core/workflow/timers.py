"""Durable timers: rows keyed by (ticket, kind, step), scheduled idempotently.

Every deadline gets an `urge` timer (a fraction of its length before it is due, policy
`sla.urge_before_fraction`) and a `breach` timer at the due time; limits promised to the customer
also get `warn_customer` at the urge time. Deadlines the inbound pipeline writes get their timers
from `sync_deadline_timers`, which the scheduler runs before every pass.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, exists, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import Ticket, TicketDeadline, Timer
from core.policy import Policy
from core.workflow.sla import CUSTOMER_FACING, base_step, urge_at

URGE = "urge"
BREACH = "breach"
WARN_CUSTOMER = "warn_customer"
REVISIT_SEND = "revisit"
REVISIT_EXPIRE = "revisit_expire"
_SYNC_LOCK_KEY = 0x7C0D_0007  # an arbitrary constant naming "timer sync" among advisory locks


async def schedule(session: AsyncSession, *, ticket_id: int, kind: str, step: str, due_at: datetime,
                   now: datetime) -> None:
    """Add a timer unless one with the same (ticket, kind, step) exists; safe under races."""
    values = {"ticket_id": ticket_id, "kind": kind, "step": step, "due_at": due_at, "created_at": now}
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    await session.execute(insert(Timer).values(**values).on_conflict_do_nothing())


async def schedule_step(session: AsyncSession, *, ticket_id: int, step: str, start: datetime, due: datetime,
                        policy: Policy, now: datetime) -> None:
    """The urge, breach (and customer-warning) timers of one deadline."""
    urge = urge_at(start, due, policy.sla.urge_before_fraction)
    await schedule(session, ticket_id=ticket_id, kind=URGE, step=step, due_at=urge, now=now)
    await schedule(session, ticket_id=ticket_id, kind=BREACH, step=step, due_at=due, now=now)
    if base_step(step) in CUSTOMER_FACING:
        await schedule(session, ticket_id=ticket_id, kind=WARN_CUSTOMER, step=step, due_at=urge, now=now)


async def sync_deadline_timers(session: AsyncSession, policy: Policy, now: datetime, limit: int = 500) -> int:
    """Timers for unmet deadlines that have none yet (written by the inbound pipeline)."""
    if session.get_bind().dialect.name == "postgresql":
        # schedulers in several processes would insert the same keys and deadlock on the unique
        # index; one sync at a time (the lock ends with the transaction)
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SYNC_LOCK_KEY})
    missing = (
        await session.execute(
            select(TicketDeadline.ticket_id, TicketDeadline.step, TicketDeadline.due_at, Ticket.received_at)
            .join(Ticket, Ticket.id == TicketDeadline.ticket_id)
            .where(
                TicketDeadline.met_at.is_(None),
                ~exists().where(and_(Timer.ticket_id == TicketDeadline.ticket_id, Timer.step == TicketDeadline.step,
                                     Timer.kind == BREACH)),
            )
            .order_by(TicketDeadline.ticket_id, TicketDeadline.step)
            .limit(limit)
        )
    ).all()
    for ticket_id, step, due_at, received_at in missing:
        # the pipeline's steps all run from the moment of receipt
        await schedule_step(session, ticket_id=ticket_id, step=step, start=received_at, due=due_at,
                            policy=policy, now=now)
    return len(missing)
