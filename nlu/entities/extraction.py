"""The extraction pipeline: fold the text, run every extractor, keep non-overlapping winners."""

from __future__ import annotations

from datetime import datetime, tzinfo

from core.domain.messages import Entity
from nlu.entities.amounts import find_amounts
from nlu.entities.datetimes import find_datetimes
from nlu.entities.folding import fold
from nlu.entities.identifiers import find_identifiers
from nlu.entities.locations import find_locations
from nlu.entities.phones import find_phones
from nlu.entities.remedies import find_remedies
from nlu.entities.spans import Candidate, resolve

# Beyond this the text is a pasted log or an attack; the head holds what the customer wrote, and
# scanning a megabyte would hold the inbound path for seconds (about 6 µs per character).
MAX_SCAN_CHARS = 20_000


def local_time(received_at: datetime, zone: tzinfo | None) -> datetime:
    """`received_at` in `zone`, or as given when no zone (or a naive time) is passed."""
    return received_at.astimezone(zone) if zone is not None and received_at.tzinfo else received_at


def candidates(text: str, now: datetime) -> list[Candidate]:
    """Every extractor's candidates for `text`, overlapping ones included."""
    folded = fold(text)
    return [
        *find_phones(folded, text),
        *find_amounts(folded, text),
        *find_identifiers(folded, text),
        *find_datetimes(folded, text, now),
        *find_locations(folded, text),
        *find_remedies(folded, text),
    ]


def extract(text: str, received_at: datetime, zone: tzinfo | None = None) -> list[Entity]:
    """Entities in `text`, relative dates resolved against `received_at` (in `zone` when given).

    Pass the operator's zone (or a local `received_at`): "昨天" is the customer's yesterday.
    Only the first MAX_SCAN_CHARS characters are scanned.
    """
    if not text:
        return []
    if not isinstance(text, str):  # a caller's bytes or None must not take the inbound path down
        text = str(text)
    text = text[:MAX_SCAN_CHARS]
    return [
        Entity(type=c.type, text=text[c.start : c.end], start=c.start, end=c.end, value=c.value)
        for c in resolve(candidates(text, local_time(received_at, zone)))
    ]
