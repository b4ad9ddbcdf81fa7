"""normalise_value: our values for spans another extractor (Rasa's DIET) found."""

from __future__ import annotations

import pytest

from core.domain.labels import EntityType as T
from nlu.entities import normalise_value

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("kind", "span", "value"),
    [
        (T.PHONE, "138-1234-5678", "+8613812345678"),
        (T.PHONE, "１３８１２３４５６７８", "+8613812345678"),
        (T.AMOUNT, "一百二十元", {"amount": "120", "currency": "CNY"}),
        (T.AMOUNT, "$65", {"amount": "65", "currency": "USD"}),
        (T.DATETIME, "昨天下午三点", "2026-11-23T15:00+08:00"),
        (T.DATETIME, "last Tuesday", "2026-11-17"),
        (T.REMEDY, "要求退费", "refund"),
        (T.LOCATION, "台北市信義區", "台北市信义区"),
        # no candidate of that type: the folded span
        (T.ORDER_ID, "ＴＳ２０２６１１２４０００１２３", "TS20261124000123"),
        (T.ACCOUNT, " 0371****73 ", "0371****73"),
        (T.AMOUNT, "好多钱", "好多钱"),
    ],
)
def test_values_match_what_extract_gives(now, kind, span, value):
    assert normalise_value(kind, span, now) == value


def test_garbage_span_never_raises(now):
    assert normalise_value(T.DATETIME, "\x00\udfff" * 10, now) == "\x00\udfff" * 10
