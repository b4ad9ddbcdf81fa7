"""Money amounts: 50元, 5块钱, ￥128, 一百二十元, 1.5万元, 话费213.53, $65, 65 dollars, HK$100."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from core.domain.labels import EntityType
from nlu.entities.numerals import (
    CN_NUMERAL_CHARS,
    EN_NUMBER_WORD,
    decimal_string,
    parse_cn_int,
    parse_decimal,
    parse_en_int,
)
from nlu.entities.spans import Candidate

_AR = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]{1,2})?|[0-9]+(?:\.[0-9]{1,2})?"
_CN = f"[{CN_NUMERAL_CHARS}]+"
_MULT = r"[万千]|[kK](?![A-Za-z])"

_PREFIX_CURRENCY: dict[str, str] = {
    "us$": "USD",
    "usd": "USD",
    "$": "USD",
    "hk$": "HKD",
    "hkd": "HKD",
    "nt$": "TWD",
    "ntd": "TWD",
    "twd": "TWD",
    "¥": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
    "人民币": "CNY",
    "新台币": "TWD",
    "台币": "TWD",
    "港币": "HKD",
    "美金": "USD",
    "美元": "USD",
    "£": "GBP",
    "gbp": "GBP",
    "€": "EUR",
    "eur": "EUR",
}
_SUFFIX_CURRENCY: dict[str, str] = {
    "元人民币": "CNY",
    "元": "CNY",
    "块钱": "CNY",
    "块": "CNY",
    "圆": "CNY",
    "人民币": "CNY",
    "毛钱": "CNY",
    "毛": "CNY",
    "角": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
    "yuan": "CNY",
    "美元": "USD",
    "美金": "USD",
    "usd": "USD",
    "dollars": "USD",
    "dollar": "USD",
    "bucks": "USD",
    "us dollars": "USD",
    "港币": "HKD",
    "港元": "HKD",
    "hkd": "HKD",
    "hk dollars": "HKD",
    "新台币": "TWD",
    "台币": "TWD",
    "台元": "TWD",
    "twd": "TWD",
    "ntd": "TWD",
    "蚊": "HKD",
    "pounds": "GBP",
    "pound": "GBP",
    "quid": "GBP",
    "euros": "EUR",
    "euro": "EUR",
}
# tenths of a yuan
_JIAO_UNITS = frozenset({"毛钱", "毛", "角"})

_PREFIXED = re.compile(
    r"(?<![A-Za-z0-9])(?P<cur>US\$|HK\$|NT\$|USD|HKD|NTD|TWD|RMB|CNY"
    r"|GBP|EUR|人民币|新台币|台币|港币|美金|美元|[¥$£€])[ ]?"
    rf"(?P<num>{_AR})(?:[ ]?(?P<mult>{_MULT}))?(?![0-9])"
    # 新台幣300元, 人民币50元: the unit after the number repeats the currency
    r"(?:元|块钱|块)?",
    re.IGNORECASE,
)
_SUFFIXED = re.compile(
    rf"(?:(?<![0-9.,])(?P<num>{_AR})|(?<![{CN_NUMERAL_CHARS}])(?P<cn>{_CN}))"
    rf"[ ]?(?:(?P<mult>[万千百])[ ]?)?"
    # 一百多块, 50多元, 100余元: the value is the figure written, a lower bound
    r"(?:多|几|余)?"
    # 蚊 is the Cantonese dollar (299蚊)
    r"(?P<unit>元人民币|块钱|毛钱|美元|美金|港币|港元|新台币|台币|台元|人民币|元|块|圆|毛|角|蚊"
    r"|(?:US |HK )?dollars?(?![A-Za-z])|bucks(?![A-Za-z])|yuan(?![A-Za-z])|pounds?(?![A-Za-z])"
    r"|quid(?![A-Za-z])|euros?(?![A-Za-z])"
    r"|(?:RMB|CNY|USD|HKD|TWD|NTD)(?![A-Za-z]))"
    # 八块五, 3块5: the trailing digit is tenths
    # (两百块一个月: that 一 belongs to 一个月; 八块五一个月 still has its 五)
    rf"(?:(?<=块)(?P<tail>[0-9]|[一二三四五六七八九])"
    rf"(?:(?=一个?月)|(?![0-9{CN_NUMERAL_CHARS}]|个|次|天|号|直|起|些|样|下|点|共|定|般|切)))?",
    re.IGNORECASE,
)
# bare figures on bills: 话费213.53, 月租59, 扣了30; quantities (3次, 5G, 10天) are not money
_BILL_FIGURE = re.compile(
    r"(?:话费|月租费?|月费|套餐费|扣费|扣款|扣除了?|扣了|扣|收费|收取了?|多收了?|收了|余额|欠费"
    r"|花了|交了|缴了|缴费|充了|充值了?|消费了?|账单|涨到|涨至|涨成|降到|变成|变为"
    r"|到账|退了|返了|赔了|剩余|实付|应付|付了|支付了?|只要|才要|合计|共计|总计|超出|金额|费用)"
    r"(?:是|为|只有|只|才|还有|还剩|共|一共|总共|了|从)?[:： ]{0,2}"
    rf"(?:(?P<num>{_AR})(?![0-9.])|(?P<cn>[一二两三四五六七八九十][{CN_NUMERAL_CHARS}]*)(?![{CN_NUMERAL_CHARS}]))"
    # 话费三百多: the figure is a lower bound, 多 stays in the span as in 一百多块
    r"(?P<approx>多|余)?"
    r"(?![ ]?(?:[次个天月年号日时点分秒条位期张部台人周倍%GMKgmkTtBb几]|小时|分钟|通|兆))"
    # a Chinese numeral alone must end the phrase (到账九十，): 收了一堆, 扣了一部分 are not money
    r"(?(cn)(?![\u4e00-\u9fff]))"
)


# forty dollars, fifty-five bucks, a hundred and twenty dollars
_EN_WORDS = re.compile(
    # bounded: "a a a a ..." must not send the engine back over the whole text at every word
    rf"(?<![A-Za-z])(?P<words>(?:{EN_NUMBER_WORD})(?:[ \-]{{1,3}}(?:{EN_NUMBER_WORD})){{0,7}})[ ]+"
    r"(?P<unit>dollars|bucks|pounds|quid|euros)(?![A-Za-z])",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z]+")
_EN_WORD_CURRENCY = {"dollars": "USD", "bucks": "USD", "pounds": "GBP", "quid": "GBP", "euros": "EUR"}


def _value(amount: Decimal, currency: str) -> dict[str, str]:
    return {"amount": decimal_string(amount), "currency": currency}


def _multiplier(mult: str | None) -> int:
    return {"万": 10_000, "千": 1000, "百": 100, "k": 1000}.get((mult or "").lower(), 1)


def _prefixed(folded: str) -> Iterator[Candidate]:
    for m in _PREFIXED.finditer(folded):
        amount = parse_decimal(m.group("num"))
        if amount is None:
            continue
        amount *= _multiplier(m.group("mult"))
        currency = _PREFIX_CURRENCY[m.group("cur").lower()]
        yield Candidate(EntityType.AMOUNT, m.start(), m.end(), _value(amount, currency))


def _suffixed(folded: str) -> Iterator[Candidate]:
    for m in _SUFFIXED.finditer(folded):
        unit = m.group("unit").lower()
        if m.group("cn") is not None:
            cn = m.group("cn")
            number = parse_cn_int(cn)
            # 一块 is also "together" (一块去); a bare 一块 without 钱 is not taken as money
            # 万 or 百 alone is not a number; 十 alone is ten (十块)
            if number is None or not any(ch not in "万亿千百拾佰仟" for ch in cn):
                continue
            if cn == "一" and unit == "块" and not m.group("tail"):
                continue
            amount = Decimal(number)
        else:
            parsed = parse_decimal(m.group("num"))
            if parsed is None:
                continue
            amount = parsed
        amount *= _multiplier(m.group("mult"))
        if unit in _JIAO_UNITS:
            amount /= 10
        tail = m.group("tail")
        if tail:
            amount += Decimal(int(tail) if tail.isdigit() else parse_cn_int(tail) or 0) / 10
        key = " ".join(unit.split())
        yield Candidate(EntityType.AMOUNT, m.start(), m.end(), _value(amount, _SUFFIX_CURRENCY[key]))


def _bill_figures(folded: str) -> Iterator[Candidate]:
    for m in _BILL_FIGURE.finditer(folded):
        group = "num" if m.group("num") is not None else "cn"
        if group == "num":
            amount = parse_decimal(m.group("num"))
        else:
            number = parse_cn_int(m.group("cn"))
            amount = Decimal(number) if number is not None else None
        if amount is None:
            continue
        end = m.end("approx") if m.group("approx") else m.end(group)
        yield Candidate(EntityType.AMOUNT, m.start(group), end, _value(amount, "CNY"))


def _in_words(folded: str) -> Iterator[Candidate]:
    for m in _EN_WORDS.finditer(folded):
        words = list(_WORD.finditer(folded, m.start("words"), m.end("words")))
        # a leading "and" ("... and twenty dollars") joins sentences, not digits
        while words and words[0].group(0).lower() == "and":
            words.pop(0)
        number = parse_en_int(" ".join(w.group(0) for w in words))
        if not words or number is None:
            continue
        start = words[0].start()
        currency = _EN_WORD_CURRENCY[m.group("unit").lower()]
        yield Candidate(EntityType.AMOUNT, start, m.end(), _value(Decimal(number), currency))


def find_amounts(folded: str, original: str) -> Iterator[Candidate]:
    """Amount candidates with value {"amount": decimal string, "currency": ISO 4217 code}."""
    yield from _prefixed(folded)
    # cheap tests first: the number-word pattern is slow to scan and needs its unit word, the bill
    # figures need a Chinese word before them
    lowered = folded.lower()
    if any(unit in lowered for unit in _EN_WORD_CURRENCY):
        yield from _in_words(folded)
    yield from _suffixed(folded)
    if not folded.isascii():
        yield from _bill_figures(folded)
