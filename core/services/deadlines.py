"""The time limits a new ticket starts with (policy §5), computed from the policy file."""

from __future__ import annotations

from datetime import datetime, timedelta

from core.domain.labels import Kind, Tier
from core.policy import Policy
from core.workdays import WorkCalendar

# step names as they appear in `ticket show` and on the supervisor board
ACKNOWLEDGE = "acknowledge"
DISPATCH = "dispatch"
RESOLVE = "resolve"
COMPLEX_PRELIMINARY = "complex_preliminary"
APPEAL_PREPROCESS = "appeal_preprocess"
APPEAL_CLOSE = "appeal_close"


def initial_deadlines(
    *,
    policy: Policy,
    calendar: WorkCalendar,
    kind: Kind,
    tier: Tier,
    received_at: datetime,
    complex_track: bool = False,
    appeal: bool = False,
) -> dict[str, datetime]:
    """Due times by step for a ticket received at `received_at`; empty for non-complaints."""
    if kind is not Kind.COMPLAINT:
        return {}
    sla = policy.sla
    due = {
        ACKNOWLEDGE: received_at + timedelta(minutes=sla.record_minutes),
        DISPATCH: received_at + timedelta(hours=sla.dispatch_hours),
    }
    if complex_track:
        due[COMPLEX_PRELIMINARY] = received_at + timedelta(hours=sla.complex_preliminary_hours)
        due[RESOLVE] = calendar.add_working_days(received_at, sla.complex_resolve_working_days)
    else:
        hours = sla.resolve_vip_hours if tier is Tier.VIP else sla.resolve_normal_hours
        due[RESOLVE] = received_at + timedelta(hours=hours)
    if appeal:
        due[APPEAL_PREPROCESS] = received_at + timedelta(hours=sla.appeal_preprocess_hours)
        due[APPEAL_CLOSE] = calendar.add_working_days(received_at, sla.appeal_close_working_days)
    return due
