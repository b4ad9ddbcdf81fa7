"""The bot's side of the inbound pipeline: chat-like channels talk to the bot before a ticket opens.

On the web widget, Telegram and SMS, while a conversation is with the bot (state `bot`), each
customer message is answered by the `ConversationBot` port (`bots/engine.py`) instead of opening a
ticket straight away. Per message, inside the caller's unit of work:

1. look up what the bot needs to know (`BotKnown`): a contact phone on file, the conversation's
   language, its open ticket, a knowledge-base answer for inquiries, a ticket's status;
2. let the bot answer and keep its state on `Conversation.bot_state` as
   `{"bot": <the bot's own state>, "language": ..., "intake": <the complaint's first message>}`;
3. queue its replies and carry out its action: open the confirmed complaint (deadlines run from the
   FIRST message's receipt, with its labels), hand the conversation to an agent, answer a status
   query, record a suggestion or praise, or let the message join the open ticket (`follow_up`).

Other channels (e-mail, API, console, import), and every channel when no bot is configured, keep
the direct intake of `inbound.py`: one message, one ticket.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import (
    Conversation,
    Customer,
    CustomerIdentity,
    Message,
    Ticket,
    TicketEvent,
    TicketLink,
)
from core.domain.bot import BotKnown, BotTurn
from core.domain.identities import normalise
from core.domain.labels import (
    OPEN_TICKET_STATUSES,
    Channel,
    ConversationState,
    EntityType,
    IdentityKind,
    Kind,
    Language,
    TicketStatus,
)
from core.domain.masking import mask_number
from core.domain.messages import Identity, InboundMessage, NluResult
from core.ports import ConversationBot
from core.services import deadlines as steps
from core.services import replies
from core.services.knowledge import best_answer
from core.services.opening import finish_new_ticket, open_ticket, opened_values, step_due
from core.services.replies import reply_route
from core.templates import REPLY_LANGUAGE_VALUES, REPLY_LANGUAGES, format_deadline, render, reply_language, status_name
from core.workflow.context import WorkflowContext

BOT_CHANNELS = frozenset({Channel.WEB, Channel.TELEGRAM, Channel.SMS})
# every SMS costs the customer: fewer questions, no confirmation round (see BotKnown.short_form)
SHORT_FORM_CHANNELS = frozenset({Channel.SMS})
TICKET_NUMBER = re.compile(r"(?<![A-Za-z0-9])TS\d{8,}", re.IGNORECASE)
# a reply shorter than this ("是", "ok") says nothing reliable about the conversation's language
LANGUAGE_MIN_LETTERS = 6
# conversations whose complaint is still pending: with the bot, or waiting for a person
PENDING_INTAKE_STATES = (ConversationState.BOT.value, ConversationState.WAITING_FOR_AGENT.value)
RECORD_AT_FRACTION = 0.8
DETAIL_SLOTS = {"phone": "contact_phone", "location": "location", "since": "since", "wish": "wish"}
# a customer who writes again while waiting for a person hears "still coming" at most this often
STILL_WAITING_EVERY = timedelta(minutes=10)


@dataclass
class BotOutcome:
    """What the bot's turn did to the message."""

    ticket: Ticket | None = None  # the ticket the message belongs to now
    texts: list[str] = field(default_factory=list)
    # the message adds to the conversation's open ticket: the direct path records and acknowledges it
    follow_up: bool = False


@dataclass(frozen=True)
class _Status:
    text: str | None = None
    ticket: Ticket | None = None
    # a status asked for by someone else's phone number goes to that phone, not to the asker
    sms: tuple[str, str] | None = None


def uses_bot(bot: ConversationBot | None, msg: InboundMessage, conversation: Conversation) -> bool:
    """Whether the bot answers this message (a chat-like channel, the conversation with the bot)."""
    return bot is not None and msg.channel in BOT_CHANNELS and conversation.state == ConversationState.BOT.value


