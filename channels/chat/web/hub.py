"""The in-process hub: which visitor has which sockets open, and pushing frames to them.

One visitor may have several tabs open; every tab gets every frame. A visitor with no socket
open simply misses the push: on reconnect the widget receives the conversation's history from
the store and de-duplicates by message key, so nothing is lost while offline.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

log = logging.getLogger(__name__)

Send = Callable[[dict[str, Any]], Awaitable[None]]


class VisitorHub:
    def __init__(self) -> None:
        self._sockets: dict[str, dict[int, Send]] = {}
        self._lock = asyncio.Lock()

    async def join(self, visitor: str, key: int, send: Send) -> None:
        """Register one open socket of `visitor`."""
        async with self._lock:
            self._sockets.setdefault(visitor, {})[key] = send

    async def leave(self, visitor: str, key: int) -> None:
        """Forget one socket (closed or broken)."""
        async with self._lock:
            sockets = self._sockets.get(visitor, {})
            sockets.pop(key, None)
            if not sockets:
                self._sockets.pop(visitor, None)

    def online(self, visitor: str) -> bool:
        """True when the visitor has at least one socket open."""
        return bool(self._sockets.get(visitor))

    async def push(self, visitor: str, frame: dict[str, Any]) -> int:
        """Send `frame` to every socket of `visitor`; returns how many took it."""
        delivered = 0
        for key, send in list(self._sockets.get(visitor, {}).items()):
            try:
                await send(frame)
                delivered += 1
            except Exception:
                # a half-closed socket: drop it; its tab reconnects and catches up from history
                log.info("web chat socket of a visitor went away during a push")
                await self.leave(visitor, key)
        return delivered
