"""Risk and repeat signals (taxonomy §5): words that threaten escalation or report a problem again.

Matched on the normalised feature text (simplified script, lower case), so 記者 and 记者 are one
word; English words match whole words only ("sue" is not in "issue").
"""

from __future__ import annotations

import re

# taxonomy §5 plus the Hong Kong and Taiwan bodies customers name (消委會, 消基會, NCC)
RISK_ZH = (
    "工信部",
    "通信管理局",
    "通管局",
    "消协",
    "12315",
    "315",
    "媒体",
    "曝光",
    "记者",
    "律师",
    "起诉",
    "法院",
    "消委会",
    "消基会",
    "通讯传播委员会",
    "电讯管理局",
)
RISK_EN = ("fcc", "bbb", "attorney general", "lawyer", "sue", "news", "ncc", "ofca", "ofcom")
REPEAT_ZH = ("又", "再次", "第二次", "第三次", "多次反映", "重复投诉", "反复")
REPEAT_EN = ("already reported", "third time", "second time", "again", "still not fixed")

_RISK_EN = re.compile(r"\b(" + "|".join(re.escape(w) for w in RISK_EN) + r")\b")
_REPEAT_EN = re.compile(r"\b(" + "|".join(re.escape(w) for w in REPEAT_EN) + r")\b")


def _found_zh(text: str, words: tuple[str, ...]) -> list[str]:
    found = [w for w in words if w in text]
    # 315 inside 12315 is one signal, not two
    return [w for w in found if not any(w != other and w in other and other in found for other in found)]


def risk_signals(features_text: str) -> tuple[str, ...]:
    """Escalation threats named in the text, in the taxonomy's spelling, without duplicates."""
    found = _found_zh(features_text, RISK_ZH) + [m.group(1) for m in _RISK_EN.finditer(features_text)]
    return tuple(dict.fromkeys(found))


def repeat_signals(features_text: str) -> tuple[str, ...]:
    """Markers that the customer reports the same problem again."""
    found = _found_zh(features_text, REPEAT_ZH) + [m.group(1) for m in _REPEAT_EN.finditer(features_text)]
    return tuple(dict.fromkeys(found))
