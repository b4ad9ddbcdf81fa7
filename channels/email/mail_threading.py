"""Message-IDs, References and subject tags: how a mail finds its thread and its ticket."""

from __future__ import annotations

import hashlib
import re

# our ticket numbers: TS + yyyymmdd + six digits (core.services.numbering)
TICKET_TAG = re.compile(r"[\[【]\s*#\s*(TS\d{14})\s*[\]】]", re.IGNORECASE)
_BARE_TICKET = re.compile(r"(?<![A-Za-z0-9])(TS\d{14})(?!\d)")
_PREFIX = re.compile(
    r"^\s*((re|fw|fwd|aw|sv|antw|答复|答覆|回复|回覆|转发|轉發|轉寄|转寄)\s*(\[\d+\])?\s*[:：]\s*)+",
    re.IGNORECASE,
)
_FORWARD_PREFIX = re.compile(r"^\s*(fw|fwd|转发|轉發|轉寄|转寄)\s*[:：]", re.IGNORECASE)
_MSG_ID = re.compile(r"<([^<>\s]+)>")
OUR_ID_PREFIX = "cd."


def normalise_msg_id(value: str) -> str:
    """A Message-ID without angle brackets and whitespace, as stored as provider id."""
    return value.strip().strip("<>").strip()


def parse_msg_ids(header: str | None) -> list[str]:
    """The Message-IDs in an In-Reply-To or References header, in order, without duplicates."""
    if not header:
        return []
    found = _MSG_ID.findall(header)
    if not found:
        # some clients drop the brackets
        found = [tok for tok in re.split(r"[\s,]+", header) if "@" in tok]
    seen: dict[str, None] = {}
    for item in found:
        mid = normalise_msg_id(item)
        if mid:
            seen.setdefault(mid, None)
    return list(seen)


def ticket_hint(subject: str | None) -> str | None:
    """The ticket number tagged in a subject (`[#TS20261122000123]`), upper-cased, or None."""
    if not subject:
        return None
    match = TICKET_TAG.search(subject) or _BARE_TICKET.search(subject)
    return match.group(1).upper() if match else None


def is_forward(subject: str | None) -> bool:
    """True when the subject says the mail is forwarded (Fwd:, FW:, 转发:, 轉寄:)."""
    return bool(subject and _FORWARD_PREFIX.match(subject))


def clean_subject(subject: str | None) -> str:
    """The subject without Re:/Fwd:/回复:/转发: prefixes and without our ticket tag."""
    if not subject:
        return ""
    text = TICKET_TAG.sub("", subject)
    previous = None
    while previous != text:
        previous = text
        text = _PREFIX.sub("", text).strip()
    return re.sub(r"\s{2,}", " ", text)


def tag_subject(subject: str | None, ticket_number: str | None) -> str:
    """A reply subject: `Re: <original>` with our `[#TS...]` tag, never tagged twice."""
    base = (subject or "").strip()
    if ticket_number and ticket_hint(base) != ticket_number:
        base = f"{base} [#{ticket_number}]".strip()
    if not base:
        return "客户投诉受理 Complaint Desk"
    return base


def our_message_id(idempotency_key: str, domain: str) -> str:
    """The Message-ID of one outbound reply, derived from its idempotency key (no brackets).

    A retried send carries the same key, so the customer's client sees one message, not two.
    """
    digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:32]
    return f"{OUR_ID_PREFIX}{digest}@{domain}"


def is_our_message_id(message_id: str | None, domain: str) -> bool:
    """True for a Message-ID we generated."""
    if not message_id:
        return False
    mid = normalise_msg_id(message_id).lower()
    return mid.startswith(OUR_ID_PREFIX) and mid.endswith("@" + domain.lower())


def fallback_message_id(raw: bytes) -> str:
    """A stable provider id for a mail without Message-ID: the same bytes give the same id."""
    return f"sha256.{hashlib.sha256(raw).hexdigest()[:40]}@no-message-id.invalid"


def thread_root(message_id: str, in_reply_to: list[str], references: list[str]) -> str:
    """The thread key: the first message of the thread as References tells it, else this one."""
    if references:
        return references[0]
    if in_reply_to:
        return in_reply_to[0]
    return message_id
