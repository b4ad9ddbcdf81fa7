"""Telephone numbers: Chinese mobile and landline, masked forms, hotlines, HK/TW and US formats."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from core.domain.labels import EntityType
from nlu.entities.spans import Candidate

# A number never starts inside a longer run of digits or letters (order ids, account numbers).
_B = r"(?<![0-9A-Za-z])"
_E = r"(?![0-9])"
_SEP = r"[ \-]?"

_MOBILE = re.compile(
    _B + r"(?:(?P<cc>(?:\+|00)?86)[ \-]?|\(\+?86\)[ ]?)?"
    r"(?P<n>1[3-9][0-9]" + _SEP + r"[0-9]{4}" + _SEP + r"[0-9]{4})" + _E
)
# 010/02x take 8 local digits; the 4-digit codes (0371, 0991 ...) take 7 or 8
_LANDLINE = re.compile(
    _B + r"(?:(?:\+|00)?86[ \-]?)?"
    r"(?:\((?P<pa>0?(?:10|2[0-9]|[3-9][0-9]{2}))\)[ \-]?|(?P<a>0(?:10|2[0-9]|[3-9][0-9]{2}))[ \-]?)"
    r"(?P<local>[1-9][0-9]{3}[ \-]?[0-9]{3,4})"
    r"(?:[ ]?(?:-|转|ext\.?|x)[ ]?(?P<ext>[0-9]{1,5}))?" + _E
)
# masked for privacy by the customer or by our own lists (policy §9): 138****5678, 181****42
_MASKED = re.compile(
    _B + r"(?:(?:\+|00)?86[ \-]?)?(?:1[3-9][0-9]{1,5}|0[1-9][0-9]{1,3})[ \-]?"
    r"(?:\*{2,6}|[xX×]{3,6})[ \-]?[0-9]{0,4}" + r"(?![0-9A-Za-z*])"
)
_HOTLINE = re.compile(
    _B + r"(?:100(?:00|01|10|11|15|16|18|50|60|86)|123(?:00|15|21|45|58)|9[56][0-9]{3})"
    r"(?![0-9A-Za-z]|[.,][0-9])"
)
# US carrier short codes, only where the text says they were called or texted
_US_SHORT = re.compile(
    r"(?<=call |text |dial )(?:611|811|411)(?![0-9])|(?<=called |texted |dialed )(?:611|811|411)(?![0-9])",
    re.IGNORECASE,
)
# 400/800 numbers are grouped every way: 400-810-1234, 4001-888-999, 400 6 123 456
_TOLL_FREE_CN = re.compile(_B + r"(?P<n>[48]00(?:[ \-]?[0-9]){7})" + _E)
# a local number without its area code, written with a hyphen: 555-0123 (US), 8888-6666 (CN)
_LOCAL = re.compile(
    r"(?<![0-9A-Za-z\-+.(])(?!(?:19|20)[0-9]{2}-(?:19|20)[0-9]{2})[2-9][0-9]{2,3}-[0-9]{4}(?![0-9]|-[0-9])"
)
_HK = re.compile(_B + r"(?:\+?852[ \-]?|\(\+?852\)[ ]?)(?P<n>[2-9][0-9]{3}[ \-]?[0-9]{4})" + _E)
_TW_MOBILE = re.compile(_B + r"(?:(?P<cc>\+?886)[ \-]?|0)(?P<n>9[0-9]{2}[ \-]?[0-9]{3}[ \-]?[0-9]{3})" + _E)
# Taiwan landlines as written there: 02-2345-6789, (04)2234-5678, +886 2 2345 6789
_TW_LANDLINE = re.compile(
    _B + r"(?:\+?886[ \-]?(?P<a1>[2-8])[ \-]?(?P<n1>[0-9]{3,4}[ \-]?[0-9]{4})"
    r"|(?:\(0(?P<a2>[2-8])\)|0(?P<a3>[2-8])-)[ ]?(?P<n2>[0-9]{3,4}-[0-9]{4}))" + _E
)
# Taiwan toll-free: 0800-000-123
_TW_TOLL_FREE = re.compile(_B + r"0800[ \-]?[0-9]{3}[ \-]?[0-9]{3}" + _E)
# any other country, when written with its + prefix: +44 20 7946 0958, +81 3-1234-5678
_INTERNATIONAL = re.compile(
    _B.replace("A-Za-z", "A-Za-z+") + r"\+(?!1[ \-(]|86|852|886)(?P<cc>[2-9][0-9]{0,2})(?:[ \-]?[0-9]{1,5}){2,5}" + _E
)
# 8-digit local numbers (Hong Kong mobiles, mainland numbers without area code) only where the
# text says a number follows: 本人門號9693 7813, 电话 8888 6666
_CONTEXT_LOCAL = re.compile(
    r"(?:门号|手机号码?|电话号码?|号码|联系电话|联络电话|联系方式|致电|打给我|回电|手机|手提|电话)"
    r"(?:是|为|:|：)?[ ]?(?P<n>[2-9][0-9]{3}[ \-]?[0-9]{4})(?![0-9])"
)
# ten bare digits are a US number only where the text says so: my line 2125550143
_CONTEXT_US = re.compile(
    r"(?<![A-Za-z])(?:line|number|phone|cell|mobile|call|text|reach)(?:[ ]+(?:is|at|me|on|me at|me on))*"
    r"[ ]*:?[ ]*(?P<n>[2-9][0-9]{2}[2-9][0-9]{6})(?![0-9])",
    re.IGNORECASE,
)
_US = re.compile(
    _B + r"(?:\+?1[ .\-]?)?"
    r"(?:\((?P<a1>[2-9][0-9]{2})\)[ ]?|(?P<a2>[2-9][0-9]{2})(?P<s>[ .\-]))"
    r"(?P<ex>[2-9][0-9]{2})[ .\-](?P<ln>[0-9]{4})" + _E
)


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isascii() and ch.isdigit())


def _mobile(m: re.Match[str], original: str) -> str:
    return "+86" + _digits(m.group("n"))


def _landline(m: re.Match[str], original: str) -> str:
    area = (m.group("pa") or m.group("a")).lstrip("0")
    value = "+86" + area + _digits(m.group("local"))
    return value + (";ext=" + m.group("ext") if m.group("ext") else "")


def _as_written(m: re.Match[str], original: str) -> str:
    return original[m.start() : m.end()]


def _digits_only(m: re.Match[str], original: str) -> str:
    return _digits(m.group(0))


def _hk(m: re.Match[str], original: str) -> str:
    return "+852" + _digits(m.group("n"))


def _tw(m: re.Match[str], original: str) -> str:
    return "+886" + _digits(m.group("n"))


def _tw_landline(m: re.Match[str], original: str) -> str:
    area = m.group("a1") or m.group("a2") or m.group("a3")
    return "+886" + area + _digits(m.group("n1") or m.group("n2"))


def _tw_toll_free(m: re.Match[str], original: str) -> str:
    return "+886" + _digits(m.group(0))[1:]


def _international(m: re.Match[str], original: str) -> str | None:
    digits = _digits(m.group(0))
    # E.164 numbers have 8 to 15 digits; fewer is a score or a temperature (+20 30)
    return "+" + digits if 8 <= len(digits) <= 15 else None


def _us(m: re.Match[str], original: str) -> str:
    return "+1" + (m.group("a1") or m.group("a2")) + m.group("ex") + m.group("ln")


def _always(text: str) -> bool:
    return True


def _has(*pieces: str) -> Callable[[str], bool]:
    """A pre-check: the pattern cannot match unless one of these substrings occurs."""
    return lambda text: any(piece in text for piece in pieces)


# (pattern, value, pre-check): a substring test is far cheaper than a regex scan with look-behinds
_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], str], str | None], Callable[[str], bool]], ...] = (
    (_MOBILE, _mobile, _always),
    (_LANDLINE, _landline, _has("0", "(")),
    (_MASKED, _as_written, _has("*", "x", "X", "×")),
    (_HOTLINE, _digits_only, _has("100", "123", "95", "96")),
    (_US_SHORT, _digits_only, _has("611", "811", "411")),
    (_TOLL_FREE_CN, _digits_only, _has("400", "800")),
    (_LOCAL, _digits_only, _has("-")),
    (_HK, _hk, _has("852")),
    (_TW_MOBILE, _tw, _has("09", "886")),
    (_TW_LANDLINE, _tw_landline, _has("886", "0")),
    (_TW_TOLL_FREE, _tw_toll_free, _has("0800")),
    (_INTERNATIONAL, _international, _has("+")),
    (_US, _us, _always),
)


_DIGIT = re.compile(r"[0-9]")
_LATIN = re.compile(r"[A-Za-z]")


def find_phones(folded: str, original: str) -> Iterator[Candidate]:
    """Phone candidates; value in E.164 where the country is known, masked ones as written."""
    if not _DIGIT.search(folded):  # every pattern needs digits: most sentences skip 15 regexes
        return
    for pattern, value_of, may_match in _PATTERNS:
        if not may_match(folded):
            continue
        for m in pattern.finditer(folded):
            value = value_of(m, original)
            if value is not None:
                yield Candidate(EntityType.PHONE, m.start(), m.end(), value)
    if not folded.isascii():  # the context words are Chinese
        for m in _CONTEXT_LOCAL.finditer(folded):
            yield Candidate(EntityType.PHONE, m.start("n"), m.end("n"), _digits(m.group("n")))
    for m in _CONTEXT_US.finditer(folded) if _LATIN.search(folded) else ():
        yield Candidate(EntityType.PHONE, m.start("n"), m.end("n"), "+1" + m.group("n"))
