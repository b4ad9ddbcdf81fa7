"""What the pipeline and the workflow need besides the session: the policy, the calendar, departments."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import Department
from core.policy import Policy
from core.workdays import WorkCalendar


@dataclass(frozen=True)
class WorkflowContext:
    policy: Policy
    calendar: WorkCalendar
    departments: dict[str, int]  # department code → row id

    def department_code(self, department_id: int | None) -> str:
        """The code of a department row id (the complaint desk when unknown)."""
        for code, row_id in self.departments.items():
            if row_id == department_id:
                return code
        return self.policy.default_department


async def load_context(session: AsyncSession, policy: Policy, calendar: WorkCalendar | None = None) -> WorkflowContext:
    """A context with the departments as stored (`Desk.setup` creates them from the policy)."""
    rows = (await session.scalars(select(Department))).all()
    return WorkflowContext(policy, calendar or WorkCalendar(policy.zone), {d.code: d.id for d in rows})
