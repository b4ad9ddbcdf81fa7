"""SMS segment arithmetic: GSM-7 or UCS-2, how many parts a text costs, and fitting a text to a budget.

One SMS carries 140 bytes: 160 GSM-7 septets or 70 UCS-2 code units. A concatenated message loses
a 6-byte header per part, leaving 153 septets or 67 units. A single character outside the GSM-7
alphabet (any Chinese character, an emoji) turns the whole message into UCS-2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

# GSM 03.38 default alphabet (the escape 0x1B itself is excluded: it only introduces the extension)
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# the extension table: each costs an escape plus the character, two septets
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

SINGLE_CAPACITY = {"GSM-7": 160, "UCS-2": 70}
PART_CAPACITY = {"GSM-7": 153, "UCS-2": 67}

# a part is cut after a sentence end if one lies in the second half of the window, else after a
# clause break or space in its last two thirds, else hard at the window's end
_SENTENCE_END = re.compile(r"[。！？!?；;\n]|[.](?=\s|$)")
_SOFT_BREAK = re.compile(r"[，、,：:）)\s]")


class Encoding(StrEnum):
    """The two SMS data codings a carrier sees."""

    GSM7 = "GSM-7"
    UCS2 = "UCS-2"


@dataclass(frozen=True, slots=True)
class SegmentCount:
    """What a text costs as one SMS: its encoding, its length in units and the parts it needs."""

    encoding: Encoding
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    segments: int


def encoding_for(text: str) -> Encoding:
    """GSM-7 when every character is in the GSM alphabet (basic or extension), else UCS-2."""
    for ch in text:
        if ch not in GSM7_BASIC and ch not in GSM7_EXTENSION:
            return Encoding.UCS2
    return Encoding.GSM7


def _char_costs(text: str, encoding: Encoding) -> list[int]:
    if encoding is Encoding.GSM7:
        return [2 if ch in GSM7_EXTENSION else 1 for ch in text]
    # characters beyond the BMP (emoji) are a surrogate pair: two units that must stay together
    return [2 if ord(ch) > 0xFFFF else 1 for ch in text]


def _parts_needed(costs: list[int], encoding: Encoding) -> int:
    total = sum(costs)
    if total <= SINGLE_CAPACITY[encoding]:
        return 1
    # pack greedily: an escape pair or a surrogate pair never straddles two parts
    capacity = PART_CAPACITY[encoding]
    parts, used = 1, 0
    for cost in costs:
        if used + cost > capacity:
            parts += 1
            used = 0
        used += cost
    return parts


def count_segments(text: str) -> SegmentCount:
    """The encoding, length in units and number of parts of `text` sent as one SMS."""
    encoding = encoding_for(text)
    costs = _char_costs(text, encoding)
    if not text:
        return SegmentCount(encoding, 0, 1)
    return SegmentCount(encoding, sum(costs), _parts_needed(costs, encoding))


def capacity(encoding: Encoding, segments: int) -> int:
    """Units a message of `encoding` may hold to cost at most `segments` parts."""
    if segments <= 1:
        return SINGLE_CAPACITY[encoding]
    return PART_CAPACITY[encoding] * segments


def _fits(text: str, max_segments: int) -> bool:
    return count_segments(text).segments <= max_segments


def _longest_prefix(text: str, budget: int, encoding: Encoding) -> int:
    """How many characters of `text` fit into `budget` units (pairs are never cut)."""
    used = 0
    for i, cost in enumerate(_char_costs(text, encoding)):
        if used + cost > budget:
            return i
        used += cost
    return len(text)


def _cut_point(window: str, *, at_end: bool) -> int:
    """Where to cut `window` (a prefix that fits) so the part ends sensibly."""
    if at_end:
        return len(window)
    sentence_ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    if sentence_ends and sentence_ends[-1] >= len(window) // 2:
        return sentence_ends[-1]
    soft = [m.end() for m in _SOFT_BREAK.finditer(window)]
    if soft and soft[-1] >= len(window) // 3:
        return soft[-1]
    return len(window)


def truncate_with_link(text: str, link: str, max_segments: int) -> str:
    """`text` cut at a sentence or word boundary and followed by `link`, costing <= max_segments parts."""
    if _fits(text, max_segments):
        return text
    # the ellipsis itself is not GSM-7: keep a GSM text GSM by using three dots
    ellipsis = "…" if encoding_for(text) is Encoding.UCS2 else "..."
    suffix = f"{ellipsis} {link}"
    encoding = encoding_for(text + suffix)
    budget = capacity(encoding, max_segments) - sum(_char_costs(suffix, encoding))
    if budget <= 0:
        raise ValueError("the link alone does not fit the segment budget")
    window = text[: _longest_prefix(text, budget, encoding)]
    head = window[: _cut_point(window, at_end=False)].rstrip()
    result = head + suffix
    # a multi-part budget shrinks when pairs pack badly; shorten until the count agrees
    while not _fits(result, max_segments) and head:
        head = head[:-1].rstrip()
        result = head + suffix
    return result


def split_message(text: str, max_segments: int) -> list[str]:
    """`text` as one or more SMS texts of at most `max_segments` parts each, numbered "(i/n)" if split."""
    text = text.strip()
    if _fits(text, max_segments):
        return [text]
    encoding = encoding_for(text)
    # reserve room for the " (12/34)" marker each part gets
    budget = capacity(encoding, max_segments) - 8
    chunks: list[str] = []
    rest = text
    while rest:
        window = rest[: _longest_prefix(rest, budget, encoding)]
        cut = _cut_point(window, at_end=len(window) == len(rest))
        chunk, rest = rest[:cut].strip(), rest[cut:].lstrip()
        if chunk:
            chunks.append(chunk)
    total = len(chunks)
    return [f"{chunk} ({i}/{total})" for i, chunk in enumerate(chunks, start=1)]


def fit_message(text: str, max_segments: int, *, full_text_url: str | None = None) -> list[str]:
    """The SMS texts to send for `text`: itself, a shortened text pointing to `full_text_url`, or parts."""
    if max_segments < 1:
        raise ValueError("max_segments must be at least 1")
    if _fits(text, max_segments):
        return [text]
    if full_text_url:
        return [truncate_with_link(text, full_text_url, max_segments)]
    return split_message(text, max_segments)
