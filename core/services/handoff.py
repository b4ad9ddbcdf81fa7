"""Handoff between the bot and agents: who holds a conversation, agent replies and notes.

States (issue 6): bot → waiting_for_agent → agent → bot | closed. Each function is one unit of
work. Taking a conversation is a conditional UPDATE (`... WHERE state IN (bot, waiting)`), so of
two agents clicking at once exactly one wins, on SQLite and on PostgreSQL alike; the loser gets
`NotAllowed`. While the state is `agent` the inbound pipeline queues no bot replies.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import (
    Conversation,
    ConversationNote,
    CustomerIdentity,
    Message,
    NluFeedback,
    OutboxItem,
    Ticket,
    TicketEvent,
)
from core.domain.labels import Business, Category, Channel, ConversationState, Direction, IdentityKind, Kind
from core.domain.messages import Identity
from core.errors import InvalidInbound, NotAllowed, NotFound
from core.services.replies import queue_reply, reply_route
from core.templates import reply_language

if TYPE_CHECKING:
    from core.services.desk import Desk

TAKEABLE = (ConversationState.BOT.value, ConversationState.WAITING_FOR_AGENT.value)
MAX_NOTE_CHARS = 5000


def staff_actor(staff_id: int) -> str:
    """The author / actor string of a member of staff, e.g. `staff:7`."""
    return f"staff:{staff_id}"


@dataclass(frozen=True)
class StateChange:
    """What a handoff command did, for the caller to announce (console live list)."""

    conversation_id: int
    state: str
    agent_id: int | None
    channel: str = ""
    thread_key: str = ""


async def request_agent(desk: Desk, conversation_id: int) -> StateChange:
    """The customer asked for a human: a bot conversation now waits for an agent."""
    async with desk.unit_of_work() as uow:
        now = desk.clock.now()
        result: Any = await uow.session.execute(
            update(Conversation)
            .where(Conversation.id == conversation_id, Conversation.state == ConversationState.BOT.value)
            .values(state=ConversationState.WAITING_FOR_AGENT.value, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        conversation = await _conversation(uow.session, conversation_id)
        if result.rowcount == 1:
            await _ticket_event(uow.session, conversation, "customer", "agent_requested", {}, now)
        await uow.commit()
        return StateChange(conversation.id, conversation.state, conversation.agent_id, conversation.channel,
                           conversation.thread_key)


async def take_over(desk: Desk, conversation_id: int, staff_id: int) -> StateChange:
    """Give the conversation to this agent; NotAllowed if another agent holds it (or it is closed)."""
    async with desk.unit_of_work() as uow:
        now = desk.clock.now()
        result: Any = await uow.session.execute(
            update(Conversation)
            .where(Conversation.id == conversation_id, Conversation.state.in_(TAKEABLE))
            .values(state=ConversationState.AGENT.value, agent_id=staff_id, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        conversation = await _conversation(uow.session, conversation_id)
        if result.rowcount != 1:
            if conversation.state == ConversationState.AGENT.value and conversation.agent_id == staff_id:
                # a double click
                return StateChange(conversation.id, conversation.state, staff_id, conversation.channel,
                                   conversation.thread_key)
            raise NotAllowed(f"conversation {conversation_id} is {conversation.state}"
                             + (f" (agent {conversation.agent_id})" if conversation.agent_id else ""))
        await _ticket_event(uow.session, conversation, staff_actor(staff_id), "taken_over", {}, now)
        await uow.commit()
        return StateChange(conversation.id, ConversationState.AGENT.value, staff_id, conversation.channel,
                           conversation.thread_key)


async def hand_back(desk: Desk, conversation_id: int, staff_id: int, *, override: bool = False) -> StateChange:
    """Return the conversation to the bot; only its agent may, unless `override` (a supervisor)."""
    return await _release(desk, conversation_id, staff_id, ConversationState.BOT, "handed_back", override)


async def close(desk: Desk, conversation_id: int, staff_id: int, *, override: bool = False) -> StateChange:
    """End the conversation; the customer's next message opens a new one."""
    return await _release(desk, conversation_id, staff_id, ConversationState.CLOSED, "conversation_closed", override)


