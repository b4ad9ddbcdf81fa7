"""An incoming SMS or MMS, turned into the core's `InboundMessage` (media fetched and stored)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

import httpx

from channels.sms.payloads import IncomingSms, MediaItem
from core.domain.labels import Channel, IdentityKind
from core.domain.messages import Attachment, Identity, InboundMessage
from core.errors import ChannelUnavailable

if TYPE_CHECKING:
    from channels.sms.sender import TwilioSmsAdapter

log = logging.getLogger(__name__)

# (bytes, filename, content type) -> storage reference; the attachment store of the deployment
SaveMedia = Callable[[bytes, str, str], Awaitable[str]]

TRUNCATION_MARK = " […]"

_EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/heic": ".heic",
    "video/mp4": ".mp4",
    "audio/amr": ".amr",
    "text/vcard": ".vcf",
    "text/x-vcard": ".vcf",
    "application/pdf": ".pdf",
}


def _filename(item: MediaItem, index: int, message_sid: str) -> str:
    # Twilio media URLs end in the media SID (ME...), a stable and unique name
    stem = item.url.rstrip("/").rsplit("/", 1)[-1] or f"{message_sid}-{index}"
    return stem + _EXTENSIONS.get(item.content_type, "")


async def collect_media(
    sms: IncomingSms,
    *,
    fetcher: TwilioSmsAdapter | None,
    save: SaveMedia | None,
    max_bytes: int,
) -> tuple[Attachment, ...]:
    """Attachments for the MMS media: fetched into the store when we have one, else Twilio's URL."""
    attachments: list[Attachment] = []
    for index, item in enumerate(sms.media):
        name = _filename(item, index, sms.message_sid)
        if fetcher is None or save is None:
            attachments.append(Attachment(name, item.content_type, 0, storage_ref=item.url))
            continue
        try:
            fetched = await fetcher.fetch_media(item.url, max_bytes)
        except (httpx.HTTPError, ChannelUnavailable) as exc:
            # keep Twilio's URL: the media stays there and an agent can still open it
            log.warning("MMS media %s of %s not fetched: %s", index, sms.message_sid, type(exc).__name__)
            attachments.append(
                Attachment(name, item.content_type, 0, storage_ref=item.url, refused_reason="download failed")
            )
            continue
        if fetched is None:
            attachments.append(
                Attachment(name, item.content_type, 0, refused_reason=f"larger than {max_bytes} bytes")
            )
            continue
        data, content_type = fetched
        try:
            ref = await save(data, name, content_type)
        except Exception:
            # a full disk must not cost the customer's message: keep Twilio's URL
            log.exception("attachment store failed for MMS media of %s", sms.message_sid)
            attachments.append(
                Attachment(name, content_type, len(data), storage_ref=item.url, refused_reason="store failed")
            )
            continue
        attachments.append(Attachment(name, content_type, len(data), storage_ref=ref))
    return tuple(attachments)


def to_inbound(
    sms: IncomingSms,
    form: Mapping[str, str],
    *,
    received_at: datetime,
    attachments: tuple[Attachment, ...],
    max_text_chars: int,
    opt_out: bool | None = None,
) -> InboundMessage:
    """The core's message for one SMS; a text beyond the desk's limit is cut, the whole body kept in raw."""
    text = sms.body
    if len(text) > max_text_chars:
        log.warning("SMS %s has %d characters; stored cut to %d", sms.message_sid, len(text), max_text_chars)
        text = text[: max_text_chars - len(TRUNCATION_MARK)] + TRUNCATION_MARK
    return InboundMessage(
        channel=Channel.SMS,
        provider_message_id=sms.message_sid,
        sender=Identity(IdentityKind.PHONE, sms.sender),
        text=text,
        received_at=received_at,
        # one conversation per customer number and our number (a deployment may have several)
        thread_key=f"{sms.sender}>{sms.messaging_service_sid or sms.recipient}",
        attachments=attachments,
        raw={"twilio": dict(form)},
        opt_out=opt_out,
    )
