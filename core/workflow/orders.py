"""The work-order state machine (policy §4): dispatch, accept, urge, return, reply, review, close,
second dispatch, and the console's appeal / complex / delay entries.

Each function checks state and role first (`roles.check`): a refused operation raises
`NotAllowed` before anything is written. Every step lands in the audit trail (`ticket_events`)
and opens or meets its deadlines; the scheduler's timers do the chasing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import Customer, Ticket, TicketEvent, TicketLink
from core.domain.labels import Priority, RiskColour, TicketStatus, Tier
from core.errors import NotAllowed, NotFound
from core.policy import Policy
from core.templates import format_deadline, render, reply_language
from core.workdays import WorkCalendar
from core.workflow import sla
from core.workflow.context import WorkflowContext, load_context
from core.workflow.customer_contact import write_to_customer
from core.workflow.notifications import department_audience, notify
from core.workflow.regrade import raise_colour
from core.workflow.roles import Actor, Operation, check
from core.workflow.steps import meet_step, move_step, open_step, unmet_steps

T = TypeVar("T")

JUSTIFICATIONS = ("justified", "unjustified", "dispute")  # 有理由, 无理由, 争议 (policy §6)
MAX_TEXT = 2000


async def operate(session: AsyncSession, number: str, actor: Actor, op: Callable[..., Awaitable[T]], *,
                  policy: Policy, calendar: WorkCalendar, now: datetime, **kwargs: Any) -> T:
    """Run one work-order operation on ticket `number` as `actor` (the caller commits)."""
    ctx = await load_context(session, policy, calendar)
    ticket = await get_ticket(session, number)
    return await op(session, ticket, actor, ctx, now, **kwargs)


async def get_ticket(session: AsyncSession, number: str) -> Ticket:
    """The ticket with this number, or NotFound."""
    ticket = await session.scalar(select(Ticket).where(Ticket.number == number))
    if ticket is None:
        raise NotFound(f"no ticket {number}")
    return ticket


def _text(name: str, value: str | None, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise NotAllowed(f"{name}: required")
    if len(value) > MAX_TEXT:
        raise NotAllowed(f"{name}: longer than {MAX_TEXT} characters")
    return value


def _begin(op: Operation, ticket: Ticket, actor: Actor, ctx: WorkflowContext) -> str:
    department = ctx.department_code(ticket.department_id) if ticket.department_id else None
    check(op, ticket, actor, department)
    return ticket.status


def _record(session: AsyncSession, ticket: Ticket, actor: Actor, op: Operation, now: datetime,
            before: str, **data: Any) -> None:
    ticket.updated_at = now
    session.add(TicketEvent(ticket_id=ticket.id, at=now, actor=actor.name, action=op.value,
                            data={"from": before, "to": ticket.status, **data}))


def _resolve_hours(ctx: WorkflowContext, tier: str) -> float:
    sla_policy = ctx.policy.sla
    return sla_policy.resolve_vip_hours if tier == Tier.VIP.value else sla_policy.resolve_normal_hours


async def dispatch(session: AsyncSession, ticket: Ticket, actor: Actor, ctx: WorkflowContext, now: datetime,
                   department: str | None = None, note: str | None = None) -> str:
    """派单: send the order to a department (policy routing unless named); returns the response step."""
    before = _begin(Operation.DISPATCH, ticket, actor, ctx)
    code = department or ctx.department_code(ticket.department_id)
    if code not in ctx.departments:
        raise NotAllowed(f"dispatch: unknown department {code!r}")
    ticket.department_id = ctx.departments[code]
    ticket.status = TicketStatus.DISPATCHED.value
    if ticket.owner_id is None and actor.id is not None:
        # 首问负责: a bot-received complaint is owned by the first agent who handles it
        ticket.owner_id = actor.id
    if ticket.priority != Priority.URGENT.value and ticket.risk_colour != RiskColour.BLUE.value:
        ticket.priority = Priority.URGENT.value  # 加急: urgent, major and VIP orders
    await meet_step(session, ticket.id, sla.DISPATCH, now)
    step = await open_step(session, ticket_id=ticket.id, base=sla.DEPARTMENT_RESPONSE, start=now,
                           due=sla.department_response_due(ctx.policy, now), policy=ctx.policy, now=now)
    notify(session, audience=department_audience(code), kind="dispatched", ticket=ticket, now=now,
           text=f"{ticket.number} dispatched to you" + (" (加急)" if ticket.priority == Priority.URGENT.value else ""),
           data={"priority": ticket.priority})
    _record(session, ticket, actor, Operation.DISPATCH, now, before, department=code, note=note or "")
    return step


async def accept(session: AsyncSession, ticket: Ticket, actor: Actor, ctx: WorkflowContext, now: datetime) -> None:
    """The department takes the order (its 30-minute response)."""
    before = _begin(Operation.ACCEPT, ticket, actor, ctx)
    ticket.status = TicketStatus.IN_PROGRESS.value
    await meet_step(session, ticket.id, sla.DEPARTMENT_RESPONSE, now)
    _record(session, ticket, actor, Operation.ACCEPT, now, before)


async def urge(session: AsyncSession, ticket: Ticket, actor: Actor, ctx: WorkflowContext, now: datetime,
               note: str | None = None) -> None:
    """追单 / 催单 by the desk: the department is told again; the state does not change."""
    before = _begin(Operation.URGE, ticket, actor, ctx)
    code = ctx.department_code(ticket.department_id)
    notify(session, audience=department_audience(code), kind="urge", ticket=ticket, now=now,
           text=f"催单 {ticket.number}" + (f": {note}" if note else ""), data={"by": actor.name})
    _record(session, ticket, actor, Operation.URGE, now, before, note=note or "")


async def return_order(session: AsyncSession, ticket: Ticket, actor: Actor, ctx: WorkflowContext, now: datetime,
                       reason: str) -> None:
    """退单: the department says the order is not theirs; the desk re-dispatches."""
    reason = _text("reason", reason)
    before = _begin(Operation.RETURN, ticket, actor, ctx)
    code = ctx.department_code(ticket.department_id)
    ticket.status = TicketStatus.RETURNED.value
    # a return is a response: the 30-minute limit is met
    await meet_step(session, ticket.id, sla.DEPARTMENT_RESPONSE, now)
    notify(session, audience=department_audience(ctx.policy.default_department), kind="returned", ticket=ticket,
           now=now, text=f"{ticket.number} returned by {code}: {reason}", data={"reason": reason, "by": code})
    _record(session, ticket, actor, Operation.RETURN, now, before, reason=reason, department=code)


async def preliminary(session: AsyncSession, ticket: Ticket, actor: Actor, ctx: WorkflowContext, now: datetime,
                      text: str) -> None:
    """The complex track's preliminary result (72 hours)."""
    text = _text("text", text)
    before = _begin(Operation.PRELIMINARY, ticket, actor, ctx)
    if not ticket.is_complex:
        raise NotAllowed(f"preliminary: ticket {ticket.number} is not on the complex track")
    await meet_step(session, ticket.id, sla.COMPLEX_PRELIMINARY, now)
    await meet_step(session, ticket.id, sla.DEPARTMENT_RESPONSE, now)
    _record(session, ticket, actor, Operation.PRELIMINARY, now, before, text=text)


