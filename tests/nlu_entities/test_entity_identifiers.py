"""Order and ticket ids and account numbers: the identifier alone, without the words before it."""

from __future__ import annotations

import pytest

from core.domain.labels import EntityType

pytestmark = pytest.mark.unit
ORDER = EntityType.ORDER_ID
ACCOUNT = EntityType.ACCOUNT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("订单编号 897123050528436542 的套餐没生效", [("897123050528436542", "897123050528436542")]),
        ("ticket T-2026-000123 was closed", [("T-2026-000123", "T-2026-000123")]),
        ("工单号TS20261122000123，请跟进", [("TS20261122000123", "TS20261122000123")]),
        ("order #A12345678 never arrived", [("A12345678", "A12345678")]),
        ("投诉单号：GD2026112400019", [("GD2026112400019", "GD2026112400019")]),
        ("订单号码A20261122001，电话18812345678", [("A20261122001", "A20261122001")]),
        ("Case number CS-88120034 is still open", [("CS-88120034", "CS-88120034")]),
        ("Reference 88341290.", [("88341290", "88341290")]),
        ("訂單號HK20261121778899", [("HK20261121778899", "HK20261121778899")]),
        ("报修单号 BX20261124001，快点来人", [("BX20261124001", "BX20261124001")]),
        # our own ticket numbers are recognised without a word before them
        ("关于TS20261124000123的进展", [("TS20261124000123", "TS20261124000123")]),
    ],
)
def test_order_ids(found, text, expected):
    assert found(text, ORDER) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("合同帐号 0371****73 的宽带", [("0371****73", "0371****73")]),
        ("宽带账号：hnzz12345678@adsl，拨号报691", [("hnzz12345678@adsl", "hnzz12345678@adsl")]),
        ("account number 8499 0512 3456 7890 shows", [("8499 0512 3456 7890", "8499051234567890")]),
        ("Acct # 77120934 was billed twice", [("77120934", "77120934")]),
        ("寬頻帳號 0371****73 斷線", [("0371****73", "0371****73")]),
        ("帳號8812 3456 7890本月被收取", [("8812 3456 7890", "881234567890")]),
        ("我的账号是02012345678", [("02012345678", "02012345678")]),
    ],
)
def test_accounts(found, text, expected):
    assert found(text, ACCOUNT) == expected


@pytest.mark.parametrize(
    "text",
    [
        "订单已经取消了",
        "the ticket was closed 2 days ago",
        "my account was charged twice",
        "账号被盗了",
        "I ordered 2 routers",
        "工单一直没人处理",
    ],
)
def test_no_ids_without_an_identifier(found, text):
    assert found(text, ORDER) == []
    assert found(text, ACCOUNT) == []
