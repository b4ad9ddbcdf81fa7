"""English and numeric time expressions: Jan 5th, 5/5, last Tuesday, yesterday, 3 days ago, 3pm."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from nlu.entities.numerals import EN_NUMBER_WORDS
from nlu.entities.time_atoms import (
    Atom,
    AtomKind,
    Period,
    iso_week,
    month_start,
    nearest_month,
    nearest_year,
    safe_date,
    shift_months,
    weekday_in_week,
    weekday_on_or_before,
)

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_FULL_MONTH = "January|February|March|April|May|June|July|August|September|October|November|December"
_YEAR = r"(?:19|20)[0-9]{2}"
_ORD = r"(?:st|nd|rd|th)?"
_I = re.IGNORECASE

_MD = re.compile(
    rf"(?<![A-Za-z])(?P<mon>{_MONTH})[ ]+(?P<d>[0-9]{{1,2}}){_ORD}(?:,?[ ]+(?P<y>{_YEAR}))?"
    r"(?![0-9A-Za-z])",
    _I,
)
_DM = re.compile(
    rf"(?<![A-Za-z0-9])(?P<d>[0-9]{{1,2}}){_ORD}[ ]+(?:of[ ]+)?(?P<mon>{_MONTH})(?:,?[ ]+(?P<y>{_YEAR}))?"
    r"(?![A-Za-z])",
    _I,
)
# month names alone are only dates when capitalised and introduced ("may" is also a verb)
_MONTH_YEAR = re.compile(rf"(?<![A-Za-z])(?P<mon>{_FULL_MONTH})[ ]+(?P<y>{_YEAR})(?![0-9])")
_MONTH_REL = re.compile(
    rf"(?<![A-Za-z])(?:(?P<last>[Ll]ast)|[Tt]his|[Ii]n|[Ss]ince|[Dd]uring|[Ee]arly|[Ll]ate|[Mm]id-?)[ ]+"
    rf"(?P<mon>{_FULL_MONTH})(?![A-Za-z0-9 ]*[0-9])"
)
# month/day as both Americans and Chinese write it; with a year it is month/day/year
_NUMERIC = re.compile(
    r"(?<![0-9/.\-:])(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12][0-9]|0?[1-9])(?:/(?P<y>(?:19|20)?[0-9]{2}))?"
    r"(?![0-9/%])"
)
# "on the 15th": a day of this month, or of last month when that day is still to come
_ORDINAL_DAY = re.compile(r"(?<![A-Za-z])the[ ]+(?P<d>3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)(?![A-Za-z0-9])", _I)
_REL_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2, "day before yesterday": -2}
_DAY_PERIODS = {
    "this morning": (0, Period.MORNING),
    "this afternoon": (0, Period.AFTERNOON),
    "this evening": (0, Period.EVENING),
    "tonight": (0, Period.EVENING),
    "last night": (-1, Period.EVENING),
    "yesterday morning": (-1, Period.MORNING),
    "yesterday afternoon": (-1, Period.AFTERNOON),
    "yesterday evening": (-1, Period.EVENING),
    "earlier today": (0, None),
    "earlier this morning": (0, Period.MORNING),
}
# every key of _REL_DAYS and _DAY_PERIODS holds one of these
_REL_DAY_WORDS = ("today", "yesterday", "tomorrow", "night", "morning", "afternoon", "evening")
_PERIODS = {
    "morning": Period.MORNING,
    "afternoon": Period.AFTERNOON,
    "evening": Period.EVENING,
    "night": Period.EVENING,
}


def _words(options: list[str]) -> str:
    return "|".join(o.replace(" ", "[ ]+") for o in sorted(options, key=len, reverse=True))


_REL_DAY_RE = re.compile(rf"(?<![A-Za-z])(?:{_words([*_DAY_PERIODS, *_REL_DAYS])})(?![A-Za-z])", _I)
_PERIOD_RE = re.compile(rf"(?<![A-Za-z])(?:{_words(list(_PERIODS))})(?![A-Za-z])", _I)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_RE = re.compile(
    rf"(?<![A-Za-z])(?:(?P<rel>last|this|past|next)[ ]+)?(?P<wd>{'|'.join(_WEEKDAYS)})(?![A-Za-z])", _I
)
# "resolved by Friday", "before Monday", "until Sunday": a deadline lies ahead
_DEADLINE_BEFORE = re.compile(r"(?:\bby|\bbefore|\buntil|\btill|\bno later than)[ ]+$", _I)
_REL_SPAN = re.compile(r"(?<![A-Za-z])(?P<rel>last|this|next|past)[ ]+(?P<u>week|month|year)(?![A-Za-z])", _I)
_NUMBER = rf"[0-9]{{1,3}}|{_words(list(EN_NUMBER_WORDS))}"
_AGO = re.compile(
    rf"(?<![A-Za-z0-9])(?P<n>{_NUMBER})[ ]+(?P<u>minute|hour|day|week|month|year)s?[ ]+ago(?![A-Za-z])", _I
)
_TIME = re.compile(
    # "p.m." keeps its last dot; the full stop after "4:15pm." is the sentence's
    r"(?<![0-9A-Za-z:])(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5][0-9]))?[ ]?(?P<ap>[ap])(?:\.m\.|m)(?![A-Za-z])"
    r"|(?<![A-Za-z])(?P<word>noon|midnight)(?![A-Za-z])",
    _I,
)


def _absolute(text: str, today: date) -> Iterator[Atom]:
    # a pattern runs only when the words it needs occur (a substring test costs far less than a
    # scan with look-behinds): month names, "the 15th", 5/5
    lowered = text.lower()
    if any(prefix in lowered for prefix in _MONTHS):
        for pattern in (_MD, _DM):
            for m in pattern.finditer(text):
                month = _MONTHS[m.group("mon")[:3].lower()]
                d = int(m.group("d"))
                day = safe_date(int(m.group("y")), month, d) if m.group("y") else nearest_year(month, d, today)
                if day is not None:
                    yield Atom(AtomKind.DAY, m.start(), m.end(), day=day)
        for m in _MONTH_YEAR.finditer(text):
            yield Atom(
                AtomKind.MONTH, m.start(), m.end(), year=int(m.group("y")), month=_MONTHS[m.group("mon")[:3].lower()]
            )
        for m in _MONTH_REL.finditer(text):
            month = _MONTHS[m.group("mon")[:3].lower()]
            year, month = nearest_month(month, today, strictly_past=bool(m.group("last")))
            # "in March" names the month alone: the span leaves out the preposition
            start = m.start("mon") if m.group(0)[:2].lower() in ("in", "si", "du") else m.start()
            yield Atom(AtomKind.MONTH, start, m.end(), year=year, month=month)
    if "the" in lowered:
        for m in _ORDINAL_DAY.finditer(text):
            d = int(m.group("d"))
            first = month_start(today, 0 if d <= today.day else -1)
            day = safe_date(first.year, first.month, d)
            if day is not None:
                yield Atom(AtomKind.DAY, m.start(), m.end(), day=day)
    if "/" in text:
        yield from _numeric(text, today)


def _relative(text: str, today: date, now: datetime) -> Iterator[Atom]:
    lowered = text.lower()
    if any(word in lowered for word in _REL_DAY_WORDS):
        for m in _REL_DAY_RE.finditer(text):
            key = " ".join(m.group(0).lower().split())
            if key in _REL_DAYS:
                yield Atom(AtomKind.DAY, m.start(), m.end(), day=today + timedelta(days=_REL_DAYS[key]))
            else:
                offset, period = _DAY_PERIODS[key]
                yield Atom(AtomKind.PERIOD, m.start(), m.end(), day=today + timedelta(days=offset), period=period)
    if any(word in lowered for word in _PERIODS):
        for m in _PERIOD_RE.finditer(text):
            yield Atom(AtomKind.PERIOD, m.start(), m.end(), period=_PERIODS[m.group(0).lower()])
    if "day" in lowered:
        for m in _WEEKDAY_RE.finditer(text):
            wd = _WEEKDAYS.index(m.group("wd").lower())
            rel = (m.group("rel") or "").lower()
            if rel in ("last", "past"):
                # "last Tuesday": the latest Tuesday before today
                day = weekday_on_or_before(today - timedelta(days=1), wd)
            elif rel == "this":
                day = weekday_in_week(today, wd, 0)
            elif rel == "next":
                day = weekday_in_week(today, wd, 1)
            elif _DEADLINE_BEFORE.search(text, max(0, m.start() - 20), m.start()):
                day = today + timedelta(days=(wd - today.weekday()) % 7)
            else:
                day = weekday_on_or_before(today, wd)
            yield Atom(AtomKind.DAY, m.start(), m.end(), day=day)
    if any(unit in lowered for unit in ("week", "month", "year")):
        for m in _REL_SPAN.finditer(text):
            offset = {"last": -1, "past": -1, "this": 0, "next": 1}[m.group("rel").lower()]
            unit = m.group("u").lower()
            if unit == "week":
                yield Atom(AtomKind.WEEK, m.start(), m.end(), week=iso_week(today + timedelta(weeks=offset)))
            elif unit == "month":
                first = month_start(today, offset)
                yield Atom(AtomKind.MONTH, m.start(), m.end(), year=first.year, month=first.month)
            else:
                yield Atom(AtomKind.YEAR, m.start(), m.end(), year=today.year + offset)
    if "ago" in lowered:
        for m in _AGO.finditer(text):
            raw = " ".join(m.group("n").lower().split())
            n = int(raw) if raw.isdigit() else EN_NUMBER_WORDS[raw]
            unit = m.group("u").lower()
            if unit in ("minute", "hour"):
                delta = timedelta(minutes=n) if unit == "minute" else timedelta(hours=n)
                yield Atom(AtomKind.INSTANT, m.start(), m.end(), instant=now - delta)
                continue
            if unit == "day":
                day = today - timedelta(days=n)
            elif unit == "week":
                day = today - timedelta(weeks=n)
            elif unit == "month":
                day = shift_months(today, -n)
            else:
                day = shift_months(today, -12 * n)
            yield Atom(AtomKind.DAY, m.start(), m.end(), day=day)


def _times(text: str) -> Iterator[Atom]:
    for m in _TIME.finditer(text):
        word = (m.group("word") or "").lower()
        if word:
            yield Atom(AtomKind.TIME, m.start(), m.end(), hour=12 if word == "noon" else 0, strong=True)
            continue
        yield Atom(
            AtomKind.TIME,
            m.start(),
            m.end(),
            hour=int(m.group("h")),
            minute=int(m.group("mi") or 0),
            meridiem=m.group("ap").lower() + "m",
            strong=True,
        )


_LATIN = re.compile(r"[A-Za-z]")


def _numeric(text: str, today: date) -> Iterator[Atom]:
    for m in _NUMERIC.finditer(text):
        month, d = int(m.group("m")), int(m.group("d"))
        y = m.group("y")
        written = (int(y) + (2000 if len(y) == 2 else 0)) if y else None
        day = safe_date(written, month, d) if written else nearest_year(month, d, today)
        if day is not None:
            yield Atom(AtomKind.DAY, m.start(), m.end(), day=day)


def find_en_atoms(text: str, now: datetime) -> Iterator[Atom]:
    """Time atoms in English (and numeric) text, resolved against `now` (the message's local time)."""
    today = now.date()
    if not _LATIN.search(text):
        # every pattern but 5/5 needs a letter (month, weekday, am/pm, ago): a Chinese message
        # skips a dozen regexes
        if "/" in text:
            yield from _numeric(text, today)
        return
    yield from _absolute(text, today)
    yield from _relative(text, today, now)
    yield from _times(text)
