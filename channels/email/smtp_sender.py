"""SMTP out: replies as UTF-8 text+HTML alternatives, threaded, tagged, marked auto-replied."""

from __future__ import annotations

import asyncio
import html
import logging
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

import aiosmtplib

from channels.email.mail_threading import clean_subject, our_message_id, tag_subject
from channels.email.settings import EmailSettings
from core.domain.labels import Channel, DeliveryStatus, Language
from core.domain.messages import DeliveryReceipt, OutboundMessage
from core.errors import ChannelUnavailable, PermanentFailure, RetryLater

log = logging.getLogger(__name__)

_DEFAULT_SUBJECT = {
    Language.ZH_HANS: "您的投诉已受理",
    Language.ZH_HANT: "您的投訴已受理",
    Language.EN: "Your complaint",
}


def _bracketed(message_id: str) -> str:
    return f"<{message_id.strip().strip('<>')}>"


def reply_subject(message: OutboundMessage) -> str:
    """`Re: <customer's subject> [#TS...]`, or a default subject in the reply's language."""
    base = clean_subject(message.subject)
    if base:
        subject = f"Re: {base}" if message.in_reply_to else base
    else:
        subject = _DEFAULT_SUBJECT.get(message.language, _DEFAULT_SUBJECT[Language.ZH_HANS])
    return tag_subject(subject, message.ticket_number)


def text_to_html(text: str, language: Language) -> str:
    """A minimal HTML version of a plain reply: escaped paragraphs, line breaks kept."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    body = "\n".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{language.value}"><head><meta charset="utf-8"></head>'
        f'<body style="font-family:sans-serif;line-height:1.6">\n{body}\n</body></html>'
    )


def build_email(message: OutboundMessage, settings: EmailSettings, *, now: datetime | None = None) -> EmailMessage:
    """The MIME message for one outbound reply; the same input always gives the same Message-ID."""
    if not settings.mail_from:
        raise ChannelUnavailable("COMPLAINTDESK_MAIL_FROM is not set")
    mail = EmailMessage()
    mail["From"] = formataddr((settings.mail_from_name, settings.mail_from))
    mail["To"] = message.recipient
    mail["Subject"] = reply_subject(message)
    mail["Date"] = format_datetime(now or datetime.now(UTC))
    mail["Message-ID"] = _bracketed(our_message_id(message.idempotency_key, settings.message_id_domain))
    references = [r for r in message.references if r]
    if message.in_reply_to:
        mail["In-Reply-To"] = _bracketed(message.in_reply_to)
        references.append(message.in_reply_to)
    if references:
        ordered = dict.fromkeys(r.strip().strip("<>") for r in references)
        mail["References"] = " ".join(_bracketed(r) for r in ordered)
    # RFC 3834: auto-responders must not answer us; Exchange honours its own suppress header
    mail["Auto-Submitted"] = "auto-replied"
    mail["X-Auto-Response-Suppress"] = "All"
    if message.ticket_number:
        mail["X-Complaintdesk-Ticket"] = message.ticket_number
    mail["Content-Language"] = message.language.value
    mail.set_content(message.text, subtype="plain", charset="utf-8")
    mail.add_alternative(message.html or text_to_html(message.text, message.language), subtype="html", charset="utf-8")
    return mail


def _classify_smtp_error(exc: aiosmtplib.SMTPException) -> Exception:
    """4xx → RetryLater, 5xx → PermanentFailure, lost connections → ChannelUnavailable."""
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        codes = [r.code for r in exc.recipients]
        detail = "; ".join(f"{r.recipient}: {r.code} {r.message}" for r in exc.recipients)
        if codes and all(500 <= c < 600 for c in codes):
            return PermanentFailure(f"recipient refused: {detail}")
        return RetryLater(f"recipient deferred: {detail}")
    if isinstance(exc, aiosmtplib.SMTPAuthenticationError):
        # wrong credentials are our configuration, not the message's fault: keep it queued
        return ChannelUnavailable(f"SMTP authentication failed: {exc.code} {exc.message}")
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        if 400 <= exc.code < 500:
            return RetryLater(f"SMTP {exc.code}: {exc.message}")
        if 500 <= exc.code < 600:
            return PermanentFailure(f"SMTP {exc.code}: {exc.message}")
    return ChannelUnavailable(f"SMTP: {type(exc).__name__}: {exc}")


class SmtpSender:
    """The outbound half of the e-mail channel: one SMTP connection, reopened when it drops."""

    channel = Channel.EMAIL

    def __init__(self, settings: EmailSettings) -> None:
        self.settings = settings
        self._client: aiosmtplib.SMTP | None = None
        self._lock = asyncio.Lock()

    def _new_client(self) -> aiosmtplib.SMTP:
        s = self.settings
        return aiosmtplib.SMTP(
            hostname=s.smtp_host,
            port=s.effective_smtp_port,
            username=s.smtp_user or None,
            password=s.secret("smtp_password") or None,
            use_tls=s.smtp_tls == "ssl",
            start_tls=s.smtp_tls == "starttls",
            timeout=s.smtp_timeout_seconds,
        )

    async def _connect(self) -> aiosmtplib.SMTP:
        client = self._new_client()
        await client.connect()
        self._client = client
        return client

    async def start(self) -> None:
        """Connect and log in once, so wrong credentials fail at start-up."""
        if not self.settings.smtp_configured:
            raise ChannelUnavailable("SMTP is not configured (COMPLAINTDESK_SMTP_HOST, COMPLAINTDESK_MAIL_FROM)")
        async with self._lock:
            try:
                await self._connect()
            except aiosmtplib.SMTPException as exc:
                raise _classify_smtp_error(exc) from exc
            except OSError as exc:
                raise ChannelUnavailable(f"SMTP server unreachable: {exc}") from exc

    def _drop(self) -> None:
        client, self._client = self._client, None
        if client is not None and client.is_connected:
            client.close()

    async def stop(self) -> None:
        """Say QUIT and close the connection."""
        async with self._lock:
            client, self._client = self._client, None
            if client is not None and client.is_connected:
                try:
                    await client.quit()
                except (aiosmtplib.SMTPException, OSError):
                    client.close()

    async def send(self, message: OutboundMessage) -> DeliveryReceipt:
        """Send one reply; raise RetryLater (4xx), PermanentFailure (5xx) or ChannelUnavailable."""
        mail = build_email(message, self.settings)
        message_id = str(mail["Message-ID"]).strip("<>")
        async with self._lock:
            for attempt in (1, 2):
                try:
                    client = self._client
                    if client is None or not client.is_connected:
                        client = await self._connect()
                    _errors, response = await client.send_message(mail)
                except aiosmtplib.SMTPServerDisconnected as exc:
                    # an idle connection the server closed: reconnect once, then give up for now
                    self._client = None
                    if attempt == 2:
                        raise ChannelUnavailable(f"SMTP server disconnected: {exc}") from exc
                    continue
                except aiosmtplib.SMTPException as exc:
                    # after a refusal the session state is unclear; the next send starts afresh
                    self._drop()
                    raise _classify_smtp_error(exc) from exc
                except OSError as exc:
                    self._drop()
                    raise ChannelUnavailable(f"SMTP server unreachable: {exc}") from exc
                log.info("sent %s to the SMTP server: %s", message_id, response)
                return DeliveryReceipt(message_id, DeliveryStatus.SENT, response)
        raise AssertionError("unreachable")
