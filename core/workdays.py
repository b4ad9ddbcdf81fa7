"""Working days on the official Chinese calendar (holidays and moved working weekends).

The `chinesecalendar` package carries the State Council's published calendar; it knows each year
only once the notice is out (each December). For a year it does not know yet we fall back to
Monday to Friday and say so in the log, and operators can pin dates in the policy file meanwhile.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar

log = logging.getLogger(__name__)


class WorkCalendar:
    """Answers "is this a working day" and adds working days in the operator's time zone."""

    def __init__(
        self,
        zone: ZoneInfo,
        extra_holidays: Iterable[date] = (),
        extra_workdays: Iterable[date] = (),
    ) -> None:
        self.zone = zone
        self._holidays = frozenset(extra_holidays)
        self._workdays = frozenset(extra_workdays)
        self._warned_years: set[int] = set()

    def is_workday(self, day: date) -> bool:
        """True when `day` is a working day (moved working weekends included)."""
        if day in self._workdays:
            return True
        if day in self._holidays:
            return False
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            if day.year not in self._warned_years:
                self._warned_years.add(day.year)
                log.warning("no official calendar for %s yet: counting Monday to Friday", day.year)
            return day.weekday() < 5

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """The end of the `days`-th working day after `start` (local end of day, as an aware time).

        "Reply within 6 working days" of a Monday-morning appeal means by the end of the sixth
        working day after that Monday, so the day of receipt itself does not count.
        """
        if days < 1:
            raise ValueError("days must be at least 1")
        day = start.astimezone(self.zone).date()
        counted = 0
        while counted < days:
            day += timedelta(days=1)
            if self.is_workday(day):
                counted += 1
        return datetime.combine(day, time(23, 59, 59), tzinfo=self.zone)
