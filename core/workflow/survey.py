"""Reading a revisit answer: a 1 to 5 satisfaction score from Chinese or English text (policy §7).

"5", "4分", "五星", "满意", "非常不满意", "terrible", "very satisfied" ... Longer phrases are tried
before the words they contain, so "不满意" is never read as "满意". None when no score is found.
"""

from __future__ import annotations

import re

# phrase → score; checked longest first
_PHRASES: dict[str, int] = {
    # simplified and traditional Chinese
    "非常满意": 5, "非常滿意": 5, "很满意": 5, "很滿意": 5, "特别满意": 5, "特別滿意": 5, "十分满意": 5,
    "十分滿意": 5, "满意": 4, "滿意": 4, "挺好": 4, "不错": 4, "不錯": 4, "好评": 5, "好評": 5,
    "基本满意": 3, "基本滿意": 3, "一般": 3, "还行": 3, "還行": 3, "还可以": 3, "還可以": 3,
    "不满意": 2, "不滿意": 2, "不太满意": 2, "不太滿意": 2, "不怎么样": 2, "不怎麼樣": 2,
    "非常不满意": 1, "非常不滿意": 1, "很不满意": 1, "很不滿意": 1, "极不满意": 1, "極不滿意": 1,
    "十分不满意": 1, "十分不滿意": 1, "太差": 1, "很差": 1, "差评": 1, "差評": 1, "垃圾": 1,
    # English
    "very satisfied": 5, "extremely satisfied": 5, "excellent": 5, "perfect": 5, "great": 5,
    "satisfied": 4, "good": 4, "fine": 4, "happy": 4,
    "ok": 3, "okay": 3, "average": 3, "so-so": 3, "so so": 3, "neutral": 3, "not bad": 3,
    "not satisfied": 2, "unsatisfied": 2, "dissatisfied": 2, "bad": 2, "poor": 2, "unhappy": 2,
    "not happy": 2, "not good": 2,
    "very dissatisfied": 1, "very unsatisfied": 1, "very bad": 1, "terrible": 1, "awful": 1,
    "horrible": 1, "worst": 1, "useless": 1, "very poor": 1,
}
_ORDERED = sorted(_PHRASES, key=len, reverse=True)
# words that judge anything, not only our service: "5G信号很差" is a complaint about the signal,
# "很差" alone answers the survey; they count only when the message names no service (see
# `parse_score(judgements=False)`). 满意 / satisfied and digits always answer the survey.
_JUDGEMENTS = frozenset({
    "挺好", "不错", "不錯", "一般", "还行", "還行", "还可以", "還可以", "不怎么样", "不怎麼樣", "太差", "很差", "垃圾",
    "excellent", "perfect", "great", "good", "fine", "happy", "ok", "okay", "average", "so-so", "so so", "neutral",
    "not bad", "bad", "poor", "unhappy", "not happy", "not good", "very bad", "terrible", "awful", "horrible",
    "worst", "useless", "very poor",
})
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5}
# "4分", "5 stars", "2/5"; a digit glued to a letter ("5G") or to other digits (a phone) is no score
_DIGIT_UNIT = re.compile(r"(?<![\d.])([1-5])\s*(?:分|星|颗星|顆星|/\s*5|stars?|points?)(?![a-z])")
# a digit standing alone: "5", "5，谢谢", "rating: 4"
_DIGIT_ALONE = re.compile(r"(?:^|[\s:：,，。.!！(（])([1-5])(?=$|[\s,，。.!！;；、~)）])")
_CN_SCORE = re.compile(r"([一二两兩三四五])\s*(?:分|星|颗星|顆星)")
_ASCII_WORD = re.compile(r"[a-z]")
# a survey answer is short; a long message that happens to say "很差" is a new complaint
MAX_WORD_ANSWER_CHARS = 40


def parse_score(text: str, *, judgements: bool = True) -> int | None:
    """The satisfaction score in `text`, 1 to 5, or None.

    `judgements=False` ignores general words of praise or blame (很差, good): the pipeline passes
    it when the NLU reads the message as a complaint about a named service.
    """
    cleaned = text.strip().lower()
    if not cleaned:
        return None
    for pattern in (_DIGIT_UNIT, _DIGIT_ALONE):
        match = pattern.search(cleaned)
        if match:
            return int(match.group(1))
    match = _CN_SCORE.search(cleaned)
    if match:
        return _CN_DIGITS[match.group(1)]
    if len(cleaned) > MAX_WORD_ANSWER_CHARS:
        return None
    for phrase in _ORDERED:
        if not judgements and phrase in _JUDGEMENTS:
            continue
        if _ASCII_WORD.match(phrase):
            if re.search(rf"(?<![a-z]){re.escape(phrase)}(?![a-z])", cleaned):
                return _PHRASES[phrase]
        elif phrase in cleaned:
            return _PHRASES[phrase]
    return None


def is_dissatisfied(score: int, max_dissatisfied: int) -> bool:
    """True when `score` reopens handling under the policy."""
    return score <= max_dissatisfied
