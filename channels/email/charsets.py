"""Decoding mail bytes whose declared charset is missing, too narrow or simply wrong.

Chinese mail clients routinely declare GB2312 and send GBK or GB18030 characters, declare Big5 and
send HKSCS characters, or declare one charset and send UTF-8. We decode with the widest superset
of the declared charset, and when that fails or reads like mojibake we try the others and keep
the decoding whose characters look most like real Chinese text.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from functools import lru_cache

# declared name -> the superset we decode with
_SUPERSETS = {
    "gb2312": "gb18030",
    "gb_2312": "gb18030",
    "gb_2312-80": "gb18030",
    "euc-cn": "gb18030",
    "euccn": "gb18030",
    "x-euc-cn": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "ms936": "gb18030",
    "windows-936": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "x-big5": "big5hkscs",
    "cn-big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "big5hkscs": "big5hkscs",
    "cp950": "cp950",
    "ms950": "cp950",
    "windows-950": "cp950",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
    "utf8": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
    # latin-1 is the usual lie of a misconfigured webmail sending GBK
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
}
_FALLBACKS = ("utf-8", "gb18030", "big5hkscs")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text plus how we got it: the codec used and whether the declared one was wrong or lossy."""

    text: str
    codec: str
    declared: str | None
    guessed: bool = False  # the declared charset was absent or wrong
    lossy: bool = False  # some bytes could not be decoded and were replaced


def normalise_charset(declared: str | None) -> str | None:
    """The codec we decode a declared charset with, or None when Python does not know it."""
    if not declared:
        return None
    name = declared.strip().strip('"').lower()
    name = _SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


@lru_cache(maxsize=1)
def _common_hanzi() -> frozenset[str]:
    """The ~9,000 commonly used characters: GB2312 level 1 (simplified) and Big5 level 1 (traditional)."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    for lead in range(0xA4, 0xC7):
        for trail in [*range(0x40, 0x7F), *range(0xA1, 0xFF)]:
            try:
                chars.add(bytes((lead, trail)).decode("big5"))
            except UnicodeDecodeError:
                continue
    return frozenset(chars)


# punctuation and symbols Chinese mail really contains; anything else outside ASCII is suspicious
_FINE_SYMBOLS = frozenset("，。、；：？！“”‘’（）《》【】—…·～￥　「」『』〈〉％＋－＝／＠＃＆＊\u00a0–•€")


def plausibility(text: str) -> float:
    """Share of non-ASCII characters that are common hanzi or ordinary CJK punctuation (1.0: all)."""
    common = _common_hanzi()
    total = good = 0
    for ch in text:
        if ch < "\x80":
            continue
        total += 1
        if ch in common or ch in _FINE_SYMBOLS or "\uff01" <= ch <= "\uff5e":
            good += 1
    return 1.0 if total == 0 else good / total


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode `data`, trusting the declared charset only as far as the bytes agree with it."""
    codec = normalise_charset(declared)
    if not data or data.isascii():
        return Decoded(data.decode("ascii"), "ascii", declared)
    # valid UTF-8 with non-ASCII bytes is almost never an accident, whatever the header says
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return Decoded(text, "utf-8", declared, guessed=codec not in (None, "utf-8"))

    candidates: list[tuple[float, int, str, str]] = []
    order = [codec] if codec and codec != "utf-8" else []
    order += [c for c in _FALLBACKS[1:] if c not in order]
    for rank, name in enumerate(order):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        # the declared charset wins ties: rank 0 sorts first
        candidates.append((plausibility(text), -rank, name, text))
    if candidates:
        _score, _, name, text = max(candidates)
        return Decoded(text, name, declared, guessed=name != codec)
    # nothing decodes cleanly: keep what we can, marking the loss
    name = codec or "gb18030"
    return Decoded(data.decode(name, errors="replace"), name, declared, guessed=codec is None, lossy=True)
