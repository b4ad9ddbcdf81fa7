"""Whole messages: every type at once, exact spans, no overlaps, and no crash on odd input."""

from __future__ import annotations

import random
from datetime import datetime

import pytest

from core.domain.labels import EntityType as T
from core.domain.messages import Entity
from nlu.entities import MAX_SCAN_CHARS, extract
from nlu.entities.numerals import parse_cn_int

pytestmark = pytest.mark.unit


def test_weibo_complaint_in_simplified_chinese(now):
    text = (
        "@中国电信客服 我的号码13912345678，上个月莫名其妙被扣了30元，打10000问了半天也说不清楚，要求退费！"
    )
    assert extract(text, now) == [
        Entity(T.PHONE, "13912345678", 12, 23, "+8613912345678"),
        Entity(T.DATETIME, "上个月", 24, 27, "2026-10"),
        Entity(T.AMOUNT, "30元", 34, 37, {"amount": "30", "currency": "CNY"}),
        Entity(T.PHONE, "10000", 39, 44, "10000"),
        Entity(T.REMEDY, "要求退费", 54, 58, "refund"),
    ]


def test_agent_work_order_summary(now):
    text = "合同帐号 0371****73 的宽带从昨天下午三点开始断网，地址某小区3号楼2单元，客户要求尽快修复并赔偿。"
    got = [(e.type, e.text, e.value) for e in extract(text, now)]
    assert got == [
        (T.ACCOUNT, "0371****73", "0371****73"),
        (T.DATETIME, "昨天下午三点", "2026-11-23T15:00+08:00"),
        (T.LOCATION, "某小区3号楼2单元", "某小区3号楼2单元"),
        (T.REMEDY, "要求尽快修复", "repair"),
        (T.REMEDY, "赔偿", "compensation"),
    ]


def test_traditional_chinese_letter(now):
    text = "帳號0371****73，上週賠償的一百二十元還沒到帳，昨天下午三點打了10000號也沒用。"
    got = [(e.type, e.text) for e in extract(text, now)]
    assert got == [
        (T.ACCOUNT, "0371****73"),
        (T.DATETIME, "上週"),
        (T.REMEDY, "賠償"),
        (T.AMOUNT, "一百二十元"),
        (T.DATETIME, "昨天下午三點"),
        (T.PHONE, "10000"),
    ]


def test_english_tweet(now):
    text = (
        "Ticket T-2026-000123: charged $65 last Tuesday, call (404) 555-0123. "
        "I live in the Atlanta area. Refund!"
    )
    got = [(e.type, e.text) for e in extract(text, now)]
    assert got == [
        (T.ORDER_ID, "T-2026-000123"),
        (T.AMOUNT, "$65"),
        (T.DATETIME, "last Tuesday"),
        (T.PHONE, "(404) 555-0123"),
        (T.LOCATION, "Atlanta area"),
        (T.REMEDY, "Refund"),
    ]


def test_mixed_script_with_full_width_characters(now):
    text = "客服你好，my number is １３８-１２３４-５６７８，昨天charged me ＄６５，please refund"
    got = [(e.type, e.text, e.value) for e in extract(text, now)]
    assert got == [
        (T.PHONE, "１３８-１２３４-５６７８", "+8613812345678"),
        (T.DATETIME, "昨天", "2026-11-23"),
        (T.AMOUNT, "＄６５", {"amount": "65", "currency": "USD"}),
        (T.REMEDY, "refund", "refund"),
    ]


def test_longest_span_wins_and_nothing_overlaps(now):
    # 10000元 is an amount, not the hotline 10000; 订单号 + 18 digits is an order id, not a phone
    text = "订单号138123456781234567扣了10000元，2023年5月5日的事"
    got = [(e.type, e.text) for e in extract(text, now)]
    assert got == [
        (T.ORDER_ID, "138123456781234567"),
        (T.AMOUNT, "10000元"),
        (T.DATETIME, "2023年5月5日"),
    ]


def test_every_occurrence_is_its_own_entity(now):
    text = "退款！退款！10086、10086、10086"
    got = [(e.type, e.start) for e in extract(text, now)]
    assert got == [(T.REMEDY, 0), (T.REMEDY, 3), (T.PHONE, 6), (T.PHONE, 12), (T.PHONE, 18)]


def _assert_well_formed(text: str, entities: list[Entity]) -> None:
    previous_end = 0
    for e in entities:
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start : e.end] == e.text
        assert e.start >= previous_end, "entities overlap or are out of order"
        previous_end = e.end


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\x00\x01\x02\xff\ufffd" * 50,
        "\ud800 lone surrogate 13812345678 \udfff",
        "🙂🙃" * 200 + "退款",
        "ｘｘ路ｘｘ号，＊＊＊＊，￥￥￥，１月３２日，二月三十日",
        "2月30日 13/45 25:99 99点99分 0000-00-00",
        "九百九十九年前 999 years ago 99个月前",
        "元元元块块块$$$¥¥¥",
        "账号账号账号订单号订单号",
        "路" * 5000,
        "1" * 5000,
        "[怒][怒] @联通客服 http://t.cn/A6xyz123 #投诉#",
        "مرحبا 你好 привет hello 13812345678",
    ],
)
def test_odd_input_never_raises(now, text):
    entities = extract(text, now)
    _assert_well_formed(text, entities)


def test_random_bytes_never_raise(now):
    rng = random.Random(20261124)
    for _ in range(30):
        blob = bytes(rng.randrange(256) for _ in range(2000))
        text = blob.decode("utf-8", errors="replace") + blob.decode("latin-1")
        _assert_well_formed(text, extract(text, now))


def test_huge_input_scans_the_head_only(now):
    head = "我的手机号13812345678，上个月被扣了50元，要求退费！"
    text = head + "无关内容" * 300_000  # about 1.2 million characters
    entities = extract(text, now)
    assert [e.text for e in entities] == ["13812345678", "上个月", "50元", "要求退费"]
    tail_only = "x" * MAX_SCAN_CHARS + "13812345678"
    assert extract(tail_only, now) == []


@pytest.mark.timeout(30)
@pytest.mark.parametrize(
    "unit",
    ["a ", "one hundred ", "1 ", "下午三点", "上周", "路", "账号T-2026-", "$1 账号1,", "1号楼", "+1 "],
)
def test_repetitive_input_stays_linear(now, unit):
    # a regex that backtracks over the whole text at every word would take minutes here
    # (it did: 55 s for "a a a a ..."); the timeout only guards against such a hang
    text = (unit * (MAX_SCAN_CHARS // len(unit) + 1))[:MAX_SCAN_CHARS]
    _assert_well_formed(text, extract(text, now))


def test_non_string_input_is_tolerated(now):
    assert extract(None, now) == []  # type: ignore[arg-type]
    assert [e.type for e in extract(13812345678, now)] == [T.PHONE]  # type: ignore[arg-type]


def test_works_with_a_naive_received_at():
    entities = extract("今天断网", datetime(2026, 11, 24, 9, 0))
    assert [e.value for e in entities] == ["2026-11-24"]


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一百二十", 120),
        ("两百", 200),
        ("三千五百", 3500),
        ("三千五", 3500),
        ("一万二", 12000),
        ("两百五", 250),
        ("十五", 15),
        ("一百零五", 105),
        ("壹佰", 100),
        ("一二", None),
        ("", None),
    ],
)
def test_chinese_numerals(numeral, value):
    assert parse_cn_int(numeral) == value
