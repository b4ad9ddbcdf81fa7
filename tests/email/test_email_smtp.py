"""SMTP out against aiosmtpd: MIME shape, threading headers, error mapping."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from channels.email.mail_threading import our_message_id
from channels.email.smtp_sender import SmtpSender, build_email
from core.domain.labels import Channel, DeliveryStatus, Language
from core.domain.messages import OutboundMessage
from core.errors import ChannelUnavailable, PermanentFailure, RetryLater
from tests.email.dovecot_server import free_port
from tests.email.email_harness import OUR_DOMAIN, SmtpServer, make_settings

ACK_TEXT = (
    "您好，您的投诉已受理，工单号 TS20261124000001。\n\n我们将在24小时内处理，处理部门：网络部。\n"
    "如有疑问请直接回复本邮件。"
)


def outbound(**overrides: object) -> OutboundMessage:
    values: dict[str, object] = {
        "idempotency_key": "reply-17-complaint_opened",
        "channel": Channel.EMAIL,
        "recipient": "wangzhe1988@qq.com",
        "text": ACK_TEXT,
        "language": Language.ZH_HANS,
        "subject": "回复：宽带晚上频繁断网",
        "in_reply_to": "202611232114034683512@qq.com",
        "references": ("CAK7d2Lw1aB2c3D4e5F6g7H8i9J0kL1mN2oP3qR4sT5uV6wX7y@mail.gmail.com",),
        "ticket_number": "TS20261124000001",
    }
    values.update(overrides)
    return OutboundMessage(**values)  # type: ignore[arg-type]


def sender_for(tmp_path: Path, smtp: SmtpServer, **overrides: object) -> SmtpSender:
    return SmtpSender(make_settings(tmp_path, smtp_host="127.0.0.1", smtp_port=smtp.port, **overrides))


@pytest.mark.unit
def test_reply_is_utf8_text_and_html_threaded_tagged_and_auto_submitted(tmp_path: Path) -> None:
    mail = build_email(outbound(), make_settings(tmp_path))
    assert mail.get_content_type() == "multipart/alternative"
    parts = list(mail.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert all(p.get_content_charset() == "utf-8" for p in parts)
    assert parts[0].get_content().strip() == ACK_TEXT
    assert "<p>您好，您的投诉已受理，工单号 TS20261124000001。</p>" in parts[1].get_content()
    assert mail["Subject"] == "Re: 宽带晚上频繁断网 [#TS20261124000001]"
    assert mail["Message-ID"] == f"<{our_message_id('reply-17-complaint_opened', OUR_DOMAIN)}>"
    assert mail["In-Reply-To"] == "<202611232114034683512@qq.com>"
    assert mail["References"] == (
        "<CAK7d2Lw1aB2c3D4e5F6g7H8i9J0kL1mN2oP3qR4sT5uV6wX7y@mail.gmail.com> <202611232114034683512@qq.com>"
    )
    assert mail["Auto-Submitted"] == "auto-replied"
    assert mail["X-Auto-Response-Suppress"] == "All"
    assert "complaints@desk.example.com" in mail["From"]


@pytest.mark.unit
def test_message_id_depends_only_on_the_idempotency_key(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    first = build_email(outbound(), settings)
    retried = build_email(outbound(), settings)
    other = build_email(outbound(idempotency_key="reply-18-complaint_opened"), settings)
    assert first["Message-ID"] == retried["Message-ID"]
    assert first["Message-ID"] != other["Message-ID"]


@pytest.mark.unit
def test_subject_is_tagged_once_and_defaults_by_language(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    tagged = build_email(outbound(subject="答复: 宽带断网 [#TS20261124000001]"), settings)
    assert tagged["Subject"] == "Re: 宽带断网 [#TS20261124000001]"
    english = build_email(outbound(subject=None, in_reply_to=None, language=Language.EN), settings)
    assert english["Subject"] == "Your complaint [#TS20261124000001]"
    assert english["In-Reply-To"] is None


@pytest.mark.integration
async def test_send_delivers_to_the_smtp_server(tmp_path: Path, smtp_server: SmtpServer) -> None:
    sender = sender_for(tmp_path, smtp_server)
    await sender.start()
    try:
        receipt = await sender.send(outbound())
        second = await sender.send(outbound(idempotency_key="reply-17-complaint_updated", text="第二条"))
    finally:
        await sender.stop()
    assert receipt.status is DeliveryStatus.SENT
    assert receipt.provider_message_id == our_message_id("reply-17-complaint_opened", OUR_DOMAIN)
    assert second.provider_message_id != receipt.provider_message_id
    received = smtp_server.recorder.received
    assert len(received) == 2
    first: EmailMessage = received[0]
    assert first["Subject"] == "Re: 宽带晚上频繁断网 [#TS20261124000001]"
    assert first["Message-ID"] == f"<{receipt.provider_message_id}>"
    body = first.get_body(preferencelist=("plain",))
    assert body is not None
    assert body.get_content().replace("\r\n", "\n").strip() == ACK_TEXT
    assert smtp_server.recorder.envelopes[0].mail_from == "complaints@desk.example.com"
    assert smtp_server.recorder.envelopes[0].rcpt_tos == ["wangzhe1988@qq.com"]


@pytest.mark.integration
async def test_a_retried_send_carries_the_same_message_id(tmp_path: Path, smtp_server: SmtpServer) -> None:
    sender = sender_for(tmp_path, smtp_server)
    try:
        one = await sender.send(outbound())
        two = await sender.send(outbound())
    finally:
        await sender.stop()
    assert one.provider_message_id == two.provider_message_id
    ids = {m["Message-ID"] for m in smtp_server.recorder.received}
    assert len(ids) == 1


@pytest.mark.integration
@pytest.mark.parametrize(
    ("reply", "error"),
    [
        ("450 4.2.1 Mailbox busy, try later", RetryLater),
        ("452 4.5.3 Too many recipients", RetryLater),
        ("550 5.1.1 <nobody@qq.com>: Recipient address rejected: User unknown", PermanentFailure),
        ("553 5.7.1 Relaying denied", PermanentFailure),
    ],
)
async def test_rcpt_refusal_maps_to_retry_or_permanent_failure(
    tmp_path: Path, smtp_server: SmtpServer, reply: str, error: type[Exception]
) -> None:
    smtp_server.recorder.rcpt_replies["nobody@qq.com"] = reply
    sender = sender_for(tmp_path, smtp_server)
    try:
        with pytest.raises(error) as caught:
            await sender.send(outbound(recipient="nobody@qq.com"))
        assert reply.split()[0] in str(caught.value)
        # the connection is usable again for the next reply
        receipt = await sender.send(outbound(idempotency_key="next"))
    finally:
        await sender.stop()
    assert receipt.status is DeliveryStatus.SENT
    assert len(smtp_server.recorder.received) == 1


@pytest.mark.integration
@pytest.mark.parametrize(
    ("reply", "error"),
    [
        ("451 4.3.0 Temporary server error", RetryLater),
        ("554 5.6.0 Message content rejected", PermanentFailure),
    ],
)
async def test_data_refusal_maps_to_retry_or_permanent_failure(
    tmp_path: Path, smtp_server: SmtpServer, reply: str, error: type[Exception]
) -> None:
    smtp_server.recorder.data_reply = reply
    sender = sender_for(tmp_path, smtp_server)
    try:
        with pytest.raises(error):
            await sender.send(outbound())
    finally:
        await sender.stop()


@pytest.mark.integration
async def test_unreachable_server_is_channel_unavailable(tmp_path: Path) -> None:
    sender = SmtpSender(make_settings(tmp_path, smtp_host="127.0.0.1", smtp_port=free_port()))
    with pytest.raises(ChannelUnavailable):
        await sender.start()
    with pytest.raises(ChannelUnavailable):
        await sender.send(outbound())


@pytest.mark.integration
async def test_reconnects_after_the_server_closed_an_idle_connection(tmp_path: Path, smtp_server: SmtpServer) -> None:
    sender = sender_for(tmp_path, smtp_server)
    await sender.start()
    try:
        # the server restarts: our open connection is dead
        smtp_server.controller.stop()
        smtp_server.controller = Controller(smtp_server.recorder, hostname="127.0.0.1", port=smtp_server.port)
        smtp_server.controller.start()
        receipt = await sender.send(outbound())
    finally:
        await sender.stop()
    assert receipt.status is DeliveryStatus.SENT
    assert len(smtp_server.recorder.received) == 1
