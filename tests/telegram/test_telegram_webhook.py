"""Telegram updates through the real webhook route into a real desk."""

from __future__ import annotations

import asyncio
import copy

import pytest
from sqlalchemy import select

from core.db.tables import CustomerIdentity
from core.domain.labels import Channel, Direction
from tests.providers.desk_harness import messages, tickets
from tests.telegram.conftest import PDF, PNG, SECRET, TelegramStack, update_fixture

pytestmark = pytest.mark.integration


async def identities(stack: TelegramStack) -> set[tuple[str, str]]:
    async with stack.desk.unit_of_work() as uow:
        rows = (await uow.session.scalars(select(CustomerIdentity))).all()
        return {(r.kind, r.value) for r in rows}


async def test_start_registers_the_webhook_with_its_secret(webhook_stack: TelegramStack) -> None:
    assert webhook_stack.telegram.webhook_url == webhook_stack.url + "/webhooks/telegram"
    assert webhook_stack.telegram.webhook_secret == SECRET
    assert webhook_stack.telegram.allowed_updates == [
        "message",
        "edited_message",
        "callback_query",
        "my_chat_member",
    ]


async def test_chinese_complaint_becomes_a_ticket_and_a_queued_reply(webhook_stack: TelegramStack) -> None:
    assert await webhook_stack.push(update_fixture("message_text_zh.json")) == 200
    [inbound] = await messages(webhook_stack.desk, direction=Direction.INBOUND.value)
    assert (inbound.channel, inbound.provider_message_id) == ("telegram", "5123456789:412")
    assert inbound.raw is not None
    assert inbound.raw["telegram"]["update_id"] == 815020301
    [ticket] = await tickets(webhook_stack.desk)
    [reply] = await messages(webhook_stack.desk, direction=Direction.OUTBOUND.value)
    assert (reply.channel, reply.recipient) == ("telegram", "5123456789")
    assert ticket.number in reply.text


async def test_redelivered_update_creates_nothing_twice(webhook_stack: TelegramStack) -> None:
    update = update_fixture("message_text_zh.json")
    assert await webhook_stack.push(update) == 200
    assert await webhook_stack.push(update) == 200  # Telegram retries when it saw no 200 in time
    assert len(await messages(webhook_stack.desk, direction=Direction.INBOUND.value)) == 1
    assert len(await messages(webhook_stack.desk, direction=Direction.OUTBOUND.value)) == 1
    assert len(await tickets(webhook_stack.desk)) == 1


@pytest.mark.postgres
async def test_overlapping_redeliveries_on_postgres_store_once(webhook_stack_pg: TelegramStack) -> None:
    update = update_fixture("message_text_zh.json")
    statuses = await asyncio.gather(*(webhook_stack_pg.push(update) for _ in range(3)))
    assert statuses == [200, 200, 200]
    assert len(await messages(webhook_stack_pg.desk, direction=Direction.INBOUND.value)) == 1
    assert len(await messages(webhook_stack_pg.desk, direction=Direction.OUTBOUND.value)) == 1
    assert len(await tickets(webhook_stack_pg.desk)) == 1


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", SECRET + "x"])
async def test_missing_or_wrong_secret_is_403(webhook_stack: TelegramStack, secret: str | None) -> None:
    response = await asyncio.to_thread(
        webhook_stack.telegram.post_to_webhook, update_fixture("message_text_zh.json"), secret=secret
    )
    assert response.status_code == 403
    assert await messages(webhook_stack.desk) == []


async def test_photo_is_fetched_and_stored(webhook_stack: TelegramStack) -> None:
    assert await webhook_stack.push(update_fixture("message_photo.json")) == 200
    [inbound] = await messages(webhook_stack.desk, direction=Direction.INBOUND.value)
    assert inbound.text == "这是光猫的照片，LOS灯一直红"
    [attachment] = inbound.attachments
    data, content_type = webhook_stack.store.saved[attachment["storage_ref"]]
    assert data == PNG
    assert attachment["size"] == len(PNG)
    assert content_type == "image/jpeg"


