"""Repeat complaints (重复投诉, policy §6): the same customer about the same problem.

Open earlier ticket: the message joins it, the customer hears where it stands (the pipeline's
`complaint_updated` reply) and the department is urged; the ticket turns at least yellow.
Closed earlier ticket: the new ticket is linked to it, dispatched a second time at once, and its
colour is one step above the old ticket's.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import Ticket, TicketEvent, TicketLink
from core.domain.labels import OPEN_TICKET_STATUSES, Kind, RiskColour, TicketStatus
from core.grading import higher_colour
from core.workflow.context import WorkflowContext
from core.workflow.notifications import department_audience, notify
from core.workflow.orders import link, second_dispatch_repeat
from core.workflow.regrade import raise_colour

_ORDER = [RiskColour.BLUE, RiskColour.YELLOW, RiskColour.ORANGE, RiskColour.RED]
# how far back "the same problem" reaches when the channel gave no thread to follow
LOOKBACK = timedelta(days=90)


def one_step_up(colour: RiskColour) -> RiskColour:
    """The next colour up (red stays red)."""
    return _ORDER[min(_ORDER.index(colour) + 1, len(_ORDER) - 1)]


async def on_repeat_of_open(session: AsyncSession, ticket: Ticket, *, message_id: int | None, ctx: WorkflowContext,
                            now: datetime) -> None:
    """The customer complained again about an open ticket: urge the department, at least yellow."""
    if ticket.status not in OPEN_TICKET_STATUSES:
        return
    session.add(TicketEvent(ticket_id=ticket.id, at=now, actor="customer", action="repeat",
                            data={"message_id": message_id}))
    if ticket.status != TicketStatus.NEW.value:
        notify(session, audience=department_audience(ctx.department_code(ticket.department_id)), kind="urge",
               ticket=ticket, now=now, text=f"催单 {ticket.number}: the customer asked again",
               data={"by": "customer", "message_id": message_id})
    await raise_colour(session, ticket, RiskColour.YELLOW, reason="second complaint on an unresolved problem",
                       ctx=ctx, now=now)


async def earlier_ticket(session: AsyncSession, ticket: Ticket) -> Ticket | None:
    """The same customer's latest earlier complaint about the same category and business."""
    linked = await session.scalar(
        select(Ticket).join(TicketLink, TicketLink.related_ticket_id == Ticket.id)
        .where(TicketLink.ticket_id == ticket.id, TicketLink.relation == "repeat").order_by(Ticket.id.desc()).limit(1)
    )
    if linked is not None:
        return linked
    if ticket.category is None:
        return None
    return await session.scalar(
        select(Ticket).where(
            Ticket.customer_id == ticket.customer_id,
            Ticket.id != ticket.id,
            Ticket.kind == Kind.COMPLAINT.value,
            Ticket.category == ticket.category,
            Ticket.business == ticket.business,
            Ticket.received_at >= ticket.received_at - LOOKBACK,
            Ticket.received_at <= ticket.received_at,
        ).order_by(Ticket.received_at.desc(), Ticket.id.desc()).limit(1)
    )


async def link_repeat(session: AsyncSession, ticket: Ticket, *, ctx: WorkflowContext, now: datetime) -> Ticket | None:
    """Handle a newly opened complaint that repeats an earlier one; returns the earlier ticket."""
    earlier = await earlier_ticket(session, ticket)
    if earlier is None:
        return None
    await link(session, ticket, earlier, "repeat", now)
    if earlier.status in OPEN_TICKET_STATUSES:
        # two tickets for one open problem: chase the first, and both are at least yellow
        await on_repeat_of_open(session, earlier, message_id=None, ctx=ctx, now=now)
        await raise_colour(session, ticket, RiskColour.YELLOW, reason=f"repeat of open {earlier.number}",
                           ctx=ctx, now=now)
        return earlier
    if earlier.status == TicketStatus.CLOSED.value:
        colour = higher_colour(one_step_up(RiskColour(earlier.risk_colour)), RiskColour.YELLOW)
        await raise_colour(session, ticket, colour, reason=f"repeat of closed {earlier.number}", ctx=ctx, now=now)
        await link(session, ticket, earlier, "second_dispatch", now)
        if ticket.status == TicketStatus.NEW.value:
            await second_dispatch_repeat(session, ticket, ctx, now)
    return earlier
