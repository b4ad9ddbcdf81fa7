"""The revisit (回访): a 1 to 5 satisfaction survey 3 to 7 working days after closure (policy §7).

Closing schedules it (a `revisits` row and two timers); the scheduler sends it and, if nobody
answered by the end of the window, marks it expired and gives the owner a call task. An answer
arriving from the customer is read by `answer_revisit`; a dissatisfied one reopens the ticket
with the 48-hour recontact limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import Customer, Revisit, Ticket, TicketEvent
from core.domain.labels import TicketStatus
from core.templates import format_deadline, reply_language
from core.workflow import sla
from core.workflow.context import WorkflowContext
from core.workflow.customer_contact import write_to_customer
from core.workflow.notifications import department_audience, notify, staff_audience
from core.workflow.steps import meet_step, open_step
from core.workflow.survey import is_dissatisfied, parse_score
from core.workflow.timers import REVISIT_EXPIRE, REVISIT_SEND, schedule


@dataclass(frozen=True)
class RevisitAnswer:
    """What an answer did: the score, and whether the ticket was reopened."""

    ticket_id: int
    ticket_number: str
    score: int
    reopened: bool


def _owner_audience(ticket: Ticket, ctx: WorkflowContext) -> str:
    # 谁受理、谁回访: the revisit belongs to whoever received the complaint
    if ticket.owner_id is not None:
        return staff_audience(ticket.owner_id)
    return department_audience(ctx.policy.default_department)


async def schedule_revisit(session: AsyncSession, ticket: Ticket, *, ctx: WorkflowContext, now: datetime) -> Revisit:
    """Plan the next revisit round of a just-closed ticket."""
    rounds = await session.scalar(select(func.count()).select_from(Revisit).where(Revisit.ticket_id == ticket.id))
    round_no = int(rounds or 0) + 1
    send_at, due_by = sla.revisit_window(ctx.policy, ctx.calendar, now)
    revisit = Revisit(ticket_id=ticket.id, customer_id=ticket.customer_id, round=round_no, status="scheduled",
                      send_at=send_at, due_by=due_by, created_at=now)
    session.add(revisit)
    step = await open_step(session, ticket_id=ticket.id, base=sla.REVISIT, start=now, due=due_by, policy=ctx.policy,
                           now=now)
    await schedule(session, ticket_id=ticket.id, kind=REVISIT_SEND, step=step, due_at=send_at, now=now)
    await schedule(session, ticket_id=ticket.id, kind=REVISIT_EXPIRE, step=step, due_at=due_by, now=now)
    return revisit


def _round_of(step: str) -> int:
    head, _, tail = step.rpartition("_")
    return int(tail) if head and tail.isdigit() else 1


async def send_survey(session: AsyncSession, ticket: Ticket, step: str, *, ctx: WorkflowContext, now: datetime) -> str:
    """Timer `revisit`: ask the customer for 1 to 5 on their channel; returns the timer outcome."""
    revisit = await session.scalar(
        select(Revisit).where(Revisit.ticket_id == ticket.id, Revisit.round == _round_of(step)))
    if revisit is None or revisit.status != "scheduled" or ticket.status != TicketStatus.CLOSED.value:
        return "skipped"
    customer = await session.get(Customer, ticket.customer_id)
    if customer is None:
        return "skipped"
    message = await write_to_customer(
        session, customer=customer, ticket=ticket, template="revisit_survey", policy=ctx.policy, now=now,
        key=f"revisit-{ticket.id}-{revisit.round}", values={"number": ticket.number},
        options={"buttons": ["1", "2", "3", "4", "5"]},
    )
    if message is None:
        notify(session, audience=_owner_audience(ticket, ctx), kind="call_task", ticket=ticket, now=now,
               text=f"{ticket.number}: revisit by phone (no channel reaches the customer)")
        return "unreachable"
    await session.flush()
    revisit.status, revisit.sent_at, revisit.message_id = "sent", now, message.id
    await meet_step(session, ticket.id, sla.REVISIT, now)
    session.add(TicketEvent(ticket_id=ticket.id, at=now, actor="system", action="revisit_sent",
                            data={"round": revisit.round, "channel": message.channel}))
    return "acted"


async def expire_revisit(session: AsyncSession, ticket: Ticket, step: str, *, ctx: WorkflowContext,
                         now: datetime) -> str:
    """Timer `revisit_expire`: no answer by the end of the window; the owner calls instead."""
    revisit = await session.scalar(
        select(Revisit).where(Revisit.ticket_id == ticket.id, Revisit.round == _round_of(step)))
    if revisit is None or revisit.status not in ("scheduled", "sent"):
        return "skipped"
    revisit.status = "expired"
    session.add(TicketEvent(ticket_id=ticket.id, at=now, actor="system", action="revisit_expired",
                            data={"round": revisit.round}))
    notify(session, audience=_owner_audience(ticket, ctx), kind="call_task", ticket=ticket, now=now,
           text=f"{ticket.number}: no answer to the revisit; call the customer")
    return "acted"


async def pending_revisit(session: AsyncSession, customer_id: int) -> Revisit | None:
    """The customer's latest revisit that was sent and not answered."""
    return await session.scalar(
        select(Revisit).where(Revisit.customer_id == customer_id, Revisit.status == "sent")
        .order_by(Revisit.sent_at.desc(), Revisit.id.desc()).limit(1)
    )


