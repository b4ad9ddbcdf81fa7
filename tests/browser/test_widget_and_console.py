"""The issue's browser scenario in real Chromium: a customer complains in the widget, the bot asks
for a phone number and a confirmation and opens the ticket, an agent watches live, takes over, replies, hands back; HTML stays text on both sides; a dropped socket
loses nothing. Screenshots of widget and console are saved."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from complaintdesk.console.accounts import create_user
from core.db.tables import Message
from core.domain.labels import Role
from tests.dialogue import answer_to
from tests.widget.live_app import LiveApp, live_app

pytestmark = pytest.mark.browser

PASSWORD = "agent password 2026"
COMPLAINT = "你好，我的手机这个月话费莫名其妙多扣了58元，我从来没有订过什么会员，要求退费！"
XSS = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>怎么又扣费了'
WAIT = 15_000  # ms; generous for a loaded 2-core machine, never a speed assertion


@pytest.fixture
async def server(sqlite_url: str) -> AsyncIterator[LiveApp]:
    async with live_app(sqlite_url) as app:
        yield app


async def bot_reply_count(server: LiveApp) -> int:
    async with server.runtime.desk.unit_of_work() as uow:
        return len((await uow.session.scalars(select(Message.id).where(
            Message.direction == "out", Message.author == "bot"))).all())


async def send(widget: Any, text: str) -> None:
    await widget.locator("#complaintdesk-widget textarea").fill(text)
    await widget.locator("#complaintdesk-widget button.send").click()


async def answer_bot(widget: Any, text: str) -> str:
    """Send `text` and return the bot's next message."""
    bot = widget.locator("#complaintdesk-widget .msg.bot")
    count = await bot.count()
    await send(widget, text)
    await bot.nth(count).wait_for(timeout=WAIT)
    return str(await bot.nth(count).inner_text())


async def test_complaint_takeover_reply_and_hand_back(server: LiveApp, browser: Any, screenshots: Path) -> None:
    await create_user(server.runtime.desk, email="li.na@desk.example.cn", role=Role.AGENT, password=PASSWORD,
                      department="marketing_billing", name="李娜")
    # the agent logs in first and watches the live list
    agent = await (await browser.new_context(viewport={"width": 1280, "height": 860}, locale="zh-CN")).new_page()
    await agent.goto(f"{server.url}/console/login")
    await agent.fill("input[name=email]", "li.na@desk.example.cn")
    await agent.fill("input[name=password]", PASSWORD)
    await agent.click("button[type=submit]")
    await agent.wait_for_url(re.compile(r"/console/conversations$"))
    assert await agent.locator("#conversations tbody tr").count() == 0

    # the customer opens the widget on the operator's page and complains in Chinese
    customer_ctx = await browser.new_context(viewport={"width": 1280, "height": 860}, locale="zh-CN")
    widget = await customer_ctx.new_page()
    dialogs: list[str] = []
    widget.on("dialog", lambda d: dialogs.append(d.message))
    await widget.goto(f"{server.url}/widget/demo")
    await widget.locator("#complaintdesk-widget .launcher").click()
    await send(widget, COMPLAINT)
    bot = widget.locator("#complaintdesk-widget .msg.bot")
    await bot.first.wait_for(timeout=WAIT)
    # no phone number in the complaint: the bot asks for one before anything else
    assert "联系电话" in await bot.first.inner_text()
    await widget.screenshot(path=screenshots / "widget-bot-asks-phone.png")
    # the bot conversation appears in the agent's list without a reload, before any ticket exists
    row = agent.locator("#conversations tbody tr").first
    await row.wait_for(timeout=WAIT)
    assert "智能客服" in await row.inner_text()  # state: with the bot

    said = await answer_bot(widget, "13812345678")
    for _ in range(4):
        if "是否正确" in said:
            break
        answer = answer_to(said)
        assert answer is not None, said
        said = await answer_bot(widget, answer)
    assert "138****5678" in said  # the summary to confirm, phone masked
    await widget.screenshot(path=screenshots / "widget-summary.png")
    await widget.locator("#complaintdesk-widget .quick button", has_text="是").click()
    ticket_bar = widget.locator("#complaintdesk-widget .ticket")
    await ticket_bar.wait_for(state="visible", timeout=WAIT)
    number = (await ticket_bar.get_attribute("data-number")) or ""
    assert re.fullmatch(r"TS\d+", number)
    await widget.locator("#complaintdesk-widget .msg.bot", has_text=number).wait_for(timeout=WAIT)
    await widget.screenshot(path=screenshots / "widget-complaint.png")

    row = agent.locator("#conversations tbody tr", has_text=number)
    await row.wait_for(timeout=WAIT)
    await agent.screenshot(path=screenshots / "console-live-list.png")
    await row.locator("a").click()
    await agent.locator("#take-over").click()
    await agent.locator("#reply-text").wait_for(timeout=WAIT)
    await widget.locator("#complaintdesk-widget .note", has_text="人工客服已接入").wait_for(timeout=WAIT)
    await agent.fill("#reply-text", "您好，我是人工客服李娜。已查到多扣的58元，3个工作日内退回原账户。")
    typing = widget.locator("#complaintdesk-widget .typing.shown")
    await typing.wait_for(timeout=WAIT)  # the customer sees the agent typing
    assert "人工客服" in await typing.inner_text()
    await agent.locator("#send-reply").click()

    # the customer sees the agent's reply
    agent_bubble = widget.locator("#complaintdesk-widget .msg.agent")
    await agent_bubble.wait_for(timeout=WAIT)
    assert "人工客服李娜" in await agent_bubble.inner_text()

    # while the agent holds it, the bot stays silent; HTML arrives as text on both sides
    bots_before = await bot_reply_count(server)
    await send(widget, XSS)
    shown = agent.locator("#transcript li.msg.customer").last
    await agent.locator("#transcript li.msg.customer", has_text="怎么又扣费了").wait_for(timeout=WAIT)
    assert "<script>" in await shown.inner_text()
    assert await bot_reply_count(server) == bots_before  # bot replies share the inbound's transaction
    customer_xss = widget.locator("#complaintdesk-widget .msg.customer", has_text="怎么又扣费了")
    assert '<img src=x onerror="window.__pwned=1">' in await customer_xss.inner_text()
    assert await widget.evaluate("window.__pwned") is None and await agent.evaluate("window.__pwned") is None
    assert dialogs == []
    await agent.screenshot(path=screenshots / "console-conversation.png", full_page=True)

    # hand back: the bot answers again
    await agent.locator("#hand-back").click()
    await agent.locator("#take-over").wait_for(timeout=WAIT)
    await widget.locator("#complaintdesk-widget .note", has_text="已转回智能客服").wait_for(timeout=WAIT)
    count = await bot.count()
    await send(widget, "好的，另外我家宽带晚上也经常断网。")
    await bot.nth(count).wait_for(timeout=WAIT)
    await widget.screenshot(path=screenshots / "widget-after-hand-back.png")
    await customer_ctx.close()


