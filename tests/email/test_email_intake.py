"""Raw mail into a real Desk: tickets, idempotency, attachments, noise, rejections, bounces, threading."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from channels.email.channel import EmailChannel
from channels.email.intake import IntakeResult, MailIntake
from channels.email.settings import EmailSettings
from core.db.tables import Message, Ticket
from core.domain.labels import Channel, DeliveryStatus, Direction
from core.services.desk import Desk
from core.services.outbox import OutboxDispatcher
from tests.email.email_harness import SmtpServer, fixture_bytes, make_settings

pytestmark = pytest.mark.integration

RECEIVED = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


async def rows(desk: Desk, **filters: object) -> list[Message]:
    async with desk.unit_of_work() as uow:
        query = select(Message).filter_by(**filters).order_by(Message.id)
        return list((await uow.session.scalars(query)).all())


async def ticket_customer(desk: Desk, number: str) -> int:
    async with desk.unit_of_work() as uow:
        ticket = await uow.session.scalar(select(Ticket).where(Ticket.number == number))
        assert ticket is not None
        return ticket.customer_id


def customer_mail(
    *,
    sender: str,
    subject: str,
    text: str,
    message_id: str,
    in_reply_to: str | None = None,
    references: list[str] | None = None,
    extra: dict[str, str] | None = None,
) -> bytes:
    """A mail as a customer's client writes it (UTF-8, quoted-printable or base64 chosen by the library)."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = "complaints@desk.example.com"
    mail["Subject"] = subject
    mail["Date"] = format_datetime(RECEIVED)
    mail["Message-ID"] = f"<{message_id}>"
    if in_reply_to:
        mail["In-Reply-To"] = f"<{in_reply_to}>"
    if references:
        mail["References"] = " ".join(f"<{r}>" for r in references)
    for key, value in (extra or {}).items():
        mail[key] = value
    mail.set_content(text)
    return mail.as_bytes()


async def test_complaint_mail_becomes_a_ticket_with_an_email_reply_and_is_stored_once(
    any_desk: Desk, tmp_path: Path
) -> None:
    desk = any_desk
    settings = make_settings(tmp_path)
    intake = MailIntake(desk, settings)
    raw = fixture_bytes("foxmail_gbk_billing.eml")
    first = await intake.ingest(raw, cursor=("imap:test/INBOX", "7:1"), received_at=RECEIVED)
    again = await intake.ingest(raw, cursor=("imap:test/INBOX", "7:1"), received_at=RECEIVED)

    assert first.result is IntakeResult.SUBMITTED
    assert first.ticket_number is not None
    assert again.result is IntakeResult.DUPLICATE
    assert again.ticket_number == first.ticket_number
    inbound = await rows(desk, channel="email", direction=Direction.INBOUND.value)
    assert len(inbound) == 1
    stored = inbound[0]
    assert stored.provider_message_id == "202611232114034683512@qq.com"
    assert "本月账单多扣了50元" in stored.text
    assert stored.subject == "投诉：账单多扣50元视频会员费"
    assert stored.raw is not None
    assert (settings.mail_raw_dir / stored.raw["eml"]).read_bytes() == raw
    outbound = await rows(desk, channel="email", direction=Direction.OUTBOUND.value)
    assert len(outbound) == 1
    assert outbound[0].recipient == "wangzhe1988@qq.com"
    assert outbound[0].delivery_status == DeliveryStatus.QUEUED.value
    assert await desk.get_cursor("imap:test/INBOX") == "7:1"


