"""The inbound pipeline: one customer message becomes stored facts and queued replies.

`process_inbound` runs inside the caller's unit of work; `core.services.desk.Desk` wraps it with
validation, NLU, idempotency and the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import Conversation, Customer, Message, Ticket, TicketEvent, TicketLink
from core.domain.labels import (
    OPEN_TICKET_STATUSES,
    Business,
    ConversationState,
    Direction,
    Kind,
    Language,
    TicketStatus,
    Tier,
)
from core.domain.messages import InboundMessage, NluResult
from core.ports import ConversationBot
from core.services import bot_turns, opt_outs, replies
from core.services import deadlines as steps
from core.services.customers import resolve_customer
from core.services.opening import finish_new_ticket, open_ticket, opened_values, step_due
from core.services.replies import CONVERSATIONAL, reply_route
from core.templates import format_deadline, render, reply_language, status_name
from core.workflow import intake, revisits
from core.workflow.context import WorkflowContext


@dataclass
class InboundOutcome:
    """What became of one inbound message."""

    message_id: int
    conversation_id: int
    ticket_number: str | None
    replies: list[str] = field(default_factory=list)
    duplicate: bool = False


async def process_inbound(
    session: AsyncSession,
    msg: InboundMessage,
    nlu: NluResult,
    ctx: WorkflowContext,
    now: datetime,
    *,
    bot: ConversationBot | None = None,
) -> InboundOutcome:
    """Store `msg` with its customer, conversation and ticket, and queue the replies it needs.

    With a `bot`, chat-like channels talk to it first (`bot_turns.py`); without one, and on the
    other channels, a complaint opens its ticket at once (direct intake).
    """
    detected = msg.language or nlu.language
    customer = await resolve_customer(
        session,
        [msg.sender, *msg.extra_identities],
        name=msg.name,
        tier=Tier(msg.tier) if msg.tier else None,
        language=detected.value if detected is not Language.MIXED else None,
        now=now,
    )
    language = reply_language(detected, customer.language)
    if detected is not Language.MIXED:
        customer.language = detected.value
    if customer.preferred_channel is None and msg.channel in CONVERSATIONAL:
        customer.preferred_channel = msg.channel.value

    conversation = await _open_conversation(session, msg, customer, now)
    inbound = Message(
        conversation_id=conversation.id,
        customer_id=customer.id,
        direction=Direction.INBOUND.value,
        channel=msg.channel.value,
        provider_message_id=msg.provider_message_id,
        author="customer",
        text=msg.text,
        subject=msg.subject,
        language=detected.value,
        attachments=[
            {
                "filename": a.filename,
                "content_type": a.content_type,
                "size": a.size,
                "storage_ref": a.storage_ref,
                "refused_reason": a.refused_reason,
            }
            for a in msg.attachments
        ],
        raw=msg.raw if isinstance(msg.raw, dict) else ({"text": msg.raw} if msg.raw is not None else None),
        nlu=nlu.to_json(),
        created_at=msg.received_at,
    )
    session.add(inbound)
    # the inbox guarantee fails here, before anything else is written, on a replayed message
    await session.flush()

    if msg.opt_out is not None:
        # STOP/退订 or START: kept with the conversation, honoured at once, nothing else to do
        await opt_outs.set_opt_out(session, msg.channel, msg.sender.value, msg.opt_out, now)
        conversation.updated_at = now
        await session.flush()
        return InboundOutcome(inbound.id, conversation.id, None, [])

    # a pending revisit survey: a score answers it (and may reopen the ticket) instead of a new complaint
    names_a_service = nlu.kind is Kind.COMPLAINT and nlu.business is not Business.UNKNOWN
    answered = await revisits.answer_revisit(session, customer.id, msg.text, ctx=ctx, now=now,
                                             names_a_service=names_a_service)
    if answered is not None:
        inbound.ticket_id = answered.ticket_id
        conversation.updated_at = now
        await session.flush()
        return InboundOutcome(inbound.id, conversation.id, answered.ticket_number, [])

    ticket, closed_predecessor = await _ticket_for(session, msg, customer, conversation)
    if bot is not None and msg.channel in bot_turns.BOT_CHANNELS:
        if conversation.state == ConversationState.BOT.value:
            talked = await bot_turns.converse(
                session, bot, msg, nlu, inbound=inbound, customer=customer, conversation=conversation,
                current=ticket, closed_predecessor=closed_predecessor, detected=detected, ctx=ctx, now=now,
            )
            if not talked.follow_up:
                conversation.updated_at = now
                await session.flush()
                number = talked.ticket.number if talked.ticket is not None else None
                return InboundOutcome(inbound.id, conversation.id, number, talked.texts)
        elif ticket is None:
            # waiting for or talking with an agent: the person answers, nothing opens by itself
            notice: list[str] = []
            if conversation.state == ConversationState.WAITING_FOR_AGENT.value:
                notice = await bot_turns.still_waiting(session, msg, inbound=inbound, customer=customer,
                                                       conversation=conversation, language=language, now=now)
            conversation.updated_at = now
            await session.flush()
            return InboundOutcome(inbound.id, conversation.id, None, notice)
    reply: tuple[str, dict[str, object]] | None = None
    new_ticket: Ticket | None = None
    if ticket is not None:
        inbound.ticket_id = ticket.id
        ticket.updated_at = now
        session.add(TicketEvent(ticket_id=ticket.id, at=now, actor="customer", action="message_added",
                                data={"message_id": inbound.id, "channel": msg.channel.value}))
        resolve = await step_due(session, ticket, steps.RESOLVE)
        reply = ("complaint_updated", {
            "number": ticket.number,
            "status": status_name(TicketStatus(ticket.status), language),
            "deadline": format_deadline(resolve or now, ctx.policy.zone, language),
        })
    elif nlu.kind is Kind.COMPLAINT:
        ticket, due = await _open_direct(session, msg, nlu, customer, conversation, ctx, now)
        new_ticket = ticket
        inbound.ticket_id = ticket.id
        if closed_predecessor is not None:
            session.add(TicketLink(ticket_id=ticket.id, related_ticket_id=closed_predecessor.id,
                                   relation="repeat", created_at=now))
        reply = ("complaint_opened", opened_values(ticket, due, msg.received_at, language, ctx))
    elif nlu.kind in (Kind.SUGGESTION, Kind.PRAISE):
        ticket, _ = await _open_direct(session, msg, nlu, customer, conversation, ctx, now)
        new_ticket = ticket
        inbound.ticket_id = ticket.id
        name = "suggestion_recorded" if nlu.kind is Kind.SUGGESTION else "praise_recorded"
        reply = (name, {})
    elif nlu.kind is Kind.INQUIRY:
        conversation.state = ConversationState.WAITING_FOR_AGENT.value
        reply = ("inquiry_received", {})
    else:
        reply = ("greeting", {})

    if new_ticket is not None:
        await finish_new_ticket(session, new_ticket, nlu, ctx=ctx, now=now)
    elif ticket is not None:
        await intake.on_message_added(session, ticket, nlu, message_id=inbound.id, ctx=ctx, now=now)
    texts: list[str] = []
    # once an agent holds the conversation the bot stays silent; the agent answers
    if reply is not None and conversation.state != ConversationState.AGENT.value:
        route = reply_route(msg.channel, msg.reply_address or msg.sender.value,
                            [msg.sender, *msg.extra_identities])
        template, values = reply
        if ticket is not None:
            values["number"] = ticket.number
        text = render(template, language, **values)
        refused = [a.filename for a in msg.attachments if a.refused_reason]
        if refused:
            # the message is recorded without them; the customer must know to send them again
            text += "\n" + render("attachment_refused", language, files=", ".join(refused))
        if route is not None:
            channel, recipient = route
            replies.queue_reply(
                session,
                channel=channel,
                recipient=recipient,
                text=text,
                language=language,
                template=template,
                idempotency_key=f"reply-{inbound.id}-{template}",
                conversation_id=conversation.id,
                customer_id=customer.id,
                ticket_id=ticket.id if ticket else None,
                in_reply_to=inbound,
                subject=msg.subject,
                now=now,
            )
            texts.append(text)
        elif ticket is not None:
            session.add(TicketEvent(ticket_id=ticket.id, at=now, actor="system", action="unreachable",
                                    data={"reason": "no channel to acknowledge on"}))
    if ticket is not None:
        conversation.ticket_id = ticket.id
    conversation.updated_at = now
    await session.flush()
    return InboundOutcome(inbound.id, conversation.id, ticket.number if ticket else None, texts)


async def _open_conversation(
    session: AsyncSession, msg: InboundMessage, customer: Customer, now: datetime
) -> Conversation:
    conversation = await session.scalar(
        select(Conversation).where(
            Conversation.channel == msg.channel.value,
            Conversation.thread_key == msg.thread_key,
            Conversation.state != ConversationState.CLOSED.value,
        )
        # one message of a conversation at a time: two follow-ups racing would otherwise take
        # the ticket and conversation rows in opposite orders and deadlock
        .with_for_update()
    )
    if conversation is None:
        conversation = Conversation(
            customer_id=customer.id,
            channel=msg.channel.value,
            thread_key=msg.thread_key,
            state=ConversationState.BOT.value,
            bot_state={},
            created_at=now,
            updated_at=now,
        )
        session.add(conversation)
        await session.flush()
    return conversation


async def _ticket_for(
    session: AsyncSession, msg: InboundMessage, customer: Customer, conversation: Conversation
) -> tuple[Ticket | None, Ticket | None]:
    """The open ticket this message continues, and a closed one it refers back to.

    A ticket named by the channel (subject tag, reply headers) counts only when it belongs to the
    sender: anyone else writing "[#TS...]" opens a ticket of their own.
    """
    candidates: list[Ticket] = []
    if msg.ticket_hint:
        hinted = await session.scalar(select(Ticket).where(Ticket.number == msg.ticket_hint))
        if hinted is not None:
            candidates.append(hinted)
    if msg.reply_to_ids:
        ticket_ids = (
            await session.scalars(
                select(Message.ticket_id).where(
                    Message.channel == msg.channel.value,
                    Message.provider_message_id.in_(msg.reply_to_ids),
                    Message.ticket_id.is_not(None),
                )
            )
        ).all()
        if ticket_ids:
            candidates.extend((await session.scalars(select(Ticket).where(Ticket.id.in_(ticket_ids)))).all())
    if conversation.ticket_id is not None:
        current = await session.get(Ticket, conversation.ticket_id)
        if current is not None:
            candidates.append(current)
    closed = None
    for ticket in candidates:
        if ticket.customer_id != customer.id:
            continue
        if ticket.status in OPEN_TICKET_STATUSES:
            return ticket, None
        if ticket.status == TicketStatus.CLOSED.value and closed is None:
            closed = ticket
    return None, closed


async def _open_direct(
    session: AsyncSession,
    msg: InboundMessage,
    nlu: NluResult,
    customer: Customer,
    conversation: Conversation,
    ctx: WorkflowContext,
    now: datetime,
) -> tuple[Ticket, dict[str, datetime]]:
    """A ticket straight from one message (no dialogue): its text is the summary."""
    return await open_ticket(
        session, channel=msg.channel, received_at=msg.received_at, summary=msg.text, nlu=nlu,
        customer=customer, conversation=conversation, ctx=ctx, now=now,
        appeal=msg.appeal, complex_track=msg.complex,
    )
