"""What the bot collected, as the console shows it: a pending complaint's slots, the handoff summary,
and the details a ticket opened by the bot carries.

`Conversation.bot_state` is the pipeline's (core/services/bot_turns.py):
`{"bot": {"flow", "pending", "slots", ...}, "language", "intake": {"slots", ...}, "handoff": {"at", "summary"}}`;
`Ticket.details` holds any of contact_phone, location, since, wish (and `unconfirmed` when the
scheduler opened the complaint at the record limit). Both are JSON written by other code, so
everything here is read defensively: a missing or odd value is left out, never a crash.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.domain.masking import mask_number, mask_text

# the order the bot asks in (bots/flows/complaint.yaml), the problem first
SLOTS = ("description", "phone", "location", "since", "wish")
# Ticket.details keys and the slot whose label they share
DETAILS = (("contact_phone", "phone"), ("location", "location"), ("since", "since"), ("wish", "wish"))
# what the bot may be waiting for besides a slot: the confirmation, a correction, a clarification
PENDING = frozenset({*SLOTS, "confirm", "correct", "clarify"})


def _shown(slot: str, value: str, full_numbers: bool) -> str:
    if full_numbers:
        return value
    return mask_number(value) if slot == "phone" else mask_text(value)


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _slots(raw: Any, full_numbers: bool) -> list[dict[str, str]]:
    if not isinstance(raw, Mapping):
        return []
    return [{"key": key, "value": _shown(key, raw[key], full_numbers)}
            for key in SLOTS if isinstance(raw.get(key), str) and raw[key].strip()]


def bot_progress(bot_state: Any, *, full_numbers: bool) -> dict[str, Any] | None:
    """The complaint the bot is collecting or handed to a person, or None when there is none.

    `{"collecting": bool, "pending": slot or None, "slots": [{"key", "value"}], "handoff": {"at", "summary"} or None}`:
    slots are the bot's own while it asks, else the pending intake's (a handoff keeps them for the
    agent); personal numbers are masked unless `full_numbers`.
    """
    state = _mapping(bot_state)
    engine = _mapping(state.get("bot"))
    collecting = engine.get("flow") == "complaint"
    intake = _mapping(state.get("intake"))
    slots = _slots(engine.get("slots") if collecting else intake.get("slots"), full_numbers)
    pending = engine.get("pending") if collecting and engine.get("pending") in PENDING else None
    handoff = None
    raw_handoff = state.get("handoff")
    # a handoff before any complaint was collected has an empty summary: the state badge says enough
    if isinstance(raw_handoff, Mapping) and isinstance(raw_handoff.get("summary"), str) and raw_handoff["summary"].strip():
        # the bot already masks the phone in its summary; the free text may hold other numbers
        summary = raw_handoff["summary"] if full_numbers else mask_text(raw_handoff["summary"])
        at = raw_handoff.get("at") if isinstance(raw_handoff.get("at"), str) else None
        handoff = {"at": at, "summary": summary}
    if not collecting and not slots and handoff is None:
        return None
    return {"collecting": collecting, "pending": pending, "slots": slots, "handoff": handoff}


def ticket_details(details: Any, *, full_numbers: bool) -> dict[str, Any]:
    """A ticket's details for its page: `{"rows": [{"key", "value"}], "unconfirmed": bool}`, labels by slot."""
    raw = _mapping(details)
    rows = [{"key": slot, "value": _shown(slot, raw[key], full_numbers)}
            for key, slot in DETAILS if isinstance(raw.get(key), str) and raw[key].strip()]
    return {"rows": rows, "unconfirmed": bool(raw.get("unconfirmed"))}