async def test_attachments_are_stored_and_archives_refused_with_a_reason(desk: Desk, tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    intake = MailIntake(desk, settings)
    kept = await intake.ingest(fixture_bytes("outlook_attachments_gbk.eml"), received_at=RECEIVED)
    refused = await intake.ingest(fixture_bytes("zip_attachment.eml"), received_at=RECEIVED)
    assert kept.result is IntakeResult.SUBMITTED
    assert refused.result is IntakeResult.SUBMITTED

    by_id = {m.provider_message_id: m for m in await rows(desk, direction="in")}
    pdf, png = by_id[kept.message_id].attachments
    assert pdf["filename"] == "缴费发票.pdf"
    assert pdf["refused_reason"] is None
    assert (settings.attachments_dir / pdf["storage_ref"]).read_bytes().startswith(b"%PDF-1.4")
    assert png["content_type"] == "image/png"
    (zipped,) = by_id[refused.message_id].attachments
    assert zipped["filename"] == "录音证据.zip"
    assert zipped["storage_ref"] is None
    assert zipped["refused_reason"].startswith("refused_type:")
    # the complaint itself is recorded all the same
    assert "营业员承诺的优惠没有兑现" in by_id[refused.message_id].text


async def test_an_oversized_attachment_is_refused_but_the_mail_is_recorded(desk: Desk, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, attachment_max_bytes=5 * 1024 * 1024)
    mail = EmailMessage()
    mail["From"] = "Zhou Tao <zhoutao@outlook.com>"
    mail["To"] = "complaints@desk.example.com"
    mail["Subject"] = "通话录音：营业员态度恶劣"
    mail["Message-ID"] = "<big.30mb.20261124@outlook.com>"
    mail["Date"] = format_datetime(RECEIVED)
    mail.set_content("附件是我和营业员的通话录音，她态度非常恶劣，还挂我电话。要求道歉。")
    # 30 MB of audio, as a phone recorder produces (incompressible bytes, base64 in the mail)
    audio = bytes(range(256)) * (30 * 1024 * 1024 // 256)
    mail.add_attachment(audio, maintype="audio", subtype="mp4", filename="录音.m4a")
    raw = mail.as_bytes()
    assert len(raw) > 30 * 1024 * 1024

    outcome = await MailIntake(desk, settings).ingest(raw, received_at=RECEIVED)

    assert outcome.result is IntakeResult.SUBMITTED
    (stored,) = await rows(desk, direction="in")
    (attachment,) = stored.attachments
    assert attachment["filename"] == "录音.m4a"
    assert attachment["size"] == len(audio)
    assert attachment["storage_ref"] is None
    assert attachment["refused_reason"] == f"too_large: {len(audio)} bytes, limit {5 * 1024 * 1024} bytes"
    assert "态度非常恶劣" in stored.text
    assert not settings.attachments_dir.exists() or not any(settings.attachments_dir.rglob("*.m4a"))


@pytest.mark.parametrize(
    "name",
    [
        "autoreply_outlook_oof.eml",
        "autoreply_vacation_precedence.eml",
        "autoreply_qq_subject.eml",
        "mailing_list_mailman.eml",
        "own_notification_loop.eml",
    ],
)
async def test_noise_never_creates_messages_tickets_or_replies(desk: Desk, tmp_path: Path, name: str) -> None:
    settings = make_settings(tmp_path)
    outcome = await MailIntake(desk, settings).ingest(fixture_bytes(name), cursor=("imap:t/INBOX", "1:5"))
    assert outcome.result is IntakeResult.IGNORED
    assert await rows(desk) == []
    assert await desk.get_cursor("imap:t/INBOX") == "1:5"
    logged = [json.loads(line) for line in (settings.mail_raw_dir / "ignored.jsonl").read_text().splitlines()]
    assert logged[0]["message_id"] == outcome.message_id
    assert (settings.mail_raw_dir / logged[0]["eml"]).exists()


@pytest.mark.parametrize(
    ("name", "reason"),
    [("missing_from.eml", "no sender address: From is missing or malformed")],
)
async def test_unacceptable_mail_is_rejected_with_a_reason_and_the_cursor_moves_on(
    desk: Desk, tmp_path: Path, name: str, reason: str
) -> None:
    settings = make_settings(tmp_path)
    outcome = await MailIntake(desk, settings).ingest(fixture_bytes(name), cursor=("imap:t/INBOX", "1:9"))
    assert outcome.result is IntakeResult.REJECTED
    assert outcome.reason == reason
    assert await rows(desk) == []
    assert await desk.get_cursor("imap:t/INBOX") == "1:9"
    (entry,) = [json.loads(x) for x in (settings.mail_raw_dir / "rejected.jsonl").read_text().splitlines()]
    assert entry["reason"] == reason
    assert (settings.mail_raw_dir / entry["eml"]).read_bytes() == fixture_bytes(name)


@pytest.mark.parametrize(
    "name",
    [
        "malformed_mime.eml",
        "undecodable_bytes.eml",
        "no_message_id_raw8bit_subject.eml",
        "big5hkscs_hongkong.eml",
    ],
)
async def test_bad_but_readable_mail_is_recorded_with_its_problems(desk: Desk, tmp_path: Path, name: str) -> None:
    outcome = await MailIntake(desk, make_settings(tmp_path)).ingest(fixture_bytes(name), received_at=RECEIVED)
    assert outcome.result is IntakeResult.SUBMITTED
    (stored,) = await rows(desk, direction="in")
    assert stored.text.strip()
    assert isinstance(stored.raw["problems"], list)
    if name != "big5hkscs_hongkong.eml":
        assert stored.raw["problems"]


async def test_email_thread_end_to_end_ack_reply_stranger_bounce_and_autoreply(
    any_desk: Desk, tmp_path: Path, smtp_server: SmtpServer
) -> None:
    desk = any_desk
    settings: EmailSettings = make_settings(tmp_path, smtp_host="127.0.0.1", smtp_port=smtp_server.port)
    channel = EmailChannel(settings, desk)
    intake = channel.intake
    dispatcher = OutboxDispatcher(desk.sessions, {Channel.EMAIL: channel}, desk.policy.outbox, desk.clock)

    # 1. the complaint: a ticket and an acknowledgement sent by SMTP in the customer's thread
    opened = await intake.ingest(fixture_bytes("foxmail_gbk_billing.eml"), received_at=RECEIVED)
    ticket = opened.ticket_number
    assert ticket is not None
    assert await dispatcher.run_once() == 1
    (ack,) = smtp_server.recorder.received
    assert f"[#{ticket}]" in ack["Subject"]
    assert ack["In-Reply-To"] == "<202611232114034683512@qq.com>"
    assert ack["Auto-Submitted"] == "auto-replied"
    ack_id = ack["Message-ID"].strip("<>")
    (sent,) = await rows(desk, direction="out")
    assert sent.provider_message_id == ack_id
    assert sent.delivery_status == DeliveryStatus.SENT.value

    # 2. the customer answers the acknowledgement with a changed subject: same ticket
    reply = customer_mail(
        sender="王喆 <wangzhe1988@qq.com>",
        subject="还是没有退费",
        text=("已经三天了，50元还没有退回来，请尽快处理！\n\n在 2026年11月24日 09:00，客户投诉受理中心 写道：\n> 您好"),
        message_id="202611241015221234567@qq.com",
        in_reply_to=ack_id,
        references=["202611232114034683512@qq.com", ack_id],
    )
    followed = await intake.ingest(reply, received_at=RECEIVED)
    assert followed.result is IntakeResult.SUBMITTED
    assert followed.ticket_number == ticket
    stored_reply = (await rows(desk, provider_message_id="202611241015221234567@qq.com"))[0]
    assert stored_reply.text == "已经三天了，50元还没有退回来，请尽快处理！"

    # 3. someone else replies with the tag and the headers: never attached to this ticket
    stranger = customer_mail(
        sender="someone.else@163.com",
        subject=f"Re: [#{ticket}] 投诉",
        text="我的宽带也被多扣了50元视频会员费，从来没订过，要求退费！",
        message_id="stranger.1@163.com",
        in_reply_to=ack_id,
        references=[ack_id],
    )
    other = await intake.ingest(stranger, received_at=RECEIVED)
    assert other.result is IntakeResult.SUBMITTED
    assert other.ticket_number is not None
    assert other.ticket_number != ticket
    assert await ticket_customer(desk, ticket) != await ticket_customer(desk, other.ticket_number)

    # 4. the customer's out-of-office answers our next mail: ignored, nothing queued
    before = len(await rows(desk))
    oof = customer_mail(
        sender="王喆 <wangzhe1988@qq.com>",
        subject=f"自动回复: Re: 投诉 [#{ticket}]",
        text="您好，我正在休假，暂时无法回复邮件。",
        message_id="oof.1@qq.com",
        in_reply_to=ack_id,
        extra={"Auto-Submitted": "auto-replied"},
    )
    assert (await intake.ingest(oof)).result is IntakeResult.IGNORED
    assert len(await rows(desk)) == before

    # 5. a bounce of the acknowledgement marks it failed
    dsn = fixture_bytes("dsn_bounce_postfix.eml").replace(
        b"cd.c4ca4238a0b923820dcc509a6f75849b@desk.example.com", ack_id.encode()
    )
    bounced = await intake.ingest(dsn)
    assert bounced.result is IntakeResult.BOUNCE
    (ack_row,) = await rows(desk, provider_message_id=ack_id)
    assert ack_row.delivery_status == DeliveryStatus.FAILED.value
    assert ack_row.delivery_error is not None
    assert "5.1.1" in ack_row.delivery_error
    assert len(await rows(desk)) == before
    await channel.stop()


async def test_hostile_headers_and_bytes_are_stored_on_every_store(any_desk: Desk, tmp_path: Path) -> None:
    # NUL bytes, raw 8-bit garbage in Message-ID and file name, an endless subject and References
    raw = (
        b"From: =?utf-8?B?5byg5LiJ?= <zhangsan@example.com>\r\n"
        b"To: complaints@desk.example.com\r\n"
        b"Subject: " + "宽带断网".encode() * 200 + b"\x00\xff\r\n"
        b"Message-ID: <\xff\xfe\x00bad@example.com>\r\n"
        b"References: " + b" ".join(b"<ref%d@example.com>" % n for n in range(300)) + b"\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        + "宽带从昨天开始断网\x00，请尽快修复！".encode()
        + b"\r\n--b\r\nContent-Type: image/png\r\n"
        b'Content-Disposition: attachment; filename="\xff\xfe\x00x.png"\r\n\r\nPNGDATA\r\n--b--\r\n'
    )
    outcome = await MailIntake(any_desk, make_settings(tmp_path)).ingest(raw, received_at=RECEIVED)
    assert outcome.result is IntakeResult.SUBMITTED
    (stored,) = await rows(any_desk, direction="in")
    assert "\x00" not in stored.text
    assert stored.text.startswith("宽带从昨天开始断网")
    assert stored.subject is not None
    assert len(stored.subject) <= 500
    assert stored.provider_message_id is not None
    assert "\x00" not in stored.provider_message_id
    (attachment,) = stored.attachments
    assert attachment["filename"].endswith("x.png")