async def answer_revisit(session: AsyncSession, customer_id: int, text: str, *, ctx: WorkflowContext,
                         now: datetime, names_a_service: bool = False) -> RevisitAnswer | None:
    """Record a survey answer from this customer, if one is pending and `text` holds a score.

    None means "not a survey answer": the caller handles the message as usual. With
    `names_a_service` (the NLU reads a complaint about mobile, broadband ...), words like 很差 are
    a new complaint ("5G信号很差"), not a score; digits and 满意 / satisfied still answer.
    """
    # most messages hold no score: find that out before asking the database
    score = parse_score(text, judgements=not names_a_service)
    if score is None:
        return None
    revisit = await pending_revisit(session, customer_id)
    if revisit is None:
        return None
    ticket = await session.get(Ticket, revisit.ticket_id)
    customer = await session.get(Customer, customer_id)
    if ticket is None or customer is None:
        return None
    revisit.status, revisit.answered_at, revisit.score, revisit.answer_text = "answered", now, score, text[:2000]
    session.add(TicketEvent(ticket_id=ticket.id, at=now, actor="customer", action="revisit_answered",
                            data={"round": revisit.round, "score": score}))
    reopened = is_dissatisfied(score, ctx.policy.workflow.dissatisfied_max_score)
    language = reply_language(None, customer.language)
    if reopened:
        await reopen(session, ticket, ctx=ctx, now=now, reason=f"revisit score {score}")
        due = sla.recontact_due(ctx.policy, now)
        values: dict[str, object] = {"number": ticket.number, "score": score,
                                     "deadline": format_deadline(due, ctx.policy.zone, language)}
        template = "revisit_reopened"
    else:
        values, template = {"score": score}, "revisit_thanks"
    await write_to_customer(session, customer=customer, ticket=ticket, template=template, values=values,
                            key=f"revisit-answer-{ticket.id}-{revisit.round}", policy=ctx.policy, now=now)
    return RevisitAnswer(ticket.id, ticket.number, score, reopened)


async def reopen(session: AsyncSession, ticket: Ticket, *, ctx: WorkflowContext, now: datetime, reason: str) -> str:
    """The customer is not satisfied: reopened, to be contacted again within 48 hours (policy §5)."""
    before = ticket.status
    ticket.status, ticket.closed_at, ticket.updated_at = TicketStatus.REOPENED.value, None, now
    step = await open_step(session, ticket_id=ticket.id, base=sla.DISSATISFIED_RECONTACT, start=now,
                           due=sla.recontact_due(ctx.policy, now), policy=ctx.policy, now=now)
    session.add(TicketEvent(ticket_id=ticket.id, at=now, actor="system", action="reopened",
                            data={"from": before, "to": ticket.status, "reason": reason, "step": step}))
    notify(session, audience=_owner_audience(ticket, ctx), kind="reopened", ticket=ticket, now=now,
           text=f"{ticket.number} reopened ({reason}): contact the customer within "
                f"{ctx.policy.sla.dissatisfied_recontact_hours:g} hours and dispatch again")
    return step
