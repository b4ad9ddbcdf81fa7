"""Login lock-out through the real ASGI app: per account, per address, in the database, with time travel."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from complaintdesk.bootstrap import Runtime, build_runtime
from complaintdesk.console import build_console_router
from complaintdesk.console.settings import ConsoleSettings
from complaintdesk.console.throttle import client_key, mask_ip, normalise_email
from complaintdesk.settings import Settings
from core.clock import FrozenClock
from core.db.tables import LoginFailure
from tests.console.conftest import PASSWORD, csrf_of

pytestmark = pytest.mark.integration

AGENT = "li.na@desk.example.cn"
SENIOR = "wang.fang@desk.example.cn"
ATTACKER = "198.51.100.23"


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime.now(UTC).replace(microsecond=0))


@pytest.fixture
async def runtime(sqlite_url: str, clock: FrozenClock) -> AsyncIterator[Runtime]:
    """The console harness's runtime, on a clock the tests move (overrides tests/console/conftest.py)."""
    settings = Settings(database_url=sqlite_url, nlu="baseline", dispatcher=False, _env_file=None)
    rt = await build_runtime(settings, migrate=False, adapters={}, clock=clock)
    yield rt
    await rt.close()


def console_app(runtime: Runtime, **settings: object) -> FastAPI:
    """Just the console on `runtime`'s database, with these console settings."""
    app = FastAPI()
    app.include_router(build_console_router(runtime.desk, settings=ConsoleSettings(
        console_secret="console-test-secret", _env_file=None, **settings)))  # type: ignore[arg-type]
    return app


@pytest.fixture
async def browser(app: object, staff: dict[str, int]) -> AsyncIterator[httpx.AsyncClient]:
    """A browser at the attacker's address (one client: the login form's cookie is kept)."""
    async with client_at(app, ATTACKER) as client:
        yield client


def client_at(app: object, ip: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(ip, 51234))  # type: ignore[arg-type]
    return httpx.AsyncClient(transport=transport, base_url="http://desk.test")


