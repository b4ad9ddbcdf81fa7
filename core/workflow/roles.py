"""Who may do what to a work order, in which state (policy §4, §9).

One table: operation → (states it may start from, roles allowed, whether the actor must belong to
the ticket's department). `check` raises `NotAllowed` with a reason a person can read.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from core.db.tables import Ticket
from core.domain.labels import OPEN_TICKET_STATUSES, Role, TicketStatus
from core.errors import NotAllowed


class Operation(StrEnum):
    DISPATCH = "dispatch"  # 派单
    ACCEPT = "accept"  # the department responds (30-minute limit)
    URGE = "urge"  # 追单 / 催单
    RETURN = "return"  # 退单, with a reason
    PRELIMINARY = "preliminary"  # complex track: preliminary result within 72 h
    REPLY = "reply"  # 回单: cause and result
    REVIEW = "review"  # 审核
    CLOSE = "close"  # 结单
    SECOND_DISPATCH = "second_dispatch"  # 二次派单
    CONTACT = "contact"  # the desk spoke to the customer again (48-hour rule)
    ANNOUNCE_DELAY = "announce_delay"  # tell the customer a limit will be missed, why, and when
    REGISTER_APPEAL = "register_appeal"  # a regulator appeal (申诉) arrived for this ticket
    APPEAL_PREPROCESSED = "appeal_preprocessed"  # the 24-hour pre-processing reply went out
    MARK_COMPLEX = "mark_complex"  # move to the complex-complaint track


@dataclass(frozen=True)
class Actor:
    """A member of staff acting on an order; `system` for the scheduler and the pipeline."""

    id: int | None
    role: Role | None
    department: str | None = None

    @property
    def name(self) -> str:
        return f"staff:{self.id}" if self.id is not None else "system"

    @classmethod
    def system(cls) -> Actor:
        return cls(None, None)


_DESK = frozenset({Role.AGENT, Role.SENIOR_AGENT, Role.SUPERVISOR})
_DEPT = frozenset({Role.DEPARTMENT_STAFF, Role.SUPERVISOR})
_SENIOR = frozenset({Role.SENIOR_AGENT, Role.SUPERVISOR})
_WORKING = frozenset({TicketStatus.DISPATCHED, TicketStatus.IN_PROGRESS})
_OPEN = frozenset(OPEN_TICKET_STATUSES)


@dataclass(frozen=True)
class Rule:
    states: frozenset[TicketStatus]
    roles: frozenset[Role]
    own_department: bool = False


RULES: dict[Operation, Rule] = {
    Operation.DISPATCH: Rule(frozenset({TicketStatus.NEW, TicketStatus.RETURNED}), _DESK),
    Operation.ACCEPT: Rule(frozenset({TicketStatus.DISPATCHED}), _DEPT, own_department=True),
    Operation.URGE: Rule(_WORKING, _DESK),
    Operation.RETURN: Rule(_WORKING, frozenset({Role.DEPARTMENT_STAFF}), own_department=True),
    Operation.PRELIMINARY: Rule(_WORKING, _DEPT, own_department=True),
    Operation.REPLY: Rule(_WORKING, _DEPT, own_department=True),
    Operation.REVIEW: Rule(frozenset({TicketStatus.REPLIED}), _SENIOR),
    Operation.CLOSE: Rule(frozenset({TicketStatus.REVIEWED}), _DESK),
    Operation.SECOND_DISPATCH: Rule(frozenset({TicketStatus.REOPENED}), _DESK),
    Operation.CONTACT: Rule(_OPEN, _DESK),
    Operation.ANNOUNCE_DELAY: Rule(_OPEN, _DESK | _DEPT),
    Operation.REGISTER_APPEAL: Rule(_OPEN | {TicketStatus.CLOSED}, _DESK),
    Operation.APPEAL_PREPROCESSED: Rule(_OPEN, _DESK),
    Operation.MARK_COMPLEX: Rule(_OPEN - {TicketStatus.REPLIED, TicketStatus.REVIEWED}, _DESK | _SENIOR),
}


def check(operation: Operation, ticket: Ticket, actor: Actor, ticket_department: str | None) -> None:
    """Refuse `operation` unless the ticket's state and the actor's role allow it."""
    rule = RULES[operation]
    status = TicketStatus(ticket.status)
    if actor.role is not None:
        if actor.role not in rule.roles:
            allowed = ", ".join(sorted(r.value for r in rule.roles))
            raise NotAllowed(f"{operation.value}: a {actor.role.value} may not do this (allowed: {allowed})")
        if rule.own_department and actor.role is Role.DEPARTMENT_STAFF and actor.department != ticket_department:
            raise NotAllowed(
                f"{operation.value}: ticket {ticket.number} is dispatched to {ticket_department}, "
                f"not to your department ({actor.department})"
            )
        if (operation is Operation.CLOSE and ticket.owner_id is not None and actor.id != ticket.owner_id
                and actor.role is Role.AGENT):
            # 首问负责: whoever received it closes it (senior agents and supervisors may stand in)
            raise NotAllowed(f"close: ticket {ticket.number} belongs to staff:{ticket.owner_id} (首问负责)")
    if status not in rule.states:
        allowed = ", ".join(sorted(s.value for s in rule.states))
        raise NotAllowed(f"{operation.value}: not allowed while ticket {ticket.number} is {status.value} "
                         f"(allowed from: {allowed})")
