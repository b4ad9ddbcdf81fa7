"""Sending through the Bot API stand-in: buttons, replies, the outbox, flood control and errors."""

from __future__ import annotations

import asyncio
import socket

import pytest

from channels.chat.telegram.adapter import TelegramAdapter
from core.domain.labels import Channel, DeliveryStatus, Direction, Language
from core.domain.messages import OutboundMessage
from core.errors import ChannelUnavailable, PermanentFailure, RetryLater
from core.services.desk import Desk
from core.services.outbox import OutboxDispatcher
from tests.providers.desk_harness import messages, tickets
from tests.providers.telegram_api import TelegramStandIn
from tests.telegram.conftest import TelegramStack, make_settings, update_fixture

pytestmark = pytest.mark.integration

CHAT = 5123456789


def reply(
    text: str, *, key: str = "reply-1-greeting", to: str = str(CHAT), **extra: object
) -> OutboundMessage:
    return OutboundMessage(
        idempotency_key=key,
        channel=Channel.TELEGRAM,
        recipient=to,
        text=text,
        language=Language.ZH_HANS,
        in_reply_to=extra.pop("in_reply_to", None),  # type: ignore[arg-type]
        options=dict(extra),
    )


async def test_outbox_delivers_the_acknowledgement_as_a_reply(webhook_stack: TelegramStack) -> None:
    await webhook_stack.push(update_fixture("message_text_zh.json"))
    desk = webhook_stack.desk
    dispatcher = OutboxDispatcher(
        desk.sessions, {Channel.TELEGRAM: webhook_stack.adapter}, desk.policy.outbox, desk.clock
    )
    assert await dispatcher.run_once() == 1
    [sent] = webhook_stack.telegram.sent
    [ticket] = await tickets(desk)
    assert sent.chat_id == CHAT
    assert sent.text is not None
    assert ticket.number in sent.text
    assert sent.reply_to == 412  # threaded under the customer's message
    [out] = await messages(desk, direction=Direction.OUTBOUND.value)
    assert out.provider_message_id == f"{CHAT}:{sent.message_id}"
    assert out.delivery_status == DeliveryStatus.SENT.value


async def test_satisfaction_buttons(webhook_stack: TelegramStack) -> None:
    receipt = await webhook_stack.adapter.send(
        reply("您对本次处理结果满意吗？请打分（1-5）", buttons=["1", "2", "3", "4", "5"])
    )
    [sent] = webhook_stack.telegram.sent
    assert receipt.provider_message_id == f"{CHAT}:{sent.message_id}"
    assert sent.reply_markup == {
        "inline_keyboard": [[{"text": v, "callback_data": f"qa:{v}"} for v in "12345"]]
    }


async def test_long_text_is_split_and_buttons_go_last(webhook_stack: TelegramStack) -> None:
    text = "\n".join(f"{i}. 处理进度：已派单至网络部，工程师将上门检查光猫与分光器。" for i in range(200))
    await webhook_stack.adapter.send(reply(text, buttons=["1", "2"]))
    sent = webhook_stack.telegram.sent
    assert len(sent) == 2
    assert sent[0].reply_markup is None
    assert sent[1].reply_markup is not None
    assert "\n".join(m.text or "" for m in sent) == text


async def test_flood_control_is_retry_later_and_the_retry_sends_once(webhook_stack: TelegramStack) -> None:
    webhook_stack.telegram.flood_next("sendMessage", 1)
    message = reply("您的投诉已受理。")
    with pytest.raises(RetryLater) as caught:
        await webhook_stack.adapter.send(message)
    assert caught.value.delay == 1
    assert webhook_stack.telegram.sent == []
    await webhook_stack.adapter.send(message)  # waits out the pause (1 s <= max_wait), then sends
    assert len(webhook_stack.telegram.sent) == 1


async def test_blocked_bot_is_permanent_and_recorded(webhook_stack: TelegramStack) -> None:
    webhook_stack.telegram.blocked.add(CHAT)
    with pytest.raises(PermanentFailure, match="blocked"):
        await webhook_stack.adapter.send(reply("结果通知"))
    assert await webhook_stack.desk.is_opted_out(Channel.TELEGRAM, str(CHAT))
    calls = len(webhook_stack.telegram.calls)
    with pytest.raises(PermanentFailure):
        await webhook_stack.adapter.send(reply("结果通知", key="reply-2"))
    assert len(webhook_stack.telegram.calls) == calls  # our own table stops it first


async def test_user_who_never_started_the_bot_is_permanent_but_not_an_opt_out(
    webhook_stack: TelegramStack,
) -> None:
    webhook_stack.telegram.never_started.add(CHAT)
    with pytest.raises(PermanentFailure, match="initiate"):
        await webhook_stack.adapter.send(reply("结果通知"))
    assert not await webhook_stack.desk.is_opted_out(Channel.TELEGRAM, str(CHAT))


async def test_unknown_chat_is_permanent(webhook_stack: TelegramStack) -> None:
    with pytest.raises(PermanentFailure):
        await webhook_stack.adapter.send(reply("hello", to="@not_a_chat_id"))


async def test_wrong_token_fails_at_start(telegram: TelegramStandIn, desk: Desk) -> None:
    adapter = TelegramAdapter(make_settings(telegram, telegram_token="123:wrong"), desk)
    with pytest.raises(ChannelUnavailable, match="token"):
        await adapter.start()


def free_port() -> int:
    with socket.socket() as probe:  # a port nobody listens on (until we start something there)
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def test_unreachable_api_at_start_is_retried_in_the_background(
    telegram: TelegramStandIn, desk: Desk
) -> None:
    port = free_port()
    adapter = TelegramAdapter(make_settings(telegram, telegram_api_url=f"http://127.0.0.1:{port}"), desk)
    adapter.start_retry_delay = 0.05
    await adapter.start()  # logged, not fatal: the rest of the desk keeps running
    try:
        with pytest.raises(ChannelUnavailable, match="unreachable"):
            await adapter.send(reply("结果通知"))
        # Telegram comes back: the webhook gets registered without a restart
        revived = TelegramStandIn(token=telegram.token).start(port)
        try:
            for _ in range(200):  # wait for the retry loop, not a timing assertion
                if revived.webhook_url:
                    break
                await asyncio.sleep(0.05)
            assert revived.webhook_url == "https://desk.example.com/webhooks/telegram"
            await adapter.send(reply("结果通知", key="reply-2"))
            assert revived.texts_to(CHAT) == ["结果通知"]
        finally:
            revived.stop()
    finally:
        await adapter.stop()


async def test_send_before_start_is_channel_unavailable(telegram: TelegramStandIn, desk: Desk) -> None:
    adapter = TelegramAdapter(make_settings(telegram), desk)
    with pytest.raises(ChannelUnavailable, match="not started"):
        await adapter.send(reply("x"))
