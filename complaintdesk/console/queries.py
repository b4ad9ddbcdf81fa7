"""Read models for the console pages: conversation lists, one conversation, ticket lists."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, case, func, or_, select

from complaintdesk.console.roles import SEES_ALL_TICKETS, StaffMember
from core.db.tables import (
    Conversation,
    ConversationNote,
    Customer,
    CustomerIdentity,
    Department,
    Message,
    StaffUser,
    Ticket,
    TicketDeadline,
    TicketEvent,
)
from core.domain.labels import ConversationState, Role
from core.domain.masking import mask_number, mask_text
from core.services.ticket_views import ticket_list

if TYPE_CHECKING:
    from core.services.desk import Desk

_STATE_ORDER = case(
    (Conversation.state == ConversationState.WAITING_FOR_AGENT.value, 0),
    (Conversation.state == ConversationState.AGENT.value, 1),
    else_=2,
)


def masked_snippet(text: str, length: int = 80) -> str:
    """Text for a list: personal numbers masked (ticket numbers stay readable, see mask_text)."""
    return mask_text(text)[:length]


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _masked_identity(kind: str, value: str) -> str:
    if kind == "phone":
        return mask_number(value)
    if kind == "email":
        local, _, domain = value.partition("@")
        return f"{local[:2]}***@{domain}"
    return f"{kind}:{value[:4]}…"


async def conversation_rows(desk: Desk, *, limit: int = 200) -> list[dict[str, Any]]:
    """Open conversations, waiting ones first, numbers masked (policy §9)."""
    async with desk.unit_of_work() as uow:
        s = uow.session
        rows = (await s.execute(
            select(Conversation, Customer.name, Ticket.number, StaffUser.name)
            .join(Customer, Customer.id == Conversation.customer_id)
            .outerjoin(Ticket, Ticket.id == Conversation.ticket_id)
            .outerjoin(StaffUser, StaffUser.id == Conversation.agent_id)
            .where(Conversation.state != ConversationState.CLOSED.value)
            .order_by(_STATE_ORDER, Conversation.updated_at.desc())
            .limit(limit)
        )).all()
        ids = [c.id for c, *_ in rows]
        customer_ids = {c.customer_id for c, *_ in rows}
        last: dict[int, str] = {}
        if ids:
            newest = (select(Message.conversation_id, func.max(Message.id).label("mid"))
                      .where(Message.conversation_id.in_(ids)).group_by(Message.conversation_id).subquery())
            for cid, text in (await s.execute(
                select(Message.conversation_id, Message.text).join(newest, newest.c.mid == Message.id)
            )).all():
                last[cid] = text
        contact: dict[int, str] = {}
        if customer_ids:
            for cust, kind, value in (await s.execute(
                select(CustomerIdentity.customer_id, CustomerIdentity.kind, CustomerIdentity.value)
                .where(CustomerIdentity.customer_id.in_(customer_ids))
                .order_by(case((CustomerIdentity.kind == "phone", 0), else_=1), CustomerIdentity.id)
            )).all():
                contact.setdefault(cust, _masked_identity(kind, value))
    return [
        {
            "id": c.id,
            "channel": c.channel,
            "state": c.state,
            "agent_id": c.agent_id,
            "agent": agent_name,
            "customer": name or contact.get(c.customer_id, "—"),
            "contact": contact.get(c.customer_id, "—"),
            "last": masked_snippet(last.get(c.id, "")),
            "ticket": number,
            "updated_at": _iso(c.updated_at),
        }
        for c, name, number, agent_name in rows
    ]


async def conversation_detail(desk: Desk, conversation_id: int) -> dict[str, Any] | None:
    """One conversation with its transcript, NLU labels, notes and ticket facts."""
    async with desk.unit_of_work() as uow:
        s = uow.session
        conv = await s.get(Conversation, conversation_id)
        if conv is None:
            return None
        customer = await s.get(Customer, conv.customer_id)
        identities = (await s.execute(select(CustomerIdentity.kind, CustomerIdentity.value)
                                      .where(CustomerIdentity.customer_id == conv.customer_id))).all()
        messages = (await s.scalars(select(Message).where(Message.conversation_id == conv.id)
                                    .order_by(Message.id))).all()
        notes = (await s.execute(
            select(ConversationNote, StaffUser.name).join(StaffUser, StaffUser.id == ConversationNote.staff_id)
            .where(ConversationNote.conversation_id == conv.id).order_by(ConversationNote.id)
        )).all()
        agent = await s.get(StaffUser, conv.agent_id) if conv.agent_id else None
        ticket = await s.get(Ticket, conv.ticket_id) if conv.ticket_id else None
        ticket_info = await _ticket_facts(s, ticket) if ticket else None
    return {
        "id": conv.id,
        "channel": conv.channel,
        "thread_key": conv.thread_key,
        "state": conv.state,
        "agent_id": conv.agent_id,
        "agent": agent.name if agent else None,
        "updated_at": _iso(conv.updated_at),
        "customer": {"name": customer.name if customer else None, "tier": customer.tier if customer else None,
                     "identities": [{"kind": k, "value": v} for k, v in identities]},
        "messages": [transcript_entry(m) for m in messages],
        "notes": [{"id": n.id, "staff": who, "text": n.text, "at": _iso(n.created_at)} for n, who in notes],
        "ticket": ticket_info,
        # raw: the route turns it into what this viewer may see (bot_details.bot_progress)
        "bot_state": conv.bot_state,
    }


def transcript_entry(m: Message) -> dict[str, Any]:
    """One message as the console's transcript shows it."""
    author = "staff" if m.author.startswith("staff:") else m.author
    nlu = m.nlu or {}
    return {
        "id": m.id,
        "direction": m.direction,
        "author": author,
        "text": m.text,
        "at": _iso(m.created_at),
        "delivery_status": m.delivery_status,
        "ticket_id": m.ticket_id,
        "labels": {k: nlu.get(k) for k in ("kind", "category", "business")} if m.direction == "in" else None,
        "entities": [f"{e.get('type')}: {e.get('text')}" for e in nlu.get("entities", [])] if m.direction == "in" else [],
    }


