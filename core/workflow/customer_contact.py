"""Writing to a customer outside a conversation turn: results, progress, delay notices, surveys.

The message goes to the preferred channel (the one complained on unless the customer chose
another), then down the policy's fallback order, skipping channels the customer opted out of or
has no address on (policy §7). When the outbox gives up on one channel, `fall_back_failed` queues
the same text on the next channel of the chain.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import Conversation, Customer, CustomerIdentity, Message, OptOut, Ticket, TicketEvent
from core.domain.labels import Channel, DeliveryStatus, IdentityKind, Language
from core.policy import Policy
from core.services.replies import queue_reply
from core.templates import render, reply_language

# the identity that addresses a customer on each channel we can write to first
_ADDRESS_KIND = {
    Channel.SMS: IdentityKind.PHONE,
    Channel.EMAIL: IdentityKind.EMAIL,
    Channel.TELEGRAM: IdentityKind.TELEGRAM,
    Channel.WEB: IdentityKind.WEB,
}
WRITTEN = (Channel.SMS, Channel.EMAIL)  # commitments are confirmed in writing (policy §7)


@dataclass(frozen=True)
class Route:
    channel: Channel
    recipient: str


async def routes(
    session: AsyncSession, customer: Customer, ticket: Ticket | None, policy: Policy,
    only: tuple[Channel, ...] | None = None,
) -> list[Route]:
    """Where this customer can be written to, best first, without opted-out channels."""
    identities = (
        await session.scalars(select(CustomerIdentity).where(CustomerIdentity.customer_id == customer.id)
                              .order_by(CustomerIdentity.id))
    ).all()
    by_kind: dict[str, str] = {}
    for ident in identities:
        by_kind.setdefault(ident.kind, ident.value)
    order: list[Channel] = []
    for name in (customer.preferred_channel, ticket.channel if ticket else None):
        if name and name in Channel._value2member_map_:
            order.append(Channel(name))
    order.extend(policy.workflow.result_fallback)
    found: list[Route] = []
    for channel in dict.fromkeys(order):
        kind = _ADDRESS_KIND.get(channel)
        if kind is None or kind.value not in by_kind or (only is not None and channel not in only):
            continue
        address = by_kind[kind.value]
        opted = await session.get(OptOut, (channel.value, address))
        if opted is not None and opted.opted_out:
            continue
        found.append(Route(channel, address))
    return found


async def _conversation_for(session: AsyncSession, customer: Customer, ticket: Ticket | None, channel: Channel) -> int | None:
    if ticket is not None and ticket.conversation_id is not None and ticket.channel == channel.value:
        return ticket.conversation_id
    found = await session.scalar(
        select(Conversation.id).where(Conversation.customer_id == customer.id, Conversation.channel == channel.value)
        .order_by(Conversation.id.desc()).limit(1)
    )
    if found is not None:
        return int(found)
    return ticket.conversation_id if ticket is not None else None


async def write_to_customer(
    session: AsyncSession,
    *,
    customer: Customer,
    ticket: Ticket | None,
    template: str,
    values: dict[str, Any],
    key: str,
    policy: Policy,
    now: datetime,
    only: tuple[Channel, ...] | None = None,
    options: dict[str, Any] | None = None,
) -> Message | None:
    """Queue `template` to the customer's best reachable channel; None (and an event) if none."""
    chain = await routes(session, customer, ticket, policy, only)
    if not chain:
        if ticket is not None:
            session.add(TicketEvent(ticket_id=ticket.id, at=now, actor="system", action="unreachable",
                                    data={"template": template}))
        return None
    language = reply_language(None, customer.language)
    return await _queue(session, customer, ticket, template, values, key, chain, language, now, options or {})


async def _queue(
    session: AsyncSession, customer: Customer, ticket: Ticket | None, template: str, values: dict[str, Any],
    key: str, chain: list[Route], language: Language, now: datetime, options: dict[str, Any],
) -> Message | None:
    first, rest = chain[0], chain[1:]
    conversation_id = await _conversation_for(session, customer, ticket, first.channel)
    if conversation_id is None:
        return None
    text = render(template, language, **values)
    return queue_reply(
        session,
        channel=first.channel,
        recipient=first.recipient,
        text=text,
        language=language,
        template=template,
        idempotency_key=f"{key}-{first.channel.value}",
        conversation_id=conversation_id,
        customer_id=customer.id,
        ticket_id=ticket.id if ticket else None,
        in_reply_to=None,
        subject=render("ticket_subject", language, number=ticket.number) if ticket else None,
        now=now,
        author="system",
        # the rest of the chain travels with the message so a failure can move on to it
        options={**options, "fallback": [[r.channel.value, r.recipient] for r in rest], "fallback_key": key,
                 "values": values},
    )


async def fall_back_failed(session: AsyncSession, now: datetime, limit: int = 100) -> int:
    """Re-queue failed workflow messages on the next channel of their chain; returns how many."""
    failed = (
        await session.scalars(
            select(Message).where(Message.delivery_status == DeliveryStatus.FAILED.value,
                                  Message.author == "system")
            .order_by(Message.id).limit(limit)
        )
    ).all()
    moved = 0
    for message in failed:
        options = dict(message.options or {})
        if "fallback" not in options or options.get("fell_back"):
            continue
        # marked first, in the same transaction: a crash re-queues nothing twice
        message.options = {**options, "fell_back": True}
        chain = [Route(Channel(c), r) for c, r in options["fallback"]]
        customer = await session.get(Customer, message.customer_id)
        ticket = await session.get(Ticket, message.ticket_id) if message.ticket_id else None
        if customer is None or message.template is None:
            continue
        if not chain:
            if ticket is not None:
                session.add(TicketEvent(ticket_id=ticket.id, at=now, actor="system", action="unreachable",
                                        data={"template": message.template, "last_channel": message.channel}))
            continue
        extra = {k: v for k, v in options.items() if k not in ("fallback", "fallback_key", "values", "fell_back")}
        await _queue(session, customer, ticket, message.template, dict(options.get("values") or {}),
                     str(options.get("fallback_key")), chain, Language(message.language or "zh-Hans"), now, extra)
        if ticket is not None:
            session.add(TicketEvent(ticket_id=ticket.id, at=now, actor="system", action="fallback_channel",
                                    data={"template": message.template, "from": message.channel,
                                          "to": chain[0].channel.value}))
        moved += 1
    return moved
