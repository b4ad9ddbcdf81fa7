"""The agent console at /console: live conversations, takeover, tickets, typed-in complaints, knowledge base."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import TYPE_CHECKING

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse

from complaintdesk.console.auth_routes import add_auth_routes
from complaintdesk.console.board_routes import add_board_routes
from complaintdesk.console.context import HERE, Console, build_templates
from complaintdesk.console.conversation_routes import add_conversation_routes
from complaintdesk.console.knowledge_routes import add_knowledge_routes
from complaintdesk.console.order_routes import add_order_routes
from complaintdesk.console.sessions import SessionStore
from complaintdesk.console.settings import ConsoleSettings
from complaintdesk.console.ticket_routes import add_ticket_routes
from core.domain.labels import Channel

if TYPE_CHECKING:
    from core.services.desk import Desk

_STATIC = {"console.js": "text/javascript; charset=utf-8", "console.css": "text/css; charset=utf-8"}


def build_console_router(desk: Desk, *, settings: ConsoleSettings | None = None,
                         adapters: Mapping[Channel, object] | None = None) -> APIRouter:
    """The console's routes under /console, for the web app to include.

    `adapters` (the runtime's channel adapters, kept by reference) lets agents' typing and
    takeovers show on channels that can show them: adapters with `notify_typing(thread_key)` and
    `notify_state(thread_key, state)` methods (the web widget).
    """
    settings = settings if settings is not None else ConsoleSettings()
    sessions = SessionStore(desk, settings.signing_key(), timedelta(hours=settings.console_session_hours))
    console = Console(desk, settings, sessions, build_templates(), adapters if adapters is not None else {})
    router = APIRouter(prefix="/console", tags=["console"])

    @router.get("/", include_in_schema=False)
    async def home(request: Request) -> RedirectResponse:
        return RedirectResponse("/console/conversations", status_code=303)

    @router.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> FileResponse:
        if name not in _STATIC:
            raise HTTPException(404, "no such file")
        return FileResponse(HERE / "static" / name, media_type=_STATIC[name], headers={"Cache-Control": "max-age=300"})

    add_auth_routes(router, console)
    add_conversation_routes(router, console)
    add_ticket_routes(router, console)
    add_board_routes(router, console)
    add_order_routes(router, console)
    add_knowledge_routes(router, console)
    return router
