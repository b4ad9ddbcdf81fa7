"""What every console route needs: the desk, sessions, templates, login and CSRF checks."""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from complaintdesk.console.i18n import pick_language, translate
from complaintdesk.console.roles import StaffMember
from complaintdesk.console.sessions import COOKIE, LoggedIn, SessionStore
from complaintdesk.console.settings import ConsoleSettings
from core.domain.labels import Channel, Role

if TYPE_CHECKING:
    from core.services.desk import Desk

HERE = Path(__file__).parent
LANG_COOKIE = "cd_lang"
LOGIN_PATH = "/console/login"


@dataclass
class Console:
    desk: Desk
    settings: ConsoleSettings
    sessions: SessionStore
    templates: Jinja2Templates
    # channel adapters by channel, for extras such as showing an agent's typing
    adapters: Mapping[Channel, object] = field(default_factory=dict)

    async def logged_in(self, request: Request) -> LoggedIn | None:
        """The request's session, if any."""
        return await self.sessions.load(request.cookies.get(COOKIE))

    async def require(self, request: Request, allowed: frozenset[Role] | None = None) -> LoggedIn:
        """The session, or a redirect to the login page; 403 when the role is not `allowed`."""
        session = await self.logged_in(request)
        if session is None:
            raise HTTPException(303, headers={"Location": LOGIN_PATH})
        if allowed is not None and not session.user.may(allowed):
            raise HTTPException(403, translate("forbidden", self.language(request)))
        return session

    async def require_post(self, request: Request, allowed: frozenset[Role] | None = None) -> tuple[LoggedIn, dict[str, Any]]:
        """A logged-in POST with a valid CSRF token (form field `csrf` or header X-CSRF-Token); returns the form."""
        session = await self.require(request, allowed)
        form = dict(await request.form())
        token = str(form.get("csrf") or request.headers.get("x-csrf-token") or "")
        if not hmac.compare_digest(token.encode(), session.csrf_token.encode()):
            raise HTTPException(403, "CSRF token missing or wrong")
        return session, form

    def language(self, request: Request) -> str:
        """The UI language of this request."""
        return pick_language(request.cookies.get(LANG_COOKIE), request.headers.get("accept-language"))

    def render(self, request: Request, name: str, session: LoggedIn | None, status: int = 200,
               **values: Any) -> HTMLResponse:
        """A page in the user's language; templates autoescape everything they print."""
        lang = self.language(request)
        user: StaffMember | None = session.user if session else None
        zone = ZoneInfo(self.desk.policy.timezone)

        def when(iso: str | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
            # stored times are UTC; staff read them in the operator's zone (policy timezone)
            return datetime.fromisoformat(iso).astimezone(zone).strftime(fmt) if iso else ""

        context = {"lang": lang, "t": lambda key: translate(key, lang), "user": user, "when": when,
                   "zone_name": self.desk.policy.timezone,
                   "csrf": session.csrf_token if session else "", **values}
        response = self.templates.TemplateResponse(request, name, context, status_code=status)
        # pages show personal data: never cache them, never frame them
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
        return response


def build_templates() -> Jinja2Templates:
    """The console's Jinja2 templates (autoescaping on for .html)."""
    return Jinja2Templates(directory=str(HERE / "templates"))
