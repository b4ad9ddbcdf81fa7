"""Points in time, absolute and relative, in Chinese and English, resolved against the message time.

The message arrives on Tuesday 2026-11-24 at 10:30 in Beijing (UTC+8).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from core.domain.labels import EntityType
from nlu.entities import extract

pytestmark = pytest.mark.unit
DATETIME = EntityType.DATETIME


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # absolute
        ("2023-05-05办理的携号转网", [("2023-05-05", "2023-05-05")]),
        ("2023年5月5日交的钱", [("2023年5月5日", "2023-05-05")]),
        ("2026/11/01办的套餐变更", [("2026/11/01", "2026-11-01")]),
        ("5月5日起就没信号", [("5月5日", "2026-05-05")]),
        ("1月22日报的障碍", [("1月22日", "2026-01-22")]),
        ("师傅约了12月1日上门", [("12月1日", "2026-12-01")]),
        ("十一月五号交的话费", [("十一月五号", "2026-11-05")]),
        ("5/5那天扣的费", [("5/5", "2026-05-05")]),
        ("2026年10月账单", [("2026年10月", "2026-10")]),
        ("去年12月开始多扣", [("去年12月", "2025-12")]),
        ("2023年的合约早到期了", [("2023年", "2023")]),
        ("我明明10号就充了", [("10号", "2026-11-10")]),
        # relative days
        ("今天又断网了", [("今天", "2026-11-24")]),
        ("昨天打了客服", [("昨天", "2026-11-23")]),
        ("前天开始没信号", [("前天", "2026-11-22")]),
        ("大前天报的修", [("大前天", "2026-11-21")]),
        ("三天前停机了", [("三天前", "2026-11-21")]),
        ("两个月前办的宽带", [("两个月前", "2026-09-24")]),
        ("3小时前扣的费", [("3小时前", "2026-11-24T07:30+08:00")]),
        # with the time of day
        ("昨天下午三点开始断网", [("昨天下午三点", "2026-11-23T15:00+08:00")]),
        ("昨晚8点多没信号", [("昨晚8点", "2026-11-23T20:00+08:00")]),
        ("下午3点半打的客服", [("下午3点半", "2026-11-24T15:30+08:00")]),
        ("上午10点打过去", [("上午10点", "2026-11-24T10:00+08:00")]),
        ("2026年11月22日晚上9点左右坏了", [("2026年11月22日晚上9点", "2026-11-22T21:00+08:00")]),
        ("15:30停的电", [("15:30", "2026-11-24T15:30+08:00")]),
        ("我3点钟打了电话", [("3点钟", "2026-11-24T03:00+08:00")]),
        ("今天上午网速很慢", [("今天上午", "2026-11-24")]),
        # weeks and months
        ("上周二办的副卡", [("上周二", "2026-11-17")]),
        ("上周开始有杂音", [("上周", "2026-W47")]),
        ("周一报的障碍", [("周一", "2026-11-23")]),
        ("下周给我回电", [("下周", "2026-W49")]),
        ("上个月被扣了钱", [("上个月", "2026-10")]),
        ("上上个月就说给我返还", [("上上个月", "2026-09")]),
        ("本月初突然涨价", [("本月初", "2026-11-01")]),
        ("上个月底停的机", [("上个月底", "2026-10-31")]),
        # traditional Chinese
        ("昨天下午三點師傅說會來", [("昨天下午三點", "2026-11-23T15:00+08:00")]),
        ("上週開始斷線", [("上週", "2026-W47")]),
        ("上禮拜五的下午兩點報修", [("上禮拜五的下午兩點", "2026-11-20T14:00+08:00")]),
        ("上個月的帳單", [("上個月", "2026-10")]),
        # Cantonese
        ("板橋整棟大樓從琴日開始就沒有網路", [("琴日", "2026-11-23")]),
        ("尋日已經報修", [("尋日", "2026-11-23")]),
        ("旺角從今朝開始就沒有網路", [("今朝", "2026-11-24")]),
        # English
        ("I paid on Jan 5th", [("Jan 5th", "2026-01-05")]),
        ("since January 5, 2026", [("January 5, 2026", "2026-01-05")]),
        ("scheduled for 5 Jan", [("5 Jan", "2026-01-05")]),
        ("on 11/20 it stopped", [("11/20", "2026-11-20")]),
        ("down since last Tuesday", [("last Tuesday", "2026-11-17")]),
        ("Yesterday the tech never came", [("Yesterday", "2026-11-23")]),
        ("what are your hours today?", [("today", "2026-11-24")]),
        ("the rep who helped me this morning", [("this morning", "2026-11-24")]),
        ("restored last night", [("last night", "2026-11-23")]),
        ("3 days ago I was promised", [("3 days ago", "2026-11-21")]),
        ("moved two weeks ago", [("two weeks ago", "2026-11-10")]),
        ("went out yesterday at 3pm", [("yesterday at 3pm", "2026-11-23T15:00+08:00")]),
        ("went out 3:30 pm yesterday", [("3:30 pm yesterday", "2026-11-23T15:30+08:00")]),
        ("a charge that appeared last month", [("last month", "2026-10")]),
        ("no signal since Monday", [("Monday", "2026-11-23")]),
        # a deadline lies ahead
        ("I'll go to the FCC if this isn't fixed by Friday", [("Friday", "2026-11-27")]),
        ("no later than Wednesday", [("Wednesday", "2026-11-25")]),
        ("周五前给我答复", [("周五", "2026-11-27")]),
        ("billed in March 2026", [("March 2026", "2026-03")]),
        # regressions found on unseen messages
        ("hung up on me at 4:15pm.", [("4:15pm", "2026-11-24T16:15+08:00")]),
        ("at 4:15 p.m. today", [("4:15 p.m. today", "2026-11-24T16:15+08:00")]),
        ("上星期四下单的新卡", [("上星期四", "2026-11-19")]),
        ("周一下午报的障碍", [("周一下午", "2026-11-23")]),
        ("上周一下午三点", [("上周一下午三点", "2026-11-16T15:00+08:00")]),
        ("12月初要出国", [("12月初", "2026-12-01")]),
        ("I called on the 15th", [("the 15th", "2026-11-15")]),
    ],
)
def test_datetime_forms(found, text, expected):
    assert found(text, DATETIME) == expected


@pytest.mark.parametrize(
    "text",
    [
        "已经持续三天了",
        "用了两个月就黑屏",
        "72小时内应该生效",
        "说3天内回复，已经过了一週",
        "it has been out for 2 weeks",
        "on hold for 2 hours",
        "a customer for 10 years",
        "网速一点都不快",
        "三点意见：第一，掉线",
        "每个月5号都扣费",
        "每天晚上9点左右必掉线",
        "信号一直不好，一点办法都没有",
        "我住3号楼",
        "漫遊3日被收了四百港元",
        "you may call me",
        "2020s were better",
    ],
)
def test_not_datetimes(found, text):
    assert found(text, DATETIME) == []


def test_this_week_is_not_monday(found):
    # 一直 is "all along": 这周一直没网 names the week, not Monday
    assert found("这周一直没网", DATETIME) == [("这周", "2026-W48")]


def test_year_without_date_goes_to_the_nearest_sensible_year(found):
    new_year = datetime(2027, 1, 3, 9, 0, tzinfo=timezone(timedelta(hours=8)))
    assert found("12月28日办的业务", DATETIME, new_year) == [("12月28日", "2026-12-28")]
    year_end = datetime(2026, 12, 28, 9, 0, tzinfo=timezone(timedelta(hours=8)))
    assert found("师傅约了1月5日上门", DATETIME, year_end) == [("1月5日", "2027-01-05")]


def test_naive_received_at_gives_naive_values(found):
    naive = datetime(2026, 11, 24, 10, 30)
    assert found("昨天下午三点", DATETIME, naive) == [("昨天下午三点", "2026-11-23T15:00")]


def test_zone_resolves_relative_days_in_the_operators_calendar():
    # 18:00 UTC on the 23rd is 02:00 on the 24th in Beijing: the customer's 昨天 is the 23rd
    utc = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
    beijing = timezone(timedelta(hours=8))
    [entity] = extract("昨天断网了", utc, zone=beijing)
    assert entity.value == "2026-11-23"
    [entity] = extract("昨天断网了", utc)
    assert entity.value == "2026-11-22"


def test_times_after_a_day_in_the_same_sentence_are_on_that_day(found):
    assert found("Technician scheduled Dec 2 between 8am and noon.", DATETIME) == [
        ("Dec 2", "2026-12-02"),
        ("8am", "2026-12-02T08:00+08:00"),
        ("noon", "2026-12-02T12:00+08:00"),
    ]
    assert found("12月2日上午8点到下午5点停电", DATETIME) == [
        ("12月2日上午8点", "2026-12-02T08:00+08:00"),
        ("下午5点", "2026-12-02T17:00+08:00"),
    ]
    # a new sentence starts from the message day again
    assert found("昨天断网。下午3点又断了", DATETIME) == [
        ("昨天", "2026-11-23"),
        ("下午3点", "2026-11-24T15:00+08:00"),
    ]
