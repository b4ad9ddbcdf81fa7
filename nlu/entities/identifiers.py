"""Order and ticket ids and account numbers, found after the words that introduce them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from core.domain.labels import EntityType
from nlu.entities.spans import Candidate

# the words stay out of the span: order_id is "the identifier alone" (taxonomy §4)
_ORDER_WORDS = (
    r"(?:订单编号|订单号码|订单号|订单|工单编号|工单号码|工单号|工单|受理单号|受理编号|受理号|投诉单号|投诉编号"
    r"|流水号|业务单号|业务编号|交易单号|交易号|单号|编号|回执号"
    r"|(?<![A-Za-z])(?:work\s+order|order|ticket|case|reference|ref|confirmation|tracking|request|incident"
    r"|complaint)(?:\s*(?:number|no\.?|num|id|code|#))?(?![A-Za-z]))"
)
_ACCOUNT_WORDS = (
    r"(?:合同帐号|合同账号|合同号|宽带帐号|宽带账号|宽带号|上网账号|上网帐号|账号|帐号|账户号|帐户号|账户|帐户|户号"
    r"|客户编号|客户号|用户编号|缴费号码|缴费号"
    r"|(?<![A-Za-z])(?:account|acct\.?)(?:\s*(?:number|no\.?|num|id|#))?(?![A-Za-z]))"
)
_LINK = r"(?:\s*(?:is|was|:|：|是|为|为：|:)?\s*(?:#\s*)?)"

# an id: letters, digits and inner hyphens, holding at least one digit
_ID = r"(?P<id>(?=[A-Za-z0-9-]*[0-9])[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){3,39})(?![A-Za-z0-9])"
# an account: a digit group run (8499 0512 3456 7890), possibly masked, or a login such as
# zz12345678@adsl.ha
_ACCOUNT_VALUE = (
    r"(?P<id>[0-9*]{3,8}(?: [0-9*]{3,8}){1,5}(?![0-9*])"
    r"|(?=[A-Za-z0-9*@._-]*[0-9])[A-Za-z0-9][A-Za-z0-9*@_-]{2,39}(?:\.[A-Za-z0-9]+)*)(?![A-Za-z0-9*])"
)

_ORDER = re.compile(_ORDER_WORDS + _LINK + _ID, re.IGNORECASE)
_ACCOUNT = re.compile(_ACCOUNT_WORDS + _LINK + _ACCOUNT_VALUE, re.IGNORECASE)
# "the number on my account is 917-555-0133": a number written as a US phone number is a phone
_US_PHONE_SHAPE = re.compile(r"[2-9][0-9]{2}[.\-][0-9]{3}[.\-][0-9]{4}")
# ids that are recognisable without a word before them: our own ticket numbers (TS + date +
# sequence) and T-2026-000123 style references
_BARE_ORDER = re.compile(r"(?<![A-Za-z0-9])(?:TS[0-9]{14}|T-20[0-9]{2}-[0-9]{4,8})(?![A-Za-z0-9])")


_DIGIT_OR_MASK = re.compile(r"[0-9*]")


def find_identifiers(folded: str, original: str) -> Iterator[Candidate]:
    """order_id and account candidates; the value is the id as written, folded, spaces removed."""
    if not _DIGIT_OR_MASK.search(folded):  # every id holds a digit (a masked account a *)
        return
    for m in _ORDER.finditer(folded):
        value = m.group("id")
        yield Candidate(EntityType.ORDER_ID, m.start("id"), m.end("id"), value)
    for m in _BARE_ORDER.finditer(folded):
        yield Candidate(EntityType.ORDER_ID, m.start(), m.end(), m.group(0))
    for m in _ACCOUNT.finditer(folded):
        if _US_PHONE_SHAPE.fullmatch(m.group("id")):
            continue
        value = m.group("id").replace(" ", "")
        yield Candidate(EntityType.ACCOUNT, m.start("id"), m.end("id"), value)