async def test_document_is_fetched_and_stored(webhook_stack: TelegramStack) -> None:
    assert await webhook_stack.push(update_fixture("message_document.json")) == 200
    [inbound] = await messages(webhook_stack.desk, direction=Direction.INBOUND.value)
    [attachment] = inbound.attachments
    assert attachment["filename"] == "2026年10月话费账单.pdf"
    assert webhook_stack.store.saved[attachment["storage_ref"]] == (PDF, "application/pdf")


async def test_a_file_telegram_cannot_serve_keeps_the_message(webhook_stack: TelegramStack) -> None:
    webhook_stack.telegram.files.clear()
    assert await webhook_stack.push(update_fixture("message_document.json")) == 200
    [inbound] = await messages(webhook_stack.desk, direction=Direction.INBOUND.value)
    [attachment] = inbound.attachments
    assert attachment["refused_reason"] == "download failed"
    assert attachment["storage_ref"] == "telegram-file:BQACAgUAAxkBAAIBpWZ0bill"


async def test_a_failing_attachment_store_keeps_the_message(webhook_stack: TelegramStack) -> None:
    webhook_stack.store.full = True
    assert await webhook_stack.push(update_fixture("message_photo.json")) == 200
    [inbound] = await messages(webhook_stack.desk, direction=Direction.INBOUND.value)
    [attachment] = inbound.attachments
    assert attachment["refused_reason"] == "store failed"
    assert attachment["storage_ref"] == "telegram-file:AgACAgUAAxkBAAIBpGZ0large"


async def test_shared_own_contact_adds_the_phone_to_the_customer(webhook_stack: TelegramStack) -> None:
    await webhook_stack.push(update_fixture("message_text_zh.json"))
    await webhook_stack.push(update_fixture("message_contact_own.json"))
    await webhook_stack.push(update_fixture("message_contact_other.json"))
    assert await identities(webhook_stack) == {("telegram", "5123456789"), ("phone", "+8613812345678")}


async def test_quick_answer_press_is_stored_and_answered_once(webhook_stack: TelegramStack) -> None:
    update = update_fixture("callback_query_csat.json")
    assert await webhook_stack.push(update) == 200
    assert await webhook_stack.push(update) == 200  # a redelivery: Telegram refuses the second answer
    [inbound] = await messages(webhook_stack.desk, direction=Direction.INBOUND.value)
    assert inbound.text == "4"
    assert webhook_stack.telegram.answered_callbacks == ["4382017462819301827"]


@pytest.mark.parametrize("name", ["unknown_update_type.json", "group_message.json"])
async def test_updates_we_do_not_handle_are_acknowledged(webhook_stack: TelegramStack, name: str) -> None:
    assert await webhook_stack.push(update_fixture(name)) == 200
    assert await messages(webhook_stack.desk) == []


async def test_blocking_the_bot_opts_the_customer_out_and_unblocking_back_in(
    webhook_stack: TelegramStack,
) -> None:
    kicked = update_fixture("my_chat_member_kicked.json")
    assert await webhook_stack.push(kicked) == 200
    assert await webhook_stack.desk.is_opted_out(Channel.TELEGRAM, "6234567890")
    unblocked = copy.deepcopy(kicked)
    unblocked["update_id"] += 100
    change = unblocked["my_chat_member"]
    old, new = change["old_chat_member"], change["new_chat_member"]
    change["old_chat_member"], change["new_chat_member"] = new, old  # kicked -> member
    assert await webhook_stack.push(unblocked) == 200
    assert not await webhook_stack.desk.is_opted_out(Channel.TELEGRAM, "6234567890")


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'{"message": {}}'])
async def test_garbage_with_the_right_secret_is_a_clear_400(webhook_stack: TelegramStack, body: bytes) -> None:
    import httpx

    async with httpx.AsyncClient() as client:
        response = await client.post(
            webhook_stack.url + "/webhooks/telegram",
            content=body,
            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"},
        )
    assert response.status_code == 400
    assert await messages(webhook_stack.desk) == []


async def test_update_that_does_not_match_the_schema_is_acknowledged(webhook_stack: TelegramStack) -> None:
    broken = {"update_id": 815029999, "message": {"message_id": 1, "text": "no chat, no date"}}
    assert await webhook_stack.push(broken) == 200
    assert await messages(webhook_stack.desk) == []