async def attempt(client: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    page = await client.get("/console/login")
    return await client.post("/console/login", data={"email": email, "password": password, "csrf": csrf_of(page.text)})


async def failure_rows(runtime: Runtime) -> list[tuple[str, str]]:
    async with runtime.desk.unit_of_work() as uow:
        return [tuple(r) for r in (await uow.session.execute(  # type: ignore[misc]
            select(LoginFailure.email, LoginFailure.ip).order_by(LoginFailure.id))).all()]


async def test_five_failures_lock_the_account_even_against_the_right_password(
    runtime: Runtime, browser: httpx.AsyncClient, app: object, clock: FrozenClock
) -> None:
    # the e-mail is counted case-folded and stripped: these are all one account
    for typed in ("li.na@desk.example.cn", "LI.NA@desk.example.cn", " Li.Na@Desk.Example.CN ", AGENT):
        r = await attempt(browser, typed, "wrong password 1")
        assert r.status_code == 401 and "邮箱或密码不正确" in r.text and "Retry-After" not in r.headers
    fifth = await attempt(browser, AGENT, "wrong password 2")
    assert fifth.status_code == 429 and fifth.headers["Retry-After"] == "900"
    assert "请 15 分钟后再试" in fifth.text and 'id="login-locked"' in fifth.text

    right = await attempt(browser, AGENT, PASSWORD)
    assert right.status_code == 429 and right.headers["Retry-After"] == "900"
    assert "即使密码正确也无法登录" in right.text and "cd_console" not in right.headers.get("set-cookie", "")
    assert (await browser.get("/console/conversations")).status_code == 303  # not logged in
    # refused attempts are not checked, so not counted: the lock does not grow while it holds
    assert len(await failure_rows(runtime)) == 5

    browser.cookies.set("cd_lang", "en")
    english = await attempt(browser, AGENT, PASSWORD)
    assert english.status_code == 429 and "Try again in 15 minutes" in english.text
    assert "even the right password is refused" in english.text

    # the address is not locked: another account logs in from it
    assert (await attempt(browser, SENIOR, PASSWORD)).status_code == 303

    clock.advance(timedelta(minutes=10))
    later = await attempt(browser, AGENT, PASSWORD)
    assert later.status_code == 429 and later.headers["Retry-After"] == "300" and "Try again in 5 minutes" in later.text
    clock.advance(timedelta(minutes=5, seconds=1))
    assert (await attempt(browser, AGENT, PASSWORD)).status_code == 303
    # the successful login cleared the account's count
    assert [email for email, _ in await failure_rows(runtime)] == []


async def test_a_successful_login_resets_the_count_and_old_failures_leave_the_window(
    browser: httpx.AsyncClient, clock: FrozenClock
) -> None:
    for _ in range(4):
        assert (await attempt(browser, AGENT, "not it at all")).status_code == 401
    assert (await attempt(browser, AGENT, PASSWORD)).status_code == 303
    for _ in range(4):
        assert (await attempt(browser, AGENT, "not it at all")).status_code == 401
    # four more, but the first four are past the 15-minute window by then
    clock.advance(timedelta(minutes=15, seconds=1))
    for _ in range(4):
        assert (await attempt(browser, AGENT, "not it at all")).status_code == 401
    assert (await attempt(browser, AGENT, "not it at all")).status_code == 429


async def test_twenty_failures_from_one_address_lock_the_address_for_every_account(
    runtime: Runtime, browser: httpx.AsyncClient, app: object
) -> None:
    # guessing across many accounts (most of them not existing) never reaches an account's limit
    for i in range(19):
        r = await attempt(browser, f"guess{i % 7}@desk.example.cn", "Winter2026!")
        assert r.status_code == 401, i
    twentieth = await attempt(browser, "guess19@desk.example.cn", "Winter2026!")
    assert twentieth.status_code == 429 and twentieth.headers["Retry-After"] == "900"
    assert "您所在的网络地址" in twentieth.text
    refused = await attempt(browser, SENIOR, PASSWORD)
    assert refused.status_code == 429 and "网络地址" in refused.text
    # the same account from another address is fine
    async with client_at(app, "203.0.113.5") as elsewhere:
        assert (await attempt(elsewhere, SENIOR, PASSWORD)).status_code == 303
    assert {ip for _, ip in await failure_rows(runtime)} == {ATTACKER}


async def test_counts_are_shared_by_every_process_on_the_database(
    runtime: Runtime, sqlite_url: str, clock: FrozenClock, app: object, staff: dict[str, int]
) -> None:
    # a second console process: its own engine and router on the same database file
    settings = Settings(database_url=sqlite_url, nlu="baseline", dispatcher=False, _env_file=None)
    other = await build_runtime(settings, migrate=False, adapters={}, clock=clock)
    try:
        async with client_at(app, ATTACKER) as first, client_at(console_app(other), "192.0.2.9") as second:
            for _ in range(3):
                assert (await attempt(first, AGENT, "wrong guess one")).status_code == 401
            assert (await attempt(second, AGENT, "wrong guess two")).status_code == 401
            assert (await attempt(second, AGENT, "wrong guess three")).status_code == 429
            assert (await attempt(first, AGENT, PASSWORD)).status_code == 429
    finally:
        await other.close()


async def test_parallel_guesses_cannot_slip_past_the_limit(runtime: Runtime, browser: httpx.AsyncClient) -> None:
    page = await browser.get("/console/login")
    token = csrf_of(page.text)
    results = await asyncio.gather(*[
        browser.post("/console/login", data={"email": AGENT, "password": f"guess number {i}", "csrf": token})
        for i in range(12)
    ])
    statuses = [r.status_code for r in results]
    # exactly five passwords were checked (each written before its check); the rest were refused unchecked
    assert len(await failure_rows(runtime)) == 5
    assert set(statuses) <= {401, 429} and statuses.count(429) >= 8


async def test_requests_without_the_form_token_check_no_password_and_count_nothing(
    runtime: Runtime, browser: httpx.AsyncClient
) -> None:
    await browser.get("/console/login")
    for _ in range(8):
        r = await browser.post("/console/login", data={"email": AGENT, "password": PASSWORD, "csrf": "forged"})
        assert r.status_code == 401
    assert await failure_rows(runtime) == []
    assert (await attempt(browser, AGENT, PASSWORD)).status_code == 303


async def test_rows_older_than_a_day_are_pruned(runtime: Runtime, browser: httpx.AsyncClient,
                                                clock: FrozenClock) -> None:
    await attempt(browser, AGENT, "an old wrong one")
    await attempt(browser, "nobody@desk.example.cn", "an old wrong one")
    clock.advance(timedelta(hours=23))
    await attempt(browser, "someone@desk.example.cn", "wrong again")
    assert len(await failure_rows(runtime)) == 3
    clock.advance(timedelta(hours=1, seconds=1))
    await attempt(browser, SENIOR, "wrong once more")
    assert [email for email, _ in await failure_rows(runtime)] == ["someone@desk.example.cn", SENIOR]


async def test_failures_and_lock_outs_are_logged_with_the_email_masked(
    browser: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="complaintdesk.console.throttle")
    secret = "hunter2-is-not-it"
    for _ in range(6):
        await attempt(browser, AGENT, secret)
    text = "\n".join(r.getMessage() for r in caplog.records)
    failed = [r for r in caplog.records if "login failed" in r.getMessage()]
    locked = [r for r in caplog.records if "login locked" in r.getMessage()]
    refused = [r for r in caplog.records if "login refused" in r.getMessage()]
    assert len(failed) == 5 and len(locked) == 1 and len(refused) == 1
    assert "li***@desk.example.cn" in locked[0].getMessage() and "(account)" in locked[0].getMessage()
    assert "198.51.100.x" in text
    # no password, no full e-mail, no full address in the log (policy §9)
    assert secret not in text and AGENT not in text and ATTACKER not in text


async def test_limits_and_window_are_settings(runtime: Runtime, staff: dict[str, int],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLAINTDESK_CONSOLE_LOGIN_ACCOUNT_LIMIT", "2")
    monkeypatch.setenv("COMPLAINTDESK_CONSOLE_LOGIN_IP_LIMIT", "3")
    monkeypatch.setenv("COMPLAINTDESK_CONSOLE_LOGIN_WINDOW_MINUTES", "1")
    async with client_at(console_app(runtime), ATTACKER) as client:
        assert (await attempt(client, AGENT, "wrong guess a")).status_code == 401
        second = await attempt(client, AGENT, "wrong guess b")
        assert second.status_code == 429 and second.headers["Retry-After"] == "60" and "1 分钟" in second.text
        third = await attempt(client, "other@desk.example.cn", "wrong guess c")
        assert third.status_code == 429 and "网络地址" in third.text


def test_emails_and_addresses_are_counted_in_their_normal_form() -> None:
    assert normalise_email("  Li.Na@Desk.Example.CN ") == AGENT
    # one IPv6 client holds a /64: its addresses count together; IPv4-mapped is the IPv4 address
    assert client_key("2001:db8:1:2::1") == client_key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert client_key("::ffff:198.51.100.23") == ATTACKER
    assert client_key(None) == "unknown"
    assert mask_ip(ATTACKER) == "198.51.100.x" and mask_ip("2001:db8:1:2::/64") == "2001:db8:…"
