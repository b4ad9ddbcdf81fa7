"""The whole service on a free loopback port in the test's event loop: API, widget, console, dispatcher.

Shared by the widget and browser tests. The outbox dispatcher runs (fast idle) so replies reach
sockets as they would in `complaintdesk serve`.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass

import uvicorn

from channels.chat.web.channel import build_web_channel
from channels.chat.web.settings import WebChatSettings
from complaintdesk.bootstrap import Runtime, build_runtime
from complaintdesk.console import build_console_router
from complaintdesk.console.settings import ConsoleSettings
from complaintdesk.settings import Settings
from complaintdesk.web.app import create_app
from core.domain.labels import Channel


@dataclass
class LiveApp:
    url: str
    runtime: Runtime

    @property
    def ws_url(self) -> str:
        return self.url.replace("http://", "ws://") + "/widget/ws"


@contextlib.asynccontextmanager
async def live_app(database_url: str, *, burst: int = 6, rate: float = 0.5) -> AsyncIterator[LiveApp]:
    """Serve the app with the widget and console routers; yields its URL and runtime."""
    settings = Settings(database_url=database_url, nlu="baseline", dispatcher=False, _env_file=None)  # type: ignore[call-arg]
    rt = await build_runtime(settings, migrate=False, adapters={})
    adapter, widget_router = build_web_channel(rt.desk, settings=WebChatSettings(
        webchat_secret="widget-test-secret", webchat_burst=burst, webchat_rate=rate, _env_file=None))  # type: ignore[arg-type,call-arg]
    rt.adapters[Channel.WEB] = adapter  # the dispatcher holds this very dict
    app = create_app(runtime=rt)
    app.state.runtime = rt
    app.include_router(widget_router)
    app.include_router(build_console_router(rt.desk, adapters=rt.adapters, settings=ConsoleSettings(
        console_secret="console-test-secret", console_live_interval=0.3, _env_file=None)))  # type: ignore[arg-type,call-arg]

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, log_level="warning", lifespan="off", ws="websockets-sansio", http="h11",
                            access_log=False, loop="asyncio", timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    stop = asyncio.Event()
    dispatcher = asyncio.create_task(rt.dispatcher.run_forever(stop, idle_seconds=0.1))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
    except BaseException:
        stop.set()
        await dispatcher
        sock.close()
        await rt.close()
        raise
    try:
        yield LiveApp(f"http://127.0.0.1:{sock.getsockname()[1]}", rt)
    finally:
        server.should_exit = True
        await task
        stop.set()
        await dispatcher
        sock.close()
        await rt.close()
