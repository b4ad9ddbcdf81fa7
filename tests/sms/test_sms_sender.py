"""The SMS adapter against the Twilio stand-in: sends, splits, errors, retries without twins."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import pytest

from channels.sms.sender import TwilioSmsAdapter
from channels.sms.settings import TwilioSettings
from core.domain.labels import Channel, DeliveryStatus, Language
from core.domain.messages import OutboundMessage
from core.errors import ChannelUnavailable, PermanentFailure, RetryLater
from core.services.desk import Desk
from tests.providers.twilio_api import TwilioStandIn
from tests.sms.conftest import OUR_NUMBER, make_settings

pytestmark = pytest.mark.integration

PUBLIC = "https://desk.example.com"
RESULT_ZH = (
    "您好，您反映的宽带故障已处理完毕。原因：小区光交箱的分光器损坏，导致您所在楼栋断网。"
    "我们已更换分光器并测试正常，同时对该片区的设备做了排查，避免再次发生。"
    "为表歉意，已为您的账户赠送20元话费，预计24小时内到账。感谢您的耐心与支持！"
)


def reply(
    text: str, *, key: str = "reply-1-complaint_opened", to: str = "+8613812345678", **options: str
) -> OutboundMessage:
    return OutboundMessage(
        idempotency_key=key,
        channel=Channel.SMS,
        recipient=to,
        text=text,
        language=Language.ZH_HANS,
        options=options,
    )


@pytest.fixture
async def adapter(twilio: TwilioStandIn, desk: Desk) -> AsyncIterator[TwilioSmsAdapter]:
    sender = TwilioSmsAdapter(make_settings(twilio, PUBLIC, sms_http_timeout=1.0), desk=desk)
    await sender.start()
    yield sender
    await sender.stop()


async def test_send_returns_twilios_sid_and_asks_for_status_callbacks(
    adapter: TwilioSmsAdapter, twilio: TwilioStandIn
) -> None:
    receipt = await adapter.send(reply("您的投诉已受理，工单号TS20261124000001，我们将在24小时内处理。"))
    [sent] = twilio.sent
    assert receipt.provider_message_id == sent.sid
    assert sent.sid.startswith("SM")
    assert receipt.status is DeliveryStatus.SENT
    assert (sent.to, sent.from_, sent.messaging_service_sid) == ("+8613812345678", OUR_NUMBER, None)
    assert sent.status_callback == PUBLIC + "/webhooks/twilio/status"


async def test_recipient_written_locally_is_sent_in_e164(
    adapter: TwilioSmsAdapter, twilio: TwilioStandIn
) -> None:
    await adapter.send(reply("您好", to="138-1234-5678"))
    assert twilio.sent[0].to == "+8613812345678"


async def test_messaging_service_sender(twilio: TwilioStandIn, desk: Desk) -> None:
    sender = TwilioSmsAdapter(make_settings(twilio, PUBLIC, twilio_from="MG2a4c6e8f0b1d3f5a7c9e1b3d5f7a9c1e"))
    await sender.start()
    try:
        await sender.send(reply("Your ticket TS20261124000002 is open.", to="+14045550123"))
    finally:
        await sender.stop()
    [sent] = twilio.sent
    assert (sent.from_, sent.messaging_service_sid) == (None, "MG2a4c6e8f0b1d3f5a7c9e1b3d5f7a9c1e")


async def test_long_result_is_split_into_numbered_parts(twilio: TwilioStandIn, desk: Desk) -> None:
    sender = TwilioSmsAdapter(make_settings(twilio, PUBLIC, sms_max_segments=1), desk=desk)
    await sender.start()
    try:
        receipt = await sender.send(reply(RESULT_ZH))
    finally:
        await sender.stop()
    assert [m.body[-6:] for m in twilio.sent] == [" (1/3)", " (2/3)", " (3/3)"]
    assert all(m.status_callback for m in twilio.sent)
    assert receipt.provider_message_id == twilio.sent[0].sid
    assert receipt.detail == "parts: " + ",".join(m.sid for m in twilio.sent)


async def test_long_result_with_a_link_is_one_short_sms(twilio: TwilioStandIn, desk: Desk) -> None:
    sender = TwilioSmsAdapter(make_settings(twilio, PUBLIC, sms_max_segments=1), desk=desk)
    await sender.start()
    try:
        await sender.send(reply(RESULT_ZH, full_text_url="https://desk.example.com/r/TS20261124000001"))
    finally:
        await sender.stop()
    [sent] = twilio.sent
    assert sent.body.endswith("https://desk.example.com/r/TS20261124000001")
    assert sent.resource(twilio.account_sid)["num_segments"] == "1"


async def test_retry_after_a_failed_part_sends_only_the_rest(twilio: TwilioStandIn, desk: Desk) -> None:
    sender = TwilioSmsAdapter(make_settings(twilio, PUBLIC, sms_max_segments=1), desk=desk)
    await sender.start()
    try:
        await sender.send(reply("短信一。", key="warm-up"))
        twilio.reset()
        # part 1 is accepted, part 2 hits a Twilio outage
        twilio.fail_next(0, 0, "")  # an empty fault: part 1 goes through
        twilio.fail_next(503, 20503, "Service Unavailable")
        with pytest.raises(RetryLater):
            await sender.send(reply(RESULT_ZH))
        assert len(twilio.sent) == 1
        receipt = await sender.send(reply(RESULT_ZH))
    finally:
        await sender.stop()
    assert [m.body[-6:] for m in twilio.sent] == [" (1/3)", " (2/3)", " (3/3)"]
    assert receipt.provider_message_id == twilio.sent[0].sid


async def test_unanswered_send_is_not_doubled_on_retry(
    adapter: TwilioSmsAdapter, twilio: TwilioStandIn
) -> None:
    twilio.hang_next(2.5)  # accepted, but the answer comes after our 1 s timeout
    message = reply("您的投诉已受理，工单号TS20261124000001。")
    with pytest.raises(RetryLater):
        await adapter.send(message)
    receipt = await adapter.send(message)
    [sent] = twilio.sent
    assert receipt.provider_message_id == sent.sid


async def test_twilio_opt_out_is_permanent_and_recorded(
    adapter: TwilioSmsAdapter, twilio: TwilioStandIn, desk: Desk
) -> None:
    twilio.unsubscribed.add("+8613812345678")
    with pytest.raises(PermanentFailure, match="21610"):
        await adapter.send(reply("结果通知"))
    assert await desk.is_opted_out(Channel.SMS, "+8613812345678")
    # from now on our own table stops the send before Twilio is asked
    before = len(twilio.requests)
    with pytest.raises(PermanentFailure, match="opted out"):
        await adapter.send(reply("结果通知", key="reply-2"))
    assert len(twilio.requests) == before


@pytest.mark.parametrize(
    ("status", "code", "error"),
    [
        (429, 20429, RetryLater),
        (500, 20500, RetryLater),
        (400, 21211, PermanentFailure),
        (401, 20003, ChannelUnavailable),
    ],
)
async def test_twilio_errors_map_to_our_error_set(
    adapter: TwilioSmsAdapter, twilio: TwilioStandIn, status: int, code: int, error: type[Exception]
) -> None:
    twilio.fail_next(status, code, "stand-in fault")
    with pytest.raises(error, match=str(code)):
        await adapter.send(reply("结果通知"))
    assert twilio.sent == []


async def test_bad_recipient_fails_permanently_without_calling_twilio(
    adapter: TwilioSmsAdapter, twilio: TwilioStandIn
) -> None:
    before = len(twilio.requests)
    with pytest.raises(PermanentFailure, match=r"E\.164"):
        await adapter.send(reply("hello", to="customer@example.com"))
    assert len(twilio.requests) == before


async def test_wrong_credentials_fail_at_start(twilio: TwilioStandIn) -> None:
    sender = TwilioSmsAdapter(make_settings(twilio, PUBLIC, twilio_auth_token="f" * 32))
    with pytest.raises(ChannelUnavailable, match="credentials"):
        await sender.start()


async def test_unreachable_provider_is_channel_unavailable(desk: Desk) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    settings = TwilioSettings(
        public_url=PUBLIC,
        twilio_account_sid="AC" + "a" * 32,
        twilio_auth_token="b" * 32,  # type: ignore[arg-type]
        twilio_from=OUR_NUMBER,
        twilio_api_url=dead,
    )
    sender = TwilioSmsAdapter(settings, desk=desk)
    await sender.start()  # logged, not fatal: the provider may come back
    try:
        with pytest.raises(ChannelUnavailable, match="unreachable"):
            await sender.send(reply("结果通知"))
    finally:
        await sender.stop()


async def test_send_before_start_is_channel_unavailable(twilio: TwilioStandIn) -> None:
    with pytest.raises(ChannelUnavailable):
        await TwilioSmsAdapter(make_settings(twilio, PUBLIC)).send(reply("x"))