async def test_dropped_socket_and_phone_width(server: LiveApp, browser: Any, screenshots: Path) -> None:
    phone = await (await browser.new_context(viewport={"width": 375, "height": 740}, locale="en-US",
                                             is_mobile=True, has_touch=True)).new_page()
    await phone.goto(f"{server.url}/widget/demo?lang=en")
    await phone.locator("#complaintdesk-widget .launcher").click()
    panel = phone.locator("#complaintdesk-widget .panel")
    box = await panel.bounding_box()
    assert box is not None and box["width"] == 375  # full width on a phone
    await send(phone, "My broadband has been down since Monday and nobody came to fix it. I want a refund.")
    asked = phone.locator("#complaintdesk-widget .msg.bot").first
    await asked.wait_for(timeout=WAIT)
    assert "phone number" in await asked.inner_text()
    # drop the socket and type while it is down: the message waits and goes out after the reconnect
    await phone.evaluate("window.complaintdeskWidget.reconnect()")
    await send(phone, "Also the router light is red.")
    accepted = phone.locator("#complaintdesk-widget .msg.customer:not(.pending)", has_text="router light")
    await accepted.wait_for(timeout=WAIT)
    await phone.locator("#complaintdesk-widget .msg.bot").nth(1).wait_for(timeout=WAIT)
    await phone.screenshot(path=screenshots / "widget-phone-en.png")
    async with server.runtime.desk.unit_of_work() as uow:
        texts = (await uow.session.scalars(select(Message.text).where(Message.direction == "in"))).all()
    assert texts[-1] == "Also the router light is red." and len(texts) == 2
    # a reload keeps the thread: the history comes back from the store
    await phone.reload()
    await phone.locator("#complaintdesk-widget .launcher").click()
    await phone.locator("#complaintdesk-widget .msg.customer", has_text="router light").wait_for(timeout=WAIT)
    assert await phone.locator("#complaintdesk-widget .launcher").inner_text() == "Chat with us"
