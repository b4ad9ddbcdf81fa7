"""Places: Chinese addresses and known places, English "in X" / "X area" and street addresses."""

from __future__ import annotations

import pytest

from core.domain.labels import EntityType

pytestmark = pytest.mark.unit
LOCATION = EntityType.LOCATION


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我家住在芒市大街，信号很差", ["芒市大街"]),
        ("在朝阳门营业厅排队一个小时", ["朝阳门"]),
        ("某小区3号楼的宽带都断了", ["某小区3号楼"]),
        ("地址XX路XX号", ["XX路XX号"]),
        ("3号楼2单元停电后断网", ["3号楼2单元"]),
        ("地址是朝阳区建国路88号", ["朝阳区建国路88号"]),
        ("北京市朝阳区建国路88号", ["北京市朝阳区建国路88号"]),
        ("我在北京市海淀区，5G打不出电话", ["北京市海淀区"]),
        ("我家在深圳市南山区科技园", ["深圳市南山区科技园"]),
        ("李家村几十户都断网", ["李家村"]),
        ("用户在中山路营业厅办理业务", ["中山路"]),
        ("家里宽带在温州", ["温州"]),
        ("我在台北市信義區，訊號很差", ["台北市信義區"]),
        ("感謝旺角門市的陳先生", ["旺角"]),
        ("I live in the Atlanta area", ["Atlanta area"]),
        ("the outage in downtown Seattle", ["downtown Seattle"]),
        ("Dropped calls all day in Houston.", ["Houston"]),
        ("No signal near Springfield since Monday", ["Springfield"]),
        ("The Bay Area has been down", ["Bay Area"]),
        ("Tech was sent to 1420 Oak Street twice", ["1420 Oak Street"]),
        ("Your store on Market Street refused to help", ["Market Street"]),
        ("我于9月12日在贵公司解放大道营业厅办理", ["解放大道"]),
        ("在人民路和解放路交叉口信号很弱", ["人民路", "解放路"]),
        ("我们花园小区整栋楼都断网了", ["花园小区"]),
        ("台中西屯手機訊號超爛", ["台中西屯"]),
        ("Mong Kok has had terrible coverage for a month", ["Mong Kok"]),
    ],
)
def test_locations(found, text, expected):
    assert [t for t, _ in found(text, LOCATION)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "城市网络太差",
        "信号盲区太多",
        "路由器坏了",
        "线路老化",
        "去超市买了张卡",
        "市场部的人不接电话",
        "要求道歉",
        "我知道你们很忙",
        "我们小区断网三天了",
        "这个频道看不了",
        "in March I was charged twice",
        "I speak in English only",
        "Comcast area managers never answer",
    ],
)
def test_not_locations(found, text):
    assert found(text, LOCATION) == []


def test_value_is_folded_to_simplified(found):
    assert found("台北市信義區", LOCATION) == [("台北市信義區", "台北市信义区")]
