"""Group incidents (群体投诉, policy §6): different customers, same problem, within a window.

Same category and business, and the same area when the complaint names one (its first
`location` entity); the default is 5 customers in 24 hours. One incident record links them; the
supervisors are alerted once; every ticket turns orange; progress and the result go to every
affected customer.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import Customer, Incident, IncidentTicket, Ticket, TicketEvent
from core.domain.labels import OPEN_TICKET_STATUSES, Kind, RiskColour, TicketStatus
from core.workflow import sla
from core.workflow.context import WorkflowContext
from core.workflow.customer_contact import write_to_customer
from core.workflow.notifications import SUPERVISORS, level_audience, notify
from core.workflow.orders import link
from core.workflow.regrade import raise_colour
from core.workflow.results import send_result
from core.workflow.revisits import schedule_revisit
from core.workflow.steps import meet_step


def area_of(ticket: Ticket) -> str | None:
    """The area a complaint names (its first location entity), normalised, or None."""
    for entity in ticket.entities or []:
        if isinstance(entity, dict) and entity.get("type") == "location" and str(entity.get("text", "")).strip():
            return "".join(str(entity["text"]).split()).lower()[:128]
    return None


async def incident_of(session: AsyncSession, ticket_id: int) -> Incident | None:
    """The incident a ticket belongs to, if any."""
    return await session.scalar(
        select(Incident).join(IncidentTicket, IncidentTicket.incident_id == Incident.id)
        .where(IncidentTicket.ticket_id == ticket_id)
    )


async def detect_group(session: AsyncSession, ticket: Ticket, *, ctx: WorkflowContext, now: datetime) -> Incident | None:
    """Join `ticket` to a group incident when the threshold is met (creating it the first time)."""
    if ticket.kind != Kind.COMPLAINT.value or ticket.category is None:
        return None
    current = await incident_of(session, ticket.id)
    if current is not None:
        return current
    area = area_of(ticket)
    window = timedelta(hours=ctx.policy.groups.window_hours)
    # an incident still going on takes the new report whatever the count: look there first, so a
    # burst of reports (an outage) costs a few queries each, not a scan of every recent ticket
    incident = await session.scalar(
        select(Incident).where(Incident.status == "open", Incident.category == ticket.category,
                               Incident.business == ticket.business,
                               Incident.area.is_(None) if area is None else Incident.area == area)
    )
    if incident is not None:
        latest = await session.scalar(
            select(func.max(Ticket.received_at)).join(IncidentTicket, IncidentTicket.ticket_id == Ticket.id)
            .where(IncidentTicket.incident_id == incident.id))
        if latest is not None and latest >= ticket.received_at - window:
            await _join(session, incident, [ticket], ctx=ctx, now=now)
            return incident
    candidates = (
        await session.scalars(
            select(Ticket).where(
                Ticket.kind == Kind.COMPLAINT.value,
                Ticket.category == ticket.category,
                Ticket.business == ticket.business,
                Ticket.received_at >= ticket.received_at - window,
                Ticket.received_at <= ticket.received_at,
                Ticket.status.in_([s.value for s in OPEN_TICKET_STATUSES]),
            ).order_by(Ticket.received_at, Ticket.id)
        )
    ).all()
    # "the same area when known": a complaint naming an area groups only with that area
    members = [t for t in candidates if area is None or area_of(t) == area]
    if len({t.customer_id for t in members}) < ctx.policy.groups.threshold:
        return None
    created = incident is None
    if incident is None:
        incident = Incident(category=ticket.category, business=ticket.business, area=area, status="open",
                            summary=ticket.summary[:500], opened_at=now)
        session.add(incident)
        await session.flush()
    joined = await _join(session, incident, members, ctx=ctx, now=now)
    if created:
        text = (f"群体投诉 incident {incident.id}: {joined} customers, {ticket.category}/{ticket.business}"
                + (f" in {area}" if area else ""))
        data = {"customers": joined, "tickets": [t.number for t in members]}
        notify(session, audience=SUPERVISORS, kind="group_incident", incident_id=incident.id, now=now, text=text,
               data=data)
        notify(session, audience=level_audience("deputy_manager"), kind="group_incident", incident_id=incident.id,
               now=now, text=text, data=data)
    return incident


async def _join(session: AsyncSession, incident: Incident, members: list[Ticket], *, ctx: WorkflowContext,
                now: datetime) -> int:
    member_ids = [m.id for m in members]
    known = set((await session.scalars(
        select(IncidentTicket.ticket_id).where(IncidentTicket.incident_id == incident.id,
                                               IncidentTicket.ticket_id.in_(member_ids)))).all())
    # every member is linked to the incident's first ticket
    first_id = await session.scalar(
        select(func.min(IncidentTicket.ticket_id)).where(IncidentTicket.incident_id == incident.id))
    first = await session.get(Ticket, first_id) if first_id is not None else None
    for member in members:
        if member.id not in known:
            session.add(IncidentTicket(incident_id=incident.id, ticket_id=member.id, added_at=now))
            session.add(TicketEvent(ticket_id=member.id, at=now, actor="system", action="joined_incident",
                                    data={"incident_id": incident.id}))
            await raise_colour(session, member, RiskColour.ORANGE, reason=f"group incident {incident.id}",
                               ctx=ctx, now=now)
        if first is None:
            first = member
        elif member.id != first.id:
            await link(session, member, first, "group", now)
    await session.flush()
    count = await session.scalar(
        select(func.count(func.distinct(Ticket.customer_id))).select_from(IncidentTicket)
        .join(Ticket, Ticket.id == IncidentTicket.ticket_id).where(IncidentTicket.incident_id == incident.id)
    )
    return int(count or 0)


async def _member_tickets(session: AsyncSession, incident_id: int) -> list[Ticket]:
    return list((await session.scalars(
        select(Ticket).join(IncidentTicket, IncidentTicket.ticket_id == Ticket.id)
        .where(IncidentTicket.incident_id == incident_id).order_by(Ticket.id))).all())


async def incident_progress(session: AsyncSession, incident_id: int, progress: str, *, actor: str,
                            ctx: WorkflowContext, now: datetime) -> int:
    """Send the incident's progress to every affected customer; returns how many were written to."""
    progress = progress.strip()
    if not progress:
        from core.errors import NotAllowed

        raise NotAllowed("progress: required")
    tickets = await _member_tickets(session, incident_id)
    sent = 0
    for ticket in tickets:
        rounds = await session.scalar(select(func.count()).select_from(TicketEvent).where(
            TicketEvent.ticket_id == ticket.id, TicketEvent.action == "incident_progress"))
        session.add(TicketEvent(ticket_id=ticket.id, at=now, actor=actor, action="incident_progress",
                                data={"incident_id": incident_id, "progress": progress}))
        customer = await session.get(Customer, ticket.customer_id)
        if customer is None:
            continue
        message = await write_to_customer(
            session, customer=customer, ticket=ticket, template="incident_progress", policy=ctx.policy, now=now,
            key=f"incident-{incident_id}-{ticket.id}-{int(rounds or 0) + 1}",
            values={"number": ticket.number, "progress": progress},
        )
        sent += message is not None
    return sent