async def _release(
    desk: Desk, conversation_id: int, staff_id: int, to: ConversationState, action: str, override: bool
) -> StateChange:
    async with desk.unit_of_work() as uow:
        now = desk.clock.now()
        condition = [Conversation.id == conversation_id, Conversation.state != ConversationState.CLOSED.value]
        if not override:
            condition += [Conversation.state == ConversationState.AGENT.value, Conversation.agent_id == staff_id]
        result: Any = await uow.session.execute(
            update(Conversation)
            .where(*condition)
            .values(state=to.value, agent_id=None, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        conversation = await _conversation(uow.session, conversation_id)
        if result.rowcount != 1:
            raise NotAllowed(f"conversation {conversation_id} is {conversation.state}, not held by you")
        await _ticket_event(uow.session, conversation, staff_actor(staff_id), action, {}, now)
        await uow.commit()
        return StateChange(conversation.id, to.value, None, conversation.channel, conversation.thread_key)


async def agent_reply(desk: Desk, conversation_id: int, staff_id: int, text: str) -> int:
    """Queue the agent's answer on the customer's channel; returns the outbound message id.

    Only the agent holding the conversation may answer: the conversation row is re-read under
    the same conditions in the transaction that queues the message.
    """
    text = text.strip()
    if not text:
        raise InvalidInbound("text: empty")
    if len(text) > desk.policy.limits.max_text_chars:
        raise InvalidInbound(f"text: longer than {desk.policy.limits.max_text_chars} characters")
    async with desk.unit_of_work() as uow:
        session, now = uow.session, desk.clock.now()
        conversation = await _conversation(session, conversation_id)
        if conversation.state != ConversationState.AGENT.value or conversation.agent_id != staff_id:
            raise NotAllowed("take the conversation over before replying")
        route = await agent_route(session, conversation)
        if route is None:
            raise NotAllowed("the customer left no way to reach them")
        channel, recipient = route
        last_in = await session.scalar(
            select(Message)
            .where(Message.conversation_id == conversation.id, Message.direction == Direction.INBOUND.value)
            .order_by(Message.id.desc())
            .limit(1)
        )
        language = reply_language(None, last_in.language if last_in else None)
        message = queue_reply(
            session,
            channel=channel,
            recipient=recipient,
            text=text,
            language=language,
            template="agent_reply",
            idempotency_key=f"agent-{conversation.id}-{uuid.uuid4().hex}",
            conversation_id=conversation.id,
            customer_id=conversation.customer_id,
            ticket_id=conversation.ticket_id,
            in_reply_to=last_in,
            subject=last_in.subject if last_in else None,
            now=now,
            author=staff_actor(staff_id),
        )
        conversation.updated_at = now
        await session.flush()
        await _ticket_event(session, conversation, staff_actor(staff_id), "agent_replied",
                            {"message_id": message.id, "channel": channel.value}, now)
        await uow.commit()
        return message.id


async def add_note(desk: Desk, conversation_id: int, staff_id: int, text: str) -> int:
    """An internal note on the conversation (never sent to the customer); returns its id."""
    text = text.strip()
    if not text or len(text) > MAX_NOTE_CHARS:
        raise InvalidInbound(f"note: empty or longer than {MAX_NOTE_CHARS} characters")
    async with desk.unit_of_work() as uow:
        now = desk.clock.now()
        conversation = await _conversation(uow.session, conversation_id)
        note = ConversationNote(conversation_id=conversation.id, staff_id=staff_id, text=text, created_at=now)
        uow.session.add(note)
        conversation.updated_at = now
        await uow.session.flush()
        await _ticket_event(uow.session, conversation, staff_actor(staff_id), "note_added", {"note_id": note.id}, now)
        await uow.commit()
        return note.id


async def correct_labels(
    desk: Desk, message_id: int, staff_id: int, *, kind: Kind, category: Category | None, business: Business
) -> int:
    """Store an agent's correction of a message's NLU labels as training feedback; returns its id."""
    if kind is not Kind.COMPLAINT:
        category = None  # a category only means something for complaints (taxonomy §2)
    async with desk.unit_of_work() as uow:
        now = desk.clock.now()
        message = await uow.session.get(Message, message_id)
        if message is None or message.direction != Direction.INBOUND.value:
            raise NotFound(f"inbound message {message_id}")
        row = NluFeedback(message_id=message.id, staff_id=staff_id, text=message.text, kind=kind.value,
                          category=category.value if category else None, business=business.value, created_at=now)
        uow.session.add(row)
        await uow.session.flush()
        if message.ticket_id is not None:
            uow.session.add(TicketEvent(
                ticket_id=message.ticket_id, at=now, actor=staff_actor(staff_id), action="labels_corrected",
                data={"message_id": message.id, "was": {k: (message.nlu or {}).get(k) for k in ("kind", "category", "business")},
                      "now": {"kind": kind.value, "category": row.category, "business": business.value}},
            ))
        await uow.commit()
        return row.id


async def record_ticket_read(desk: Desk, ticket_id: int, staff_id: int, where: str) -> None:
    """Audit one read of a ticket by a member of staff (policy §9)."""
    async with desk.unit_of_work() as uow:
        uow.session.add(TicketEvent(ticket_id=ticket_id, at=desk.clock.now(), actor=staff_actor(staff_id),
                                    action="read", data={"where": where}))
        await uow.commit()


async def record_intake(desk: Desk, ticket_number: str, staff_id: int, channel: Channel) -> None:
    """The agent who typed in a phone, walk-in or letter complaint owns it (首问负责)."""
    async with desk.unit_of_work() as uow:
        ticket = await uow.session.scalar(select(Ticket).where(Ticket.number == ticket_number))
        if ticket is None:
            raise NotFound(f"ticket {ticket_number}")
        if ticket.owner_id is None:
            ticket.owner_id = staff_id
        uow.session.add(TicketEvent(ticket_id=ticket.id, at=desk.clock.now(), actor=staff_actor(staff_id),
                                    action="received_by_staff", data={"channel": channel.value}))
        await uow.commit()


async def thread_history(desk: Desk, channel: Channel, thread_key: str, *, limit: int = 100) -> dict[str, Any]:
    """The open conversation of a channel thread: state, ticket number and its last messages.

    Outbound messages carry their outbox idempotency key, the id a client de-duplicates on
    when the same reply reaches it live and again from history after a reconnect.
    """
    async with desk.unit_of_work() as uow:
        session = uow.session
        conversation = await session.scalar(
            select(Conversation).where(
                Conversation.channel == channel.value,
                Conversation.thread_key == thread_key,
                Conversation.state != ConversationState.CLOSED.value,
            )
        )
        if conversation is None:
            return {"conversation_id": None, "state": None, "ticket_number": None, "messages": []}
        number = None
        if conversation.ticket_id is not None:
            number = await session.scalar(select(Ticket.number).where(Ticket.id == conversation.ticket_id))
        rows = (
            await session.execute(
                select(Message, OutboxItem.idempotency_key)
                .outerjoin(OutboxItem, OutboxItem.message_id == Message.id)
                .where(Message.conversation_id == conversation.id)
                .order_by(Message.id.desc())
                .limit(limit)
            )
        ).all()
        messages = [
            {
                "id": m.id,
                "direction": m.direction,
                "author": "customer" if m.author == "customer" else ("agent" if m.author.startswith("staff:") else "bot"),
                "text": m.text,
                "key": key if m.direction == Direction.OUTBOUND.value else m.provider_message_id,
                "at": m.created_at.isoformat(),
            }
            for m, key in reversed(rows)
        ]
        return {"conversation_id": conversation.id, "state": conversation.state, "ticket_number": number,
                "messages": messages}


async def _conversation(session: AsyncSession, conversation_id: int) -> Conversation:
    conversation = await session.get(Conversation, conversation_id, populate_existing=True)
    if conversation is None:
        raise NotFound(f"conversation {conversation_id}")
    return conversation


async def _ticket_event(
    session: AsyncSession, conversation: Conversation, actor: str, action: str, data: dict[str, Any], now: Any
) -> None:
    if conversation.ticket_id is not None:
        session.add(TicketEvent(ticket_id=conversation.ticket_id, at=now, actor=actor, action=action,
                                data={"conversation_id": conversation.id, **data}))


async def agent_route(session: AsyncSession, conversation: Conversation) -> tuple[Channel, str] | None:
    """Where an agent's reply goes: the address the bot last answered on, else the customer's identity."""
    recipient = await session.scalar(
        select(Message.recipient)
        .where(Message.conversation_id == conversation.id, Message.direction == Direction.OUTBOUND.value,
               Message.channel == conversation.channel, Message.recipient.is_not(None))
        .order_by(Message.id.desc())
        .limit(1)
    )
    identities = [
        Identity(IdentityKind(kind), value)
        for kind, value in (await session.execute(
            select(CustomerIdentity.kind, CustomerIdentity.value).where(
                CustomerIdentity.customer_id == conversation.customer_id)
        )).all()
        if kind in IdentityKind._value2member_map_
    ]
    channel = Channel(conversation.channel)
    if recipient is None:
        wanted = {Channel.WEB: IdentityKind.WEB, Channel.TELEGRAM: IdentityKind.TELEGRAM,
                  Channel.EMAIL: IdentityKind.EMAIL, Channel.SMS: IdentityKind.PHONE}.get(channel)
        recipient = next((i.value for i in identities if i.kind is wanted), None)
        if recipient is None and channel in (Channel.WEB, Channel.TELEGRAM, Channel.EMAIL, Channel.SMS):
            return None
    route = reply_route(channel, recipient or "", identities)
    if route is not None and route[0] is Channel.API:
        # API replies travel in HTTP responses; an agent's later answer has no response to ride
        return None
    return route
