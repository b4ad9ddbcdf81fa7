"""Mail that must never open a ticket: auto-replies, bounces, mailing lists and our own mail.

Answering an out-of-office with an acknowledgement that triggers another out-of-office is the
classic reply loop; RFC 3834 headers, Precedence, List-* headers, null senders and our own
Message-ID scheme catch it before the core sees the mail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.message import Message
from enum import StrEnum

from channels.email.mail_threading import is_our_message_id, parse_msg_ids

# subject prefixes auto-responders use; the colon keeps "外出时手机没信号" from matching
_AUTO_SUBJECT = re.compile(
    r"^\s*(automatic reply|auto[- ]?reply|auto[- ]?response|out of (the )?office|"
    r"自动回复|自动答复|自動回覆|自動回復|自動答覆|休假回复|外出回复)\s*[:：]",
    re.IGNORECASE,
)
_BOUNCE_SUBJECT = re.compile(
    r"(undeliver|undelivered mail|delivery status notification|delivery failure|mail delivery failed|"
    r"returned mail|failure notice|退信|系统退信|系統退信|投递失败|投遞失敗|无法投递|無法投遞|未能送达)",
    re.IGNORECASE,
)
_DAEMON = re.compile(r"^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@", re.IGNORECASE)
_ANY_MSG_ID = re.compile(r"<([^<>\s]+@[^<>\s]+)>")


class NoiseKind(StrEnum):
    AUTO_REPLY = "auto_reply"
    BOUNCE = "bounce"
    MAILING_LIST = "mailing_list"
    OWN_MAIL = "own_mail"


@dataclass(frozen=True, slots=True)
class BounceReport:
    """What a delivery status notification says about a mail we sent."""

    original_message_ids: tuple[str, ...]
    action: str  # failed, delayed, delivered, relayed, expanded
    status: str | None = None  # enhanced status code, e.g. 5.1.1
    recipient: str | None = None
    diagnostic: str | None = None


@dataclass(frozen=True, slots=True)
class NoiseVerdict:
    """Why a mail is noise; `bounce` is set for delivery status notifications."""

    kind: NoiseKind
    reason: str
    bounce: BounceReport | None = None
    details: dict[str, str] = field(default_factory=dict)


def _header(msg: Message, name: str) -> str:
    value = msg.get(name)
    return str(value).strip() if value is not None else ""


def _address(value: str) -> str:
    match = re.search(r"<([^<>]+)>", value)
    return (match.group(1) if match else value).strip().lower()


def _dsn_fields(report: Message) -> list[Message]:
    """The field blocks of a message/delivery-status part (per-message block first)."""
    payload = report.get_payload()
    if isinstance(payload, list):
        return [p for p in payload if isinstance(p, Message)]
    return []


def parse_bounce(msg: Message, our_domain: str) -> BounceReport | None:
    """The bounce report of a DSN (RFC 3464) or of a non-standard bounce naming one of our ids."""
    original_ids: list[str] = []
    action = status = recipient = diagnostic = None
    if msg.get_content_type() == "multipart/report":
        for part in msg.walk():
            ctype = part.get_content_type()
            if ctype in ("message/delivery-status", "message/global-delivery-status"):
                for block in _dsn_fields(part):
                    if block.get("Action"):
                        action = action or str(block["Action"]).strip().lower()
                        status = status or (str(block.get("Status", "")).strip() or None)
                        recipient = recipient or _address(str(block.get("Final-Recipient", "")).split(";")[-1])
                        diagnostic = diagnostic or (str(block.get("Diagnostic-Code", "")).strip() or None)
            elif ctype in ("message/rfc822", "message/global"):
                inner = part.get_payload()
                inner_msg = inner[0] if isinstance(inner, list) and inner else None
                if isinstance(inner_msg, Message):
                    original_ids += parse_msg_ids(_header(inner_msg, "Message-ID"))
            elif ctype in ("text/rfc822-headers", "message/rfc822-headers"):
                text = part.get_payload(decode=True)
                found = re.search(rb"(?im)^message-id:\s*(<[^>]+>)", text) if isinstance(text, bytes) else None
                if found:
                    original_ids += parse_msg_ids(found.group(1).decode("ascii", "replace"))
    if not original_ids:
        # non-standard bounces quote the original somewhere in their text; accept only our ids
        body = b"\n".join(
            payload
            for part in msg.walk()
            if not part.is_multipart() and isinstance(payload := part.get_payload(decode=True), bytes)
        )
        for quoted in _ANY_MSG_ID.finditer(body.decode("ascii", "replace")):
            if is_our_message_id(quoted.group(1), our_domain):
                original_ids.append(quoted.group(1))
    if action is None and not original_ids:
        return None
    return BounceReport(
        original_message_ids=tuple(dict.fromkeys(original_ids)),
        action=action or "failed",
        status=status,
        recipient=recipient or None,
        diagnostic=diagnostic,
    )


def classify_noise(
    msg: Message, *, our_address: str | None, our_domain: str, subject: str | None = None
) -> NoiseVerdict | None:
    """Why this mail must not open a ticket, or None for a mail from a person.

    `subject` is the decoded subject (the raw header may be RFC 2047 encoded).
    """
    sender = _address(_header(msg, "From"))
    subject = subject if subject is not None else _header(msg, "Subject")
    return_path = _header(msg, "Return-Path")
    if (our_address and sender == our_address.lower()) or is_our_message_id(_header(msg, "Message-ID"), our_domain):
        return NoiseVerdict(NoiseKind.OWN_MAIL, "sent by the complaint desk itself")
    report_type = msg.get_param("report-type")
    is_report = msg.get_content_type() == "multipart/report" and str(report_type or "").lower() in (
        "delivery-status",
        "global-delivery-status",
    )
    if is_report or _DAEMON.match(sender) or (return_path == "<>" and _BOUNCE_SUBJECT.search(subject)):
        bounce = parse_bounce(msg, our_domain)
        if bounce is not None or is_report or _BOUNCE_SUBJECT.search(subject):
            return NoiseVerdict(NoiseKind.BOUNCE, "delivery status notification", bounce)
    auto_submitted = _header(msg, "Auto-Submitted").lower()
    if auto_submitted and auto_submitted != "no":
        return NoiseVerdict(NoiseKind.AUTO_REPLY, f"Auto-Submitted: {auto_submitted}")
    for name in ("X-Autoreply", "X-Autorespond", "X-Auto-Reply"):
        if _header(msg, name):
            return NoiseVerdict(NoiseKind.AUTO_REPLY, f"{name} header")
    precedence = (_header(msg, "Precedence") or _header(msg, "X-Precedence")).lower()
    if precedence in ("bulk", "junk", "auto_reply"):
        return NoiseVerdict(NoiseKind.AUTO_REPLY, f"Precedence: {precedence}")
    if precedence == "list" or any(_header(msg, h) for h in ("List-Id", "List-Post", "Mailing-List")):
        return NoiseVerdict(NoiseKind.MAILING_LIST, "mailing list headers")
    if _AUTO_SUBJECT.match(subject):
        return NoiseVerdict(NoiseKind.AUTO_REPLY, "auto-reply subject")
    if return_path == "<>":
        return NoiseVerdict(NoiseKind.AUTO_REPLY, "null envelope sender (Return-Path: <>)")
    return None
