"""Pieces of a point in time (a day, a part of the day, a clock time ...) and calendar arithmetic.

The Chinese and English patterns find atoms; `datetimes.py` joins neighbouring atoms
("昨天" + "下午" + "三点", "3pm" + "yesterday") into one entity and renders its ISO 8601 value.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

# how far ahead a date without a year may lie (an appointment); beyond that it is last year's
LOOKAHEAD_DAYS = 31


class AtomKind(Enum):
    DAY = "day"  # a calendar date
    MONTH = "month"  # a year and month
    WEEK = "week"  # an ISO week
    YEAR = "year"
    PERIOD = "period"  # part of the day (下午, morning), possibly with its own day (昨晚, last night)
    TIME = "time"  # a clock time
    INSTANT = "instant"  # a full datetime (3小时前, 2 hours ago)


class Period(Enum):
    EARLY = "early"  # 凌晨: small hours
    MORNING = "morning"
    NOON = "noon"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    LATE_NIGHT = "late_night"  # 半夜, 深夜


@dataclass(frozen=True, slots=True)
class Atom:
    """One piece of a time expression at [start, end) of the text."""

    kind: AtomKind
    start: int
    end: int
    day: date | None = None
    year: int | None = None
    month: int | None = None
    week: tuple[int, int] | None = None  # ISO (year, week)
    period: Period | None = None
    hour: int | None = None
    minute: int = 0
    meridiem: str | None = None  # "am" / "pm" when written
    strong: bool = False  # a clock time that stands alone (15:30, 3pm, 三点钟)
    instant: datetime | None = None


def shift_months(day: date, months: int) -> date:
    """The same day `months` later (earlier when negative), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def month_start(day: date, months: int = 0) -> date:
    """The first day of the month `months` away from `day`'s month."""
    return shift_months(day.replace(day=1), months)


def month_end(day: date, months: int = 0) -> date:
    """The last day of the month `months` away from `day`'s month."""
    first = month_start(day, months)
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def safe_date(year: int, month: int, day: int) -> date | None:
    """A date, or None when the numbers are not a real day (2月30日)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def nearest_year(month: int, day: int, today: date) -> date | None:
    """A month and day without a year: the latest such day up to a month ahead of today.

    Complaints talk about the past and sometimes a coming appointment: on 24 November "5月5日"
    is this May and "12月1日" next week; on 28 December "1月5日" is in nine days.
    """
    horizon = today + timedelta(days=LOOKAHEAD_DAYS)
    options = [d for y in (today.year + 1, today.year, today.year - 1) if (d := safe_date(y, month, day))]
    for option in options:
        if option <= horizon:
            return option
    return None


def nearest_month(month: int, today: date, strictly_past: bool = False) -> tuple[int, int]:
    """A month without a year: this year's when not in the future, else last year's."""
    if month < today.month or (month == today.month and not strictly_past):
        return today.year, month
    return today.year - 1, month


def weekday_on_or_before(today: date, weekday: int) -> date:
    """The most recent `weekday` (0 = Monday), today included."""
    return today - timedelta(days=(today.weekday() - weekday) % 7)


def weekday_in_week(today: date, weekday: int, weeks: int) -> date:
    """`weekday` of the week `weeks` away from today's (Monday-based) week."""
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(days=7 * weeks + weekday)


def iso_week(day: date) -> tuple[int, int]:
    """The ISO (year, week) of a day."""
    iso = day.isocalendar()
    return iso[0], iso[1]
