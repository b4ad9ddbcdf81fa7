"""Raw RFC 5322 bytes to a `ParsedMail`: decoded headers, clean new text, attachments, noise.

Parsing never raises on bad input: malformed MIME, undecodable bytes and missing headers end up
in `ParsedMail.problems` so the mail is still recorded with a clear reason.
"""

from __future__ import annotations

import email
import email.header
import email.policy
import email.utils
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.message import Message

from channels.email.charsets import decode_bytes
from channels.email.html_text import html_to_text
from channels.email.language import guess_language
from channels.email.mail_threading import (
    clean_subject,
    fallback_message_id,
    is_forward,
    parse_msg_ids,
    thread_root,
    ticket_hint,
)
from channels.email.noise import NoiseVerdict, classify_noise
from channels.email.quoting import strip_quoted
from core.domain.labels import Language

_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")


@dataclass(frozen=True, slots=True)
class RawAttachment:
    """One attached file as found in the mail, bytes included."""

    filename: str
    content_type: str
    data: bytes
    inline: bool = False


@dataclass(slots=True)
class ParsedMail:
    """Everything the channel needs from one mail."""

    message_id: str
    from_address: str | None
    from_name: str | None
    subject: str
    date: datetime | None
    in_reply_to: list[str]
    references: list[str]
    text: str  # what the customer wrote now: quotes and signature stripped
    full_text: str  # the whole body as text
    language: Language | None
    ticket_hint: str | None
    thread_key: str
    forwarded: bool
    had_quote: bool
    html_only: bool
    to: list[str] = field(default_factory=list)
    reply_to: str | None = None
    attachments: list[RawAttachment] = field(default_factory=list)
    noise: NoiseVerdict | None = None
    problems: list[str] = field(default_factory=list)
    message_id_missing: bool = False
    size: int = 0
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def reply_to_ids(self) -> tuple[str, ...]:
        """Provider ids this mail answers: In-Reply-To first, then References newest first."""
        ordered = [*self.in_reply_to, *reversed(self.references)]
        return tuple(dict.fromkeys(ordered))


def _raw_header_text(value: object) -> str:
    """A header as text, re-decoding raw 8-bit bytes that the parser kept as surrogates."""
    if isinstance(value, email.header.Header):
        parts = []
        for chunk, charset in email.header.decode_header(value):
            if isinstance(chunk, bytes):
                parts.append(decode_bytes(chunk, None if charset == "unknown-8bit" else charset).text)
            else:
                parts.append(chunk)
        return "".join(parts)
    text = str(value)
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        return decode_bytes(text.encode("ascii", "surrogateescape"), None).text
    return text


def decode_header_value(value: object, problems: list[str] | None = None) -> str:
    """A header decoded from RFC 2047 words in any charset, tolerating wrong charset labels."""
    if value is None:
        return ""
    text = _raw_header_text(value)
    if not _ENCODED_WORD.search(text):
        return re.sub(r"\s*\n\s*", " ", text).strip()
    try:
        pieces = email.header.decode_header(text)
    except (email.errors.HeaderParseError, ValueError) as exc:
        if problems is not None:
            problems.append(f"undecodable header: {exc}")
        return text.strip()
    out = []
    for chunk, charset in pieces:
        if isinstance(chunk, bytes):
            decoded = decode_bytes(chunk, charset)
            if decoded.lossy and problems is not None:
                problems.append(f"header bytes not decodable as {charset}")
            out.append(decoded.text)
        else:
            out.append(chunk)
    return re.sub(r"\s*\n\s*", " ", "".join(out)).strip()


def _decode_part_text(part: Message, problems: list[str]) -> str:
    decoded_payload = part.get_payload(decode=True)
    if isinstance(decoded_payload, bytes):
        payload = decoded_payload
    else:
        raw = part.get_payload()
        payload = raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else b""
    declared = part.get_content_charset()
    if declared is None and part.get_content_type() == "text/html":
        meta = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_\-]+)", payload[:4096], re.IGNORECASE)
        declared = meta.group(1).decode("ascii") if meta else None
    decoded = decode_bytes(payload, declared)
    if decoded.lossy:
        problems.append(f"undecodable bytes in {part.get_content_type()} (declared {declared}), replaced")
    elif decoded.guessed and declared:
        problems.append(f"declared charset {declared} was wrong; decoded as {decoded.codec}")
    return decoded.text


