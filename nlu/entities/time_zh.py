"""Chinese time expressions (folded to simplified): 2023年5月5日, 昨天, 上周二, 上个月, 三天前, 下午三点."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from nlu.entities.numerals import parse_small
from nlu.entities.time_atoms import (
    Atom,
    AtomKind,
    Period,
    iso_week,
    month_end,
    month_start,
    nearest_month,
    nearest_year,
    safe_date,
    shift_months,
    weekday_in_week,
    weekday_on_or_before,
)

_N = r"(?:[0-9]{1,2}|[零〇一二两三四五六七八九十]{1,3})"
_YEAR = r"(?:19|20)[0-9]{2}"

_YMD = re.compile(
    rf"(?<![0-9])(?P<y>{_YEAR})[ ]?(?:(?P<ysep>[-/.])|年)[ ]?(?P<m>{_N})[ ]?(?:(?(ysep)(?P=ysep)|月))"
    rf"[ ]?(?P<d>{_N})(?:日|号)?(?![0-9])"
)
_YM = re.compile(rf"(?<![0-9])(?P<y>{_YEAR})年(?P<m>{_N})月份?(?![0-9])")
_REL_YEAR = {"前年": -2, "去年": -1, "今年": 0, "明年": 1}
_REL_YEAR_MD = re.compile(rf"(?P<ry>前年|去年|今年|明年)(?:(?P<m>{_N})月份?(?:(?P<d>{_N})(?:日|号))?)?")
_MD = re.compile(rf"(?<![0-9年.])(?P<m>{_N})月(?P<d>{_N})(?:日|号)")
_M = re.compile(
    r"(?<![0-9年个.])(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月份?"
    r"(?:(?P<part>初|底|末|中旬|上旬|下旬))?(?![0-9一二三四五六七八九十日号])"
)
# 10号 alone is a day of this month, unless it numbers something (3号楼, 5号线) or recurs (每月5号);
# 3日 alone is left out: in 漫游3日 it is a duration
_DAY_OF_MONTH = re.compile(
    r"(?<![0-9年月.\-])(?<!每月)(?<!每个月)(?P<d>[12][0-9]|3[01]|0?[1-9])号"
    r"(?![0-9]|楼|线|院|单元|房|门|床|位|码|机|卡|店|窗|口|台|厅|桌|馆|文件|令|召|称|字|人)"
)
_YEAR_ONLY = re.compile(rf"(?<![0-9])(?P<y>{_YEAR})年(?!代|前|后|内|来|多|左右|[0-9一二三四五六七八九十])")

_REL_MONTH = {
    "上上个月": -2,
    "上个月": -1,
    "上月": -1,
    "本月": 0,
    "这个月": 0,
    "这月": 0,
    "当月": 0,
    "下个月": 1,
    "下月": 1,
}
_REL_MONTH_RE = re.compile(
    r"(?P<rm>上上个月|上个月|上月|本月|这个月|这月|当月|下个月|下月)"
    rf"(?:(?P<d>{_N})(?:日|号)|(?P<part>初|底|末|中旬|上旬|下旬))?"
)
_REL_DAY = {
    "大前天": -3,
    "前天": -2,
    "前日": -2,
    "昨天": -1,
    "昨日": -1,
    "昨儿": -1,
    "今天": 0,
    "今日": 0,
    "今儿": 0,
    "明天": 1,
    "明日": 1,
    "后天": 2,
    "大后天": 3,
    # Cantonese (folded): 琴日/尋日/噚日 yesterday, 聽日 tomorrow
    "琴日": -1,
    "寻日": -1,
    "噚日": -1,
    "㖊日": -1,
    "听日": 1,
}
_REL_DAY_RE = re.compile("|".join(sorted(_REL_DAY, key=len, reverse=True)))
_DAY_PERIOD = {
    "今早": (0, Period.MORNING),
    "今晨": (0, Period.MORNING),
    "今晚": (0, Period.EVENING),
    "今夜": (0, Period.EVENING),
    "昨晚": (-1, Period.EVENING),
    "昨夜": (-1, Period.EVENING),
    "明早": (1, Period.MORNING),
    "明晚": (1, Period.EVENING),
    "今朝": (0, Period.MORNING),
    "琴晚": (-1, Period.EVENING),
    "寻晚": (-1, Period.EVENING),
}
_DAY_PERIOD_RE = re.compile("|".join(_DAY_PERIOD))
_PERIOD = {
    "凌晨": Period.EARLY,
    "早上": Period.MORNING,
    "早晨": Period.MORNING,
    "清晨": Period.MORNING,
    "上午": Period.MORNING,
    "中午": Period.NOON,
    "午间": Period.NOON,
    "下午": Period.AFTERNOON,
    "傍晚": Period.EVENING,
    "晚上": Period.EVENING,
    "晚间": Period.EVENING,
    "夜里": Period.LATE_NIGHT,
    "夜间": Period.LATE_NIGHT,
    "半夜": Period.LATE_NIGHT,
    "深夜": Period.LATE_NIGHT,
}
_PERIOD_RE = re.compile("|".join(_PERIOD))

_WEEK_REL = {
    "上上周": -2,
    "上周": -1,
    "上星期": -1,
    "上个星期": -1,
    "上礼拜": -1,
    "上个礼拜": -1,
    "本周": 0,
    "这周": 0,
    "这星期": 0,
    "这个星期": 0,
    "这礼拜": 0,
    "这个礼拜": 0,
    "下周": 1,
    "下星期": 1,
    "下个星期": 1,
    "下礼拜": 1,
    "下个礼拜": 1,
}
_WEEKDAY = {
    "一": 0,
    "二": 1,
    "三": 2,
    "四": 3,
    "五": 4,
    "六": 5,
    "日": 6,
    "天": 6,
    "1": 0,
    "2": 1,
    "3": 2,
    "4": 3,
    "5": 4,
    "6": 5,
    "7": 6,
}
# 这周一直没网: 一直 is "all along", not Monday
# after 这周/上周 a 一 may start a word instead (这周一直没网, 上周一下子); 一下午 is still Monday
_WEEKDAY_AFTER_WEEK = r"(?:一(?!直|起|样|下(?!午)|些|般|共|定|次|点|切)|[二三四五六日天1-7])"
_NOT_WORD = r"(?![0-9一二三四五六七八九十]|天|年|月)"
_WEEK_RE = re.compile(
    rf"(?P<wk>{'|'.join(sorted(_WEEK_REL, key=len, reverse=True))})"
    rf"(?:(?:周|星期|礼拜)?(?P<wd1>{_WEEKDAY_AFTER_WEEK}){_NOT_WORD})?"
    rf"|(?:周|星期|礼拜)(?P<wd2>[一二三四五六日天1-7]){_NOT_WORD}"
)
_DEADLINE_AFTER = re.compile(r"(?:之前|以前|前)")
_AGO = re.compile(rf"(?P<n>{_N}|半)(?P<ge>个)?(?P<u>天|日|周|星期|礼拜|月|年|小时|钟头|分钟)(?:前|之前|以前)")
_TIME = re.compile(
    rf"(?P<h>{_N})(?:点|时)(?!钟头)(?:(?P<half>半)|(?P<q>一刻|三刻)|(?P<mi>{_N})分?)?(?P<zhong>钟)?"
    # 一点 is also "a little" (一点都不快, 好一点)
    r"(?<!一点)(?!都|也|儿|不|没|点|用)"
    r"|(?<![0-9:])(?P<h2>[01]?[0-9]|2[0-3]):(?P<mi2>[0-5][0-9])(?::[0-5][0-9])?(?![0-9])"
)


def _day(start: int, end: int, day: date | None) -> Iterator[Atom]:
    if day is not None:
        yield Atom(AtomKind.DAY, start, end, day=day)


def _month(start: int, end: int, year: int, month: int) -> Iterator[Atom]:
    if 1 <= month <= 12:
        yield Atom(AtomKind.MONTH, start, end, year=year, month=month)


def _part_of_month(start: int, end: int, first: date, part: str) -> Iterator[Atom]:
    """月初 as the first day, 中旬 as the 15th, 月底 as the last day of the month starting `first`."""
    if part in ("初", "上旬"):
        day = first
    elif part == "中旬":
        day = first.replace(day=15)
    else:
        day = month_end(first)
    yield Atom(AtomKind.DAY, start, end, day=day)


def _absolute(text: str, today: date) -> Iterator[Atom]:
    yield from _ymd(text)
    for m in _YM.finditer(text):
        mo = parse_small(m.group("m"))
        if mo is not None:
            yield from _month(m.start(), m.end(), int(m.group("y")), mo)
    for m in _REL_YEAR_MD.finditer(text):
        year = today.year + _REL_YEAR[m.group("ry")]
        mo = parse_small(m.group("m")) if m.group("m") else None
        d = parse_small(m.group("d")) if m.group("d") else None
        if mo is None:
            yield Atom(AtomKind.YEAR, m.start(), m.end(), year=year)
        elif d is None:
            yield from _month(m.start(), m.end(), year, mo)
        else:
            yield from _day(m.start(), m.end(), safe_date(year, mo, d))
    for m in _MD.finditer(text):
        mo, d = parse_small(m.group("m")), parse_small(m.group("d"))
        if mo is not None and d is not None and 1 <= mo <= 12:
            yield from _day(m.start(), m.end(), nearest_year(mo, d, today))
    for m in _DAY_OF_MONTH.finditer(text):
        d = int(m.group("d"))
        # a day later than today is last month's: complaints report what already happened
        first = month_start(today, 0 if d <= today.day else -1)
        yield from _day(m.start(), m.end(), safe_date(first.year, first.month, d))
    for m in _M.finditer(text):
        mo = parse_small(m.group("m"))
        if mo is None or not 1 <= mo <= 12:
            continue
        if m.group("part"):
            # 12月初 is a day: early month reads as its first day, the end as its last
            anchor = nearest_year(mo, 1, today)
            if anchor is not None:
                yield from _part_of_month(m.start(), m.end(), anchor, m.group("part"))
            continue
        yield from _month(m.start(), m.end(), *nearest_month(mo, today))
    for m in _YEAR_ONLY.finditer(text):
        yield Atom(AtomKind.YEAR, m.start(), m.end(), year=int(m.group("y")))


def _relative(text: str, today: date, now: datetime) -> Iterator[Atom]:
    for m in _REL_MONTH_RE.finditer(text):
        offset = _REL_MONTH[m.group("rm")]
        first = month_start(today, offset)
        part, d = m.group("part"), m.group("d")
        if d:
            num = parse_small(d)
            yield from _day(m.start(), m.end(), safe_date(first.year, first.month, num) if num else None)
        elif part:
            yield from _part_of_month(m.start(), m.end(), first, part)
        else:
            yield from _month(m.start(), m.end(), first.year, first.month)
    for m in _REL_DAY_RE.finditer(text):
        yield Atom(AtomKind.DAY, m.start(), m.end(), day=today + timedelta(days=_REL_DAY[m.group(0)]))
    for m in _DAY_PERIOD_RE.finditer(text):
        offset, period = _DAY_PERIOD[m.group(0)]
        yield Atom(AtomKind.PERIOD, m.start(), m.end(), day=today + timedelta(days=offset), period=period)
    for m in _PERIOD_RE.finditer(text):
        yield Atom(AtomKind.PERIOD, m.start(), m.end(), period=_PERIOD[m.group(0)])
    for m in _WEEK_RE.finditer(text):
        wd = m.group("wd1") or m.group("wd2")
        if m.group("wk") is None:
            weekday = _WEEKDAY[wd]
            if _DEADLINE_AFTER.match(text, m.end()):
                # 周五前给我答复: a deadline lies ahead
                day = today + timedelta(days=(weekday - today.weekday()) % 7)
            else:
                day = weekday_on_or_before(today, weekday)
            yield Atom(AtomKind.DAY, m.start(), m.end(), day=day)
        elif wd is None:
            week_day = today + timedelta(weeks=_WEEK_REL[m.group("wk")])
            yield Atom(AtomKind.WEEK, m.start(), m.end(), week=iso_week(week_day))
        else:
            day = weekday_in_week(today, _WEEKDAY[wd], _WEEK_REL[m.group("wk")])
            yield Atom(AtomKind.DAY, m.start(), m.end(), day=day)
    yield from _ago(text, today, now)


def _ago(text: str, today: date, now: datetime) -> Iterator[Atom]:
    for m in _AGO.finditer(text):
        raw, unit = m.group("n"), m.group("u")
        half = raw == "半"
        n = 0 if half else parse_small(raw)
        if n is None or (unit == "月" and not m.group("ge") and not half and n > 12):
            continue
        if unit in ("小时", "钟头", "分钟"):
            minutes = (30 if half else n * 60) if unit != "分钟" else n
            yield Atom(AtomKind.INSTANT, m.start(), m.end(), instant=now - timedelta(minutes=minutes))
            continue
        if unit in ("天", "日"):
            day = today - timedelta(days=n)
        elif unit in ("周", "星期", "礼拜"):
            day = today - timedelta(days=4 if half else 7 * n)
        elif unit == "月":
            day = today - timedelta(days=15) if half else shift_months(today, -n)
        else:
            day = shift_months(today, -6) if half else shift_months(today, -12 * n)
        yield Atom(AtomKind.DAY, m.start(), m.end(), day=day)


def _times(text: str) -> Iterator[Atom]:
    for m in _TIME.finditer(text):
        if m.group("h2") is not None:
            yield Atom(
                AtomKind.TIME, m.start(), m.end(), hour=int(m.group("h2")), minute=int(m.group("mi2")), strong=True
            )
            continue
        hour = parse_small(m.group("h"))
        if hour is None or hour > 24:
            continue
        minute = 0
        if m.group("half"):
            minute = 30
        elif m.group("q"):
            minute = 15 if m.group("q") == "一刻" else 45
        elif m.group("mi"):
            minute = parse_small(m.group("mi")) or 0
        if minute > 59:
            continue
        yield Atom(AtomKind.TIME, m.start(), m.end(), hour=hour, minute=minute, strong=bool(m.group("zhong")))


def _ymd(text: str) -> Iterator[Atom]:
    for m in _YMD.finditer(text):
        mo, d = parse_small(m.group("m")), parse_small(m.group("d"))
        if mo is not None and d is not None:
            yield from _day(m.start(), m.end(), safe_date(int(m.group("y")), mo, d))


def find_zh_atoms(text: str, now: datetime) -> Iterator[Atom]:
    """Time atoms in folded Chinese text, resolved against `now` (the message's local time)."""
    today = now.date()
    if text.isascii():
        # every other pattern needs a Chinese character (年, 月, 号, 昨天, 点...): an English
        # message skips them
        yield from _ymd(text)
        if ":" in text:
            yield from _times(text)
        return
    yield from _absolute(text, today)
    yield from _relative(text, today, now)
    yield from _times(text)