async def converse(
    session: AsyncSession,
    bot: ConversationBot,
    msg: InboundMessage,
    nlu: NluResult,
    *,
    inbound: Message,
    customer: Customer,
    conversation: Conversation,
    current: Ticket | None,
    closed_predecessor: Ticket | None,
    detected: Language,
    ctx: WorkflowContext,
    now: datetime,
) -> BotOutcome:
    """Let the bot answer `msg` and carry out what it decided; see the module docstring."""
    memory: dict[str, Any] = dict(conversation.bot_state or {})
    language = _conversation_language(memory, msg.text, detected, customer)
    known = BotKnown(
        has_phone=await _has_phone(session, customer.id),
        language=language,
        open_ticket_number=current.number if current is not None else None,
        kb_answer=await best_answer(session, msg.text, language) if nlu.kind is Kind.INQUIRY else None,
        short_form=msg.channel in SHORT_FORM_CHANNELS,
    )
    state = memory.get("bot") or {}
    turn = bot.respond(state, msg.text, nlu, known=known, now=now)
    status = _Status()
    if turn.action == "status_query":
        # looked up only when asked: the bot is pure, so asking again with the answer is safe
        status = await _status(session, msg.text, nlu, customer, language, ctx)
        turn = bot.respond(state, msg.text, nlu, known=replace(known, status_text=status.text), now=now)

    route = reply_route(msg.channel, msg.reply_address or msg.sender.value, [msg.sender, *msg.extra_identities])
    intake: dict[str, Any] | None = memory.get("intake")
    if turn.started_complaint:
        intake = {"message_id": inbound.id, "received_at": msg.received_at.isoformat(), "nlu": nlu.to_json(),
                  "reply": [route[0].value, route[1]] if route else None}
    # a new dict: JSON columns do not notice changes made inside the old one
    remembered: dict[str, Any] = {"bot": turn.state, "language": language.value}
    # the complaint stays pending while the bot collects it and while it waits for a person; past
    # the record limit the scheduler opens it with what is known (`record_overdue_intake`)
    if intake and (turn.state.get("flow") == "complaint" or turn.action == "handoff"):
        slots = {k: v for k, v in turn.slots.items() if k != "summary"}
        remembered["intake"] = {**intake, "slots": slots or intake.get("slots", {}),
                                "category": turn.state.get("category") or intake.get("category")}
        conversation.intake_at = datetime.fromisoformat(intake["received_at"])
    else:
        conversation.intake_at = None
    if turn.action == "handoff":
        remembered["handoff"] = {"at": now.isoformat(), "summary": turn.slots.get("summary", "")}
    conversation.bot_state = remembered
    if turn.action == "follow_up":
        return BotOutcome(follow_up=True)

    outcome = BotOutcome(ticket=current)
    texts = list(turn.replies)
    if turn.action == "open_ticket":
        ticket, text = await _open_confirmed(session, msg, turn, intake, customer=customer,
                                             conversation=conversation, closed_predecessor=closed_predecessor,
                                             language=language, ctx=ctx, now=now)
        outcome.ticket, texts = ticket, [text]  # the acknowledgement with number and time limit
    elif turn.action == "record":
        ticket, text = await _record(session, msg, nlu, turn, customer=customer, conversation=conversation,
                                     language=language, ctx=ctx, now=now)
        outcome.ticket, texts = ticket, [text]
    elif turn.action == "handoff":
        conversation.state = ConversationState.WAITING_FOR_AGENT.value
        if current is not None:
            session.add(TicketEvent(ticket_id=current.id, at=now, actor="customer", action="agent_requested",
                                    data={"conversation_id": conversation.id}))
    elif turn.action == "status_query":
        await _answered_status(session, msg, status, inbound=inbound, customer=customer,
                               conversation=conversation, language=language, now=now)
    if outcome.ticket is not None:
        inbound.ticket_id = outcome.ticket.id
        conversation.ticket_id = outcome.ticket.id

    refused = [a.filename for a in msg.attachments if a.refused_reason]
    if refused:
        # the message is recorded without them; the customer must know to send them again
        texts.append(render("attachment_refused", language, files=", ".join(refused)))
    if route is not None:
        channel, recipient = route
        for i, text in enumerate(texts):
            last = i == len(texts) - 1
            replies.queue_reply(
                session, channel=channel, recipient=recipient, text=text, language=language,
                template="bot" if turn.action not in ("open_ticket", "record") else f"bot_{turn.action}",
                idempotency_key=f"reply-{inbound.id}-bot-{i}",
                conversation_id=conversation.id, customer_id=customer.id,
                ticket_id=outcome.ticket.id if outcome.ticket is not None else None,
                in_reply_to=inbound, subject=msg.subject, now=now,
                options={"buttons": turn.buttons} if last and turn.buttons else None,
            )
            outcome.texts.append(text)
    return outcome


