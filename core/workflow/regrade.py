"""Regrading (policy §3): colours only ever rise; each rise is reported to the right people.

Yellow goes to the department head, orange to the deputy manager in charge, red to top
management, who also gets a supervision order (督办单) with its 10-working-day reply limit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import Customer, Ticket, TicketDeadline, TicketEvent
from core.domain.labels import Category, Priority, RiskColour, Severity, Tier
from core.grading import grade, higher_colour
from core.workflow.context import WorkflowContext
from core.workflow.notifications import level_audience, notify
from core.workflow.sla import SUPERVISION_REPLY, supervision_due
from core.workflow.steps import open_step

_SEVERITY_ORDER = [Severity.MINOR, Severity.MODERATE, Severity.MAJOR]


async def raise_colour(
    session: AsyncSession,
    ticket: Ticket,
    colour: RiskColour,
    *,
    reason: str,
    ctx: WorkflowContext,
    now: datetime,
    actor: str = "system",
) -> bool:
    """Raise the ticket to `colour` if that is higher; report the change. True when it changed."""
    old = RiskColour(ticket.risk_colour)
    new = higher_colour(old, colour)
    if new == old:
        return False
    ticket.risk_colour = new.value
    if new in (RiskColour.ORANGE, RiskColour.RED):
        ticket.severity, ticket.priority = Severity.MAJOR.value, Priority.URGENT.value
    elif ticket.severity == Severity.MINOR.value:
        ticket.severity = Severity.MODERATE.value
    ticket.updated_at = now
    session.add(TicketEvent(ticket_id=ticket.id, at=now, actor=actor, action="colour_changed",
                            data={"from": old.value, "to": new.value, "reason": reason}))
    await report_colour(session, ticket, ctx=ctx, now=now, reason=reason, previous=old)
    return True


async def report_colour(
    session: AsyncSession, ticket: Ticket, *, ctx: WorkflowContext, now: datetime, reason: str,
    previous: RiskColour | None = None,
) -> None:
    """Tell the level the ticket's colour reports to; a red ticket gets its supervision order."""
    colour = RiskColour(ticket.risk_colour)
    level = ctx.policy.workflow.colour_report.get(colour)
    if level is not None:
        notify(session, audience=level_audience(level), kind="colour_changed", ticket=ticket, now=now,
               text=f"{ticket.number}: risk colour {colour.value} ({reason})",
               data={"from": previous.value if previous else None, "to": colour.value, "reason": reason})
    if colour is RiskColour.RED:
        await issue_supervision_order(session, ticket, ctx=ctx, now=now)


async def issue_supervision_order(session: AsyncSession, ticket: Ticket, *, ctx: WorkflowContext, now: datetime) -> None:
    """Open the 督办单 step once per ticket (10 working days) and tell top management."""
    existing = await session.scalar(
        select(TicketDeadline.id).where(TicketDeadline.ticket_id == ticket.id, TicketDeadline.step == SUPERVISION_REPLY)
    )
    if existing is not None:
        return
    due = supervision_due(ctx.policy, ctx.calendar, now)
    await open_step(session, ticket_id=ticket.id, base=SUPERVISION_REPLY, start=now, due=due, policy=ctx.policy,
                    now=now)
    session.add(TicketEvent(ticket_id=ticket.id, at=now, actor="system", action="supervision_order",
                            data={"due_at": due.isoformat()}))
    notify(session, audience=level_audience("top_management"), kind="supervision_order", ticket=ticket, now=now,
           text=f"督办单 {ticket.number}: reply due {due.isoformat()}", data={"due_at": due.isoformat()})


def _severity_max(a: str, b: Severity) -> str:
    return max(Severity(a), b, key=_SEVERITY_ORDER.index).value


async def regrade(
    session: AsyncSession,
    ticket: Ticket,
    *,
    ctx: WorkflowContext,
    now: datetime,
    risk_signals: tuple[str, ...] = (),
    repeat_count: int = 0,
    group_size: int = 0,
    reason: str,
) -> bool:
    """Grade again from all signals known now (threat words, repeats, group size, tier); never lowers."""
    customer = await session.get(Customer, ticket.customer_id)
    tier = Tier(customer.tier) if customer is not None else Tier.NORMAL
    graded = grade(
        category=Category(ticket.category) if ticket.category else None,
        tier=tier,
        risk_signals=risk_signals,
        repeat=repeat_count > 0,
        appeal=ticket.is_appeal,
        group=group_size >= ctx.policy.groups.threshold,
    )
    colour = graded.colour
    ticket.severity = _severity_max(ticket.severity, graded.severity)
    return await raise_colour(session, ticket, colour, reason=reason, ctx=ctx, now=now)
