"""Long polling: getUpdates in a loop, the offset kept in the desk's cursor table.

The offset (last update_id + 1) is stored in the same transaction as the message it follows, so a
crash between the two can neither lose an update nor store one twice (a redelivered update is a
duplicate the desk recognises). A network failure waits and retries with growing pauses; an update
that keeps failing is skipped after a few tries so one bad update cannot stop the channel.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from telegram import Bot
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError

from channels.chat.telegram.intake import TelegramIntake
from channels.chat.telegram.settings import ALLOWED_UPDATES

if TYPE_CHECKING:
    from core.services.desk import Desk

log = logging.getLogger(__name__)

CURSOR_KEY = "telegram:offset"
MAX_FAILURES = 3
MAX_BACKOFF = 60.0


class Poller:
    """The polling task: start() it, stop() it; poll_once() is one getUpdates round."""

    def __init__(self, bot: Bot, desk: Desk, intake: TelegramIntake, *, timeout: int = 30) -> None:
        self.bot = bot
        self.desk = desk
        self.intake = intake
        self.timeout = timeout
        self._task: asyncio.Task[None] | None = None
        self._failures: dict[int, int] = {}

    def start(self) -> None:
        """Run the loop in the background."""
        self._task = asyncio.create_task(self._run(), name="telegram-polling")

    async def stop(self) -> None:
        """Cancel the loop and wait for it."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        backoff = 1.0
        while True:
            try:
                await self.poll_once()
                backoff = 1.0
            except RetryAfter as exc:
                wait = exc.retry_after
                await asyncio.sleep(wait.total_seconds() if isinstance(wait, timedelta) else float(wait))
            except (InvalidToken, Conflict) as exc:
                # configuration trouble (revoked token, a webhook set elsewhere): keep trying slowly
                log.error("Telegram polling refused: %s", type(exc).__name__)
                await asyncio.sleep(MAX_BACKOFF)
            except (NetworkError, TelegramError) as exc:
                log.warning("Telegram polling failed (%s); retrying in %.0f s", type(exc).__name__, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
            except asyncio.CancelledError:
                raise
            except Exception:
                # e.g. the database is down: the offset did not move, so the updates come again
                log.exception("Telegram update processing failed; retrying in %.0f s", backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)

    async def poll_once(self) -> int:
        """Fetch and process one batch; returns how many updates were handled."""
        stored = await self.desk.get_cursor(CURSOR_KEY)
        offset = int(stored) if stored else None
        updates = await self.bot.get_updates(
            offset=offset, timeout=self.timeout, allowed_updates=ALLOWED_UPDATES
        )
        for update in updates:
            cursor = (CURSOR_KEY, str(update.update_id + 1))
            raw = update.to_dict()
            try:
                await self.intake.process(raw, cursor=cursor)
            except Exception:
                failures = self._failures.get(update.update_id, 0) + 1
                self._failures[update.update_id] = failures
                if failures < MAX_FAILURES:
                    raise
                log.exception("Telegram update %s failed %d times; skipped", update.update_id, failures)
                await self.desk.set_cursor(*cursor)
            self._failures.pop(update.update_id, None)
        return len(updates)
