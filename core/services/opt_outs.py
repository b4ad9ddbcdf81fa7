"""Who asked not to be written to on a channel (SMS STOP/退订, a blocked Telegram bot)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import OptOut
from core.domain.labels import Channel


async def set_opt_out(session: AsyncSession, channel: Channel, address: str, opted_out: bool, now: datetime) -> None:
    """Record the address's choice; the latest one counts."""
    row = await session.get(OptOut, (channel.value, address))
    if row is None:
        session.add(OptOut(channel=channel.value, address=address, opted_out=opted_out, updated_at=now))
    else:
        row.opted_out, row.updated_at = opted_out, now


async def is_opted_out(session: AsyncSession, channel: Channel, address: str) -> bool:
    """Whether the address has opted out of the channel."""
    row = await session.get(OptOut, (channel.value, address))
    return bool(row and row.opted_out)
