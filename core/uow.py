"""The unit of work: one transaction per inbound message or command.

    async with UnitOfWork(sessions) as uow:
        ...
        await uow.commit()

Leaving the block without `commit()` rolls everything back, so a failure half-way writes nothing.
"""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker


class UnitOfWork:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._session: AsyncSession | None = None
        self._lock: asyncio.Lock | None = None

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("unit of work used outside `async with`")
        return self._session

    async def __aenter__(self) -> Self:
        session = self._sessions()
        lock: asyncio.Lock | None = session.info.get("write_lock")
        if lock is not None:
            # SQLite: one unit of work at a time in this process (see core.db.engine)
            await lock.acquire()
        self._lock = lock
        self._session = session
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        session, self._session = self.session, None
        # close() rolls back whatever was not committed and detaches the objects without
        # expiring them (rollback() would expire them), so callers may still read what they loaded
        try:
            await session.close()
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    async def commit(self) -> None:
        await self.session.commit()