async def reply(session: AsyncSession, ticket: Ticket, actor: Actor, ctx: WorkflowContext, now: datetime, *,
                cause: str, result: str, prevention: str, justification: str = "justified",
                commitment: str | None = None) -> str:
    """回单: the department reports cause, result and prevention; returns the tell-result step."""
    cause, result, prevention = _text("cause", cause), _text("result", result), _text("prevention", prevention)
    commitment = _text("commitment", commitment, required=False)
    if justification not in JUSTIFICATIONS:
        raise NotAllowed(f"justification: one of {', '.join(JUSTIFICATIONS)}")
    before = _begin(Operation.REPLY, ticket, actor, ctx)
    ticket.status = TicketStatus.REPLIED.value
    for base in (sla.DEPARTMENT_RESPONSE, sla.RESOLVE, sla.COMPLEX_PRELIMINARY, sla.SUPERVISION_REPLY,
                 sla.APPEAL_PREPROCESS):
        await meet_step(session, ticket.id, base, now)
    step = await open_step(session, ticket_id=ticket.id, base=sla.TELL_RESULT, start=now,
                           due=sla.tell_result_due(ctx.policy, now), policy=ctx.policy, now=now)
    _record(session, ticket, actor, Operation.REPLY, now, before, cause=cause, result=result,
            prevention=prevention, justification=justification, commitment=commitment)
    return step


