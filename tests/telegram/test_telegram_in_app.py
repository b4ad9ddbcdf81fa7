"""The Telegram channel mounted in the service's own app and runtime, end to end."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from channels.chat.telegram.channel import build_telegram_channel
from complaintdesk.bootstrap import build_runtime
from complaintdesk.settings import Settings
from complaintdesk.web.app import create_app
from core.domain.labels import Channel, Direction
from tests.dialogue import answer_to
from tests.providers.desk_harness import messages, tickets
from tests.providers.http_server import serve_in_loop
from tests.providers.telegram_api import TelegramStandIn
from tests.telegram.conftest import MemoryStore, TelegramStack, make_settings, update_fixture

pytestmark = pytest.mark.integration


async def test_webhook_in_the_service_app_and_reply_through_its_dispatcher(
    telegram: TelegramStandIn, tmp_path: Path
) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'desk.db'}", nlu="baseline", dispatcher=False)
    runtime = await build_runtime(settings, adapters={}, migrate=True)
    try:
        tg_settings = make_settings(telegram)
        channel = build_telegram_channel(runtime.desk, settings=tg_settings, save_media=MemoryStore())
        assert channel is not None
        assert channel.router is not None
        runtime.adapters[Channel.TELEGRAM] = channel.adapter  # the dispatcher shares this mapping
        app = create_app(runtime=runtime)
        app.include_router(channel.router)
        async with serve_in_loop(app) as url:
            tg_settings.public_url = url
            await channel.adapter.start()
            try:
                stack = TelegramStack(url, channel.adapter, runtime.desk, telegram, MemoryStore())
                # the app's body guard reads JSON bodies first; the update must still arrive whole
                first = update_fixture("message_text_en_reply.json")
                assert await stack.push(first) == 200
                assert await runtime.dispatcher.run_once() == 1
                # the bot asks for what the complaint lacks (a Telegram chat has no phone number)
                assert "phone" in (telegram.sent[-1].text or "")
                assert await tickets(runtime.desk) == []
                for n in range(1, 6):
                    asked = telegram.sent[-1].text or ""
                    answer = answer_to(asked)
                    if answer is None:
                        break
                    update = copy.deepcopy(first)
                    update["update_id"] += n
                    update["message"]["message_id"] += n
                    update["message"]["text"] = answer
                    del update["message"]["reply_to_message"]
                    assert await stack.push(update) == 200
                    assert await runtime.dispatcher.run_once() >= 1
            finally:
                await channel.adapter.stop()
        inbound = await messages(runtime.desk, direction=Direction.INBOUND.value)
        assert inbound[0].provider_message_id == "6234567890:415"
        [ticket] = await tickets(runtime.desk)
        # deadlines run from the complaint, not from the "yes"
        assert ticket.received_at == inbound[0].created_at and ticket.details["contact_phone"]
        sent = telegram.sent[-1]
        assert sent.chat_id == 6234567890
        assert sent.text is not None
        assert ticket.number in sent.text
    finally:
        await runtime.close()
