"""Points in time: atoms from both languages joined into entities with an ISO 8601 value.

Values, by what the text pins down: a datetime "2026-11-23T15:00+08:00" (the zone of
`received_at`, none when it is naive), a date "2026-11-23", a month "2026-10", an ISO week
"2026-W47" or a year "2025". Durations (三天, 72小时, for 2 weeks) are never matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from core.domain.labels import EntityType
from nlu.entities.spans import Candidate
from nlu.entities.time_atoms import Atom, AtomKind, Period
from nlu.entities.time_en import find_en_atoms
from nlu.entities.time_zh import find_zh_atoms

# 每天晚上9点, every night: a habit, not a point in time
_RECURRING = re.compile(r"(?:每天|每晚|每日|每周|每星期|每礼拜|每个?月|每年|every[ ]+)$", re.IGNORECASE)
# a clock time borrows the day named before it up to this far back, within the sentence
_SENTENCE_END = re.compile(r"[。！？!?\n]|\.(?:\s|$)")
_ANCHOR_REACH = 40
# what may stand between two atoms of one expression: 昨天下午三点, yesterday at 3pm, 3pm yesterday
_JOIN = re.compile(r"(?:[ ]*|[ ]*,[ ]*|的|[ ]+(?:at|on|around|about|in the)[ ]+)", re.IGNORECASE)


def _drop_nested(atoms: list[Atom]) -> list[Atom]:
    """Longest atoms first; an atom overlapping a longer one (5月5日 in 2023年5月5日) goes."""
    kept: list[Atom] = []
    taken: set[int] = set()
    for atom in sorted(atoms, key=lambda a: (a.start - a.end, a.start)):
        span = range(atom.start, atom.end)
        if any(i in taken for i in span):
            continue
        taken.update(span)
        kept.append(atom)
    return sorted(kept, key=lambda a: a.start)


def _slot(atom: Atom) -> set[str]:
    if atom.kind is AtomKind.DAY:
        return {"day"}
    if atom.kind is AtomKind.PERIOD:
        return {"day", "period"} if atom.day else {"period"}
    if atom.kind is AtomKind.TIME:
        return {"time"}
    return {"whole"}  # months, weeks, years and instants stand alone


def _groups(atoms: list[Atom], text: str) -> Iterator[list[Atom]]:
    group: list[Atom] = []
    filled: set[str] = set()
    for atom in atoms:
        slots = _slot(atom)
        joinable = (
            group
            and "whole" not in slots
            and "whole" not in filled
            and not (slots & filled)
            and _JOIN.fullmatch(text, group[-1].end, atom.start) is not None
        )
        # a period without a day only continues forward: 昨天下午, not 下午 + 昨天
        if joinable and atom.kind is AtomKind.PERIOD and "time" in filled:
            joinable = False
        if joinable:
            group.append(atom)
            filled |= slots
            continue
        if group:
            yield group
        group, filled = [atom], set(slots)
    if group:
        yield group


def _clock(hour: int, minute: int, period: Period | None, meridiem: str | None) -> tuple[int, int, int]:
    """(days to add, hour, minute) on the 24-hour clock; 晚上12点 is midnight, the next day."""
    if meridiem == "am":
        hour = 0 if hour == 12 else hour
    elif meridiem == "pm":
        hour = hour if hour == 12 else hour + 12
    elif (
        (period in (Period.AFTERNOON, Period.EVENING) and hour < 12)
        or (period is Period.NOON and hour < 6)
        or (period is Period.LATE_NIGHT and 6 <= hour < 12)
    ):
        hour += 12
    elif period in (Period.EARLY, Period.MORNING) and hour == 12:
        hour = 0
    if hour == 24 or (hour == 12 and period in (Period.EVENING, Period.LATE_NIGHT)):
        return 1, 0, minute
    return 0, hour, minute


def _render(group: list[Atom], now: datetime, anchor: date | None = None) -> str | None:
    head = group[0]
    if head.kind is AtomKind.MONTH:
        return f"{head.year:04d}-{head.month:02d}"
    if head.kind is AtomKind.WEEK and head.week:
        return f"{head.week[0]:04d}-W{head.week[1]:02d}"
    if head.kind is AtomKind.YEAR:
        return f"{head.year:04d}"
    if head.kind is AtomKind.INSTANT and head.instant:
        return head.instant.isoformat(timespec="minutes")
    day: date | None = None
    period: Period | None = None
    clock: Atom | None = None
    for atom in group:
        day = atom.day or day
        period = atom.period or period
        if atom.kind is AtomKind.TIME:
            clock = atom
    if clock is None:
        # a part of the day alone (下午, morning) is not a point in time
        return day.isoformat() if day else None
    if day is None and not (clock.strong or period):
        return None  # 三点 alone is too weak (三点意见, 3点问题); 下午三点 and 15:30 are not
    days, hour, minute = _clock(clock.hour or 0, clock.minute, period, clock.meridiem)
    on = (day or anchor or now.date()) + timedelta(days=days)
    return datetime.combine(on, time(hour, minute), tzinfo=now.tzinfo).isoformat(timespec="minutes")


def find_datetimes(folded: str, original: str, now: datetime) -> Iterator[Candidate]:
    """Datetime candidates resolved against `now`, the message's received time in local terms."""
    atoms = _drop_nested([*find_zh_atoms(folded, now), *find_en_atoms(folded, now)])
    anchor: tuple[date, int] | None = None  # the last day named, and where it ended
    for group in _groups(atoms, folded):
        start = group[0].start
        if _RECURRING.search(folded, max(0, start - 6), start):
            continue
        day = next((a.day for a in reversed(group) if a.day), None)
        # a clock time after a day in the same sentence is on that day: 12月2日上午8点到下午5点,
        # Dec 2 between 8am and noon
        on = None
        if anchor and start - anchor[1] <= _ANCHOR_REACH and not _SENTENCE_END.search(folded, anchor[1], start):
            on = anchor[0]
        value = _render(group, now, on)
        if value is not None:
            yield Candidate(EntityType.DATETIME, group[0].start, group[-1].end, value)
        if day is not None:
            anchor = (day, group[-1].end)
