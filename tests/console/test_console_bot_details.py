"""What the bot collected, in the console: the slots while it asks, the handoff summary, a ticket's details.

Real bot conversations through the pipeline (the runtime builds the real bot), pages through the
real ASGI app.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from html import unescape

import httpx
import pytest

from complaintdesk.bootstrap import Runtime
from core.domain.labels import Channel, IdentityKind
from core.domain.messages import Identity, InboundMessage
from core.services.inbound import InboundOutcome
from tests.console.conftest import Login, csrf_of
from tests.dialogue import answer_to, complain

pytestmark = pytest.mark.integration

NETWORK = "小区里手机信号特别差，5G经常断网，打电话老是掉线，希望尽快处理。"
BILLING = "我是13812345678的机主，这个月话费莫名其妙多扣了58元，要求退费并给个说法！"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)> 网费乱扣'
PHONE = "13812345678"
LOCATION = "北京市朝阳区建国路88号3号楼"
SENIOR = "wang.fang@desk.example.cn"
BILLING_AGENT = "li.na@desk.example.cn"
NETWORK_AGENT = "zhao.lei@desk.example.cn"


def web_message(visitor: str) -> Callable[[str], InboundMessage]:
    return lambda text: InboundMessage(
        channel=Channel.WEB, provider_message_id=f"{visitor}:{uuid.uuid4().hex[:10]}",
        sender=Identity(IdentityKind.WEB, visitor), text=text, received_at=datetime.now(UTC),
        thread_key=f"web:{visitor}", reply_address=visitor)


async def answer_until(runtime: Runtime, message: Callable[[str], InboundMessage], outcome: InboundOutcome,
                       *asking: str) -> InboundOutcome:
    """Answer the bot's questions until it asks for `asking` (words of its question, any language)."""
    for _ in range(6):
        said = outcome.replies[-1]
        if any(word in said for word in asking):
            return outcome
        answer = answer_to(said)
        assert answer is not None, said
        outcome = await runtime.desk.submit_inbound(message(answer))
    raise AssertionError(f"the bot never asked for {asking!r}")


def card_slots(html: str) -> dict[str, str]:
    """The bot card's slots as the page shows them: {slot: text}."""
    card = re.search(r'<section id="bot-card"(.*?)</section>', html, re.S)
    assert card, "the conversation page has no bot card"
    return {k: unescape(v) for k, v in re.findall(r'data-slot="(\w+)">(.*?)</dd>', card.group(1), re.S)}


def details_of(html: str) -> dict[str, str]:
    return {k: unescape(v) for k, v in re.findall(r'data-detail="(\w+)">(.*?)</dd>', html, re.S)}


async def test_slots_collected_so_far_are_shown_while_the_bot_asks(runtime: Runtime, login: Login) -> None:
    message = web_message("v-collect")
    first = await runtime.desk.submit_inbound(message(NETWORK))
    cid = first.conversation_id
    senior = await login(SENIOR)

    # only the problem so far: the bot asks for a phone number
    page = (await senior.get(f"/console/conversations/{cid}")).text
    assert 'id="bot-card" class="bot-card"' in page and "智能客服正在收集投诉信息" in page
    assert card_slots(page) == {"description": NETWORK} and "正在询问: 联系电话" in page

    await answer_until(runtime, message, first, "什么时候开始", "When did")  # phone and location answered
    page = (await senior.get(f"/console/conversations/{cid}")).text
    assert card_slots(page) == {"description": NETWORK, "phone": PHONE, "location": LOCATION}
    assert "正在询问: 开始时间" in page

    # the live view gets the same, already shaped for this viewer; the raw bot state never leaves
    live = (await senior.get(f"/console/conversations/{cid}/after/0")).json()
    assert live["bot"]["collecting"] is True and live["bot"]["pending"] == "since"
    assert [(s["key"], s["value"]) for s in live["bot"]["slots"]] == [
        ("description", NETWORK), ("phone", PHONE), ("location", LOCATION)]
    assert "bot_state" not in live and "ticket_access" not in live and "intake" not in str(live)

    # English labels
    senior.cookies.set("cd_lang", "en")
    english = (await senior.get(f"/console/conversations/{cid}")).text
    assert "Collected by the bot" in english and "Now asking for: Since" in english and "<dt>Location</dt>" in english


