"""Candidate spans from the extractors and the rule that picks non-overlapping winners."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.domain.labels import EntityType

# When two candidates cover the same length, the one found through a context word is the more
# specific: "账号 0371****73" is an account before it is a masked phone number.
PRIORITY: dict[EntityType, int] = {
    EntityType.ORDER_ID: 6,
    EntityType.ACCOUNT: 5,
    EntityType.AMOUNT: 4,
    EntityType.DATETIME: 3,
    EntityType.PHONE: 2,
    EntityType.REMEDY: 1,
    EntityType.LOCATION: 0,
}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible entity at [start, end) of the original text; `boost` outranks the type order."""

    type: EntityType
    start: int
    end: int
    value: Any
    boost: int = 0


def resolve(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping winners, longest first, then boost, then type priority; sorted by start."""
    if not candidates:
        return []
    ranked = sorted(
        (c for c in candidates if c.end > c.start),
        key=lambda c: (-(c.end - c.start), -c.boost, -PRIORITY[c.type], c.start),
    )
    # one byte per character: spans are short, so checking them is linear in the text overall
    taken = bytearray(max(c.end for c in ranked) if ranked else 0)
    chosen: list[Candidate] = []
    for cand in ranked:
        if any(taken[cand.start : cand.end]):
            continue
        taken[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
        chosen.append(cand)
    chosen.sort(key=lambda c: c.start)
    return chosen
