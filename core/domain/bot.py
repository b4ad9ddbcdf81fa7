"""What the desk and the conversation bot say to each other (the `ConversationBot` port's types).

The bot (`bots/engine.py`) is a pure function of its state, the message, the NLU result and
`BotKnown`; the pipeline (`core/services/bot_turns.py`) looks up `BotKnown`, keeps
`BotTurn.state` on the conversation and carries out `BotTurn.action`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from core.domain.labels import Language

# open_ticket: the customer confirmed a complaint; handoff: a person must take over;
# status_query: the reply carries the ticket status; record: a suggestion or praise to keep;
# follow_up: the message adds to the conversation's open ticket (no new dialogue)
BotAction = Literal["open_ticket", "handoff", "status_query", "record", "follow_up"]


@dataclass(frozen=True, slots=True)
class BotKnown:
    """What the desk already knows about the customer and the message, looked up by the pipeline."""

    has_phone: bool = False
    language: Language = Language.ZH_HANS
    open_ticket_number: str | None = None
    kb_answer: str | None = None
    status_text: str | None = None
    # SMS: every message costs the customer, so only the questions marked `short_form` are asked
    # and the ticket opens without the summary confirmation
    short_form: bool = False


@dataclass(slots=True)
class BotTurn:
    """The bot's answer to one message: replies to send, the new state, and what the pipeline must do."""

    replies: list[str]
    state: dict[str, Any]
    action: BotAction | None = None
    slots: dict[str, str] = field(default_factory=dict)
    buttons: list[str] = field(default_factory=list)
    # this message starts a complaint: its time of receipt and labels are the ticket's
    started_complaint: bool = False
