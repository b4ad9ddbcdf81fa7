"""The inbound pipeline: one customer message becomes stored facts and queued replies.

`process_inbound` runs inside the caller's unit of work; `core.services.desk.Desk` wraps it with
validation, NLU, idempotency and the transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import Conversation, Customer, Message, Ticket, TicketDeadline, TicketEvent, TicketLink
from core.domain.labels import (
    OPEN_TICKET_STATUSES,
    Category,
    ConversationState,
    Direction,
    Kind,
    Language,
    TicketStatus,
    Tier,
)
from core.domain.messages import InboundMessage, NluResult
from core.grading import grade
from core.services import deadlines as steps
from core.services import replies
from core.services.customers import resolve_customer
from core.services.numbering import next_ticket_number
from core.services.replies import CONVERSATIONAL, reply_route
from core.templates import format_deadline, render, reply_language, status_name
from core.workflow import intake, revisits
from core.workflow.context import WorkflowContext
from core.workflow.timers import step_timers


@dataclass
class InboundOutcome:
    """What became of one inbound message."""

    message_id: int
    conversation_id: int
    ticket_number: str | None
    replies: list[str] = field(default_factory=list)
    duplicate: bool = False


async def process_inbound(
    session: AsyncSession, msg: InboundMessage, nlu: NluResult, ctx: WorkflowContext, now: datetime
) -> InboundOutcome:
    """Store `msg` with its customer, conversation and ticket, and queue the replies it needs."""
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

    # a pending revisit survey: a score answers it (and may reopen the ticket) instead of a new complaint
    answered = await revisits.answer_revisit(session, customer.id, msg.text, ctx=ctx, now=now)
    if answered is not None:
        inbound.ticket_id = answered.ticket_id
        conversation.updated_at = now
        await session.flush()
        return InboundOutcome(inbound.id, conversation.id, answered.ticket_number, [])

    ticket, closed_predecessor = await _ticket_for(session, msg, customer, conversation)
    reply: tuple[str, dict[str, object]] | None = None
    new_ticket: Ticket | None = None
    if ticket is not None:
        inbound.ticket_id = ticket.id
        ticket.updated_at = now
        session.add(TicketEvent(ticket_id=ticket.id, at=now, actor="customer", action="message_added",
                                data={"message_id": inbound.id, "channel": msg.channel.value}))
        resolve = await _deadline(session, ticket, steps.RESOLVE)
        reply = ("complaint_updated", {
            "number": ticket.number,
            "status": status_name(TicketStatus(ticket.status), language),
            "deadline": format_deadline(resolve or now, ctx.policy.zone, language),
        })
    elif nlu.kind is Kind.COMPLAINT:
        ticket, due = await _open_ticket(session, msg, nlu, customer, conversation, ctx, now)
        new_ticket = ticket
        inbound.ticket_id = ticket.id
        if closed_predecessor is not None:
            session.add(TicketLink(ticket_id=ticket.id, related_ticket_id=closed_predecessor.id,
                                   relation="repeat", created_at=now))
        resolve = due[steps.RESOLVE]
        hours = round((resolve - msg.received_at).total_seconds() / 3600)
        department = ctx.policy.departments[ctx.department_code(ticket.department_id)]
        reply = ("complaint_opened", {
            "department": department.for_language(language.value),
            "hours": hours,
            "deadline": format_deadline(resolve, ctx.policy.zone, language),
        })
    elif nlu.kind in (Kind.SUGGESTION, Kind.PRAISE):
        ticket, _ = await _open_ticket(session, msg, nlu, customer, conversation, ctx, now)
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
        # numbered last: on SQLite the daily counter row stays locked until commit, so taking it
        # at the very end keeps that lock short (PostgreSQL uses a sequence, see numbering.py)
        new_ticket.number = await next_ticket_number(session, msg.received_at, ctx.policy.zone)
        if new_ticket.kind == Kind.COMPLAINT.value:
            await intake.on_ticket_opened(session, new_ticket, nlu, ctx=ctx, now=now)
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


async def _open_ticket(
    session: AsyncSession,
    msg: InboundMessage,
    nlu: NluResult,
    customer: Customer,
    conversation: Conversation,
    ctx: WorkflowContext,
    now: datetime,
) -> tuple[Ticket, dict[str, datetime]]:
    """A new ticket with its deadlines and the `opened` event; returns the due times by step."""
    tier = Tier(customer.tier)
    category = nlu.category if nlu.kind is Kind.COMPLAINT else None
    graded = grade(
        category=category,
        tier=tier,
        risk_signals=nlu.risk_signals,
        repeat=bool(nlu.repeat_signals),
        appeal=msg.appeal,
    )
    complaint = nlu.kind is Kind.COMPLAINT
    department_code = ctx.policy.department_for(category or Category.OTHER) if complaint else ctx.policy.default_department
    ticket = Ticket(
        # a placeholder until process_inbound numbers the ticket at the end of the transaction
        number=f"pending-{uuid.uuid4().hex[:24]}",
        customer_id=customer.id,
        conversation_id=conversation.id,
        channel=msg.channel.value,
        kind=nlu.kind.value,
        category=category.value if category else None,
        business=nlu.business.value,
        entities=list(nlu.to_json()["entities"]),
        summary=msg.text[:500],
        severity=graded.severity.value,
        risk_colour=graded.colour.value,
        priority=graded.priority.value,
        status=(TicketStatus.NEW if complaint else TicketStatus.RECORDED).value,
        department_id=ctx.departments[department_code],
        is_appeal=msg.appeal,
        is_complex=msg.complex,
        received_at=msg.received_at,
        created_at=now,
        updated_at=now,
    )
    session.add(ticket)
    await session.flush()
    due = steps.initial_deadlines(
        policy=ctx.policy,
        calendar=ctx.calendar,
        kind=nlu.kind,
        tier=tier,
        received_at=msg.received_at,
        complex_track=msg.complex,
        appeal=msg.appeal,
    )
    for step, at in due.items():
        if step == steps.ACKNOWLEDGE:
            # the acknowledgement is queued in this very transaction: that step is met now
            session.add(TicketDeadline(ticket_id=ticket.id, step=step, due_at=at, met_at=now))
            continue
        session.add(TicketDeadline(ticket_id=ticket.id, step=step, due_at=at))
        # every step runs from the moment of receipt; its urge and breach timers go in with it
        session.add_all(step_timers(ticket_id=ticket.id, step=step, start=msg.received_at, due=at,
                                    policy=ctx.policy, now=now))
    session.add(
        TicketEvent(
            ticket_id=ticket.id,
            at=now,
            actor="bot",
            action="opened",
            data={
                "kind": ticket.kind,
                "category": ticket.category,
                "business": ticket.business,
                "department": department_code,
                "risk_colour": ticket.risk_colour,
                "severity": ticket.severity,
                "model": nlu.model,
            },
        )
    )
    return ticket, due


async def _deadline(session: AsyncSession, ticket: Ticket, step: str) -> datetime | None:
    return await session.scalar(
        select(TicketDeadline.due_at).where(TicketDeadline.ticket_id == ticket.id, TicketDeadline.step == step)
    )
