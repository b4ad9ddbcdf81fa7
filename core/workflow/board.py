"""Read models for the console: the supervisor board and department queues (policy §4, §5)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import Department, StaffNotification, Ticket, TicketDeadline
from core.domain.labels import OPEN_TICKET_STATUSES, TicketStatus
from core.policy import Policy

_OPEN = [s.value for s in OPEN_TICKET_STATUSES]


async def supervisor_board(session: AsyncSession, policy: Policy, now: datetime) -> list[dict[str, Any]]:
    """Open orders with a step breached or due within the policy's near window, most urgent first."""
    near = now + timedelta(hours=policy.workflow.board_near_hours)
    rows = (
        await session.execute(
            select(Ticket, TicketDeadline, Department.code)
            .join(TicketDeadline, TicketDeadline.ticket_id == Ticket.id)
            .outerjoin(Department, Department.id == Ticket.department_id)
            .where(Ticket.status.in_(_OPEN), TicketDeadline.met_at.is_(None), TicketDeadline.due_at <= near)
            .order_by(TicketDeadline.due_at, Ticket.id)
        )
    ).all()
    return [
        {
            "number": ticket.number,
            "status": ticket.status,
            "risk_colour": ticket.risk_colour,
            "priority": ticket.priority,
            "department": code,
            "step": deadline.step,
            "due_at": deadline.due_at.isoformat(),
            "state": "breached" if deadline.due_at <= now else "near",
            "overdue_minutes": max(0, int((now - deadline.due_at).total_seconds() // 60)),
        }
        for ticket, deadline, code in rows
    ]


async def department_queue(session: AsyncSession, department: str) -> list[dict[str, Any]]:
    """Orders waiting on a department (dispatched or in progress), oldest first."""
    rows = (
        await session.execute(
            select(Ticket).join(Department, Department.id == Ticket.department_id)
            .where(Department.code == department,
                   Ticket.status.in_([TicketStatus.DISPATCHED.value, TicketStatus.IN_PROGRESS.value]))
            .order_by(Ticket.received_at, Ticket.id)
        )
    ).scalars().all()
    return [{"number": t.number, "status": t.status, "risk_colour": t.risk_colour, "priority": t.priority,
             "received_at": t.received_at.isoformat()} for t in rows]


async def notifications_for(session: AsyncSession, audience: str, *, unread_only: bool = True,
                            limit: int = 100) -> list[dict[str, Any]]:
    """The newest notifications of one audience."""
    query = select(StaffNotification).where(StaffNotification.audience == audience)
    if unread_only:
        query = query.where(StaffNotification.read_at.is_(None))
    rows = (await session.scalars(query.order_by(StaffNotification.id.desc()).limit(limit))).all()
    return [{"id": n.id, "kind": n.kind, "text": n.text, "data": n.data, "created_at": n.created_at.isoformat()}
            for n in rows]