async def review(session: AsyncSession, ticket: Ticket, actor: Actor, ctx: WorkflowContext, now: datetime, *,
                 approve: bool, note: str | None = None) -> None:
    """审核 by a senior agent: approve for closing, or send back to the department with a note."""
    if not approve:
        note = _text("note", note)
    before = _begin(Operation.REVIEW, ticket, actor, ctx)
    ticket.status = (TicketStatus.REVIEWED if approve else TicketStatus.IN_PROGRESS).value
    if not approve:
        notify(session, audience=department_audience(ctx.department_code(ticket.department_id)), kind="review_rejected",
               ticket=ticket, now=now, text=f"{ticket.number}: reply sent back: {note}")
    _record(session, ticket, actor, Operation.REVIEW, now, before, approve=approve, note=note or "")


async def close(session: AsyncSession, ticket: Ticket, actor: Actor, ctx: WorkflowContext, now: datetime) -> None:
    """结单: the result goes to the customer, commitments in writing, and the revisit is scheduled."""
    from core.workflow.results import send_result
    from core.workflow.revisits import schedule_revisit

    before = _begin(Operation.CLOSE, ticket, actor, ctx)
    answer = await last_reply(session, ticket.id)
    if answer is None:
        raise NotAllowed(f"close: ticket {ticket.number} has no department reply")
    ticket.status = TicketStatus.CLOSED.value
    ticket.closed_at = now
    await send_result(session, ticket, answer, ctx=ctx, now=now)
    for base in (sla.TELL_RESULT, sla.APPEAL_CLOSE, sla.DISSATISFIED_RECONTACT):
        await meet_step(session, ticket.id, base, now)
    _record(session, ticket, actor, Operation.CLOSE, now, before)
    await schedule_revisit(session, ticket, ctx=ctx, now=now)


async def last_reply(session: AsyncSession, ticket_id: int) -> dict[str, Any] | None:
    """The data of the latest 回单 on the ticket."""
    data = await session.scalar(
        select(TicketEvent.data).where(TicketEvent.ticket_id == ticket_id, TicketEvent.action == Operation.REPLY.value)
        .order_by(TicketEvent.id.desc()).limit(1)
    )
    return dict(data) if data is not None else None


async def second_dispatch(session: AsyncSession, ticket: Ticket, actor: Actor, ctx: WorkflowContext,
                          now: datetime, department: str | None = None, note: str | None = None) -> str:
    """二次派单 of a reopened order: dispatched again, urgent, with a fresh resolve limit."""
    before = _begin(Operation.SECOND_DISPATCH, ticket, actor, ctx)
    code = department or ctx.department_code(ticket.department_id)
    if code not in ctx.departments:
        raise NotAllowed(f"second_dispatch: unknown department {code!r}")
    return await _dispatch_again(session, ticket, actor, ctx, now, code, before, note or "", new_resolve=True)