def _filename(part: Message, problems: list[str]) -> str | None:
    try:
        name = part.get_filename()
    except (ValueError, LookupError):
        name = None
    if name is None:
        param = part.get_param("name")
        # an RFC 2231 triple, or a plain string
        name = email.utils.collapse_rfc2231_value(param) if isinstance(param, tuple) else param
    if not name:
        return None
    return decode_header_value(name, problems) or None


def _part_bytes(part: Message) -> bytes:
    """The decoded bytes of a leaf part; an attached message/rfc822 as its raw mail."""
    data = part.get_payload(decode=True)
    if isinstance(data, bytes):
        return data
    inner = part.get_payload()
    if isinstance(inner, list) and inner and isinstance(inner[0], Message):
        try:
            return inner[0].as_bytes()
        except (UnicodeError, LookupError):
            return str(inner[0]).encode("utf-8", "surrogateescape")
    if isinstance(inner, str):
        return inner.encode("utf-8", "surrogateescape")
    return b""


def _walk_leaves(msg: Message) -> list[Message]:
    leaves = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        leaves.append(part)
    return leaves


def _body_and_attachments(msg: Message, problems: list[str]) -> tuple[str, bool, list[RawAttachment]]:
    plain: list[str] = []
    html: list[str] = []
    attachments: list[RawAttachment] = []
    for part in _walk_leaves(msg):
        ctype = part.get_content_type()
        disposition = (part.get_content_disposition() or "").lower()
        filename = _filename(part, problems)
        is_body_text = (
            ctype in ("text/plain", "text/html")
            and disposition != "attachment"
            and not (filename and disposition == "inline" and ctype != "text/plain")
        )
        if part.get_content_maintype() == "multipart":
            # a multipart without a usable boundary: its raw text is all we have
            problems.append("multipart part without a usable boundary; kept as text")
            plain.append(_decode_part_text(part, problems))
        elif is_body_text and not filename:
            (plain if ctype == "text/plain" else html).append(_decode_part_text(part, problems))
        elif ctype == "message/rfc822" or part.get_content_maintype() != "multipart":
            data = _part_bytes(part)
            default = "forwarded.eml" if ctype == "message/rfc822" else "attachment.bin"
            attachments.append(RawAttachment(filename or default, ctype, data, inline=disposition == "inline"))
    html_only = not any(p.strip() for p in plain) and bool(html)
    bodies = [html_to_text(h) for h in html] if html_only else [p for p in plain if p.strip()]
    text = "\n\n".join(bodies)
    return text.replace("\r\n", "\n"), html_only, attachments


_BOUNDARY_LINE = re.compile(r"^--([^\s-][^\s]{0,69}?)(--)?\s*$", re.MULTILINE)


def _repair_boundary(msg: Message, raw: bytes, problems: list[str]) -> Message:
    """A multipart without a boundary parameter: take the boundary from the first `--x` line."""
    if msg.get_content_maintype() != "multipart" or msg.is_multipart():
        return msg
    payload = msg.get_payload()
    if not isinstance(payload, str):
        return msg
    match = _BOUNDARY_LINE.search(payload)
    if match is None:
        return msg
    # a header placed first wins over the broken one further down (Message.get takes the first)
    header = f'Content-Type: {msg.get_content_type()}; boundary="{match.group(1)}"\r\n'
    repaired = email.message_from_bytes(header.encode("ascii", "replace") + raw, policy=email.policy.compat32)
    if repaired.is_multipart():
        problems.append(f"multipart without boundary parameter; used {match.group(1)!r} found in the body")
        return repaired
    return msg


def _parse_date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo else None


