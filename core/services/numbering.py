"""Readable ticket numbers: TS + local date + a six-digit daily sequence (TS20261124000123)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import Counter

PREFIX = "TS"


async def next_value(session: AsyncSession, name: str) -> int:
    """Atomically increment the named counter and return its new value."""
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else pg_insert
    stmt = insert(Counter).values(name=name, value=1)
    stmt = stmt.on_conflict_do_update(index_elements=[Counter.name], set_={"value": Counter.value + 1})
    value = await session.scalar(stmt.returning(Counter.value))
    assert value is not None
    return int(value)


async def next_ticket_number(session: AsyncSession, received_at: datetime, zone: ZoneInfo) -> str:
    """The next number for a ticket received at `received_at` (the day is the operator's)."""
    day = received_at.astimezone(zone).strftime("%Y%m%d")
    seq = await next_value(session, f"ticket:{day}")
    return f"{PREFIX}{day}{seq:06d}"
