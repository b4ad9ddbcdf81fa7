"""Who may see and do what in the console (policy §9: each role what it needs)."""

from __future__ import annotations

from dataclasses import dataclass

from core.domain.labels import Role

# roles that see every ticket (senior agents review all of them, inspectors sample all of them)
SEES_ALL_TICKETS = frozenset({Role.SENIOR_AGENT, Role.SUPERVISOR, Role.QUALITY_INSPECTOR, Role.ADMIN})
# roles that watch the live conversations
WATCHES_CONVERSATIONS = frozenset({Role.AGENT, Role.SENIOR_AGENT, Role.SUPERVISOR, Role.QUALITY_INSPECTOR, Role.ADMIN})
# roles that talk to customers: take over, reply, hand back, notes, typed-in complaints
HANDLES_CONVERSATIONS = frozenset({Role.AGENT, Role.SENIOR_AGENT, Role.SUPERVISOR, Role.ADMIN})
# roles that may hand back or close a conversation another agent holds
OVERRIDES_HANDOFF = frozenset({Role.SUPERVISOR, Role.ADMIN})
CORRECTS_LABELS = frozenset({Role.AGENT, Role.SENIOR_AGENT, Role.SUPERVISOR, Role.QUALITY_INSPECTOR, Role.ADMIN})
EDITS_KNOWLEDGE = frozenset({Role.SENIOR_AGENT, Role.SUPERVISOR, Role.ADMIN})


@dataclass(frozen=True)
class StaffMember:
    """The logged-in user as the console sees it."""

    id: int
    email: str
    name: str
    role: Role
    department_id: int | None
    department_code: str | None

    def may(self, allowed: frozenset[Role]) -> bool:
        """True when the user's role is in `allowed`."""
        return self.role in allowed


def can_read_ticket(user: StaffMember, *, department_id: int | None, owner_id: int | None,
                    held_by: int | None = None) -> bool:
    """Agents: their own tickets, their department's queue, and the conversation they hold.

    Department staff: the orders dispatched to their department. Senior agents, supervisors,
    quality inspectors and admins: all.
    """
    if user.role in SEES_ALL_TICKETS:
        return True
    in_department = user.department_id is not None and department_id == user.department_id
    if user.role is Role.DEPARTMENT_STAFF:
        return in_department
    return in_department or owner_id == user.id or held_by == user.id


def sees_full_numbers(user: StaffMember, *, ticket_withheld: bool = False) -> bool:
    """Whether a detail page shows `user` a customer's phone numbers in full (lists always mask them).

    The conversation and ticket pages show them in full to everyone allowed to open the page
    (policy §9 masks lists). The exception: a conversation whose ticket the page withholds from
    the user (another department's) — what the bot collected for that customer is masked too.
    """
    return user.role in SEES_ALL_TICKETS or not ticket_withheld