async def transcript_after(desk: Desk, conversation_id: int, after_id: int) -> dict[str, Any] | None:
    """Messages newer than `after_id` and the conversation's state, for the live view."""
    async with desk.unit_of_work() as uow:
        conv = await uow.session.get(Conversation, conversation_id)
        if conv is None:
            return None
        rows = (await uow.session.scalars(select(Message).where(
            Message.conversation_id == conversation_id, Message.id > after_id).order_by(Message.id))).all()
        access = (await uow.session.execute(select(Ticket.department_id, Ticket.owner_id)
                                            .where(Ticket.id == conv.ticket_id))).first() if conv.ticket_id else None
        return {"state": conv.state, "agent_id": conv.agent_id, "messages": [transcript_entry(m) for m in rows],
                # raw, for the route to mask per viewer and drop: never sent as they are
                "bot_state": conv.bot_state,
                "ticket_access": {"department_id": access[0], "owner_id": access[1]} if access else None}


async def _ticket_facts(s: Any, ticket: Ticket) -> dict[str, Any]:
    department = await s.get(Department, ticket.department_id) if ticket.department_id else None
    deadlines = (await s.scalars(select(TicketDeadline).where(TicketDeadline.ticket_id == ticket.id)
                                 .order_by(TicketDeadline.due_at))).all()
    events = (await s.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
                              .order_by(TicketEvent.id.desc()).limit(30))).all()
    return {
        "id": ticket.id,
        "number": ticket.number,
        "status": ticket.status,
        "kind": ticket.kind,
        "category": ticket.category,
        "business": ticket.business,
        "severity": ticket.severity,
        "risk_colour": ticket.risk_colour,
        "priority": ticket.priority,
        "summary": ticket.summary,
        "details": ticket.details or {},
        "channel": ticket.channel,
        "department_id": ticket.department_id,
        "department": (department.name_zh, department.name_en) if department else None,
        "owner_id": ticket.owner_id,
        "conversation_id": ticket.conversation_id,
        "received_at": _iso(ticket.received_at),
        "deadlines": [{"step": d.step, "due_at": _iso(d.due_at), "met_at": _iso(d.met_at)} for d in deadlines],
        "events": [{"at": _iso(e.at), "actor": e.actor, "action": e.action} for e in events],
    }


async def ticket_for_number(desk: Desk, number: str) -> dict[str, Any] | None:
    """One ticket's facts plus who holds its conversation (for the permission check)."""
    async with desk.unit_of_work() as uow:
        ticket = await uow.session.scalar(select(Ticket).where(Ticket.number == number))
        if ticket is None:
            return None
        facts = await _ticket_facts(uow.session, ticket)
        facts["held_by"] = None
        if ticket.conversation_id:
            facts["held_by"] = await uow.session.scalar(
                select(Conversation.agent_id).where(Conversation.id == ticket.conversation_id))
        messages = (await uow.session.scalars(select(Message).where(Message.ticket_id == ticket.id)
                                              .order_by(Message.id))).all()
        facts["messages"] = [transcript_entry(m) for m in messages]
        return facts


async def ticket_rows(desk: Desk, user: StaffMember, *, limit: int = 100) -> list[dict[str, Any]]:
    """The tickets this user may see, newest first, numbers masked (policy §9)."""
    visible: ColumnElement[bool] | None = None
    if user.role not in SEES_ALL_TICKETS:
        mine: list[ColumnElement[bool]] = (
            [Ticket.department_id == user.department_id] if user.department_id is not None else [])
        if user.role is not Role.DEPARTMENT_STAFF:
            held = select(Conversation.id).where(Conversation.agent_id == user.id)
            mine += [Ticket.owner_id == user.id, Ticket.conversation_id.in_(held)]
        if not mine:
            return []
        visible = or_(*mine)
    async with desk.unit_of_work() as uow:
        return await ticket_list(uow.session, limit=limit, visible=visible)