def _fallback(raw: bytes, exc: Exception) -> ParsedMail:
    """The least we can say about a mail the parser choked on; the raw .eml keeps the rest."""
    head, _, body = raw.partition(b"\r\n\r\n") if b"\r\n\r\n" in raw else raw.partition(b"\n\n")
    found = re.search(rb"(?im)^from:.*?([\w.+-]+@[\w-]+(\.[\w-]+)+)", head)
    address = found.group(1).decode("ascii").lower() if found else None
    text = decode_bytes(body[:20000], None).text.strip()
    message_id = fallback_message_id(raw)
    return ParsedMail(
        message_id=message_id,
        from_address=address,
        from_name=None,
        subject="",
        date=None,
        in_reply_to=[],
        references=[],
        text=text,
        full_text=text,
        language=guess_language(text),
        ticket_hint=None,
        thread_key=message_id,
        forwarded=False,
        had_quote=False,
        html_only=False,
        problems=[f"unparseable mail ({type(exc).__name__}: {exc}); kept raw, text is the undecoded body"],
        message_id_missing=True,
        size=len(raw),
    )


def parse_mail(raw: bytes, *, our_address: str | None = None, our_domain: str = "complaintdesk.invalid") -> ParsedMail:
    """Parse one raw mail; never raises, problems are listed on the result."""
    try:
        return _parse_mail(raw, our_address=our_address, our_domain=our_domain)
    except Exception as exc:
        return _fallback(raw, exc)


def _parse_mail(raw: bytes, *, our_address: str | None = None, our_domain: str = "complaintdesk.invalid") -> ParsedMail:
    """Parse one raw mail; never raises, problems are listed on the result."""
    problems: list[str] = []
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    for defect in msg.defects:
        problems.append(f"MIME defect: {type(defect).__name__}")
    msg = _repair_boundary(msg, raw, problems)

    raw_id = str(msg.get("Message-ID", "") or "")
    ids = parse_msg_ids(raw_id)
    message_id_missing = not ids
    message_id = ids[0] if ids else fallback_message_id(raw)
    if message_id_missing:
        problems.append("no Message-ID header; using a hash of the raw mail")

    from_raw = decode_header_value(msg.get("From"), problems)
    name, address = email.utils.parseaddr(from_raw)
    if not address or "@" not in address:
        fallback = decode_header_value(msg.get("Sender") or msg.get("Reply-To"), problems)
        name2, address = email.utils.parseaddr(fallback)
        name = name or name2
        if address and "@" in address:
            problems.append("no usable From; sender taken from Sender/Reply-To")
        else:
            address = ""
            problems.append("no sender address (From missing or malformed)")
    subject = decode_header_value(msg.get("Subject"), problems)
    in_reply_to = parse_msg_ids(str(msg.get("In-Reply-To", "") or ""))
    references = parse_msg_ids(_raw_header_text(msg.get("References", "") or ""))
    date = _parse_date(str(msg.get("Date", "") or ""))

    full_text, html_only, attachments = _body_and_attachments(msg, problems)
    forwarded = is_forward(subject)
    stripped = strip_quoted(full_text, forwarded=forwarded)
    text = stripped.text
    if not text and full_text.strip() and not stripped.had_quote:
        text = full_text.strip()
    language = guess_language(f"{clean_subject(subject)}\n{text}")
    _, reply_to = email.utils.parseaddr(decode_header_value(msg.get("Reply-To")))
    to = [addr.lower() for _, addr in email.utils.getaddresses([decode_header_value(msg.get("To"))]) if addr]
    noise = classify_noise(msg, our_address=our_address, our_domain=our_domain, subject=subject)
    headers = {
        key: decode_header_value(msg.get(key))
        for key in (
            "From",
            "To",
            "Cc",
            "Subject",
            "Date",
            "Message-ID",
            "In-Reply-To",
            "X-Mailer",
            "User-Agent",
        )
        if msg.get(key) is not None
    }
    return ParsedMail(
        message_id=message_id,
        from_address=address.strip().lower() or None,
        from_name=name.strip() or None,
        subject=subject,
        date=date,
        in_reply_to=in_reply_to,
        references=references,
        text=text,
        full_text=full_text.strip(),
        language=language,
        ticket_hint=ticket_hint(subject),
        thread_key=thread_root(message_id, in_reply_to, references),
        forwarded=stripped.forwarded,
        had_quote=stripped.had_quote,
        html_only=html_only,
        to=to,
        reply_to=reply_to.lower() or None,
        attachments=attachments,
        noise=noise,
        problems=problems,
        message_id_missing=message_id_missing,
        size=len(raw),
        headers=headers,
    )
