"""Due times for every step of policy §5, computed from the policy file (pure functions).

Hours are calendar hours (holidays included); working days follow the official Chinese calendar
with its moved working weekends (`core.workdays.WorkCalendar`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from core.policy import Policy
from core.services.deadlines import (
    ACKNOWLEDGE,
    APPEAL_CLOSE,
    APPEAL_PREPROCESS,
    COMPLEX_PRELIMINARY,
    DISPATCH,
    RESOLVE,
)
from core.workdays import WorkCalendar

# step names as `ticket show` lists them; repeated rounds get a suffix: department_response_2
DEPARTMENT_RESPONSE = "department_response"
TELL_RESULT = "tell_result"
DISSATISFIED_RECONTACT = "dissatisfied_recontact"
REVISIT = "revisit"
SUPERVISION_REPLY = "supervision_reply"

__all__ = [
    "ACKNOWLEDGE",
    "APPEAL_CLOSE",
    "APPEAL_PREPROCESS",
    "COMPLEX_PRELIMINARY",
    "CUSTOMER_FACING",
    "DEPARTMENT_RESPONSE",
    "DISPATCH",
    "DISSATISFIED_RECONTACT",
    "RESOLVE",
    "REVISIT",
    "SUPERVISION_REPLY",
    "TELL_RESULT",
]

# limits the customer was promised: before they pass unmet, the customer is told (policy §5)
CUSTOMER_FACING = frozenset({RESOLVE, COMPLEX_PRELIMINARY, APPEAL_CLOSE, DISSATISFIED_RECONTACT})
# steps a department works against; the others are the desk's (dispatch, result, revisit)
DEPARTMENT_STEPS = frozenset(
    {DEPARTMENT_RESPONSE, RESOLVE, COMPLEX_PRELIMINARY, APPEAL_PREPROCESS, APPEAL_CLOSE, SUPERVISION_REPLY}
)


def base_step(step: str) -> str:
    """`department_response_2` → `department_response`."""
    head, _, tail = step.rpartition("_")
    return head if head and tail.isdigit() else step


def numbered(base: str, round_no: int) -> str:
    """The step name of round `round_no` (the first round has no suffix)."""
    return base if round_no <= 1 else f"{base}_{round_no}"


def urge_at(start: datetime, due: datetime, fraction: float) -> datetime:
    """When to urge (催单): `fraction` of the step's length before it is due, never before start."""
    length = max(due - start, timedelta(0))
    return due - length * fraction


def department_response_due(policy: Policy, dispatched_at: datetime) -> datetime:
    """The department must respond within 30 minutes of dispatch."""
    return dispatched_at + timedelta(minutes=policy.sla.department_response_minutes)


def tell_result_due(policy: Policy, resolved_at: datetime) -> datetime:
    """The customer hears the result within 24 hours of resolution."""
    return resolved_at + timedelta(hours=policy.sla.tell_result_hours)


def recontact_due(policy: Policy, unhappy_at: datetime) -> datetime:
    """A dissatisfied customer is contacted again within 48 hours."""
    return unhappy_at + timedelta(hours=policy.sla.dissatisfied_recontact_hours)


def supervision_due(policy: Policy, calendar: WorkCalendar, issued_at: datetime) -> datetime:
    """A supervision order (督办单) is answered within 10 working days."""
    return calendar.add_working_days(issued_at, policy.sla.supervision_reply_working_days)


def revisit_window(policy: Policy, calendar: WorkCalendar, closed_at: datetime) -> tuple[datetime, datetime]:
    """When the revisit survey goes out and by when it must have: 3 to 7 working days after closure.

    It is sent at the policy's time of day on the first allowed working day, and due by the end
    of the last one.
    """
    first_day = calendar.add_working_days(closed_at, policy.sla.revisit_min_working_days)
    send_at = datetime.combine(first_day.date(), policy.workflow.revisit_send_time, tzinfo=calendar.zone)
    due_by = calendar.add_working_days(closed_at, policy.sla.revisit_max_working_days)
    return send_at, due_by
