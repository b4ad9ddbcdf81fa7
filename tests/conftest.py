"""Shared test harness: real databases (SQLite and PostgreSQL), real desks, no internet.

Fixtures other test folders use:
- `desk`: a Desk on a fresh, migrated SQLite database (keyword baseline NLU, system clock);
- `desk_pg`: the same on a throwaway PostgreSQL database, emptied after each test;
- `any_desk`: parametrised over both, for tests that must hold on both stores;
- `make_desk(url, clock=..., classifier=...)`: build your own (e.g. with a FrozenClock);
- `sqlite_url`, `pg_url`: the database URLs behind them.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from core.clock import SystemClock
from core.db.engine import create_engine, session_factory
from core.db.migrate import upgrade
from core.db.tables import Base
from core.policy import load_policy
from core.ports import Classifier, Clock, ConversationBot
from core.services.desk import Desk

PG_ADMIN_URL = os.environ.get("COMPLAINTDESK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")

# ---------------------------------------------------------------------------------------------
# No test reaches the internet: connecting anywhere but loopback (or a Unix socket) fails loudly.

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _allowed(sock: socket.socket, address: Any) -> bool:
    if sock.family == getattr(socket, "AF_UNIX", None):
        return True
    host = address[0] if isinstance(address, tuple) else address
    return host in ("localhost", "::1") or str(host).startswith("127.")


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    if not _allowed(self, address):
        raise RuntimeError(f"test tried to reach {address!r}: tests must stay on loopback")
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> Any:
    if not _allowed(self, address):
        raise RuntimeError(f"test tried to reach {address!r}: tests must stay on loopback")
    return _real_connect_ex(self, address)


socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]


# ---------------------------------------------------------------------------------------------
# Databases


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (migrating per test would be slow)."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    target = tmp_path / "complaintdesk.db"
    shutil.copyfile(sqlite_template, target)
    return f"sqlite:///{target}"


async def _pg_admin(sql: str, url: str = PG_ADMIN_URL) -> None:
    import asyncpg

    conn = await asyncpg.connect(url, timeout=10)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A throwaway PostgreSQL database for this test run, migrated, dropped at the end."""
    name = f"complaintdesk_test_{uuid.uuid4().hex[:10]}"
    try:
        asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    except OSError as exc:
        pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {exc}. Start it (see .ci/run).")
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    upgrade(url)
    yield url
    asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def pg_url(pg_database: str) -> Iterator[str]:
    """The run's PostgreSQL database, emptied after each test (sync, so any fixture can use it)."""
    yield pg_database
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    # a failed test may leave sessions open (engines are disposed later): end them first so
    # the TRUNCATE cannot wait on their locks
    asyncio.run(
        _pg_admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()",
            pg_database,
        )
    )
    asyncio.run(_pg_admin(f"TRUNCATE {tables} RESTART IDENTITY CASCADE", pg_database))
    # ticket numbers come from per-day sequences (core/services/numbering.py): restart them too
    asyncio.run(_pg_admin(
        "DO $$ DECLARE s text; BEGIN FOR s IN SELECT sequencename FROM pg_sequences "
        "WHERE sequencename LIKE 'seq\\_%' LOOP EXECUTE format('ALTER SEQUENCE %I RESTART', s); END LOOP; END $$",
        pg_database))


# ---------------------------------------------------------------------------------------------
# Desks

DeskFactory = Callable[..., Awaitable[Desk]]


@pytest.fixture
async def make_desk() -> AsyncIterator[DeskFactory]:
    engines = []

    async def build(
        url: str,
        *,
        clock: Clock | None = None,
        classifier: Classifier | None = None,
        policy_file: Path | None = None,
        bot: ConversationBot | None = None,
    ) -> Desk:
        from nlu.baseline import KeywordBaseline

        engine = create_engine(url)
        engines.append(engine)
        desk = Desk(
            session_factory(engine),
            classifier or KeywordBaseline(),
            load_policy(policy_file),
            clock or SystemClock(),
            bot=bot,
        )
        await desk.setup()
        return desk

    yield build
    for engine in engines:
        await engine.dispose()


@pytest.fixture
async def desk(sqlite_url: str, make_desk: DeskFactory) -> Desk:
    return await make_desk(sqlite_url)


@pytest.fixture
async def desk_pg(pg_url: str, make_desk: DeskFactory) -> Desk:
    return await make_desk(pg_url)


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest) -> str:
    """The URL of a fresh database, once per store."""
    fixture = "sqlite_url" if request.param == "sqlite" else "pg_url"
    url: str = request.getfixturevalue(fixture)
    return url


@pytest.fixture
async def any_desk(store_url: str, make_desk: DeskFactory) -> Desk:
    return await make_desk(store_url)