async def still_waiting(
    session: AsyncSession,
    msg: InboundMessage,
    *,
    inbound: Message,
    customer: Customer,
    conversation: Conversation,
    language: Language,
    now: datetime,
) -> list[str]:
    """Tell a customer who writes while waiting for a person that one is coming (throttled).

    The message itself is already stored for the agent; without a word back the customer cannot
    tell a queue from a dead chat. Once every STILL_WAITING_EVERY is enough not to nag.
    """
    memory = dict(conversation.bot_state or {})
    last = memory.get("still_waiting_at")
    if last is not None and now - datetime.fromisoformat(last) < STILL_WAITING_EVERY:
        return []
    route = reply_route(msg.channel, msg.reply_address or msg.sender.value, [msg.sender, *msg.extra_identities])
    if route is None:
        return []
    memory["still_waiting_at"] = now.isoformat()
    conversation.bot_state = memory
    text = render("still_waiting", language)
    channel, recipient = route
    replies.queue_reply(
        session, channel=channel, recipient=recipient, text=text, language=language, template="still_waiting",
        idempotency_key=f"reply-{inbound.id}-still-waiting", conversation_id=conversation.id,
        customer_id=customer.id, ticket_id=conversation.ticket_id, in_reply_to=inbound, subject=msg.subject, now=now,
    )
    return [text]


# -- the bot's actions -------------------------------------------------------------------------


async def _open_confirmed(
    session: AsyncSession,
    msg: InboundMessage,
    turn: BotTurn,
    intake: dict[str, Any] | None,
    *,
    customer: Customer,
    conversation: Conversation,
    closed_predecessor: Ticket | None,
    language: Language,
    ctx: WorkflowContext,
    now: datetime,
) -> tuple[Ticket, str]:
    """The ticket of a complaint the customer just confirmed, and its acknowledgement."""
    if intake is None:
        # a dialogue begun before an upgrade: this message is all we have
        intake = {"received_at": msg.received_at.isoformat(), "nlu": {"kind": Kind.COMPLAINT.value}}
    intake = {**intake, "category": turn.state.get("category") or intake.get("category")}
    return await open_from_intake(session, intake, turn.slots, channel=msg.channel, customer=customer,
                                   conversation=conversation, closed_predecessor=closed_predecessor,
                                   language=language, ctx=ctx, now=now)


async def open_from_intake(
    session: AsyncSession,
    intake: dict[str, Any],
    slots: dict[str, str],
    *,
    channel: Channel,
    customer: Customer,
    conversation: Conversation,
    closed_predecessor: Ticket | None,
    language: Language,
    ctx: WorkflowContext,
    now: datetime,
    extra_details: dict[str, Any] | None = None,
) -> tuple[Ticket, str]:
    """Open the ticket of a collected complaint: the first message's receipt and labels, the slots.

    `intake` is what `bot_state["intake"]` holds (received_at, nlu, message_id, category); the
    ticket's details are the slots' plus `extra_details` (`unconfirmed`, `opened_by`). Returns the
    ticket and its `complaint_opened` acknowledgement, for the caller to queue.
    """
    first = datetime.fromisoformat(intake["received_at"])
    labels = NluResult.from_json(intake["nlu"])
    if labels.category is None and intake.get("category"):
        # the clarifying answer named what the vague first message did not
        labels = NluResult.from_json({**labels.to_json(), "category": intake["category"]})
    labels = replace(labels, kind=Kind.COMPLAINT)
    details: dict[str, Any] = {DETAIL_SLOTS[k]: v for k, v in slots.items() if k in DETAIL_SLOTS and v}
    details.update(extra_details or {})
    ticket, due = await open_ticket(
        session, channel=channel, received_at=first, summary=slots.get("description") or "", nlu=labels,
        customer=customer, conversation=conversation, ctx=ctx, now=now, details=details,
    )
    if closed_predecessor is not None:
        session.add(TicketLink(ticket_id=ticket.id, related_ticket_id=closed_predecessor.id, relation="repeat",
                               created_at=now))
    if "message_id" in intake:
        # the whole dialogue belongs to the ticket: the complaint, the answers, the bot's questions
        await session.execute(
            update(Message)
            .where(Message.conversation_id == conversation.id, Message.id >= int(intake["message_id"]),
                   Message.ticket_id.is_(None))
            .values(ticket_id=ticket.id)
            .execution_options(synchronize_session=False)
        )
    await finish_new_ticket(session, ticket, labels, ctx=ctx, now=now)
    text = render("complaint_opened", language, number=ticket.number,
                  **opened_values(ticket, due, first, language, ctx))
    return ticket, text


# -- complaints left half-told -----------------------------------------------------------------


def overdue_cutoff(ctx: WorkflowContext, now: datetime) -> datetime:
    """Complaints received before this are past the moment they must be recorded.

    Policy §2 gives 10 minutes from receipt; we open the ticket at 80 % of that, so that a customer
    who stopped answering (or waits for a person) still has it recorded in time.
    """
    return now - timedelta(minutes=ctx.policy.sla.record_minutes * RECORD_AT_FRACTION)


