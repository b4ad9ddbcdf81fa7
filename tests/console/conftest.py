"""Console test harness: a runtime on a fresh database, the app with the console and widget routers,
staff accounts of several roles, and a logged-in HTTP client per account."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest

from channels.chat.web.channel import build_web_channel
from channels.chat.web.settings import WebChatSettings
from complaintdesk.bootstrap import Runtime, build_runtime
from complaintdesk.console import build_console_router
from complaintdesk.console.accounts import create_user
from complaintdesk.console.settings import ConsoleSettings
from complaintdesk.settings import Settings
from complaintdesk.web.app import create_app
from core.domain.labels import Channel, Role

PASSWORD = "correct horse battery"


@pytest.fixture
async def runtime(sqlite_url: str) -> AsyncIterator[Runtime]:
    settings = Settings(database_url=sqlite_url, nlu="baseline", dispatcher=False, _env_file=None)  # type: ignore[call-arg]
    rt = await build_runtime(settings, migrate=False, adapters={})
    yield rt
    await rt.close()


@pytest.fixture
def app(runtime: Runtime) -> object:
    adapter, widget_router = build_web_channel(runtime.desk, settings=WebChatSettings(
        webchat_secret="widget-test-secret", _env_file=None))  # type: ignore[arg-type,call-arg]
    runtime.adapters[Channel.WEB] = adapter
    app = create_app(runtime=runtime)
    app.state.runtime = runtime  # ASGITransport does not run the lifespan
    app.include_router(widget_router)
    app.include_router(build_console_router(runtime.desk, adapters=runtime.adapters, settings=ConsoleSettings(
        console_secret="console-test-secret", _env_file=None)))  # type: ignore[arg-type,call-arg]
    return app


@pytest.fixture
async def staff(runtime: Runtime) -> dict[str, int]:
    """One account per role; agents in two departments."""
    desk = runtime.desk
    return {
        "agent_billing": await create_user(desk, email="li.na@desk.example.cn", role=Role.AGENT,
                                           password=PASSWORD, department="marketing_billing", name="李娜"),
        "agent_network": await create_user(desk, email="zhao.lei@desk.example.cn", role=Role.AGENT,
                                           password=PASSWORD, department="network_ops", name="赵磊"),
        "senior": await create_user(desk, email="wang.fang@desk.example.cn", role=Role.SENIOR_AGENT,
                                    password=PASSWORD, name="王芳"),
        "dept_network": await create_user(desk, email="noc@desk.example.cn", role=Role.DEPARTMENT_STAFF,
                                          password=PASSWORD, department="network_ops", name="网络部值班"),
        "inspector": await create_user(desk, email="qa@desk.example.cn", role=Role.QUALITY_INSPECTOR,
                                       password=PASSWORD, name="质检"),
    }


Login = Callable[[str], Awaitable[httpx.AsyncClient]]


def csrf_of(html: str) -> str:
    """The CSRF token in a console page's first form."""
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "page has no CSRF field"
    return found.group(1)


@pytest.fixture
async def login(app: object, staff: dict[str, int]) -> AsyncIterator[Login]:
    clients: list[httpx.AsyncClient] = []

    async def log_in(email: str) -> httpx.AsyncClient:
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://desk.test")  # type: ignore[arg-type]
        clients.append(client)
        page = await client.get("/console/login")
        r = await client.post("/console/login", data={"email": email, "password": PASSWORD, "csrf": csrf_of(page.text)})
        assert r.status_code == 303, r.text
        return client

    yield log_in
    for client in clients:
        await client.aclose()
