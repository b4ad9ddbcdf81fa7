"""Readable ticket numbers: TS + local date + a six-digit daily sequence (TS20261124000123).

On SQLite the daily sequence is a row of `counters`, incremented inside the transaction (SQLite
runs one writer at a time anyway). On PostgreSQL it is a sequence per day (`seq_ticket_20261124`):
`nextval` never waits for other transactions, where a counter row would make every transaction
that opens a ticket queue behind the previous one until it commits. The price: a transaction
that rolls back (a retried race) leaves a gap in that day's numbers. Numbers stay unique and
rising within a day.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from core.db.tables import Counter

PREFIX = "TS"
_KNOWN_SEQUENCES: set[tuple[str, str]] = set()  # (database URL, sequence) created by this process


async def next_value(session: AsyncSession, name: str) -> int:
    """The next value of the named sequence (starting at 1)."""
    if session.get_bind().dialect.name == "postgresql":
        return await _next_pg(session, "seq_" + re.sub(r"\W", "_", name))
    stmt = sqlite_insert(Counter).values(name=name, value=1)
    stmt = stmt.on_conflict_do_update(index_elements=[Counter.name], set_={"value": Counter.value + 1})
    value = await session.scalar(stmt.returning(Counter.value))
    assert value is not None
    return int(value)


async def _next_pg(session: AsyncSession, sequence: str) -> int:
    engine = session.bind
    assert isinstance(engine, AsyncEngine), "sessions are bound to an engine (core.db.engine)"
    key = (str(engine.url), sequence)
    if key not in _KNOWN_SEQUENCES:
        # created outside the caller's transaction, so that it exists for everyone at once
        async with engine.connect() as conn:
            try:
                await conn.execute(text(f'CREATE SEQUENCE IF NOT EXISTS "{sequence}"'))
                await conn.commit()
            except DBAPIError:
                # another process created it in the same instant: that is all we wanted
                await conn.rollback()
        _KNOWN_SEQUENCES.add(key)
    value = await session.scalar(text(f"SELECT nextval('\"{sequence}\"')"))
    assert value is not None
    return int(value)


async def next_ticket_number(session: AsyncSession, received_at: datetime, zone: ZoneInfo) -> str:
    """The next number for a ticket received at `received_at` (the day is the operator's)."""
    day = received_at.astimezone(zone).strftime("%Y%m%d")
    seq = await next_value(session, f"ticket:{day}")
    return f"{PREFIX}{day}{seq:06d}"
