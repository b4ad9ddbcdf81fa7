"""Tickets the user may see, and complaints typed in from the phone, the shop counter or a letter."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from complaintdesk.console.bot_details import ticket_details
from complaintdesk.console.context import Console
from complaintdesk.console.queries import ticket_for_number, ticket_rows
from complaintdesk.console.roles import HANDLES_CONVERSATIONS, can_read_ticket, sees_full_numbers
from core.domain.identities import normalise_phone
from core.domain.labels import Channel, IdentityKind
from core.domain.messages import Identity, InboundMessage
from core.errors import InvalidInbound
from core.services import handoff

if TYPE_CHECKING:
    from core.services.desk import Desk

INTAKE_CHANNELS = (Channel.PHONE, Channel.WALK_IN, Channel.LETTER)
_INTAKE_ID = re.compile(r"^[0-9a-f]{32}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# a letter may be typed in days after it arrived, never months after (time limits run from receipt)
MAX_BACKDATE = timedelta(days=31)


def _received_at(value: str, desk: Desk) -> datetime | None:
    """When the complaint was received: the form's local time in the policy zone, default now; None if invalid."""
    now = desk.clock.now()
    if not value:
        return now
    try:
        local = datetime.fromisoformat(value)
    except ValueError:
        return None
    when = (local if local.tzinfo else local.replace(tzinfo=desk.policy.zone)).astimezone(UTC)
    # the form has minute precision: "now" typed in may be up to a minute ahead of the clock
    if when > now + timedelta(minutes=1) or now - when > MAX_BACKDATE:
        return None
    return min(when, now)


def add_ticket_routes(router: APIRouter, console: Console) -> None:
    """Mount the ticket list, ticket page and intake form on `router`."""
    desk = console.desk

    @router.get("/tickets", include_in_schema=False)
    async def tickets(request: Request) -> Response:
        session = await console.require(request)
        return console.render(request, "tickets.html", session, rows=await ticket_rows(desk, session.user))

    @router.get("/tickets/{number}", include_in_schema=False)
    async def ticket(request: Request, number: str) -> Response:
        session = await console.require(request)
        facts = await ticket_for_number(desk, number)
        if facts is None:
            raise HTTPException(404, "no such ticket")
        if not can_read_ticket(session.user, department_id=facts["department_id"], owner_id=facts["owner_id"],
                               held_by=facts["held_by"]):
            return console.render(request, "denied.html", session, status=403)
        await handoff.record_ticket_read(desk, facts["id"], session.user.id, "console:ticket")
        details = ticket_details(facts["details"], full_numbers=sees_full_numbers(session.user))
        return console.render(request, "ticket.html", session, ticket=facts, details=details)

    @router.get("/intake", include_in_schema=False)
    async def intake_form(request: Request) -> Response:
        session = await console.require(request, HANDLES_CONVERSATIONS)
        # the form's id makes a double submit (or a browser retry) one complaint, not two
        return console.render(request, "intake.html", session, intake_id=uuid.uuid4().hex, channels=INTAKE_CHANNELS,
                              form={}, error=None, outcome=None)

    @router.post("/intake", include_in_schema=False)
    async def intake(request: Request) -> Response:
        session, form = await console.require_post(request, HANDLES_CONVERSATIONS)
        values = {k: str(form.get(k, "")).strip()
                  for k in ("channel", "name", "phone", "email", "text", "intake_id", "received_at")}
        error = None
        received_at = _received_at(values["received_at"], desk)
        if received_at is None:
            error = "intake_bad_time"
        phone = normalise_phone(values["phone"]) if values["phone"] else ""
        email = values["email"].lower()
        if values["channel"] not in {c.value for c in INTAKE_CHANNELS} or not _INTAKE_ID.match(values["intake_id"]):
            raise HTTPException(422, "channel or intake id")
        if error is None and ((not phone and not email) or (email and not _EMAIL.match(email))):
            error = "intake_need_contact"
        outcome = None
        if error is None:
            identities = [Identity(IdentityKind.PHONE, phone)] if phone else []
            identities += [Identity(IdentityKind.EMAIL, email)] if email else []
            channel = Channel(values["channel"])
            msg = InboundMessage(
                channel=channel,
                provider_message_id=f"console:{values['intake_id']}",
                sender=identities[0],
                extra_identities=tuple(identities[1:]),
                text=values["text"],
                received_at=received_at or desk.clock.now(),
                thread_key=f"console:{values['intake_id']}",
                name=values["name"] or None,
                raw={"recorded_by": handoff.staff_actor(session.user.id)},
            )
            try:
                outcome = await desk.submit_inbound(msg)
            except InvalidInbound as exc:
                error = str(exc)
            if outcome is not None and outcome.ticket_number:
                await handoff.record_intake(desk, outcome.ticket_number, session.user.id, channel)
        return console.render(request, "intake.html", session, status=200 if error is None else 422,
                              intake_id=uuid.uuid4().hex if outcome else values["intake_id"],
                              channels=INTAKE_CHANNELS, form={} if outcome else values, error=error,
                              outcome=outcome)
