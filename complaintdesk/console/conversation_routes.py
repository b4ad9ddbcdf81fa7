"""Conversations: the live list, one conversation, and the handoff actions on it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response, StreamingResponse

from complaintdesk.console.bot_details import bot_progress, ticket_details
from complaintdesk.console.context import Console
from complaintdesk.console.live import LiveFeed
from complaintdesk.console.queries import conversation_detail, conversation_rows, transcript_after
from complaintdesk.console.roles import (
    CORRECTS_LABELS,
    HANDLES_CONVERSATIONS,
    OVERRIDES_HANDOFF,
    WATCHES_CONVERSATIONS,
    can_read_ticket,
    sees_full_numbers,
)
from core.domain.labels import Business, Category, Channel, Kind
from core.errors import InvalidInbound, NotAllowed, NotFound
from core.services import agent_tickets, handoff

# a live stream ends after this long; EventSource reconnects by itself (and re-checks the login)
STREAM_SECONDS = 600
HEARTBEAT_SECONDS = 15


def _back(conversation_id: int, note: str | None = None) -> RedirectResponse:
    suffix = f"?msg={note}" if note else ""
    return RedirectResponse(f"/console/conversations/{conversation_id}{suffix}", status_code=303)


def add_conversation_routes(router: APIRouter, console: Console) -> None:
    """Mount the conversation pages, actions and the live stream on `router`."""
    desk = console.desk

    async def announce(change: handoff.StateChange) -> None:
        # channels that can show it (the widget) tell the customer an agent joined or left
        notify = getattr(console.adapters.get(Channel(change.channel)), "notify_state", None)
        if notify is not None:
            await notify(change.thread_key, change.state)
    feed = LiveFeed(desk, console.settings.console_live_interval)

    @router.get("/conversations", include_in_schema=False)
    async def conversations(request: Request) -> Response:
        session = await console.require(request, WATCHES_CONVERSATIONS)
        rows = await conversation_rows(desk)
        return console.render(request, "conversations.html", session, rows=rows)

    @router.get("/conversations.json", include_in_schema=False)
    async def conversations_json(request: Request) -> JSONResponse:
        await console.require(request, WATCHES_CONVERSATIONS)
        return JSONResponse({"conversations": await conversation_rows(desk)}, headers={"Cache-Control": "no-store"})

    @router.get("/live", include_in_schema=False)
    async def live(request: Request) -> StreamingResponse:
        """Server-sent events: the conversation list each time it changes."""
        await console.require(request, WATCHES_CONVERSATIONS)

        async def stream() -> AsyncIterator[str]:
            queue = feed.subscribe()
            started = time.monotonic()
            try:
                yield "retry: 2000\n\n"
                while time.monotonic() - started < STREAM_SECONDS and not await request.is_disconnected():
                    try:
                        async with asyncio.timeout(HEARTBEAT_SECONDS):
                            payload = await queue.get()
                    except TimeoutError:
                        yield ": keep-alive\n\n"
                        continue
                    yield f"event: conversations\ndata: {payload}\n\n"
            finally:
                feed.unsubscribe(queue)

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    @router.get("/conversations/{conversation_id}", include_in_schema=False)
    async def conversation(request: Request, conversation_id: int, msg: str | None = None) -> Response:
        session = await console.require(request, WATCHES_CONVERSATIONS)
        detail = await conversation_detail(desk, conversation_id)
        if detail is None:
            raise HTTPException(404, "no such conversation")
        ticket = detail["ticket"]
        ticket_denied = False
        if ticket is not None:
            if can_read_ticket(session.user, department_id=ticket["department_id"], owner_id=ticket["owner_id"],
                               held_by=detail["agent_id"]):
                await handoff.record_ticket_read(desk, ticket["id"], session.user.id, "console:conversation")
            else:
                detail["ticket"], ticket_denied = None, True
        full = sees_full_numbers(session.user, ticket_withheld=ticket_denied)
        bot = bot_progress(detail.pop("bot_state"), full_numbers=full)
        details = ticket_details(detail["ticket"]["details"], full_numbers=full) if detail["ticket"] else None
        # what the "open a ticket" form starts from: the bot's description, else the first
        # customer message still without a ticket, and that message's labels
        untied = next((m for m in detail["messages"] if m["author"] == "customer" and not m.get("ticket_id")), None)
        described = next((s["value"] for s in (bot or {}).get("slots", []) if s["key"] == "description"), None)
        draft = {"summary": described or (untied["text"] if untied else ""),
                 "labels": (untied or {}).get("labels") or {}}
        return console.render(
            request, "conversation.html", session, c=detail, ticket_denied=ticket_denied, bot=bot, details=details,
            draft=draft,
            note=msg if msg in _NOTES else None, kinds=list(Kind), categories=list(Category),
            businesses=list(Business), can_handle=session.user.may(HANDLES_CONVERSATIONS),
            can_override=session.user.may(OVERRIDES_HANDOFF), can_correct=session.user.may(CORRECTS_LABELS),
            last_id=max((m["id"] for m in detail["messages"]), default=0),
        )

    @router.get("/conversations/{conversation_id}/after/{after_id}", include_in_schema=False)
    async def conversation_after(request: Request, conversation_id: int, after_id: int) -> JSONResponse:
        session = await console.require(request, WATCHES_CONVERSATIONS)
        found = await transcript_after(desk, conversation_id, after_id)
        if found is None:
            raise HTTPException(404, "no such conversation")
        access = found.pop("ticket_access")
        withheld = access is not None and not can_read_ticket(
            session.user, department_id=access["department_id"], owner_id=access["owner_id"], held_by=found["agent_id"])
        found["bot"] = bot_progress(found.pop("bot_state"),
                                    full_numbers=sees_full_numbers(session.user, ticket_withheld=withheld))
        return JSONResponse(found, headers={"Cache-Control": "no-store"})

    @router.post("/conversations/{conversation_id}/take", include_in_schema=False)
    async def take(request: Request, conversation_id: int) -> Response:
        session, _ = await console.require_post(request, HANDLES_CONVERSATIONS)
        try:
            await announce(await handoff.take_over(desk, conversation_id, session.user.id))
        except NotAllowed:
            return _back(conversation_id, "held_by_other")
        except NotFound as exc:
            raise HTTPException(404, str(exc)) from exc
        return _back(conversation_id)

    @router.post("/conversations/{conversation_id}/reply", include_in_schema=False)
    async def reply(request: Request, conversation_id: int) -> Response:
        session, form = await console.require_post(request, HANDLES_CONVERSATIONS)
        try:
            await handoff.agent_reply(desk, conversation_id, session.user.id, str(form.get("text", "")))
        except NotAllowed:
            return _back(conversation_id, "held_by_other")
        except InvalidInbound:
            return _back(conversation_id, "empty")
        return _back(conversation_id)

    @router.post("/conversations/{conversation_id}/typing", include_in_schema=False)
    async def typing(request: Request, conversation_id: int) -> JSONResponse:
        """The agent is typing a reply: show it on channels that can (the widget)."""
        session, _ = await console.require_post(request, HANDLES_CONVERSATIONS)
        detail = await conversation_detail(desk, conversation_id)
        if detail is None or detail["state"] != "agent" or detail["agent_id"] != session.user.id:
            return JSONResponse({"shown": False}, status_code=409)
        notify = getattr(console.adapters.get(Channel(detail["channel"])), "notify_typing", None)
        shown = bool(await notify(detail["thread_key"])) if notify is not None else False
        return JSONResponse({"shown": shown})

    @router.post("/conversations/{conversation_id}/hand-back", include_in_schema=False)
    async def hand_back(request: Request, conversation_id: int) -> Response:
        session, _ = await console.require_post(request, HANDLES_CONVERSATIONS)
        try:
            await announce(await handoff.hand_back(desk, conversation_id, session.user.id,
                                                   override=session.user.may(OVERRIDES_HANDOFF)))
        except NotAllowed:
            return _back(conversation_id, "held_by_other")
        return _back(conversation_id)

    @router.post("/conversations/{conversation_id}/close", include_in_schema=False)
    async def close(request: Request, conversation_id: int) -> Response:
        session, _ = await console.require_post(request, HANDLES_CONVERSATIONS)
        try:
            await announce(await handoff.close(desk, conversation_id, session.user.id,
                                               override=session.user.may(OVERRIDES_HANDOFF)))
        except NotAllowed:
            return _back(conversation_id, "held_by_other")
        return RedirectResponse("/console/conversations", status_code=303)

    @router.post("/conversations/{conversation_id}/ticket", include_in_schema=False)
    async def open_ticket(request: Request, conversation_id: int) -> Response:
        """The agent holding the chat records the complaint told in it (see core/services/agent_tickets.py)."""
        session, form = await console.require_post(request, HANDLES_CONVERSATIONS)
        try:
            category = Category(str(form.get("category")))
            business = Business(str(form.get("business")))
        except ValueError as exc:
            raise HTTPException(422, "category or business is not a taxonomy label") from exc
        try:
            await agent_tickets.open_from_conversation(
                desk, conversation_id, session.user.id, category=category, business=business,
                summary=str(form.get("summary", "")), override=session.user.may(OVERRIDES_HANDOFF),
            )
        except InvalidInbound:
            return _back(conversation_id, "summary_missing")
        except agent_tickets.AlreadyHasTicket:
            return _back(conversation_id, "ticket_exists")
        except agent_tickets.NothingToOpen:
            return _back(conversation_id, "no_message")
        except NotAllowed:
            return _back(conversation_id, "held_by_other")
        except NotFound as exc:
            raise HTTPException(404, str(exc)) from exc
        return _back(conversation_id, "ticket_opened")

    @router.post("/conversations/{conversation_id}/notes", include_in_schema=False)
    async def add_note(request: Request, conversation_id: int) -> Response:
        session, form = await console.require_post(request, HANDLES_CONVERSATIONS)
        try:
            await handoff.add_note(desk, conversation_id, session.user.id, str(form.get("text", "")))
        except InvalidInbound:
            return _back(conversation_id, "empty")
        return _back(conversation_id)

    @router.post("/conversations/{conversation_id}/messages/{message_id}/labels", include_in_schema=False)
    async def correct(request: Request, conversation_id: int, message_id: int) -> Response:
        session, form = await console.require_post(request, CORRECTS_LABELS)
        try:
            kind = Kind(str(form.get("kind")))
            category = Category(str(form["category"])) if form.get("category") else None
            business = Business(str(form.get("business")))
        except (ValueError, KeyError) as exc:
            raise HTTPException(422, "kind, category or business is not a taxonomy label") from exc
        try:
            await handoff.correct_labels(desk, message_id, session.user.id, kind=kind, category=category,
                                         business=business)
        except NotFound as exc:
            raise HTTPException(404, str(exc)) from exc
        return _back(conversation_id, "corrected")


_NOTES = {"held_by_other", "corrected", "empty", "ticket_opened", "ticket_exists", "no_message", "summary_missing"}
