"""One raw mail into the desk: a customer message, a bounce report, ignored noise or a rejection.

Every path ends with the mail recorded (the raw .eml on disk, plus the message in the store or a
line in a .jsonl log) and the IMAP cursor advanced in the same step, so nothing is lost and
nothing is processed twice.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Protocol

from channels.email.noise import NoiseKind
from channels.email.parsing import ParsedMail, parse_mail
from channels.email.settings import EmailSettings
from channels.email.storage import AttachmentStore, RawMailStore
from core.domain.labels import Channel, DeliveryStatus, IdentityKind
from core.domain.messages import Attachment, Identity, InboundMessage
from core.errors import InvalidInbound
from core.services.inbound import InboundOutcome

log = logging.getLogger(__name__)

# what a bounce's DSN Action means for the outbound message it reports
_BOUNCE_STATUS = {"failed": DeliveryStatus.FAILED, "delivered": DeliveryStatus.DELIVERED}
_DEFAULT_MAX_TEXT = 20000
# column sizes of the store; a hostile or broken mail must not fail the insert
MAX_ID = 512
MAX_THREAD_KEY = 320
MAX_NAME = 128
MAX_SUBJECT = 500
MAX_ADDRESS = 320


def clean(value: Any) -> Any:
    """Strings safe for any store: no NUL, no lone surrogates; dicts and lists cleaned through."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8").replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {clean(k): clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(clean(v) for v in value)
    return value


def _fit(value: str, limit: int) -> str:
    """`value`, or a stable hash of it when it is too long for its column."""
    if len(value) <= limit:
        return value
    return "sha256." + hashlib.sha256(value.encode("utf-8", "surrogateescape")).hexdigest()


class DeskPort(Protocol):
    """The part of `core.services.desk.Desk` the e-mail channel uses."""

    async def submit_inbound(self, msg: InboundMessage, *, cursor: tuple[str, str] | None = None) -> InboundOutcome: ...

    async def get_cursor(self, key: str) -> str | None: ...

    async def set_cursor(self, key: str, value: str) -> None: ...

    async def record_delivery_status(
        self, channel: Channel, provider_message_id: str, status: DeliveryStatus, *, error: str | None = None
    ) -> bool: ...


class IntakeResult(StrEnum):
    SUBMITTED = "submitted"
    DUPLICATE = "duplicate"
    BOUNCE = "bounce"
    IGNORED = "ignored"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class IntakeOutcome:
    """What became of one raw mail."""

    result: IntakeResult
    message_id: str
    reason: str | None = None
    ticket_number: str | None = None
    inbound: InboundOutcome | None = None


def build_attachments(
    parsed: ParsedMail, store: AttachmentStore, *, truncated_size: int | None
) -> tuple[Attachment, ...]:
    """Store the mail's attachments, or record why each was refused."""
    refuse_all = (
        f"mail_too_large: the mail is {truncated_size} bytes; only its text was fetched"
        if truncated_size is not None
        else None
    )
    stored = (store.store(a, refuse_all=refuse_all) for a in parsed.attachments)
    return tuple(replace(a, filename=clean(a.filename), content_type=clean(a.content_type)) for a in stored)


def to_inbound(
    parsed: ParsedMail,
    attachments: tuple[Attachment, ...],
    *,
    received_at: datetime,
    raw_ref: str,
    max_text: int = _DEFAULT_MAX_TEXT,
    truncated_size: int | None = None,
) -> InboundMessage:
    """The core's InboundMessage for a parsed mail from a person."""
    assert parsed.from_address is not None
    text = clean(parsed.text or parsed.subject.strip())
    problems = list(parsed.problems)
    if len(text) > max_text:
        problems.append(f"text cut to {max_text} characters; the whole mail is in the raw .eml")
        text = text[:max_text]
    raw: dict[str, Any] = {
        "eml": raw_ref,
        "size": truncated_size or parsed.size,
        "message_id": parsed.message_id,
        "in_reply_to": parsed.in_reply_to,
        "references": parsed.references,
        "to": parsed.to,
        "headers": parsed.headers,
        "forwarded": parsed.forwarded,
        "html_only": parsed.html_only,
        "had_quote": parsed.had_quote,
        "problems": problems,
    }
    if truncated_size is not None:
        raw["truncated"] = True
    return InboundMessage(
        channel=Channel.EMAIL,
        provider_message_id=_fit(clean(parsed.message_id), MAX_ID),
        sender=Identity(IdentityKind.EMAIL, clean(parsed.from_address)),
        text=text,
        received_at=received_at,
        thread_key=_fit(clean(parsed.thread_key), MAX_THREAD_KEY),
        name=clean(parsed.from_name[:MAX_NAME]) if parsed.from_name else None,
        reply_address=clean(parsed.reply_to) if parsed.reply_to and parsed.reply_to != parsed.from_address else None,
        language=parsed.language,
        subject=clean(parsed.subject[:MAX_SUBJECT]) or None,
        ticket_hint=parsed.ticket_hint,
        reply_to_ids=tuple(_fit(clean(i), MAX_ID) for i in parsed.reply_to_ids),
        attachments=attachments,
        raw=clean(raw),
    )


class MailIntake:
    """Turns raw mail into desk calls; shared by the IMAP sync and the CLI."""

    def __init__(self, desk: DeskPort, settings: EmailSettings) -> None:
        self.desk = desk
        self.settings = settings
        self.raw_store = RawMailStore(settings.mail_raw_dir)
        self.attachments = AttachmentStore(
            settings.attachments_dir, settings.attachment_max_bytes, settings.attachment_refused_extensions
        )

    def _max_text(self) -> int:
        policy = getattr(self.desk, "policy", None)
        limits = getattr(policy, "limits", None)
        return int(getattr(limits, "max_text_chars", _DEFAULT_MAX_TEXT))

    async def _finish(self, cursor: tuple[str, str] | None) -> None:
        if cursor is not None:
            await self.desk.set_cursor(*cursor)

    async def ingest(
        self,
        raw: bytes,
        *,
        cursor: tuple[str, str] | None = None,
        received_at: datetime | None = None,
        truncated_size: int | None = None,
    ) -> IntakeOutcome:
        """Record one raw mail and advance `cursor` with it; never raises on bad mail."""
        parsed = parse_mail(raw, our_address=self.settings.mail_from, our_domain=self.settings.message_id_domain)
        when = received_at or parsed.date or datetime.now(UTC)
        raw_ref = self.raw_store.keep(raw, parsed.message_id, when)
        base = {
            "message_id": parsed.message_id,
            "eml": raw_ref,
            "from": parsed.from_address,
            "subject": parsed.subject,
        }
        if parsed.noise is not None:
            verdict = parsed.noise
            if verdict.kind is NoiseKind.BOUNCE:
                matched = await self._apply_bounce(parsed)
                self.raw_store.record("bounces", {**base, "reason": verdict.reason, "matched": matched})
                await self._finish(cursor)
                return IntakeOutcome(IntakeResult.BOUNCE, parsed.message_id, verdict.reason)
            self.raw_store.record("ignored", {**base, "kind": verdict.kind.value, "reason": verdict.reason})
            await self._finish(cursor)
            log.info("ignored %s mail %s: %s", verdict.kind.value, parsed.message_id, verdict.reason)
            return IntakeOutcome(IntakeResult.IGNORED, parsed.message_id, verdict.reason)
        if parsed.from_address is None:
            return await self._reject(parsed, base, "no sender address: From is missing or malformed", cursor)
        if len(parsed.from_address) > MAX_ADDRESS:
            return await self._reject(parsed, base, "sender address longer than 320 characters", cursor)
        attachments = build_attachments(parsed, self.attachments, truncated_size=truncated_size)
        msg = to_inbound(
            parsed,
            attachments,
            received_at=when,
            raw_ref=raw_ref,
            max_text=self._max_text(),
            truncated_size=truncated_size,
        )
        if not msg.text.strip() and not msg.attachments:
            return await self._reject(parsed, base, "empty mail: no text, subject or attachment", cursor)
        try:
            outcome = await self.desk.submit_inbound(msg, cursor=cursor)
        except InvalidInbound as exc:
            return await self._reject(parsed, base, f"refused by the desk: {exc}", cursor)
        result = IntakeResult.DUPLICATE if outcome.duplicate else IntakeResult.SUBMITTED
        return IntakeOutcome(result, parsed.message_id, None, outcome.ticket_number, outcome)

    async def _reject(
        self, parsed: ParsedMail, base: dict[str, Any], reason: str, cursor: tuple[str, str] | None
    ) -> IntakeOutcome:
        self.raw_store.record("rejected", {**base, "reason": reason, "problems": parsed.problems})
        await self._finish(cursor)
        log.warning("rejected mail %s: %s", parsed.message_id, reason)
        return IntakeOutcome(IntakeResult.REJECTED, parsed.message_id, reason)

    async def _apply_bounce(self, parsed: ParsedMail) -> list[str]:
        """Mark the outbound messages a bounce reports; returns the ids the desk knew."""
        verdict = parsed.noise
        bounce = verdict.bounce if verdict is not None else None
        if bounce is None:
            return []
        status = _BOUNCE_STATUS.get(bounce.action)
        if status is None:  # delayed, relayed, expanded: nothing final to record
            return []
        error = " ".join(x for x in (bounce.status, bounce.recipient, bounce.diagnostic) if x) or "bounced"
        matched = []
        for original in bounce.original_message_ids:
            if await self.desk.record_delivery_status(Channel.EMAIL, original, status, error=error[:500]):
                matched.append(original)
        return matched
