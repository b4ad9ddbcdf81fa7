"""`complaintdesk user create` as an operator runs it."""

from __future__ import annotations

import asyncio

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from complaintdesk.console_cli import user
from core.db.engine import create_engine, session_factory
from core.db.tables import Department, StaffUser

pytestmark = pytest.mark.integration


async def _users(url: str) -> list[tuple[str, str, str | None, str]]:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as s:
            rows = (await s.execute(select(StaffUser.email, StaffUser.role, Department.code, StaffUser.password_hash)
                                    .outerjoin(Department, Department.id == StaffUser.department_id))).all()
            return [tuple(r) for r in rows]  # type: ignore[misc]
    finally:
        await engine.dispose()


def test_user_create_with_password_on_stdin(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLAINTDESK_DATABASE_URL", sqlite_url)
    monkeypatch.setenv("COMPLAINTDESK_AUTO_MIGRATE", "false")
    runner = CliRunner()
    ok = runner.invoke(user, ["create", "--email", "Zhang.Wei@desk.example.cn", "--role", "department_staff",
                              "--department", "network_ops", "--password-stdin"], input="long enough secret\n")
    assert ok.exit_code == 0, ok.output
    assert "zhang.wei@desk.example.cn (department_staff, network_ops)" in ok.output
    short = runner.invoke(user, ["create", "--email", "a@desk.example.cn", "--role", "agent", "--password-stdin"],
                          input="short\n")
    assert short.exit_code == 1 and "at least 10 characters" in short.output
    unknown = runner.invoke(user, ["create", "--email", "b@desk.example.cn", "--role", "agent", "--department",
                                   "marketing", "--password-stdin"], input="long enough secret\n")
    assert unknown.exit_code == 1 and "marketing_billing" in unknown.output
    taken = runner.invoke(user, ["create", "--email", "zhang.wei@desk.example.cn", "--role", "agent",
                                 "--password-stdin"], input="long enough secret\n")
    assert taken.exit_code == 1 and "already has an account" in taken.output
    bad_role = runner.invoke(user, ["create", "--email", "c@desk.example.cn", "--role", "boss", "--password-stdin"])
    assert bad_role.exit_code == 2
    prompted = runner.invoke(user, ["create", "--email", "d@desk.example.cn", "--role", "supervisor"],
                             input="prompted password\nprompted password\n")
    assert prompted.exit_code == 0, prompted.output

    users = asyncio.run(_users(sqlite_url))
    assert [(e, r, d) for e, r, d, _ in users] == [("zhang.wei@desk.example.cn", "department_staff", "network_ops"),
                                                   ("d@desk.example.cn", "supervisor", None)]
    assert all(h.startswith("$argon2id$") and "secret" not in h for *_, h in users)
