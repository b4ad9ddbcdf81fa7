"""Twilio's webhook form posts as typed models: an incoming SMS/MMS and a delivery status callback."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from core.domain.labels import DeliveryStatus
from core.errors import InvalidInbound

_SID = re.compile(r"^(SM|MM)[0-9a-fA-F]{32}$")
_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")

# Twilio MessageStatus -> our delivery status; `read` (WhatsApp/RCS) counts as delivered,
# `canceled` (a scheduled message withdrawn) as failed
TWILIO_STATUS = {
    "accepted": DeliveryStatus.QUEUED,
    "scheduled": DeliveryStatus.QUEUED,
    "queued": DeliveryStatus.QUEUED,
    "sending": DeliveryStatus.SENDING,
    "sent": DeliveryStatus.SENT,
    "delivered": DeliveryStatus.DELIVERED,
    "read": DeliveryStatus.DELIVERED,
    "undelivered": DeliveryStatus.UNDELIVERED,
    "failed": DeliveryStatus.FAILED,
    "canceled": DeliveryStatus.FAILED,
}

# Twilio error codes that mean the recipient has opted out through Twilio's own keywords
TWILIO_OPTED_OUT_CODES = frozenset({21610})


@dataclass(frozen=True, slots=True)
class MediaItem:
    """One MMS attachment as Twilio announces it (the bytes stay at Twilio until fetched)."""

    url: str
    content_type: str


@dataclass(frozen=True, slots=True)
class IncomingSms:
    """An incoming SMS or MMS webhook, validated."""

    message_sid: str
    account_sid: str
    sender: str
    recipient: str
    body: str
    media: tuple[MediaItem, ...] = ()
    messaging_service_sid: str | None = None
    opt_out_type: str | None = None
    num_segments: int | None = None


@dataclass(frozen=True, slots=True)
class StatusCallback:
    """A delivery status callback for one of our outbound messages."""

    message_sid: str
    account_sid: str
    twilio_status: str
    error_code: int | None = None
    error_message: str | None = None

    @property
    def status(self) -> DeliveryStatus | None:
        """Our status for Twilio's, or None for a status we do not know."""
        return TWILIO_STATUS.get(self.twilio_status)

    @property
    def error(self) -> str | None:
        """ "30003: Unreachable destination handset" style text, or None without an error."""
        if self.error_code is None:
            return None
        return f"{self.error_code}: {self.error_message}" if self.error_message else str(self.error_code)


def _required(form: Mapping[str, str], name: str) -> str:
    value = form.get(name, "").strip()
    if not value:
        raise InvalidInbound(f"Twilio webhook without {name}")
    return value


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def parse_incoming(form: Mapping[str, str]) -> IncomingSms:
    """The incoming-message webhook as an `IncomingSms`; raises InvalidInbound on a malformed post."""
    sid = _required(form, "MessageSid")
    if not _SID.match(sid):
        raise InvalidInbound(f"MessageSid {sid[:40]!r} is not a Twilio message SID")
    sender = _required(form, "From")
    if not _E164.match(sender):
        # short codes and alphanumeric senders cannot be answered or identified as a phone
        raise InvalidInbound("From is not an E.164 phone number")
    num_media = _int_or_none(form.get("NumMedia")) or 0
    media = tuple(
        MediaItem(form[f"MediaUrl{i}"], form.get(f"MediaContentType{i}", "application/octet-stream"))
        for i in range(min(num_media, 10))  # Twilio sends at most 10 media per MMS
        if form.get(f"MediaUrl{i}")
    )
    return IncomingSms(
        message_sid=sid,
        account_sid=_required(form, "AccountSid"),
        sender=sender,
        recipient=form.get("To", ""),
        body=form.get("Body", ""),
        media=media,
        messaging_service_sid=form.get("MessagingServiceSid") or None,
        opt_out_type=(form.get("OptOutType") or "").upper() or None,
        num_segments=_int_or_none(form.get("NumSegments")),
    )


def parse_status(form: Mapping[str, str]) -> StatusCallback:
    """The status callback as a `StatusCallback`; raises InvalidInbound on a malformed post."""
    status = (form.get("MessageStatus") or form.get("SmsStatus") or "").strip().lower()
    if not status:
        raise InvalidInbound("Twilio status callback without MessageStatus")
    return StatusCallback(
        message_sid=_required(form, "MessageSid"),
        account_sid=_required(form, "AccountSid"),
        twilio_status=status,
        error_code=_int_or_none(form.get("ErrorCode")),
        error_message=form.get("ErrorMessage") or None,
    )
