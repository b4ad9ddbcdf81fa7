"""Money amounts in Chinese and English: units, currency signs, Chinese numerals, bill figures."""

from __future__ import annotations

import pytest

from core.domain.labels import EntityType

pytestmark = pytest.mark.unit
AMOUNT = EntityType.AMOUNT


def cny(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "CNY"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("上个月莫名其妙被扣了50元", [("50元", cny("50"))]),
        ("就5块钱的事，客服推来推去", [("5块钱", cny("5"))]),
        ("每个月多扣5块", [("5块", cny("5"))]),
        ("账单显示￥128", [("￥128", cny("128"))]),
        ("实付¥128.50", [("¥128.50", cny("128.5"))]),
        ("交了一百二十元的宽带费", [("一百二十元", cny("120"))]),
        ("两百块一个月的套餐", [("两百块", cny("200"))]),
        ("国际漫游费三千五百元", [("三千五百元", cny("3500"))]),
        ("合约机1.5万元", [("1.5万元", cny("15000"))]),
        ("本月话费213.53，比上月多", [("213.53", cny("213.53"))]),
        ("月租59，扣费10.5", [("59", cny("59")), ("10.5", cny("10.5"))]),
        ("办了59元套餐", [("59元", cny("59"))]),
        ("八块五一个月的流量包", [("八块五", cny("8.5"))]),
        ("那个9块9的流量包", [("9块9", cny("9.9"))]),
        ("多收了5毛钱", [("5毛钱", cny("0.5"))]),
        ("共1,198元", [("1,198元", cny("1198"))]),
        ("月租从58涨到88", [("58", cny("58")), ("88", cny("88"))]),
        ("押金三百元人民币", [("三百元人民币", cny("300"))]),
        ("I was charged $65 twice", [("$65", {"amount": "65", "currency": "USD"})]),
        ("a late fee of 65 dollars", [("65 dollars", {"amount": "65", "currency": "USD"})]),
        ("bill went up to USD 120", [("USD 120", {"amount": "120", "currency": "USD"})]),
        ("charged $1,234.56 in error", [("$1,234.56", {"amount": "1234.56", "currency": "USD"})]),
        ("買了HK$100的數據包", [("HK$100", {"amount": "100", "currency": "HKD"})]),
        ("月租NT$599的方案", [("NT$599", {"amount": "599", "currency": "TWD"})]),
        ("被收了四百港元", [("四百港元", {"amount": "400", "currency": "HKD"})]),
        ("帳單要一千二百元", [("一千二百元", cny("1200"))]),
        ("賠償的一百二十元還沒到帳", [("一百二十元", cny("120"))]),
        ("充值５０元没到账", [("５０元", cny("50"))]),
        ("充了一百块话费，到账九十，少了十块", [("一百块", cny("100")), ("九十", cny("90")), ("十块", cny("10"))]),
        ("打了几通电话，话费三百多", [("三百多", cny("300"))]),
        ("扣了我30多块", [("30多块", cny("30"))]),
        ("月租88.00，语音超出12.50，合计100.50", [("88.00", cny("88")), ("12.50", cny("12.5")), ("100.50", cny("100.5"))]),
        ("新用户同样套餐只要68？", [("68", cny("68"))]),
        ("交了RMB 500押金", [("RMB 500", cny("500"))]),
        ("帳單金額NT$1,288", [("NT$1,288", {"amount": "1288", "currency": "TWD"})]),
        ("一天收港幣88元", [("港幣88元", {"amount": "88", "currency": "HKD"})]),
        ("上個月被多收了新台幣300元", [("新台幣300元", {"amount": "300", "currency": "TWD"})]),
        ("I paid $1.2k upfront", [("$1.2k", {"amount": "1200", "currency": "USD"})]),
        ("點解今個月張單多咗299蚊？", [("299蚊", {"amount": "299", "currency": "HKD"})]),
        ("You charged me £65 in overage fees", [("£65", {"amount": "65", "currency": "GBP"})]),
        ("a €20 roaming fee", [("€20", {"amount": "20", "currency": "EUR"})]),
        ("多交的29块一直不给退", [("29块", cny("29"))]),
        ("They charged forty dollars for a paper bill", [("forty dollars", {"amount": "40", "currency": "USD"})]),
        ("and a hundred and twenty bucks later", [("a hundred and twenty bucks", {"amount": "120", "currency": "USD"})]),
    ],
)
def test_amount_forms(found, text, expected):
    assert found(text, AMOUNT) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2023年办的宽带",  # a year
        "扣了3次费",  # a count after a billing verb
        "话费套餐里有30GB流量",
        "5G信号很差",
        "和朋友一块去营业厅",  # 一块 meaning "together"
        "等了三天，打了两次电话",
        "我住3号楼",
        "测速只有2兆",
        "收到10086的短信",
        "paid on Nov 3rd for 2 months",
        "流量超出1G就限速",
        "已经打了5次10086",
        "话费扣了三次",
        "收了一堆乱七八糟的费",
        "扣了一部分押金",
        "a few dollars more",
    ],
)
def test_not_amounts(found, text):
    assert found(text, AMOUNT) == []
