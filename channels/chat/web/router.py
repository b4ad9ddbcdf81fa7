"""The widget's HTTP side: the WebSocket, the embeddable script and the demo page."""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.templating import Jinja2Templates
from itsdangerous import BadSignature, URLSafeSerializer
from pydantic import ValidationError

from channels.chat.web.frames import CLIENT_FRAME, Ack, AskAgent, Hello, Say
from channels.chat.web.hub import VisitorHub
from channels.chat.web.settings import WebChatSettings
from channels.chat.web.throttle import VisitorThrottle
from core.domain.labels import Channel, DeliveryStatus, IdentityKind
from core.domain.messages import Identity, InboundMessage
from core.errors import InvalidInbound, NotAllowed
from core.services import handoff

if TYPE_CHECKING:
    from core.services.desk import Desk

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
WIDGET_PATH = "/widget/widget.js"
SOCKET_PATH = "/widget/ws"
_templates = Jinja2Templates(directory=str(HERE / "templates"))
_socket_ids = itertools.count(1)


def thread_key(visitor: str) -> str:
    """The conversation thread of one widget visitor."""
    return f"web:{visitor}"


@dataclass
class _Session:
    visitor: str
    key: int


class WidgetEndpoint:
    """One WebSocket conversation loop per tab, talking to the desk."""

    def __init__(self, desk: Desk, hub: VisitorHub, settings: WebChatSettings) -> None:
        self.desk = desk
        self.hub = hub
        self.settings = settings
        self.throttle = VisitorThrottle(settings.webchat_burst, settings.webchat_rate)
        self._tokens = URLSafeSerializer(settings.signing_key(), salt="complaintdesk.webchat.visitor")
        self._pending_acks: set[asyncio.Task[None]] = set()

    def visitor_of(self, token: str | None) -> str | None:
        """The visitor id inside a signed token, or None for a missing or forged one."""
        if not token:
            return None
        try:
            value = self._tokens.loads(token)
        except BadSignature:
            return None
        return value if isinstance(value, str) else None

    def token_for(self, visitor: str) -> str:
        """A signed token naming `visitor`, kept by the widget in localStorage."""
        return str(self._tokens.dumps(visitor))

    async def serve(self, ws: WebSocket) -> None:
        """Run one socket: hello/welcome, then messages until it closes."""
        origin = ws.headers.get("origin")
        allowed = self.settings.webchat_allowed_origins
        if allowed and origin not in allowed:
            await ws.close(code=4403)
            return
        await ws.accept()
        try:
            first = CLIENT_FRAME.validate_json(await ws.receive_text())
        except (ValidationError, WebSocketDisconnect):
            await ws.close(code=4400)
            return
        if not isinstance(first, Hello):
            await ws.close(code=4400)
            return
        visitor = self.visitor_of(first.token) or uuid.uuid4().hex
        session = _Session(visitor, next(_socket_ids))

        async def send(frame: dict[str, Any]) -> None:
            await ws.send_text(json.dumps(frame, ensure_ascii=False))

        history = await handoff.thread_history(self.desk, Channel.WEB, thread_key(visitor))
        await send({"type": "welcome", "token": self.token_for(visitor), **history})
        await self.hub.join(visitor, session.key, send)
        try:
            while True:
                raw = await ws.receive_text()
                try:
                    frame = CLIENT_FRAME.validate_json(raw)
                except ValidationError:
                    await send({"type": "error", "reason": "bad_frame"})
                    continue
                await self._handle(session, frame, send)
        except WebSocketDisconnect:
            pass
        finally:
            await self.hub.leave(visitor, session.key)

    async def _handle(self, session: _Session, frame: Hello | Say | Ack | AskAgent, send: Any) -> None:
        if isinstance(frame, Say):
            await self._say(session, frame, send)
        elif isinstance(frame, Ack):
            if not await self.desk.record_delivery_status(Channel.WEB, frame.key, DeliveryStatus.DELIVERED):
                # the widget can acknowledge a push before the dispatcher has recorded sending it
                task = asyncio.create_task(self._confirm_later(frame.key))
                self._pending_acks.add(task)
                task.add_done_callback(self._pending_acks.discard)
        elif isinstance(frame, AskAgent):
            history = await handoff.thread_history(self.desk, Channel.WEB, thread_key(session.visitor), limit=1)
            if history["conversation_id"] is not None:
                change = await handoff.request_agent(self.desk, history["conversation_id"])
                await self.hub.push(session.visitor, {"type": "state", "state": change.state})
            else:
                await send({"type": "error", "reason": "say_something_first"})

    async def _confirm_later(self, key: str) -> None:
        for delay in (0.2, 1.0, 5.0):
            await asyncio.sleep(delay)
            if await self.desk.record_delivery_status(Channel.WEB, key, DeliveryStatus.DELIVERED):
                return
        log.info("web chat ack for an unknown message key")

    async def _say(self, session: _Session, frame: Say, send: Any) -> None:
        text = frame.text.strip()
        if not text:
            await send({"type": "error", "cid": frame.cid, "reason": "empty"})
            return
        if len(text) > self.settings.webchat_max_chars:
            await send({"type": "error", "cid": frame.cid, "reason": "too_long",
                        "limit": self.settings.webchat_max_chars})
            return
        wait = self.throttle.admit(session.visitor)
        if wait:
            # not stored and not accepted: the widget keeps it and sends it again after the wait
            await send({"type": "throttled", "cid": frame.cid, "retry_after": round(wait, 1)})
            return
        msg = InboundMessage(
            channel=Channel.WEB,
            provider_message_id=f"{session.visitor}:{frame.cid}",
            sender=Identity(IdentityKind.WEB, session.visitor),
            text=text,
            received_at=datetime.now(UTC),
            thread_key=thread_key(session.visitor),
            reply_address=session.visitor,
            raw={"cid": frame.cid},
        )
        try:
            outcome = await self.desk.submit_inbound(msg)
        except InvalidInbound as exc:
            await send({"type": "error", "cid": frame.cid, "reason": "invalid", "detail": str(exc)})
            return
        except NotAllowed as exc:
            await send({"type": "error", "cid": frame.cid, "reason": "refused", "detail": str(exc)})
            return
        # every tab of this visitor shows the message and the ticket, not only the one that sent it
        await self.hub.push(session.visitor, {
            "type": "accepted", "cid": frame.cid, "text": text, "ticket_number": outcome.ticket_number,
            "duplicate": outcome.duplicate,
        })
        if outcome.replies and not outcome.duplicate:
            # a reply is queued and on its way through the outbox: show that someone is typing
            await self.hub.push(session.visitor, {"type": "typing", "on": True})


def build_router(desk: Desk, hub: VisitorHub, settings: WebChatSettings) -> APIRouter:
    """The widget's routes: WebSocket, script, stylesheet-free demo page."""
    endpoint = WidgetEndpoint(desk, hub, settings)
    router = APIRouter(tags=["web chat"])

    @router.websocket(SOCKET_PATH)
    async def widget_socket(ws: WebSocket) -> None:
        await endpoint.serve(ws)

    @router.get(WIDGET_PATH, include_in_schema=False)
    async def widget_script() -> FileResponse:
        """The embeddable script; no build step, cache for a short while."""
        return FileResponse(HERE / "static" / "widget.js", media_type="text/javascript; charset=utf-8",
                            headers={"Cache-Control": "public, max-age=300"})

    @router.get("/widget/demo", include_in_schema=False, response_class=HTMLResponse)
    async def widget_demo(request: Request, lang: str = "zh-Hans") -> HTMLResponse:
        """An operator's page with the widget embedded, for trying it out."""
        lang = lang if lang in ("zh-Hans", "zh-Hant", "en") else "zh-Hans"
        return _templates.TemplateResponse(request, "demo.html", {"lang": lang, "script": WIDGET_PATH})

    return router
