"""Queueing replies: an outbound message row plus its outbox item, in the caller's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import Message, OutboxItem
from core.domain.labels import Channel, DeliveryStatus, Direction, IdentityKind, Language
from core.domain.messages import Identity

# Channels whose replies go back where the message came from.
CONVERSATIONAL = frozenset({Channel.WEB, Channel.TELEGRAM, Channel.EMAIL, Channel.SMS})
# Complaints recorded elsewhere (console, bulk import): we answer through a channel we can reach.
RECORDED_ELSEWHERE = frozenset({Channel.PHONE, Channel.WALK_IN, Channel.LETTER, Channel.IMPORT})


def reply_route(channel: Channel, reply_address: str, identities: list[Identity]) -> tuple[Channel, str] | None:
    """Where a reply to a message on `channel` goes, or None when the customer cannot be reached.

    The API channel answers inline in the HTTP response; console and import complaints are
    acknowledged by e-mail, else by SMS, when the customer gave an address.
    """
    if channel in CONVERSATIONAL or channel is Channel.API:
        return channel, reply_address
    by_kind = {i.kind: i.value for i in identities}
    if IdentityKind.EMAIL in by_kind:
        return Channel.EMAIL, by_kind[IdentityKind.EMAIL]
    if IdentityKind.PHONE in by_kind:
        return Channel.SMS, by_kind[IdentityKind.PHONE]
    return None


def queue_reply(
    session: AsyncSession,
    *,
    channel: Channel,
    recipient: str,
    text: str,
    language: Language,
    template: str,
    idempotency_key: str,
    conversation_id: int,
    customer_id: int,
    ticket_id: int | None,
    in_reply_to: Message | None,
    subject: str | None,
    now: datetime,
    author: str = "bot",
    options: dict[str, Any] | None = None,
) -> Message:
    """Add an outbound message and, unless it is answered inline, its outbox item."""
    inline = channel is Channel.API
    message = Message(
        conversation_id=conversation_id,
        customer_id=customer_id,
        ticket_id=ticket_id,
        direction=Direction.OUTBOUND.value,
        channel=channel.value,
        author=author,
        text=text,
        subject=subject,
        language=language.value,
        attachments=[],
        recipient=recipient,
        template=template,
        options=options,
        in_reply_to=in_reply_to,
        # the API channel's replies travel in the HTTP response itself; a client that lost the
        # response re-posts the same message_id and gets the same replies back
        delivery_status=(DeliveryStatus.DELIVERED if inline else DeliveryStatus.QUEUED).value,
        created_at=now,
        sent_at=now if inline else None,
    )
    session.add(message)
    if not inline:
        session.add(
            OutboxItem(
                message=message,
                idempotency_key=idempotency_key,
                channel=channel.value,
                status="pending",
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        )
    return message
