"""Console sessions: a row per login, the cookie holding only its signed id.

Keeping the session server-side means logout, a deactivated account or an expired session end
it at once, whatever copy of the cookie is still around.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from itsdangerous import BadSignature, TimestampSigner
from sqlalchemy import delete

from complaintdesk.console.accounts import load_member
from complaintdesk.console.roles import StaffMember
from core.db.tables import ConsoleSession

if TYPE_CHECKING:
    from core.services.desk import Desk

COOKIE = "cd_console"


@dataclass(frozen=True)
class LoggedIn:
    user: StaffMember
    session_id: str
    csrf_token: str


class SessionStore:
    def __init__(self, desk: Desk, secret: str, lifetime: timedelta) -> None:
        self.desk = desk
        self.lifetime = lifetime
        self._signer = TimestampSigner(secret, salt="complaintdesk.console.session")

    async def open(self, user: StaffMember) -> tuple[str, str]:
        """Start a session; returns (cookie value, CSRF token)."""
        session_id, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        now = self.desk.clock.now()
        async with self.desk.unit_of_work() as uow:
            # a login also clears this user's expired sessions, so the table does not grow
            await uow.session.execute(delete(ConsoleSession).where(
                ConsoleSession.staff_id == user.id, ConsoleSession.expires_at < now))
            uow.session.add(ConsoleSession(id=session_id, staff_id=user.id, csrf_token=csrf, created_at=now,
                                           expires_at=now + self.lifetime))
            await uow.commit()
        return self._signer.sign(session_id).decode(), csrf

    async def load(self, cookie: str | None) -> LoggedIn | None:
        """The session behind a cookie, or None when it is missing, forged, expired or ended."""
        if not cookie:
            return None
        try:
            session_id = self._signer.unsign(cookie, max_age=int(self.lifetime.total_seconds())).decode()
        except BadSignature:
            return None
        async with self.desk.unit_of_work() as uow:
            row = await uow.session.get(ConsoleSession, session_id)
        if row is None or row.expires_at < self.desk.clock.now():
            return None
        user = await load_member(self.desk, row.staff_id)
        return LoggedIn(user, row.id, row.csrf_token) if user else None

    async def close(self, session_id: str) -> None:
        """End a session (logout)."""
        async with self.desk.unit_of_work() as uow:
            await uow.session.execute(delete(ConsoleSession).where(ConsoleSession.id == session_id))
            await uow.commit()
