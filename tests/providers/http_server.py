"""Serving an ASGI app on a free loopback port: in a background thread, or inside the test's loop."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import AsyncIterator

import uvicorn


def _loopback_socket(port: int = 0) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))  # port 0: the kernel picks a free one, tests never collide
    return sock


def _config(app: object) -> uvicorn.Config:
    return uvicorn.Config(
        app, log_level="warning", lifespan="off", ws="none", http="h11", access_log=False, loop="asyncio"
    )


class ThreadedServer:
    """An ASGI app on 127.0.0.1 in its own thread and event loop (for provider stand-ins)."""

    def __init__(self, app: object, *, port: int = 0) -> None:
        self._sock = _loopback_socket(port)
        self.port = self._sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = uvicorn.Server(_config(app))
        self._thread = threading.Thread(target=self._run, name=f"standin-{self.port}", daemon=True)

    def _run(self) -> None:
        asyncio.run(self._server.serve(sockets=[self._sock]))

    def start(self) -> ThreadedServer:
        """Start serving and wait until the socket accepts requests."""
        self._thread.start()
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("stand-in server failed to start")
            threading.Event().wait(0.01)
        return self

    def stop(self) -> None:
        """Stop serving and join the thread."""
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()


@contextlib.asynccontextmanager
async def serve_in_loop(app: object) -> AsyncIterator[str]:
    """Serve `app` in the running loop (it shares the loop with the test's database); yields its URL."""
    sock = _loopback_socket()
    server = uvicorn.Server(_config(app))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        await task
        sock.close()
