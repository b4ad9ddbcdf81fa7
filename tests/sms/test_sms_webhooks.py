"""Twilio's webhooks through the real routes into a real desk: signatures, dedup, MMS, opt-out."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from core.domain.labels import Channel, DeliveryStatus, Direction
from tests.providers.desk_harness import messages, tickets
from tests.sms.conftest import SmsStack, form_fixture

pytestmark = pytest.mark.integration


async def post(stack: SmsStack, url: str, form: dict[str, str], **kwargs: Any) -> httpx.Response:
    # the stand-in's client is synchronous and our app shares this loop: call it from a thread
    return await asyncio.to_thread(stack.twilio.post_webhook, url, form, **kwargs)


async def test_chinese_complaint_becomes_a_ticket_with_a_queued_sms_reply(sms_stack: SmsStack) -> None:
    form = form_fixture("inbound_sms_zh_billing.json")
    response = await post(sms_stack, sms_stack.inbound_url, form)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    assert "<Message>" not in response.text  # replies go through the tracked outbox, not TwiML

    [inbound] = await messages(sms_stack.desk, direction=Direction.INBOUND.value)
    assert inbound.channel == "sms"
    assert inbound.provider_message_id == form["MessageSid"]
    assert inbound.text == form["Body"]
    assert inbound.raw is not None
    assert inbound.raw["twilio"]["FromCountry"] == "CN"
    [ticket] = await tickets(sms_stack.desk)
    assert inbound.ticket_id == ticket.id
    [reply] = await messages(sms_stack.desk, direction=Direction.OUTBOUND.value)
    assert (reply.channel, reply.recipient) == ("sms", "+8613812345678")
    assert ticket.number in reply.text


async def test_retried_webhook_creates_nothing_twice(sms_stack: SmsStack) -> None:
    form = form_fixture("inbound_sms_zh_billing.json")
    first = await post(sms_stack, sms_stack.inbound_url, form)
    # Twilio retries with the same MessageSid (and a fresh idempotency token)
    second = await post(sms_stack, sms_stack.inbound_url, form)
    assert first.status_code == second.status_code == 200
    assert len(await messages(sms_stack.desk, direction=Direction.INBOUND.value)) == 1
    assert len(await messages(sms_stack.desk, direction=Direction.OUTBOUND.value)) == 1
    assert len(await tickets(sms_stack.desk)) == 1


@pytest.mark.postgres
async def test_concurrent_retries_on_postgres_store_one_message(sms_stack_pg: SmsStack) -> None:
    form = form_fixture("inbound_sms_messaging_service_en.json")
    # Twilio's retry can overlap the first delivery still in flight
    responses = await asyncio.gather(*(post(sms_stack_pg, sms_stack_pg.inbound_url, form) for _ in range(3)))
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert len(await messages(sms_stack_pg.desk, direction=Direction.INBOUND.value)) == 1
    assert len(await messages(sms_stack_pg.desk, direction=Direction.OUTBOUND.value)) == 1
    assert len(await tickets(sms_stack_pg.desk)) == 1


async def test_messaging_service_payload_is_accepted(sms_stack: SmsStack) -> None:
    form = form_fixture("inbound_sms_messaging_service_en.json")
    response = await post(sms_stack, sms_stack.inbound_url, form)
    assert response.status_code == 200
    [inbound] = await messages(sms_stack.desk, direction=Direction.INBOUND.value)
    assert inbound.provider_message_id == form["MessageSid"]
    assert len(await tickets(sms_stack.desk)) == 1


@pytest.mark.parametrize(
    "forgery",
    ["missing", "garbage", "other_token", "replayed_on_other_body", "signed_for_internal_url"],
)
async def test_bad_signatures_get_403_and_store_nothing(sms_stack: SmsStack, forgery: str) -> None:
    form = form_fixture("inbound_sms_zh_billing.json")
    twilio = sms_stack.twilio
    if forgery == "missing":
        response = await post(sms_stack, sms_stack.inbound_url, form, signature=None)
    elif forgery == "garbage":
        response = await post(sms_stack, sms_stack.inbound_url, form, signature="bm90IGEgc2lnbmF0dXJl")
    elif forgery == "other_token":
        from twilio.request_validator import RequestValidator

        signature = RequestValidator("0" * 32).compute_signature(sms_stack.inbound_url, form)
        response = await post(sms_stack, sms_stack.inbound_url, form, signature=signature)
    elif forgery == "replayed_on_other_body":
        # a captured valid signature reused with a new body
        signature = twilio.signature(sms_stack.inbound_url, form)
        tampered = dict(form, Body="我要投诉，退我500元", MessageSid="SM" + "0" * 32)
        response = await post(sms_stack, sms_stack.inbound_url, tampered, signature=signature)
    else:
        signature = twilio.signature("http://10.0.0.5:8000/webhooks/twilio/sms", form)
        response = await post(sms_stack, sms_stack.inbound_url, form, signature=signature)
    assert response.status_code == 403
    assert await messages(sms_stack.desk) == []
    assert await tickets(sms_stack.desk) == []


async def test_public_url_behind_a_proxy_is_what_is_signed(sms_stack: SmsStack) -> None:
    # Twilio calls https://desk.example.com/...; the proxy forwards to our loopback port
    sms_stack.settings.public_url = "https://desk.example.com"
    form = form_fixture("inbound_sms_zh_billing.json")
    signature = sms_stack.twilio.signature("https://desk.example.com/webhooks/twilio/sms", form)
    response = await post(sms_stack, sms_stack.inbound_url, form, signature=signature)
    assert response.status_code == 200
    # the signature over the URL the app happens to listen on is now wrong
    refused = await post(sms_stack, sms_stack.inbound_url, dict(form, MessageSid="SM" + "1" * 32))
    assert refused.status_code == 403
    assert len(await messages(sms_stack.desk, direction=Direction.INBOUND.value)) == 1


async def test_mms_media_is_fetched_and_stored(sms_stack: SmsStack) -> None:
    form = form_fixture("inbound_mms_photo.json")
    response = await post(sms_stack, sms_stack.inbound_url, form)
    assert response.status_code == 200
    [inbound] = await messages(sms_stack.desk, direction=Direction.INBOUND.value)
    [attachment] = inbound.attachments
    assert attachment["content_type"] == "image/jpeg"
    assert attachment["filename"] == "ME1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d.jpg"
    stored = sms_stack.saved[attachment["storage_ref"]]
    assert stored.startswith(b"\xff\xd8")
    assert attachment["size"] == len(stored)
    # the media request went to the stand-in, authenticated, not to api.twilio.com
    assert ("GET", form["MediaUrl0"].split("twilio.com", 1)[1]) in sms_stack.twilio.requests


async def test_stop_opts_out_and_is_stored_once_without_a_ticket(sms_stack: SmsStack) -> None:
    form = form_fixture("inbound_sms_stop.json")
    response = await post(sms_stack, sms_stack.inbound_url, form)
    assert response.status_code == 200
    assert "<Message>" not in response.text  # Twilio confirms STOP itself
    assert await sms_stack.desk.is_opted_out(Channel.SMS, "+14045550123")
    await post(sms_stack, sms_stack.inbound_url, form)  # Twilio's retry
    # every accepted message is kept, keywords too: the record shows when and how they opted out
    [stored] = await messages(sms_stack.desk)
    assert (stored.direction, stored.text, stored.provider_message_id) == (
        Direction.INBOUND.value,
        form["Body"],
        form["MessageSid"],
    )
    assert stored.ticket_id is None
    assert await tickets(sms_stack.desk) == []


async def test_chinese_td_is_confirmed_once_and_start_opts_back_in(sms_stack: SmsStack) -> None:
    form = form_fixture("inbound_sms_td.json")
    response = await post(sms_stack, sms_stack.inbound_url, form)
    assert "您已退订" in response.text
    assert await sms_stack.desk.is_opted_out(Channel.SMS, "+8613812345678")
    replay = await post(sms_stack, sms_stack.inbound_url, form)
    assert replay.status_code == 200
    assert "<Message>" not in replay.text

    back = dict(form, Body="恢复", MessageSid="SM" + "2" * 32, SmsSid="SM" + "2" * 32)
    response = await post(sms_stack, sms_stack.inbound_url, back)
    assert "您已恢复" in response.text
    assert not await sms_stack.desk.is_opted_out(Channel.SMS, "+8613812345678")
    assert await tickets(sms_stack.desk) == []
    stored = await messages(sms_stack.desk)
    assert [m.text for m in stored] == [form["Body"], "恢复"]
    assert all(m.direction == Direction.INBOUND.value for m in stored)  # the confirmations went back as TwiML


async def test_complaint_that_mentions_unsubscribing_is_not_an_opt_out(sms_stack: SmsStack) -> None:
    form = dict(form_fixture("inbound_sms_td.json"), Body="我要退订这个视频会员，从来没订过却每月扣我30元，要求退费")
    await post(sms_stack, sms_stack.inbound_url, form)
    assert not await sms_stack.desk.is_opted_out(Channel.SMS, "+8613812345678")
    assert len(await tickets(sms_stack.desk)) == 1


async def test_ten_thousand_character_sms_is_stored_whole_once(sms_stack: SmsStack) -> None:
    body = ("我家的宽带每天晚上都断网，打了很多次客服电话都没人处理。" * 400)[:10_000]
    form = dict(form_fixture("inbound_sms_zh_billing.json"), Body=body, NumSegments="150")
    response = await post(sms_stack, sms_stack.inbound_url, form)
    assert response.status_code == 200
    [inbound] = await messages(sms_stack.desk, direction=Direction.INBOUND.value)
    assert inbound.text == body


async def test_malformed_but_signed_post_is_a_clear_400(sms_stack: SmsStack) -> None:
    form = form_fixture("inbound_sms_zh_billing.json")
    del form["MessageSid"]
    response = await post(sms_stack, sms_stack.inbound_url, form)
    assert response.status_code == 400
    assert "MessageSid" in response.text
    assert await messages(sms_stack.desk) == []


async def test_status_callbacks_move_the_reply_through_its_states(sms_stack: SmsStack) -> None:
    from core.services.outbox import OutboxDispatcher

    await post(sms_stack, sms_stack.inbound_url, form_fixture("inbound_sms_zh_billing.json"))
    desk = sms_stack.desk
    dispatcher = OutboxDispatcher(desk.sessions, {Channel.SMS: sms_stack.sender}, desk.policy.outbox, desk.clock)
    assert await dispatcher.run_once() == 1

    [sent] = sms_stack.twilio.sent
    assert sent.to == "+8613812345678"
    assert sent.status_callback == sms_stack.status_url
    [reply] = await messages(desk, direction=Direction.OUTBOUND.value)
    assert reply.provider_message_id == sent.sid

    for twilio_status, ours in [("sent", DeliveryStatus.SENT), ("delivered", DeliveryStatus.DELIVERED)]:
        response = await asyncio.to_thread(sms_stack.twilio.send_status, sent.sid, twilio_status)
        assert response.status_code == 204
        [reply] = await messages(desk, direction=Direction.OUTBOUND.value)
        assert reply.delivery_status == ours.value
    # a late "sent" after "delivered" changes nothing
    await asyncio.to_thread(sms_stack.twilio.send_status, sent.sid, "sent")
    [reply] = await messages(desk, direction=Direction.OUTBOUND.value)
    assert reply.delivery_status == DeliveryStatus.DELIVERED.value


async def test_undelivered_status_keeps_twilios_error_code(sms_stack: SmsStack) -> None:
    from core.services.outbox import OutboxDispatcher

    await post(sms_stack, sms_stack.inbound_url, form_fixture("inbound_sms_messaging_service_en.json"))
    desk = sms_stack.desk
    await OutboxDispatcher(desk.sessions, {Channel.SMS: sms_stack.sender}, desk.policy.outbox, desk.clock).run_once()
    [sent] = sms_stack.twilio.sent
    await asyncio.to_thread(sms_stack.twilio.send_status, sent.sid, "undelivered", error_code=30003)
    [reply] = await messages(desk, direction=Direction.OUTBOUND.value)
    assert reply.delivery_status == DeliveryStatus.UNDELIVERED.value
    assert reply.delivery_error is not None
    assert reply.delivery_error.startswith("30003")


async def test_forged_status_callback_is_refused(sms_stack: SmsStack) -> None:
    params = {
        "AccountSid": sms_stack.twilio.account_sid,
        "MessageSid": "SM" + "3" * 32,
        "MessageStatus": "delivered",
    }
    response = await post(sms_stack, sms_stack.status_url, params, signature="AAAA")
    assert response.status_code == 403
    unknown = await post(sms_stack, sms_stack.status_url, params)
    assert unknown.status_code == 204  # signed but unknown: acknowledged, nothing to move
