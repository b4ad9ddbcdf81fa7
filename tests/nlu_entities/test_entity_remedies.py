"""What the customer wants: refunds, compensation, cancellation, repair, apology, explanation."""

from __future__ import annotations

import pytest

from core.domain.labels import EntityType

pytestmark = pytest.mark.unit
REMEDY = EntityType.REMEDY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("被扣了50元，要求退费！", [("要求退费", "refund")]),
        ("退款！马上退款！", [("退款", "refund"), ("马上退款", "refund")]),
        ("断网三天，要求赔偿", [("要求赔偿", "compensation")]),
        ("要求取消业务并全额退款", [("要求取消业务", "cancel"), ("全额退款", "refund")]),
        ("帮我退订这个会员", [("退订", "cancel")]),
        ("请尽快修复", [("尽快修复", "repair")]),
        ("客服挂我电话，必须给我道歉", [("道歉", "apology")]),
        ("请给个说法", [("给个说法", "explanation")]),
        ("要求马上复机", [("要求马上复机", "restore")]),
        ("要求退費，不然去消協", [("要求退費", "refund")]),
        ("斷線一週，要求賠償！", [("要求賠償", "compensation")]),
        ("請給個解釋", [("給個解釋", "explanation")]),
        ("Please refund it.", [("refund", "refund")]),
        ("I want a refund and a credit on my bill", [("refund", "refund"), ("credit", "credit")]),
        ("Cancel my service now.", [("Cancel", "cancel")]),
        ("please fix the outage", [("fix", "repair")]),
        ("I want compensation for the day off", [("compensation", "compensation")]),
        ("I expect you to apologize", [("apologize", "apology")]),
        ("I want to cancel my contract", [("cancel", "cancel")]),
        ("Fix your network. It's been days.", [("Fix", "repair")]),
        ("Can you fix it by tomorrow?", [("fix", "repair")]),
        ("要求你们尽快解决", [("要求你们尽快解决", "handle")]),
        ("打不了电话，麻烦尽快处理。", [("尽快处理", "handle")]),
        ("要求取消服務", [("要求取消服務", "cancel")]),
    ],
)
def test_remedies(found, text, expected):
    assert found(text, REMEDY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "退订回复TD也没用",  # what happened, not what is wanted
        "师傅今天帮我修好了光猫",
        "我3号就申请了拆机",
        "障碍修复超时",
        "不是说取消漫游费了吗",
        "credit card payment failed",
        "my fixed line is dead",
        "the router was fixed last week",
        "They want $250 to cancel early.",
        "客户情绪激动。请相关部门尽快处理。",  # the agent's closing line, not the customer's demand
        "请核实处理并回复客户",
        "it took them a week to fix the line",
    ],
)
def test_not_remedies(found, text):
    assert found(text, REMEDY) == []
