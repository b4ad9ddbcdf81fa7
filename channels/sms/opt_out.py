"""Opt-out and opt-in keywords for SMS, in English (Twilio's defaults) and Chinese (carrier usage).

Only a message that consists of a keyword alone counts: "我要退订这个会员" is a complaint about an
unwanted subscription, not a request to stop SMS.
"""

from __future__ import annotations

import re
from enum import StrEnum


class KeywordAction(StrEnum):
    """What an SMS keyword asks for."""

    OPT_OUT = "opt_out"
    OPT_IN = "opt_in"


# Twilio's default opt-out and opt-in keywords; Twilio itself answers these on long codes and
# Messaging Services, so we record them but send no confirmation of our own
TWILIO_OPT_OUT = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"})
TWILIO_OPT_IN = frozenset({"START", "UNSTOP"})
# "YES" is a Twilio opt-in keyword too, but it is also an ordinary answer to a bot question:
# it opts in only a sender who is opted out (see `classify_keyword`)
CONDITIONAL_OPT_IN = frozenset({"YES"})
# the usual Chinese carrier keywords (TD = 退订); Twilio does not know them, so we confirm them
CHINESE_OPT_OUT = frozenset({"退订", "退訂", "TD", "取消订阅", "取消訂閱", "退订短信", "退訂短信"})
CHINESE_OPT_IN = frozenset({"恢复", "恢復", "恢复订阅", "恢復訂閱"})

# Twilio Advanced Opt-Out tells us what it matched in the `OptOutType` form field
TWILIO_OPT_OUT_TYPES = {"STOP": KeywordAction.OPT_OUT, "START": KeywordAction.OPT_IN}

_PUNCTUATION = re.compile(r"[\s.!！。,，~～'\"“”]+")


def normalise_keyword(body: str) -> str:
    """The body upper-cased with spaces and trailing punctuation removed ("stop!" -> "STOP")."""
    return _PUNCTUATION.sub("", body).upper()


def classify_keyword(body: str, *, currently_opted_out: bool = False) -> KeywordAction | None:
    """The opt-out or opt-in a whole-message keyword asks for, or None for an ordinary message."""
    word = normalise_keyword(body)
    if not word or len(word) > 12:
        return None
    if word in TWILIO_OPT_OUT or word in CHINESE_OPT_OUT:
        return KeywordAction.OPT_OUT
    if word in TWILIO_OPT_IN or word in CHINESE_OPT_IN:
        return KeywordAction.OPT_IN
    if word in CONDITIONAL_OPT_IN and currently_opted_out:
        return KeywordAction.OPT_IN
    return None


def twilio_confirms(body: str) -> bool:
    """Whether Twilio sends its own confirmation for this keyword (so we must not send a second one)."""
    word = normalise_keyword(body)
    return word in TWILIO_OPT_OUT or word in TWILIO_OPT_IN or word in CONDITIONAL_OPT_IN


def confirmation_text(action: KeywordAction, body: str) -> str:
    """Our confirmation for a keyword Twilio does not answer itself, in the keyword's language."""
    chinese = bool(re.search(r"[\u4e00-\u9fff]", body)) or normalise_keyword(body) == "TD"
    if action is KeywordAction.OPT_OUT:
        if chinese:
            return "您已退订本服务的短信通知。如需恢复，请回复“恢复”。投诉处理结果将通过其他渠道告知您。"
        return "You will no longer receive SMS from us. Reply START to opt back in."
    if chinese:
        return "您已恢复接收本服务的短信通知。如需退订，请回复“退订”或TD。"
    return "You will receive SMS from us again. Reply STOP to opt out."
