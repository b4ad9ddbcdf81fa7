"""Staff notifications (urges, escalations, colour changes, supervisor alerts, call tasks).

They are rows the console shows to their audience; writing one is part of the change that caused
it, so a rolled-back change leaves no stray alert.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import StaffNotification, Ticket

SUPERVISORS = "role:supervisor"


def department_audience(code: str) -> str:
    """The queue of a department, e.g. `department:network_ops`."""
    return f"department:{code}"


def level_audience(level: str) -> str:
    """A management level: department_head, deputy_manager, top_management."""
    return f"level:{level}"


def staff_audience(staff_id: int) -> str:
    return f"staff:{staff_id}"


def notify(
    session: AsyncSession,
    *,
    audience: str,
    kind: str,
    text: str,
    now: datetime,
    ticket: Ticket | None = None,
    incident_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> StaffNotification:
    """Add one notification for `audience`."""
    row = StaffNotification(
        audience=audience,
        kind=kind,
        ticket_id=ticket.id if ticket is not None else None,
        incident_id=incident_id,
        text=text,
        data={**(data or {}), **({"number": ticket.number} if ticket is not None else {})},
        created_at=now,
    )
    session.add(row)
    return row
