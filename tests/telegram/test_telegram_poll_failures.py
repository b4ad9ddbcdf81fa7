"""The polling round's failure rules, on stand-ins for the bot, the intake and the cursor store."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Update

import channels.chat.telegram  # noqa: F401 - PTB time-period mode
from channels.chat.telegram.polling import CURSOR_KEY, MAX_FAILURES, Poller
from tests.telegram.conftest import update_fixture

pytestmark = pytest.mark.unit


class Cursors:
    """The two desk calls the poller makes, in memory."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    async def get_cursor(self, key: str) -> str | None:
        return self.values.get(key)

    async def set_cursor(self, key: str, value: str) -> None:
        self.values[key] = value


class Bot:
    """getUpdates honouring the offset, like Telegram."""

    def __init__(self, updates: list[dict[str, Any]]) -> None:
        self.updates = updates

    async def get_updates(
        self,
        *,
        offset: int | None,
        timeout: int,  # noqa: ASYNC109 - PTB's signature
        allowed_updates: list[str],
    ) -> list[Update]:
        return [Update.de_json(u, None) for u in self.updates if offset is None or u["update_id"] >= offset]


class Intake:
    """Stores every update but the poisoned one, moving the cursor as the desk would."""

    def __init__(self, cursors: Cursors, poisoned: int) -> None:
        self.cursors = cursors
        self.poisoned = poisoned
        self.stored: list[int] = []

    async def process(self, raw: dict[str, Any], *, cursor: tuple[str, str] | None = None) -> None:
        if raw["update_id"] == self.poisoned:
            raise RuntimeError("database is locked")
        self.stored.append(raw["update_id"])
        assert cursor is not None
        await self.cursors.set_cursor(*cursor)


async def test_a_failing_update_is_retried_then_skipped_after_the_limit() -> None:
    first, second, third = (
        update_fixture(n) for n in ("message_text_zh.json", "message_photo.json", "message_document.json")
    )
    cursors = Cursors()
    intake = Intake(cursors, poisoned=second["update_id"])
    poller = Poller(Bot([first, second, third]), cursors, intake, timeout=0)  # type: ignore[arg-type]

    for attempt in range(1, MAX_FAILURES):
        with pytest.raises(RuntimeError):
            await poller.poll_once()
        # the update before it is stored and confirmed; the failing one is not lost
        assert cursors.values[CURSOR_KEY] == str(first["update_id"] + 1), attempt
    assert await poller.poll_once() == 2  # the last try gives up on it and moves on
    assert intake.stored == [first["update_id"], third["update_id"]]
    assert cursors.values[CURSOR_KEY] == str(third["update_id"] + 1)