async def test_the_card_goes_and_the_ticket_shows_the_details_once_the_ticket_opens(
    runtime: Runtime, login: Login
) -> None:
    outcome = await complain(runtime.desk, web_message("v-details"), NETWORK)
    assert outcome.ticket_number is not None
    cid, number = outcome.conversation_id, outcome.ticket_number
    network_agent = await login(NETWORK_AGENT)

    page = (await network_agent.get(f"/console/conversations/{cid}")).text
    assert 'id="bot-card" class="bot-card hidden"' in page and card_slots(page) == {}
    assert (await network_agent.get(f"/console/conversations/{cid}/after/0")).json()["bot"] is None
    # the ticket card repeats what the customer gave (the viewer may read this ticket: numbers in full)
    expected = {"phone": PHONE, "location": LOCATION, "since": "上周一开始的", "wish": "尽快修复并退还相应费用"}
    assert details_of(page) == expected

    ticket = await network_agent.get(f"/console/tickets/{number}")
    assert ticket.status_code == 200 and "客户提供的信息" in ticket.text
    assert details_of(ticket.text) == expected
    assert "<dt>联系电话</dt>" in ticket.text and "<dt>地点</dt>" in ticket.text and "<dt>诉求</dt>" in ticket.text
    network_agent.cookies.set("cd_lang", "en")
    english = (await network_agent.get(f"/console/tickets/{number}")).text
    assert "Details from the customer" in english and "<dt>Contact phone</dt>" in english
    assert "<dt>Customer wants</dt>" in english


async def test_a_handoff_shows_its_summary_as_text(runtime: Runtime, login: Login) -> None:
    message = web_message("v-handoff")
    first = await runtime.desk.submit_inbound(message(XSS))
    cid = first.conversation_id
    # the customer gives the phone number the bot asks for, then gives up and asks for a person
    await answer_until(runtime, message, first, "什么时候开始", "When did")
    handed = await runtime.desk.submit_inbound(message("转人工"))
    assert await runtime.desk.conversation_state(cid) == "waiting_for_agent", handed.replies

    agent = await login(BILLING_AGENT)
    page = (await agent.get(f"/console/conversations/{cid}")).text
    summary = re.search(r'id="handoff-summary">(.*?)</p>', page, re.S)
    assert summary, "no handoff summary on the page"
    # customer text is escaped, never markup; the bot's summary has the phone masked already
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in summary.group(1)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "138****5678" in summary.group(1)
    assert "转人工摘要" in page and "客户要求人工服务" in page
    # what was collected stays on the card for whoever takes it over
    assert card_slots(page)["phone"] == PHONE and card_slots(page)["description"] == XSS

    taken = await agent.post(f"/console/conversations/{cid}/take", data={"csrf": csrf_of(page)})
    assert taken.status_code == 303
    assert "138****5678" in (await agent.get(f"/console/conversations/{cid}")).text


async def close_ticket(number: str, senior: httpx.AsyncClient, department: httpx.AsyncClient) -> None:
    """The work order's way to closed, from the ticket page: dispatch, accept, reply, approve, close."""
    steps: list[tuple[httpx.AsyncClient, dict[str, str]]] = [
        (senior, {"op": "dispatch", "department": "network_ops"}),
        (department, {"op": "accept"}),
        (department, {"op": "reply", "cause": "基站天线故障", "result": "已更换天线，信号恢复",
                      "prevention": "加强巡检"}),
        (senior, {"op": "approve"}),
        (senior, {"op": "close"}),
    ]
    for client, fields in steps:
        page = await client.get(f"/console/tickets/{number}")
        r = await client.post(f"/console/tickets/{number}/order", data={"csrf": csrf_of(page.text), **fields})
        assert "done=" in r.headers["location"], (fields, r.headers["location"])


async def test_numbers_are_masked_for_a_viewer_the_page_withholds_the_customers_ticket_from(
    runtime: Runtime, login: Login
) -> None:
    message = web_message("v-again")
    number = (await complain(runtime.desk, message, NETWORK)).ticket_number
    assert number is not None
    senior, noc = await login(SENIOR), await login("noc@desk.example.cn")
    await close_ticket(number, senior, noc)
    # a new complaint in the same conversation: the bot collects it, the closed network ticket still
    # on the conversation; the phone comes from the message itself
    again = await runtime.desk.submit_inbound(message(BILLING))
    assert again.ticket_number is None and again.replies, again
    cid = again.conversation_id

    billing_agent = await login(BILLING_AGENT)
    page = (await billing_agent.get(f"/console/conversations/{cid}")).text
    assert "无权查看此工单" in page
    slots = card_slots(page)
    assert slots["phone"] == "138****5678" and slots["description"] == BILLING.replace(PHONE, "138****5678")
    live = (await billing_agent.get(f"/console/conversations/{cid}/after/0")).json()
    assert {s["key"]: s["value"] for s in live["bot"]["slots"]}["phone"] == "138****5678"
    assert PHONE not in str(live["bot"])

    # who may read that ticket sees the numbers in full
    network_agent = await login(NETWORK_AGENT)
    assert card_slots((await network_agent.get(f"/console/conversations/{cid}")).text)["phone"] == PHONE
    assert card_slots((await senior.get(f"/console/conversations/{cid}")).text)["phone"] == PHONE
