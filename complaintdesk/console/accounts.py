"""Staff accounts: creating them (CLI) and checking a login."""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from complaintdesk.console.passwords import hash_password, verify_password
from complaintdesk.console.roles import StaffMember
from core.db.tables import Department, StaffUser
from core.domain.labels import Role
from core.errors import NotFound

if TYPE_CHECKING:
    from core.services.desk import Desk

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


async def create_user(desk: Desk, *, email: str, role: Role, password: str, department: str | None = None,
                      name: str = "") -> int:
    """Add a staff account; ValueError for a bad e-mail, short password or taken e-mail."""
    email = email.strip().lower()
    if not _EMAIL.match(email):
        raise ValueError(f"email: {email!r} is not an e-mail address")
    if role in (Role.DEPARTMENT_STAFF,) and not department:
        raise ValueError("department staff need --department")
    password_hash = hash_password(password)
    async with desk.unit_of_work() as uow:
        department_id = None
        if department:
            department_id = await uow.session.scalar(select(Department.id).where(Department.code == department))
            if department_id is None:
                known = (await uow.session.scalars(select(Department.code).order_by(Department.code))).all()
                raise NotFound(f"department {department!r}; known: {', '.join(known)}")
        taken = await uow.session.scalar(select(func.count()).select_from(StaffUser).where(StaffUser.email == email))
        if taken:
            raise ValueError(f"email: {email} already has an account")
        user = StaffUser(email=email, name=name or email.split("@")[0], password_hash=password_hash, role=role.value,
                         department_id=department_id, active=True, created_at=desk.clock.now())
        uow.session.add(user)
        await uow.session.flush()
        await uow.commit()
        return user.id


async def authenticate(desk: Desk, email: str, password: str) -> StaffMember | None:
    """The active staff member with these credentials, or None."""
    async with desk.unit_of_work() as uow:
        user = await uow.session.scalar(select(StaffUser).where(StaffUser.email == email.strip().lower()))
    # argon2 is deliberately slow (tens of ms): off the event loop, so logins do not stall chats
    ok = await asyncio.to_thread(verify_password, user.password_hash if user else None, password)
    if not ok or user is None or not user.active:
        return None
    return await load_member(desk, user.id)


async def load_member(desk: Desk, staff_id: int) -> StaffMember | None:
    """The console's view of one active staff account."""
    async with desk.unit_of_work() as uow:
        row = (await uow.session.execute(
            select(StaffUser, Department.code)
            .outerjoin(Department, Department.id == StaffUser.department_id)
            .where(StaffUser.id == staff_id, StaffUser.active.is_(True))
        )).first()
    if row is None:
        return None
    user, code = row
    return StaffMember(user.id, user.email, user.name, Role(user.role), user.department_id, code)
