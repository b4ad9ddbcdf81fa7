"""Short-lived database access for one-shot commands (`ticket`, `order`, ...)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from complaintdesk.settings import Settings
from core.db.engine import create_engine, session_factory

T = TypeVar("T")


@asynccontextmanager
async def sessions(settings: Settings | None = None) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on the configured database; the engine is disposed when the block ends."""
    engine = create_engine((settings or Settings()).database_url)
    try:
        yield session_factory(engine)
    finally:
        await engine.dispose()


async def with_session(fn: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run `fn` with one session on the configured database."""
    async with sessions() as factory, factory() as session:
        return await fn(session)
