"""An agent opens the ticket of a complaint told in a chat the agent holds.

A customer who asked for a person mid-complaint, or whose complaint only came out while talking
to an agent, has no ticket yet. The agent holding the conversation records it here, with the
labels the agent chose: the ticket counts its time limits from the complaint's FIRST message
(what the bot was collecting, else the first message not yet on a ticket), links the dialogue,
keeps what the bot had collected as details, and the customer gets the usual acknowledgement.
One unit of work; a conversation whose ticket is still open cannot get a second one.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import Conversation, Customer, Message, Ticket, TicketEvent
from core.domain.labels import Business, Category, Channel, ConversationState, Direction, Kind, TicketStatus
from core.domain.messages import NluResult
from core.errors import InvalidInbound, NotAllowed, NotFound
from core.services.bot_turns import open_from_intake
from core.services.handoff import agent_route, staff_actor
from core.services.replies import queue_reply
from core.templates import reply_language

if TYPE_CHECKING:
    from core.services.desk import Desk

SUMMARY_MIN_CHARS = 4


class AlreadyHasTicket(NotAllowed):
    """The conversation's ticket is still open: news belongs on it, not on a second one."""


class NothingToOpen(NotAllowed):
    """Every customer message of the conversation is already on a ticket."""


async def open_from_conversation(
    desk: Desk,
    conversation_id: int,
    staff_id: int,
    *,
    category: Category,
    business: Business,
    summary: str,
    override: bool = False,
) -> str:
    """Open the complaint ticket of the conversation; returns its number.

    Only the agent holding the conversation may (a supervisor with `override`); NotAllowed when
    the conversation already has an open ticket or no customer message to open it from.
    """
    summary = summary.strip()
    if len(summary) < SUMMARY_MIN_CHARS:
        raise InvalidInbound("summary: say in a few words what the complaint is")
    ctx = await desk.context()
    async with desk.unit_of_work() as uow:
        session, now = uow.session, desk.clock.now()
        conversation = await session.get(Conversation, conversation_id, populate_existing=True)
        if conversation is None:
            raise NotFound(f"conversation {conversation_id}")
        held = conversation.state == ConversationState.AGENT.value and conversation.agent_id == staff_id
        if not held and not override:
            raise NotAllowed("take the conversation over before opening its ticket")
        if conversation.ticket_id is not None:
            current = await session.get(Ticket, conversation.ticket_id)
            if current is not None and current.status != TicketStatus.CLOSED.value:
                raise AlreadyHasTicket(f"this conversation already has ticket {current.number}")
        memory: dict[str, Any] = dict(conversation.bot_state or {})
        collected = memory.get("intake") or {}
        first = await _first_message(session, conversation.id, collected.get("message_id"))
        if first is None:
            raise NothingToOpen("no customer message without a ticket in this conversation")
        labels = replace(
            NluResult.from_json(first.nlu or {"kind": Kind.COMPLAINT.value}),
            kind=Kind.COMPLAINT,
            category=category,
            business=business,
        )
        customer = await session.get(Customer, conversation.customer_id)
        assert customer is not None
        language = reply_language(None, first.language)
        # the same opening as the bot's, from the agent's labels and summary
        ticket, text = await open_from_intake(
            session,
            {"received_at": first.created_at.isoformat(), "nlu": labels.to_json(), "message_id": first.id},
            {**(collected.get("slots") or {}), "description": summary},
            channel=Channel(conversation.channel),
            customer=customer,
            conversation=conversation,
            closed_predecessor=None,
            language=language,
            ctx=ctx,
            now=now,
            extra_details={"opened_by": staff_actor(staff_id)},
        )
        session.add(
            TicketEvent(
                ticket_id=ticket.id,
                at=now,
                actor=staff_actor(staff_id),
                action="opened_by_agent",
                data={"conversation_id": conversation.id, "first_message_id": first.id},
            )
        )
        # the complaint is recorded: nothing left for the scheduler's record-limit pass
        memory.pop("intake", None)
        conversation.bot_state = memory
        conversation.intake_at = None
        conversation.ticket_id = ticket.id
        conversation.updated_at = now
        route = await agent_route(session, conversation)
        if route is not None:
            channel, recipient = route
            queue_reply(
                session,
                channel=channel,
                recipient=recipient,
                text=text,
                language=language,
                template="complaint_opened",
                idempotency_key=f"agent-open-{ticket.id}",
                conversation_id=conversation.id,
                customer_id=conversation.customer_id,
                ticket_id=ticket.id,
                in_reply_to=first,
                subject=first.subject,
                now=now,
                author=staff_actor(staff_id),
            )
        else:
            session.add(
                TicketEvent(
                    ticket_id=ticket.id,
                    at=now,
                    actor="system",
                    action="unreachable",
                    data={"reason": "no channel to acknowledge on"},
                )
            )
        await uow.commit()
        return ticket.number


async def _first_message(session: AsyncSession, conversation_id: int, collected_id: Any) -> Message | None:
    """The complaint's first message: the one the bot was collecting, else the first on no ticket."""
    if collected_id is not None:
        message = await session.get(Message, int(collected_id))
        if message is not None and message.conversation_id == conversation_id and message.ticket_id is None:
            return message
    result: Message | None = await session.scalar(
        select(Message)
        .where(
            Message.conversation_id == conversation_id,
            Message.direction == Direction.INBOUND.value,
            Message.ticket_id.is_(None),
        )
        .order_by(Message.id)
        .limit(1)
    )
    return result
