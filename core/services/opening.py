"""Opening a ticket: the row, its grading and department, deadlines with their timers, its number.

Shared by the direct intake (`inbound.py`: e-mail, API, console, import, and every channel when
no bot is configured) and the bot's intake (`bot_turns.py`, after the customer confirmed).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import Conversation, Customer, Ticket, TicketDeadline, TicketEvent
from core.domain.labels import Category, Channel, Kind, Language, TicketStatus, Tier
from core.domain.messages import NluResult
from core.grading import grade
from core.services import deadlines as steps
from core.services.numbering import next_ticket_number
from core.templates import format_deadline
from core.workflow import intake
from core.workflow.context import WorkflowContext
from core.workflow.timers import step_timers

SUMMARY_MAX_CHARS = 500


async def open_ticket(
    session: AsyncSession,
    *,
    channel: Channel,
    received_at: datetime,
    summary: str,
    nlu: NluResult,
    customer: Customer,
    conversation: Conversation,
    ctx: WorkflowContext,
    now: datetime,
    appeal: bool = False,
    complex_track: bool = False,
    details: dict[str, Any] | None = None,
) -> tuple[Ticket, dict[str, datetime]]:
    """A new ticket with its deadlines and the `opened` event; returns the due times by step.

    The ticket carries a placeholder number: call `finish_new_ticket` last in the transaction.
    """
    tier = Tier(customer.tier)
    category = nlu.category if nlu.kind is Kind.COMPLAINT else None
    graded = grade(
        category=category,
        tier=tier,
        risk_signals=nlu.risk_signals,
        repeat=bool(nlu.repeat_signals),
        appeal=appeal,
    )
    complaint = nlu.kind is Kind.COMPLAINT
    department_code = ctx.policy.department_for(category or Category.OTHER) if complaint else ctx.policy.default_department
    ticket = Ticket(
        # a placeholder until finish_new_ticket numbers the ticket at the end of the transaction
        number=f"pending-{uuid.uuid4().hex[:24]}",
        customer_id=customer.id,
        conversation_id=conversation.id,
        channel=channel.value,
        kind=nlu.kind.value,
        category=category.value if category else None,
        business=nlu.business.value,
        entities=list(nlu.to_json()["entities"]),
        details=dict(details or {}),
        summary=summary[:SUMMARY_MAX_CHARS],
        severity=graded.severity.value,
        risk_colour=graded.colour.value,
        priority=graded.priority.value,
        status=(TicketStatus.NEW if complaint else TicketStatus.RECORDED).value,
        department_id=ctx.departments[department_code],
        is_appeal=appeal,
        is_complex=complex_track,
        received_at=received_at,
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
        received_at=received_at,
        complex_track=complex_track,
        appeal=appeal,
    )
    for step, at in due.items():
        if step == steps.ACKNOWLEDGE:
            # the acknowledgement is queued in this very transaction: that step is met now
            session.add(TicketDeadline(ticket_id=ticket.id, step=step, due_at=at, met_at=now))
            continue
        session.add(TicketDeadline(ticket_id=ticket.id, step=step, due_at=at))
        # every step runs from the moment of receipt; its urge and breach timers go in with it
        session.add_all(step_timers(ticket_id=ticket.id, step=step, start=received_at, due=at,
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
                **({"details": ticket.details} if ticket.details else {}),
            },
        )
    )
    return ticket, due


async def finish_new_ticket(
    session: AsyncSession, ticket: Ticket, nlu: NluResult, *, ctx: WorkflowContext, now: datetime
) -> None:
    """Number the ticket and start its work order; call last in the transaction.

    On SQLite the daily counter row stays locked until commit, so taking it at the very end keeps
    that lock short (PostgreSQL uses a sequence, see numbering.py).
    """
    ticket.number = await next_ticket_number(session, ticket.received_at, ctx.policy.zone)
    if ticket.kind == Kind.COMPLAINT.value:
        await intake.on_ticket_opened(session, ticket, nlu, ctx=ctx, now=now)


def opened_values(
    ticket: Ticket, due: dict[str, datetime], received_at: datetime, language: Language, ctx: WorkflowContext
) -> dict[str, object]:
    """What the `complaint_opened` acknowledgement says besides the number (given once numbered)."""
    resolve = due[steps.RESOLVE]
    department = ctx.policy.departments[ctx.department_code(ticket.department_id)]
    return {
        "department": department.for_language(language.value),
        "hours": round((resolve - received_at).total_seconds() / 3600),
        "deadline": format_deadline(resolve, ctx.policy.zone, language),
    }


async def step_due(session: AsyncSession, ticket: Ticket, step: str) -> datetime | None:
    """When `step` of the ticket is due (None when it has no such step)."""
    return await session.scalar(
        select(TicketDeadline.due_at).where(TicketDeadline.ticket_id == ticket.id, TicketDeadline.step == step)
    )
