"""Telegram's flood limits as a queue: one message a second per chat, N a second overall, and pauses.

Callers wait their turn in arrival order (asyncio locks are FIFO). A chat waits for its own
interval without holding up other chats; only the overall rate and a RetryAfter pause are shared.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

from core.errors import RetryLater

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]

WINDOW = 1.0  # seconds over which the overall rate is counted


class FloodGate:
    """Admission control for sends; `wait_turn(chat)` returns when that chat may send now."""

    def __init__(
        self,
        *,
        chat_interval: float = 1.0,
        global_rate: int = 30,
        max_wait: float = 5.0,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.chat_interval = chat_interval
        self.global_rate = global_rate
        self.max_wait = max_wait
        self._clock = clock
        self._sleep = sleep
        self._global = asyncio.Lock()
        self._chat_locks: dict[int, asyncio.Lock] = {}
        self._chat_last: dict[int, float] = {}
        self._recent: deque[float] = deque()
        self._paused_until = float("-inf")

    def pause(self, seconds: float) -> None:
        """Telegram said RetryAfter: nobody sends for `seconds`."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    def _too_long(self, wait: float) -> None:
        if wait > self.max_wait:
            # hand it back to the outbox rather than hold a dispatcher for a long pause
            raise RetryLater(f"Telegram flood control: retry in {wait:.0f} s", delay=wait)

    async def wait_turn(self, chat_id: int) -> None:
        """Wait until `chat_id` may receive a message; RetryLater if that is over max_wait away."""
        self._too_long(self._paused_until - self._clock())
        lock = self._chat_locks.setdefault(chat_id, asyncio.Lock())
        async with lock:
            wait = self._chat_last.get(chat_id, float("-inf")) + self.chat_interval - self._clock()
            if wait > 0:
                await self._sleep(wait)
            async with self._global:
                while True:
                    now = self._clock()
                    while self._recent and self._recent[0] <= now - WINDOW:
                        self._recent.popleft()
                    wait = self._paused_until - now
                    if len(self._recent) >= self.global_rate:
                        wait = max(wait, self._recent[0] + WINDOW - now)
                    if wait <= 0:
                        break
                    self._too_long(wait)
                    await self._sleep(wait)
                self._recent.append(now)
            self._chat_last[chat_id] = now
        self._forget_idle(now)

    def _forget_idle(self, now: float) -> None:
        # one lock and timestamp per chat would grow without end on a busy bot
        if len(self._chat_last) < 10_000:
            return
        for chat, last in list(self._chat_last.items()):
            lock = self._chat_locks.get(chat)
            if last + self.chat_interval < now and (lock is None or not lock.locked()):
                self._chat_last.pop(chat, None)
                self._chat_locks.pop(chat, None)
