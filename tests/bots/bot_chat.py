"""Helpers of the bot tests: NluResult builders and a driver that stores state as the database would."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from typing import Any

from bots.engine import Bot, Known, Turn
from core.domain.labels import Business, Category, EntityType, Kind, Language
from core.domain.messages import Entity, NluResult

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def ent(text: str, kind: EntityType, span: str) -> Entity:
    """An entity for `span` as found in `text` (real offsets, as the NLU gives them)."""
    start = text.index(span)
    return Entity(type=kind, text=span, start=start, end=start + len(span))


def nlu(
    text: str,
    kind: Kind = Kind.COMPLAINT,
    category: Category | None = None,
    business: Business = Business.UNKNOWN,
    language: Language = Language.ZH_HANS,
    **spans: str,
) -> NluResult:
    """A hand-built NluResult; keyword arguments name entity spans (`phone="138..."`)."""
    entities = tuple(ent(text, EntityType(name), span) for name, span in spans.items())
    return NluResult(kind=kind, category=category, business=business, entities=entities, language=language)


def other(text: str, language: Language = Language.ZH_HANS, **spans: str) -> NluResult:
    """What the NLU says about a short answer that is not a complaint on its own."""
    return nlu(text, Kind.OTHER, None, Business.UNKNOWN, language, **spans)



class Chat:
    """One conversation with the bot; `state` goes through json.dumps/loads between turns."""

    def __init__(self, bot: Bot, known: Known) -> None:
        self.bot = bot
        self.known = known
        self.stored = "{}"
        self.turns: list[Turn] = []

    def say(self, text: str, result: NluResult, **known_changes: Any) -> Turn:
        """Send one message; returns the bot's Turn."""
        known = dataclasses.replace(self.known, **known_changes)
        turn = self.bot.respond(json.loads(self.stored), text, result, known=known, now=NOW)
        self.stored = json.dumps(turn.state, ensure_ascii=False)
        assert json.loads(self.stored) == turn.state
        self.turns.append(turn)
        return turn
