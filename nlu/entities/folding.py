"""Length-preserving folding of text for matching: full-width to ASCII, traditional to simplified.

Every character maps to exactly one character, so an offset into the folded text is the same
offset into the original; the extractors match on the folded text and slice the original.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

# A few traditional forms the patterns rely on, for when OpenCC's table cannot be read.
_FALLBACK_T2S = (
    "帳帐賬账號号點点週周塊块兩两後后裡里裏里費费禮礼區区單单萬万圓圆億亿貳贰陸陆電电"
    "話话碼码臺台幣币賠赔償偿補补還还銷销訂订戶户網网絡络訊讯號号時时鐘钟樓楼門门園园"
    "鎮镇縣县條条個个張张"
)


def _opencc_t2s_pairs() -> dict[str, str]:
    """One-to-one traditional→simplified pairs from OpenCC's character table (first candidate)."""
    try:
        import opencc  # only its data file is used; the phrase converter may change lengths

        table = Path(opencc.__file__).with_name("dictionary") / "TSCharacters.txt"
        lines = table.read_text(encoding="utf-8").splitlines()
    except (ImportError, OSError):
        return {}
    pairs: dict[str, str] = {}
    for line in lines:
        parts = line.split("\t")
        if len(parts) != 2:
            continue
        src, targets = parts
        target = targets.split(" ")[0]
        if len(src) == 1 and len(target) == 1:
            pairs[src] = target
    return pairs


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for i in range(0, len(_FALLBACK_T2S), 2):
        table[ord(_FALLBACK_T2S[i])] = _FALLBACK_T2S[i + 1]
    for src, dst in _opencc_t2s_pairs().items():
        table[ord(src)] = dst
    # full-width ASCII block (！ to ～) to its half-width twin
    for code in range(0xFF01, 0xFF5F):
        table[code] = chr(code - 0xFEE0)
    table[0x3000] = " "  # ideographic space
    table[0xFFE5] = "¥"  # full-width yen/yuan sign
    table[0x00A0] = " "  # no-break space
    for mask in "✱∗＊":
        table[ord(mask)] = "*"
    for dash in "‐‑‒–－":
        table[ord(dash)] = "-"
    table[ord("〇")] = "〇"
    return table


def fold(text: str) -> str:
    """The text with every character folded for matching; same length as the input."""
    return text.translate(_table())
