"""Normalised values for spans another extractor found (the Rasa backend's DIET entities)."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from core.domain.labels import EntityType
from nlu.entities.extraction import MAX_SCAN_CHARS, candidates, local_time
from nlu.entities.folding import fold


def normalise_value(entity_type: EntityType, span: str, received_at: datetime, zone: tzinfo | None = None) -> Any:
    """The value `extract` would give `span` as an entity of `entity_type`.

    The candidate of that type covering most of the span wins (DIET's spans may differ from ours
    by a character); with none, the folded span itself (order ids, accounts and places are
    written as they are anyway).
    """
    span = span[:MAX_SCAN_CHARS]
    try:
        found = [c for c in candidates(span, local_time(received_at, zone)) if c.type == entity_type]
    except Exception:  # a value is a nicety; the span itself is never lost
        found = []
    if found:
        best = max(found, key=lambda c: (c.end - c.start, -c.start))
        return best.value
    return fold(span).strip()
