"""Extractors skip patterns whose words or characters a text lacks; these are the edges of those tests.

Each case is one a cheap pre-check could wrongly skip: an ISO date or a clock time in an English
message (Chinese patterns), a numeric date in a Chinese one (English patterns), amounts in words,
upper-case English, digits only in a masked account.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from nlu.entities import extract

pytestmark = pytest.mark.unit
NOW = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)


def spans(text: str) -> list[tuple[str, str]]:
    return [(e.type.value, e.text) for e in extract(text, NOW)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("outage since 2026-11-20 at 15:30", ("datetime", "2026-11-20 at 15:30")),
        ("网络11/20开始断", ("datetime", "11/20")),
        ("THEY CHARGED ME TWENTY DOLLARS", ("amount", "TWENTY DOLLARS")),
        ("SINCE YESTERDAY NO SIGNAL", ("datetime", "YESTERDAY")),
        ("it broke 3 days ago", ("datetime", "3 days ago")),
        ("the tech came last Tuesday", ("datetime", "last Tuesday")),
        ("on the 15th of the month", ("datetime", "the 15th")),
        ("billed on Jan 5th again", ("datetime", "Jan 5th")),
        ("话费扣了三十块", ("amount", "三十块")),
        ("话费213.53元太离谱", ("amount", "213.53元")),
        ("账号 1234****5678 被停", ("account", "1234****5678")),
        ("refund me please", ("remedy", "refund")),
        ("要求退费", ("remedy", "要求退费")),
        # every phone shape behind its own pre-check
        ("call (21) 5555 1234 please", ("phone", "(21) 5555 1234")),
        ("門號 0912-345-678", ("phone", "0912-345-678")),
        ("市話 02-2345-6789 沒聲音", ("phone", "02-2345-6789")),
        ("免付費 0800-000-123", ("phone", "0800-000-123")),
        ("打 +852 9123 4567 搵我", ("phone", "+852 9123 4567")),
        ("my UK number +44 20 7946 0958", ("phone", "+44 20 7946 0958")),
        ("I had to call 611 twice", ("phone", "611")),
        ("客服 400-810-1234 打不通", ("phone", "400-810-1234")),
        ("号码181****42停机", ("phone", "181****42")),
        ("电话 8888 6666 打不通", ("phone", "8888 6666")),
        ("reach me at 2125550143", ("phone", "2125550143")),
        ("打10086没用", ("phone", "10086")),
        # places behind theirs
        ("朝阳区建国路88号3号楼2单元断网", ("location", "朝阳区建国路88号3号楼2单元")),
        ("3号楼2单元没信号", ("location", "3号楼2单元")),
    ],
)
def test_pre_checks_keep_every_entity(text: str, expected: tuple[str, str]) -> None:
    assert expected in spans(text)


def test_text_without_digits_or_letters_still_finds_chinese_entities() -> None:
    found = spans("昨天下午三点宽带断了，要求赔偿")
    assert ("datetime", "昨天下午三点") in found
    assert ("remedy", "要求赔偿") in found


def test_plain_chinese_text_finds_no_english_entities() -> None:
    assert spans("你们的服务太差了") == []