async def _dispatch_again(session: AsyncSession, ticket: Ticket, actor: Actor, ctx: WorkflowContext, now: datetime,
                          code: str, before: str, note: str, *, new_resolve: bool) -> str:
    ticket.department_id = ctx.departments[code]
    ticket.status = TicketStatus.DISPATCHED.value
    ticket.priority = Priority.URGENT.value
    ticket.closed_at = None
    step = await open_step(session, ticket_id=ticket.id, base=sla.DEPARTMENT_RESPONSE, start=now,
                           due=sla.department_response_due(ctx.policy, now), policy=ctx.policy, now=now)
    await meet_step(session, ticket.id, sla.DISPATCH, now)
    resolve_step = sla.RESOLVE
    if new_resolve:
        # the second investigation gets a resolve limit of its own; a new ticket already has one
        customer = await session.get(Customer, ticket.customer_id)
        resolve_due = now + timedelta(hours=_resolve_hours(ctx, customer.tier if customer else Tier.NORMAL.value))
        resolve_step = await open_step(session, ticket_id=ticket.id, base=sla.RESOLVE, start=now, due=resolve_due,
                                       policy=ctx.policy, now=now)
    notify(session, audience=department_audience(code), kind="second_dispatch", ticket=ticket, now=now,
           text=f"二次派单 {ticket.number} (加急)", data={"resolve_step": resolve_step})
    _record(session, ticket, actor, Operation.SECOND_DISPATCH, now, before, department=code, note=note,
            resolve_step=resolve_step)
    return step


async def second_dispatch_repeat(session: AsyncSession, ticket: Ticket, ctx: WorkflowContext, now: datetime) -> str:
    """The automatic second dispatch of a new ticket that repeats a closed one (policy §6)."""
    return await _dispatch_again(session, ticket, Actor.system(), ctx, now, ctx.department_code(ticket.department_id),
                                 ticket.status, "repeat of a closed ticket", new_resolve=False)


async def contact(session: AsyncSession, ticket: Ticket, actor: Actor, ctx: WorkflowContext, now: datetime,
                  note: str) -> None:
    """The desk spoke to the customer again (meets the 48-hour recontact limit)."""
    note = _text("note", note)
    before = _begin(Operation.CONTACT, ticket, actor, ctx)
    await meet_step(session, ticket.id, sla.DISSATISFIED_RECONTACT, now)
    _record(session, ticket, actor, Operation.CONTACT, now, before, note=note)


async def announce_delay(session: AsyncSession, ticket: Ticket, actor: Actor, ctx: WorkflowContext, now: datetime,
                         *, step: str, reason: str, expected_at: datetime) -> None:
    """Tell the customer a limit will be missed, why, and when to expect the answer (policy §5)."""
    reason = _text("reason", reason)
    before = _begin(Operation.ANNOUNCE_DELAY, ticket, actor, ctx)
    due = (await unmet_steps(session, ticket.id)).get(step)
    if due is None:
        raise NotAllowed(f"announce_delay: ticket {ticket.number} has no open step {step!r}")
    if expected_at <= due:
        raise NotAllowed("expected_at: must be after the limit that will be missed")
    await send_delay_notice(session, ticket, ctx=ctx, now=now, step=step, due=due, reason=reason,
                            expected_at=expected_at)
    _record(session, ticket, actor, Operation.ANNOUNCE_DELAY, now, before, step=step, reason=reason,
            expected_at=expected_at.isoformat())


async def send_delay_notice(session: AsyncSession, ticket: Ticket, *, ctx: WorkflowContext, now: datetime, step: str,
                            due: datetime, reason: str | None, expected_at: datetime) -> None:
    """The delay notice to the customer (staff-announced, or automatic before the limit)."""
    customer = await session.get(Customer, ticket.customer_id)
    if customer is None:
        return
    language = reply_language(None, customer.language)
    zone = ctx.policy.zone
    await write_to_customer(
        session, customer=customer, ticket=ticket, template="delay_notice", policy=ctx.policy, now=now,
        key=f"delay-{ticket.id}-{step}",
        values={"number": ticket.number, "deadline": format_deadline(due, zone, language),
                "expected": format_deadline(expected_at, zone, language),
                "reason": reason or render("delay_reason_default", language)},
    )


