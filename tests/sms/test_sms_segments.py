"""Segment counting and fitting for GSM-7 and UCS-2 texts."""

from __future__ import annotations

import pytest

from channels.sms.segments import Encoding, count_segments, encoding_for, fit_message, split_message

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        ("", Encoding.GSM7, 0, 1),
        ("Your ticket TS20261124000001 is open.", Encoding.GSM7, 37, 1),
        ("a" * 160, Encoding.GSM7, 160, 1),
        ("a" * 161, Encoding.GSM7, 161, 2),
        ("a" * 306, Encoding.GSM7, 306, 2),
        ("a" * 307, Encoding.GSM7, 307, 3),
        # the euro sign and brackets live in the extension table: two septets each
        ("€" * 80, Encoding.GSM7, 160, 1),
        ("€" * 81, Encoding.GSM7, 162, 2),
        ("Price: 5€ [promo]", Encoding.GSM7, 20, 1),
        ("您好" * 35, Encoding.UCS2, 70, 1),
        ("您好" * 35 + "!", Encoding.UCS2, 71, 2),
        ("字" * 134, Encoding.UCS2, 134, 2),
        ("字" * 135, Encoding.UCS2, 135, 3),
        # one Chinese character turns a long English text into UCS-2
        ("a" * 69 + "元", Encoding.UCS2, 70, 1),
        ("a" * 70 + "元", Encoding.UCS2, 71, 2),
        # an emoji is a surrogate pair: two units
        ("👍" * 35, Encoding.UCS2, 70, 1),
    ],
)
def test_count_segments(text: str, encoding: Encoding, units: int, segments: int) -> None:
    count = count_segments(text)
    assert (count.encoding, count.units, count.segments) == (encoding, units, segments)


def test_escape_pair_never_straddles_parts() -> None:
    # 152 plain septets, then a two-septet €: the € cannot start at septet 153 of part one
    text = "a" * 152 + "€" + "b" * 152
    count = count_segments(text)
    assert count.units == 306
    assert count.segments == 3


def test_surrogate_pair_never_straddles_parts() -> None:
    text = "字" * 66 + "👍" + "字" * 66
    assert count_segments(text).segments == 3


def test_greek_capitals_and_accents_are_gsm() -> None:
    assert encoding_for("ΔΦΓΛΩ àéèùì ÄÖÑÜ¿¡") is Encoding.GSM7
    assert encoding_for("â") is Encoding.UCS2  # not in the GSM alphabet


RESULT_ZH = (
    "您好，您反映的宽带故障已处理完毕。原因：小区光交箱的分光器损坏，导致您所在楼栋断网。"
    "我们已更换分光器并测试正常，同时对该片区的设备做了排查，避免再次发生。"
    "为表歉意，已为您的账户赠送20元话费，预计24小时内到账。感谢您的耐心与支持！"
)


def test_fit_keeps_a_text_within_budget_unchanged() -> None:
    assert fit_message("您的投诉已受理，工单号TS20261124000001。", 1) == [
        "您的投诉已受理，工单号TS20261124000001。"
    ]


def test_fit_with_link_cuts_at_a_sentence_and_points_to_the_full_text() -> None:
    link = "https://desk.example.cn/t/TS20261124000001"
    assert count_segments(RESULT_ZH).segments == 2
    [text] = fit_message(RESULT_ZH, 1, full_text_url=link)
    assert count_segments(text).segments == 1
    assert text.endswith("… " + link)
    head = text[: -len("… " + link)]
    assert RESULT_ZH.startswith(head)
    assert head.endswith("。")  # cut after a full sentence, not mid-word


def test_fit_gsm_text_with_link_stays_gsm() -> None:
    text = "Your broadband fault is fixed. " * 20
    [fitted] = fit_message(text, 1, full_text_url="https://desk.example.com/t/1")
    assert count_segments(fitted).encoding is Encoding.GSM7
    assert count_segments(fitted).segments == 1
    assert fitted.endswith("... https://desk.example.com/t/1")


def test_split_numbers_parts_and_each_part_fits() -> None:
    parts = split_message(RESULT_ZH, 1)
    assert len(parts) == 3
    for index, part in enumerate(parts, start=1):
        assert part.endswith(f"({index}/{len(parts)})")
        assert count_segments(part).segments == 1
    joined = "".join(part.rsplit(" (", 1)[0] for part in parts)
    assert joined == RESULT_ZH  # nothing lost, nothing doubled
    # each part ends where a sentence ends
    assert all(p.rsplit(" (", 1)[0].endswith(("。", "！")) for p in parts)


def test_split_a_ten_thousand_character_text() -> None:
    text = ("网络信号差，通话经常掉线。" * 800)[:10_000]
    parts = fit_message(text, 3)
    assert all(count_segments(p).segments <= 3 for p in parts)
    assert "".join(p.rsplit(" (", 1)[0] for p in parts) == text


def test_split_english_on_words() -> None:
    text = " ".join(["complaint"] * 60)  # 599 characters, no sentence end
    parts = split_message(text, 1)
    assert all(count_segments(p).segments == 1 for p in parts)
    assert all("complaint" in p and "complain " not in p for p in parts)


def test_budget_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_segments"):
        fit_message("hello", 0)
