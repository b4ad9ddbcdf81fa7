"""Entity extraction for the NLU: phones, amounts, datetimes, order ids, accounts, places, remedies.

`extract(text, received_at)` returns non-overlapping entities sorted by start; each has the
exact original `text[start:end]` and a normalised `value` (see README.md in this folder).
Regex-based and compiled once: it never raises on odd input and stays well under a millisecond
for a typical message. `normalise_value` gives the same values to spans found elsewhere (Rasa).
"""

from __future__ import annotations

from nlu.entities.extraction import MAX_SCAN_CHARS, extract
from nlu.entities.values import normalise_value

__all__ = ["MAX_SCAN_CHARS", "extract", "normalise_value"]
