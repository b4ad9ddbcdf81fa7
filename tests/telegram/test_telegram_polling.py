"""Long polling against the stand-in: offsets persisted with their messages, replays, the loop."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from channels.chat.telegram.adapter import TelegramAdapter
from channels.chat.telegram.polling import CURSOR_KEY, Poller
from core.domain.labels import Direction
from core.services.desk import Desk
from tests.providers.desk_harness import messages
from tests.providers.telegram_api import TelegramStandIn
from tests.telegram.conftest import MemoryStore, make_settings, update_fixture

pytestmark = pytest.mark.integration


@pytest.fixture
async def polling_adapter(telegram: TelegramStandIn, desk: Desk) -> AsyncIterator[TelegramAdapter]:
    """A started adapter in polling mode; its background loop is stopped so tests drive poll_once."""
    adapter = TelegramAdapter(
        make_settings(telegram, telegram_mode="polling"), desk, save_media=MemoryStore()
    )
    await adapter.start()
    assert adapter._poller is not None
    await adapter._poller.stop()
    yield adapter
    await adapter.stop()


def poller(adapter: TelegramAdapter) -> Poller:
    return Poller(adapter.bot, adapter.desk, adapter.intake, timeout=0)


async def test_polling_mode_removes_a_leftover_webhook(telegram: TelegramStandIn, desk: Desk) -> None:
    telegram.webhook_url = "https://old.example.com/webhooks/telegram"
    adapter = TelegramAdapter(make_settings(telegram, telegram_mode="polling"), desk)
    await adapter.start()
    try:
        assert telegram.webhook_url == ""
        assert ("deleteWebhook", {"drop_pending_updates": "false"}) in telegram.calls
    finally:
        await adapter.stop()


async def test_batch_is_stored_and_the_offset_persisted(
    polling_adapter: TelegramAdapter, telegram: TelegramStandIn
) -> None:
    for name in ("message_text_zh.json", "message_photo.json", "unknown_update_type.json"):
        telegram.push_update(update_fixture(name))
    assert await poller(polling_adapter).poll_once() == 3
    stored = await messages(polling_adapter.desk, direction=Direction.INBOUND.value)
    assert [m.provider_message_id for m in stored] == ["5123456789:412", "5123456789:420"]
    # the skipped unknown update moved the offset too: it is acknowledged, not redelivered forever
    assert await polling_adapter.desk.get_cursor(CURSOR_KEY) == "815020311"
    # the next round confirms the offset to Telegram and finds nothing new
    assert await poller(polling_adapter).poll_once() == 0
    assert telegram.pending == []


async def test_replayed_updates_store_nothing_twice(
    polling_adapter: TelegramAdapter, telegram: TelegramStandIn
) -> None:
    update = update_fixture("message_text_zh.json")
    telegram.push_update(update)
    await poller(polling_adapter).poll_once()
    # a crash before the offset reached Telegram: the same update comes again
    await polling_adapter.desk.set_cursor(CURSOR_KEY, "815020301")
    telegram.push_update(update)
    # Telegram hands out both the unconfirmed copy and the replay
    assert await poller(polling_adapter).poll_once() == 2
    assert len(await messages(polling_adapter.desk, direction=Direction.INBOUND.value)) == 1
    assert len(await messages(polling_adapter.desk, direction=Direction.OUTBOUND.value)) == 1


async def test_offset_survives_a_restart(
    polling_adapter: TelegramAdapter, telegram: TelegramStandIn, desk: Desk
) -> None:
    telegram.push_update(update_fixture("message_text_zh.json"))
    await poller(polling_adapter).poll_once()
    await polling_adapter.stop()
    restarted = TelegramAdapter(make_settings(telegram, telegram_mode="polling"), desk)
    await restarted.start()
    try:
        assert restarted._poller is not None
        await restarted._poller.stop()
        await poller(restarted).poll_once()
        [(_, params)] = [c for c in telegram.calls if c[0] == "getUpdates"][-1:]
        assert params["offset"] == "815020302"
    finally:
        await restarted.stop()


async def test_the_background_loop_delivers_updates(telegram: TelegramStandIn, desk: Desk) -> None:
    adapter = TelegramAdapter(make_settings(telegram, telegram_mode="polling", telegram_poll_timeout=1), desk)
    await adapter.start()
    try:
        telegram.push_update(update_fixture("message_text_en_reply.json"))
        for _ in range(200):  # wait for the loop, not a timing assertion
            if await messages(desk, direction=Direction.INBOUND.value):
                break
            await asyncio.sleep(0.05)
        [inbound] = await messages(desk, direction=Direction.INBOUND.value)
        assert inbound.provider_message_id == "6234567890:415"
    finally:
        await adapter.stop()