async def resolve_incident(session: AsyncSession, incident_id: int, *, actor: str, cause: str, result: str,
                           prevention: str, ctx: WorkflowContext, now: datetime) -> int:
    """Close the incident and every open member ticket with one result sent to each customer."""
    incident = await session.get(Incident, incident_id)
    if incident is None:
        from core.errors import NotFound

        raise NotFound(f"no incident {incident_id}")
    answer = {"cause": cause, "result": result, "prevention": prevention, "justification": "justified",
              "commitment": ""}
    closed = 0
    for ticket in await _member_tickets(session, incident_id):
        if ticket.status not in OPEN_TICKET_STATUSES:
            continue
        before = ticket.status
        for base in (sla.DISPATCH, sla.DEPARTMENT_RESPONSE, sla.RESOLVE, sla.COMPLEX_PRELIMINARY, sla.TELL_RESULT,
                     sla.SUPERVISION_REPLY, sla.DISSATISFIED_RECONTACT):
            await meet_step(session, ticket.id, base, now)
        session.add(TicketEvent(ticket_id=ticket.id, at=now, actor=actor, action="reply",
                                data={"from": before, "to": TicketStatus.CLOSED.value, **answer,
                                      "incident_id": incident_id}))
        ticket.status, ticket.closed_at, ticket.updated_at = TicketStatus.CLOSED.value, now, now
        await send_result(session, ticket, answer, ctx=ctx, now=now)
        session.add(TicketEvent(ticket_id=ticket.id, at=now, actor=actor, action="close",
                                data={"from": before, "to": TicketStatus.CLOSED.value, "incident_id": incident_id}))
        await schedule_revisit(session, ticket, ctx=ctx, now=now)
        closed += 1
    incident.status, incident.closed_at = "closed", now
    return closed
