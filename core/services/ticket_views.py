"""Read models of tickets for the API, the CLI and the console."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import (
    Customer,
    CustomerIdentity,
    Department,
    Message,
    Ticket,
    TicketDeadline,
    TicketEvent,
    TicketLink,
)
from core.domain.masking import mask_number, mask_text


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


async def ticket_detail(session: AsyncSession, number: str) -> dict[str, Any] | None:
    """Every field of one ticket with its customer, deadlines, messages, events and links."""
    ticket = await session.scalar(select(Ticket).where(Ticket.number == number))
    if ticket is None:
        return None
    customer = await session.get(Customer, ticket.customer_id)
    assert customer is not None
    identities = (
        await session.scalars(select(CustomerIdentity).where(CustomerIdentity.customer_id == customer.id))
    ).all()
    department = await session.get(Department, ticket.department_id) if ticket.department_id else None
    deadlines = (
        await session.scalars(
            select(TicketDeadline).where(TicketDeadline.ticket_id == ticket.id).order_by(TicketDeadline.due_at)
        )
    ).all()
    messages = (
        await session.scalars(select(Message).where(Message.ticket_id == ticket.id).order_by(Message.id))
    ).all()
    events = (
        await session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.id))
    ).all()
    links = (await session.execute(
        select(TicketLink.relation, Ticket.number)
        .join(Ticket, Ticket.id == TicketLink.related_ticket_id)
        .where(TicketLink.ticket_id == ticket.id)
    )).all()
    return {
        "number": ticket.number,
        "kind": ticket.kind,
        "category": ticket.category,
        "business": ticket.business,
        "entities": ticket.entities,
        "summary": ticket.summary,
        "severity": ticket.severity,
        "risk_colour": ticket.risk_colour,
        "priority": ticket.priority,
        "status": ticket.status,
        "channel": ticket.channel,
        "department": department.code if department else None,
        "owner_id": ticket.owner_id,
        "is_appeal": ticket.is_appeal,
        "is_complex": ticket.is_complex,
        "received_at": _iso(ticket.received_at),
        "created_at": _iso(ticket.created_at),
        "updated_at": _iso(ticket.updated_at),
        "closed_at": _iso(ticket.closed_at),
        "customer": {
            "id": customer.id,
            "name": customer.name,
            "tier": customer.tier,
            "language": customer.language,
            "preferred_channel": customer.preferred_channel,
            "identities": [{"kind": i.kind, "value": i.value} for i in identities],
        },
        "deadlines": [
            {"step": d.step, "due_at": _iso(d.due_at), "met_at": _iso(d.met_at)} for d in deadlines
        ],
        "messages": [
            {
                "id": m.id,
                "direction": m.direction,
                "channel": m.channel,
                "author": m.author,
                "provider_message_id": m.provider_message_id,
                "text": m.text,
                "language": m.language,
                "created_at": _iso(m.created_at),
                "delivery_status": m.delivery_status,
                "nlu": m.nlu,
                "attachments": m.attachments,
            }
            for m in messages
        ],
        "events": [
            {"at": _iso(e.at), "actor": e.actor, "action": e.action, "data": e.data} for e in events
        ],
        "links": [{"relation": rel, "number": num} for rel, num in links],
    }


async def ticket_list(
    session: AsyncSession,
    *,
    status: str | None = None,
    limit: int = 50,
    visible: ColumnElement[bool] | None = None,
) -> list[dict[str, Any]]:
    """Newest tickets first, with personal numbers masked (policy §9); `visible` narrows them to
    what one member of staff may see."""
    query = (
        select(Ticket, Department.code)
        .outerjoin(Department, Department.id == Ticket.department_id)
        .order_by(Ticket.id.desc())
        .limit(limit)
    )
    if status:
        query = query.where(Ticket.status == status)
    if visible is not None:
        query = query.where(visible)
    rows = (await session.execute(query)).all()
    phones: dict[int, str] = {}
    if rows:
        for customer_id, value in (await session.execute(
            select(CustomerIdentity.customer_id, CustomerIdentity.value).where(
                CustomerIdentity.customer_id.in_({t.customer_id for t, _ in rows}),
                CustomerIdentity.kind == "phone",
            )
        )).all():
            phones.setdefault(customer_id, mask_number(value))
    return [
        {
            "number": t.number,
            "status": t.status,
            "kind": t.kind,
            "category": t.category,
            "business": t.business,
            "risk_colour": t.risk_colour,
            "priority": t.priority,
            "department": code,
            "channel": t.channel,
            "phone": phones.get(t.customer_id),
            "summary": mask_text(t.summary[:80]),
            "received_at": _iso(t.received_at),
        }
        for t, code in rows
    ]