async def register_appeal(session: AsyncSession, ticket: Ticket, actor: Actor, ctx: WorkflowContext,
                          now: datetime, received_at: datetime | None = None) -> None:
    """A regulator appeal (申诉) about this ticket: its own limits, colour red, supervision order."""
    before = _begin(Operation.REGISTER_APPEAL, ticket, actor, ctx)
    if ticket.is_appeal:
        raise NotAllowed(f"register_appeal: ticket {ticket.number} is already an appeal")
    at = received_at or now
    ticket.is_appeal = True
    if ticket.status == TicketStatus.CLOSED.value:
        ticket.status, ticket.closed_at = TicketStatus.REOPENED.value, None
    await open_step(session, ticket_id=ticket.id, base=sla.APPEAL_PREPROCESS, start=at,
                    due=at + timedelta(hours=ctx.policy.sla.appeal_preprocess_hours), policy=ctx.policy, now=now)
    await open_step(session, ticket_id=ticket.id, base=sla.APPEAL_CLOSE, start=at,
                    due=ctx.calendar.add_working_days(at, ctx.policy.sla.appeal_close_working_days),
                    policy=ctx.policy, now=now)
    _record(session, ticket, actor, Operation.REGISTER_APPEAL, now, before, received_at=at.isoformat())
    await raise_colour(session, ticket, RiskColour.RED, reason="regulator appeal", ctx=ctx, now=now, actor=actor.name)


async def appeal_preprocessed(session: AsyncSession, ticket: Ticket, actor: Actor, ctx: WorkflowContext,
                              now: datetime, note: str) -> None:
    """The 24-hour pre-processing reply to the regulator went out."""
    note = _text("note", note)
    before = _begin(Operation.APPEAL_PREPROCESSED, ticket, actor, ctx)
    if not ticket.is_appeal:
        raise NotAllowed(f"appeal_preprocessed: ticket {ticket.number} is not an appeal")
    await meet_step(session, ticket.id, sla.APPEAL_PREPROCESS, now)
    _record(session, ticket, actor, Operation.APPEAL_PREPROCESSED, now, before, note=note)


async def mark_complex(session: AsyncSession, ticket: Ticket, actor: Actor, ctx: WorkflowContext,
                       now: datetime, reason: str) -> None:
    """Move to the complex track: preliminary result in 72 h, resolved in 15 working days."""
    reason = _text("reason", reason)
    before = _begin(Operation.MARK_COMPLEX, ticket, actor, ctx)
    if ticket.is_complex:
        raise NotAllowed(f"mark_complex: ticket {ticket.number} is already on the complex track")
    ticket.is_complex = True
    start = ticket.received_at
    # the calendar-hour resolve limit gives way to the complex track's limits, counted from receipt
    await open_step(session, ticket_id=ticket.id, base=sla.COMPLEX_PRELIMINARY, start=start,
                    due=start + timedelta(hours=ctx.policy.sla.complex_preliminary_hours), policy=ctx.policy, now=now)
    await move_step(session, ticket_id=ticket.id, step=sla.RESOLVE, start=start,
                    due=ctx.calendar.add_working_days(start, ctx.policy.sla.complex_resolve_working_days),
                    policy=ctx.policy, now=now)
    _record(session, ticket, actor, Operation.MARK_COMPLEX, now, before, reason=reason)


async def link(session: AsyncSession, ticket: Ticket, related: Ticket, relation: str, now: datetime) -> None:
    """Link two tickets both ways (repeat, group, second_dispatch, escalation); idempotent."""
    for a, b in ((ticket, related), (related, ticket)):
        exists = await session.scalar(select(TicketLink.id).where(
            TicketLink.ticket_id == a.id, TicketLink.related_ticket_id == b.id, TicketLink.relation == relation))
        if exists is None:
            session.add(TicketLink(ticket_id=a.id, related_ticket_id=b.id, relation=relation, created_at=now))