async def overdue_intakes(session: AsyncSession, ctx: WorkflowContext, now: datetime, *, limit: int = 100) -> list[int]:
    """Ids of conversations whose complaint is still being collected past the record limit."""
    return list((await session.scalars(
        select(Conversation.id)
        .where(Conversation.intake_at.is_not(None), Conversation.intake_at <= overdue_cutoff(ctx, now),
               Conversation.state.in_(PENDING_INTAKE_STATES))
        .order_by(Conversation.intake_at)
        .limit(limit)
    )).all())


async def record_overdue_intake(
    session: AsyncSession, conversation_id: int, *, ctx: WorkflowContext, now: datetime
) -> str | None:
    """Open the ticket of a half-told complaint with what the bot collected; its number, or None.

    The customer gets the usual acknowledgement on their channel; the ticket is marked
    `unconfirmed` so the agent knows the summary was not read back. Re-checked under the row lock:
    a customer answering at the same moment, or a second scheduler, wins or waits.
    """
    conversation = await session.scalar(
        select(Conversation)
        .where(Conversation.id == conversation_id, Conversation.intake_at.is_not(None),
               Conversation.intake_at <= overdue_cutoff(ctx, now), Conversation.state.in_(PENDING_INTAKE_STATES))
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if conversation is None:
        return None
    memory = dict(conversation.bot_state or {})
    intake = memory.pop("intake", None)
    conversation.intake_at = None
    if not intake:
        return None
    customer = await session.get(Customer, conversation.customer_id)
    assert customer is not None
    language = reply_language(None, memory.get("language"))
    ticket, text = await open_from_intake(
        session, intake, dict(intake.get("slots") or {}), channel=Channel(conversation.channel), customer=customer,
        conversation=conversation, closed_predecessor=None, language=language, ctx=ctx, now=now,
        extra_details={"unconfirmed": True},
    )
    session.add(TicketEvent(ticket_id=ticket.id, at=now, actor="scheduler", action="recorded_unconfirmed",
                            data={"conversation_id": conversation.id,
                                  "record_minutes": ctx.policy.sla.record_minutes}))
    reply = intake.get("reply")
    if reply:
        replies.queue_reply(
            session, channel=Channel(reply[0]), recipient=str(reply[1]), text=text, language=language,
            template="complaint_opened", idempotency_key=f"intake-{conversation.id}-{ticket.id}",
            conversation_id=conversation.id, customer_id=customer.id, ticket_id=ticket.id, in_reply_to=None,
            subject=None, now=now,
        )
    # the bot starts afresh: what the customer writes next joins this ticket (follow_up)
    memory["bot"] = {}
    conversation.bot_state = memory
    conversation.ticket_id = ticket.id
    conversation.updated_at = now
    await session.flush()
    return ticket.number


async def _record(
    session: AsyncSession,
    msg: InboundMessage,
    nlu: NluResult,
    turn: BotTurn,
    *,
    customer: Customer,
    conversation: Conversation,
    language: Language,
    ctx: WorkflowContext,
    now: datetime,
) -> tuple[Ticket, str]:
    """A suggestion or praise, recorded with the desk's thanks (which carries its number)."""
    kind = nlu.kind if nlu.kind in (Kind.SUGGESTION, Kind.PRAISE) else Kind.SUGGESTION
    labels = replace(nlu, kind=kind, category=None)
    ticket, _ = await open_ticket(
        session, channel=msg.channel, received_at=msg.received_at, summary=turn.slots.get("summary") or msg.text,
        nlu=labels, customer=customer, conversation=conversation, ctx=ctx, now=now,
    )
    await finish_new_ticket(session, ticket, labels, ctx=ctx, now=now)
    name = "suggestion_recorded" if kind is Kind.SUGGESTION else "praise_recorded"
    return ticket, render(name, language, number=ticket.number)


async def _answered_status(
    session: AsyncSession,
    msg: InboundMessage,
    status: _Status,
    *,
    inbound: Message,
    customer: Customer,
    conversation: Conversation,
    language: Language,
    now: datetime,
) -> None:
    """Record the question on the ticket it was about; send someone else's status to their phone."""
    if status.ticket is not None and status.ticket.customer_id == customer.id:
        inbound.ticket_id = status.ticket.id
        session.add(TicketEvent(ticket_id=status.ticket.id, at=now, actor="customer", action="status_asked",
                                data={"message_id": inbound.id, "channel": msg.channel.value}))
    if status.sms is not None:
        phone, text = status.sms
        replies.queue_reply(
            session, channel=Channel.SMS, recipient=phone, text=text, language=language, template="ticket_status",
            idempotency_key=f"reply-{inbound.id}-status-sms", conversation_id=conversation.id,
            customer_id=customer.id, ticket_id=None, in_reply_to=inbound, subject=None, now=now,
        )


# -- what the bot needs to know ----------------------------------------------------------------


def _conversation_language(memory: dict[str, Any], text: str, detected: Language, customer: Customer) -> Language:
    """The language the bot speaks in this conversation; short answers do not change it."""
    stored = memory.get("language")
    # letters only: a phone number or a ticket number says nothing about the language
    long_enough = sum(ch.isalpha() for ch in text) >= LANGUAGE_MIN_LETTERS
    if detected in REPLY_LANGUAGES and (stored is None or long_enough):
        return detected
    if stored in REPLY_LANGUAGE_VALUES:
        return Language(stored)
    return reply_language(detected, customer.language)


async def _has_phone(session: AsyncSession, customer_id: int) -> bool:
    found = await session.scalar(
        select(CustomerIdentity.id)
        .where(CustomerIdentity.customer_id == customer_id, CustomerIdentity.kind == IdentityKind.PHONE.value)
        .limit(1)
    )
    return found is not None


def _phones(nlu: NluResult) -> list[str]:
    values = []
    for entity in nlu.entities:
        if entity.type is EntityType.PHONE and isinstance(entity.value, str) and "*" not in entity.value:
            values.append(normalise(Identity(IdentityKind.PHONE, entity.value)).value)
    return values


async def _status(
    session: AsyncSession, text: str, nlu: NluResult, customer: Customer, language: Language, ctx: WorkflowContext
) -> _Status:
    """The status the customer asked for: by ticket number, by phone, else their latest ticket.

    Nobody learns the status of someone else's ticket: a number counts when the ticket is the
    asker's or when the message also gives a phone number of the ticket's customer; a phone number
    that is not the asker's gets the answer sent to that phone by SMS.
    """
    phones = _phones(nlu)
    numbers = [m.group(0).upper() for m in TICKET_NUMBER.finditer(text)]
    owner_of: dict[str, int] = {}
    if phones:
        rows = await session.execute(
            select(CustomerIdentity.value, CustomerIdentity.customer_id).where(
                CustomerIdentity.kind == IdentityKind.PHONE.value, CustomerIdentity.value.in_(phones))
        )
        owner_of = {str(value): int(owner) for value, owner in rows.all()}
    if numbers:
        for ticket in (await session.scalars(select(Ticket).where(Ticket.number.in_(numbers)))).all():
            if ticket.customer_id == customer.id or ticket.customer_id in owner_of.values():
                return _Status(await _status_text(session, ticket, language, ctx), ticket)
        return _Status()
    others = {phone: owner for phone, owner in owner_of.items() if owner != customer.id}
    if others and customer.id not in owner_of.values():
        phone, owner = min(others.items())
        theirs = await _latest_ticket(session, owner)
        if theirs is None:
            return _Status()
        sent = render("status_sent_by_sms", language, phone=mask_number(phone))
        return _Status(sent, theirs, (phone, await _status_text(session, theirs, language, ctx)))
    own = await _latest_ticket(session, customer.id)
    if own is None:
        return _Status()
    return _Status(await _status_text(session, own, language, ctx), own)


async def _latest_ticket(session: AsyncSession, customer_id: int) -> Ticket | None:
    """The customer's newest open complaint ticket, else their newest ticket of any kind."""
    newest_open = await session.scalar(
        select(Ticket)
        .where(Ticket.customer_id == customer_id, Ticket.status.in_([s.value for s in OPEN_TICKET_STATUSES]))
        .order_by(Ticket.id.desc())
        .limit(1)
    )
    if newest_open is not None:
        return newest_open
    return await session.scalar(
        select(Ticket).where(Ticket.customer_id == customer_id).order_by(Ticket.id.desc()).limit(1)
    )


async def _status_text(session: AsyncSession, ticket: Ticket, language: Language, ctx: WorkflowContext) -> str:
    status = TicketStatus(ticket.status)
    if status in OPEN_TICKET_STATUSES:
        due = await step_due(session, ticket, steps.RESOLVE)
        deadline = format_deadline(due, ctx.policy.zone, language) if due else "-"
        return render("ticket_status", language, number=ticket.number, status=status_name(status, language),
                      deadline=deadline)
    return render("ticket_status_closed", language, number=ticket.number, status=status_name(status, language))
