"""What the inbound pipeline calls into the workflow (one call per situation, same transaction).

- a new complaint ticket was opened  → `on_ticket_opened`
- a customer message joined an open ticket → `on_message_added`
- before looking for a ticket, a survey answer may be pending → `revisits.answer_revisit`
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import Ticket
from core.domain.labels import Kind, RiskColour, TicketStatus
from core.domain.messages import NluResult
from core.workflow.context import WorkflowContext
from core.workflow.groups import detect_group
from core.workflow.regrade import report_colour
from core.workflow.repeats import link_repeat, on_repeat_of_open


async def on_ticket_opened(session: AsyncSession, ticket: Ticket, nlu: NluResult, *, ctx: WorkflowContext,
                           now: datetime) -> None:
    """Report the first colour, handle a repeat of an earlier ticket, and look for a group incident."""
    if ticket.kind != Kind.COMPLAINT.value:
        return
    await session.flush()
    if ticket.risk_colour != RiskColour.BLUE.value:
        await report_colour(session, ticket, ctx=ctx, now=now, reason="graded on receipt")
    await link_repeat(session, ticket, ctx=ctx, now=now)
    await detect_group(session, ticket, ctx=ctx, now=now)


async def on_message_added(session: AsyncSession, ticket: Ticket, nlu: NluResult, *, message_id: int,
                           ctx: WorkflowContext, now: datetime) -> None:
    """A customer message joined an open ticket: a renewed complaint urges and raises it (§6).

    "Again" words (又, 再次, third time) always count; otherwise a complaint counts once the order is
    with a department, so details added while the desk is still registering it do not.
    """
    chasing = nlu.kind is Kind.COMPLAINT and ticket.status != TicketStatus.NEW.value
    if nlu.repeat_signals or chasing:
        await on_repeat_of_open(session, ticket, message_id=message_id, ctx=ctx, now=now)
