"""The widget's WebSocket against the real server and store: replies, reconnects, throttling, bad frames."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import websockets
from itsdangerous import URLSafeSerializer
from sqlalchemy import func, select

from complaintdesk.console.accounts import create_user
from core.db.tables import Message, OutboxItem
from core.domain.labels import Channel, Role
from core.services import handoff
from tests.dialogue import answer_to
from tests.widget.live_app import LiveApp, live_app

pytestmark = pytest.mark.integration

COMPLAINT = "你好，我的手机号13812345678，这个月话费无缘无故多扣了30元，要求退还！"


@pytest.fixture
async def server(sqlite_url: str) -> AsyncIterator[LiveApp]:
    async with live_app(sqlite_url) as app:
        yield app


async def next_frame(ws: Any, kind: str, wait: float = 10.0) -> dict[str, Any]:
    """Read frames until one of type `kind` arrives."""
    async with asyncio.timeout(wait):
        while True:
            frame = json.loads(await ws.recv())
            if frame["type"] == kind:
                return frame


async def hello(ws: Any, token: str | None = None) -> dict[str, Any]:
    await ws.send(json.dumps({"type": "hello", "token": token}))
    return await next_frame(ws, "welcome")


async def test_complaint_is_confirmed_with_the_bot_then_gets_its_ticket(server: LiveApp) -> None:
    async with websockets.connect(server.ws_url) as ws:
        welcome = await hello(ws)
        assert welcome["token"] and welcome["messages"] == [] and welcome["conversation_id"] is None
        await ws.send(json.dumps({"type": "message", "cid": "c0000001", "text": COMPLAINT}))
        accepted = await next_frame(ws, "accepted")
        assert accepted["cid"] == "c0000001" and accepted["ticket_number"] is None
        assert (await next_frame(ws, "typing"))["on"] is True
        question = await next_frame(ws, "message")
        # the phone is in the message: the bot asks for what is still missing, not for the phone
        assert question["author"] == "bot" and "电话" not in question["text"]
        await ws.send(json.dumps({"type": "ack", "key": question["key"]}))
        # resending the same client id (a lost ack) stores nothing new
        await ws.send(json.dumps({"type": "message", "cid": "c0000001", "text": COMPLAINT}))
        again = await next_frame(ws, "accepted")
        assert again["duplicate"] is True and again["ticket_number"] is None
        for n in range(5):
            if "是否正确" in question["text"]:
                break
            answer = answer_to(question["text"])
            assert answer is not None, question["text"]
            await ws.send(json.dumps({"type": "message", "cid": f"a000000{n}", "text": answer}))
            assert (await next_frame(ws, "accepted"))["ticket_number"] is None
            question = await next_frame(ws, "message")
            await ws.send(json.dumps({"type": "ack", "key": question["key"]}))
        summary = question
        assert "138****5678" in summary["text"] and "多扣了30元" in summary["text"]
        assert summary["buttons"] == ["是", "不对"]
        await ws.send(json.dumps({"type": "message", "cid": "c0000002", "text": "是"}))
        confirmed = await next_frame(ws, "accepted")
        assert confirmed["ticket_number"].startswith("TS")
        reply = await next_frame(ws, "message")
        assert reply["author"] == "bot" and confirmed["ticket_number"] in reply["text"]
        assert reply["ticket_number"] == confirmed["ticket_number"]
        await ws.send(json.dumps({"type": "ack", "key": reply["key"]}))
    async with server.runtime.desk.unit_of_work() as uow:
        inbound = await uow.session.scalar(select(func.count()).select_from(Message).where(Message.direction == "in"))
    assert inbound >= 2
    # the widget's ack confirms delivery (even when it beat the dispatcher's own record of the send)
    async with asyncio.timeout(10):
        while True:
            async with server.runtime.desk.unit_of_work() as uow:
                statuses = (await uow.session.scalars(select(Message.delivery_status)
                                                      .where(Message.direction == "out"))).all()
            if statuses and set(statuses) == {"delivered"}:
                break
            await asyncio.sleep(0.05)


async def test_a_dropped_socket_loses_nothing(server: LiveApp) -> None:
    desk = server.runtime.desk
    async with websockets.connect(server.ws_url) as ws:
        token = (await hello(ws))["token"]
        await ws.send(json.dumps({"type": "message", "cid": "c0000002", "text": COMPLAINT}))
        accepted = await next_frame(ws, "accepted")
        await next_frame(ws, "message")
    # offline now: an agent takes over and answers
    history = await handoff.thread_history(desk, Channel.WEB, f"web:{_visitor(token)}")
    conversation_id = history["conversation_id"]
    agent = await create_user(desk, email="agent@desk.example.cn", role=Role.AGENT, password="x" * 12)
    await handoff.take_over(desk, conversation_id, agent)
    await handoff.agent_reply(desk, conversation_id, agent, "您好，我是人工客服，多扣的30元将退回。")
    await outbox_drained(server)  # the dispatcher has pushed the reply to an empty hub
    async with websockets.connect(server.ws_url) as ws:
        welcome = await hello(ws, token)
        assert welcome["ticket_number"] == accepted["ticket_number"] and welcome["state"] == "agent"
        assert [m["author"] for m in welcome["messages"]] == ["customer", "bot", "agent"]
        assert welcome["messages"][2]["text"].startswith("您好，我是人工客服")
        # while the agent holds the conversation the bot stays silent
        await ws.send(json.dumps({"type": "message", "cid": "c0000003", "text": "好的，谢谢，大概什么时候到账？"}))
        await next_frame(ws, "accepted")
    async with desk.unit_of_work() as uow:
        authors = (await uow.session.scalars(select(Message.author).where(Message.direction == "out")
                                             .order_by(Message.id))).all()
    assert authors == ["bot", f"staff:{agent}"]  # replies are queued with the inbound: none came


async def outbox_drained(server: LiveApp) -> None:
    """Wait until the dispatcher has handled every queued reply."""
    async with asyncio.timeout(10):
        while True:
            async with server.runtime.desk.unit_of_work() as uow:
                left = await uow.session.scalar(select(func.count()).select_from(OutboxItem).where(
                    OutboxItem.status != "done"))
            if not left:
                return
            await asyncio.sleep(0.05)


def _visitor(token: str) -> str:
    return str(URLSafeSerializer("widget-test-secret", salt="complaintdesk.webchat.visitor").loads(token))


async def test_forged_token_gets_a_new_visitor(server: LiveApp) -> None:
    async with websockets.connect(server.ws_url) as ws:
        token = (await hello(ws))["token"]
        await ws.send(json.dumps({"type": "message", "cid": "c0000004", "text": COMPLAINT}))
        await next_frame(ws, "accepted")
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    async with websockets.connect(server.ws_url) as ws:
        welcome = await hello(ws, forged)
        assert welcome["messages"] == [] and welcome["token"] != token


async def test_a_flood_is_throttled(sqlite_url: str) -> None:
    async with live_app(sqlite_url, burst=5, rate=0.2) as server, websockets.connect(server.ws_url) as ws:
        await hello(ws)
        for i in range(30):
            await ws.send(json.dumps({"type": "message", "cid": f"flood{i:04d}", "text": f"投诉投诉投诉 第{i}条"}))
        accepted = throttled = 0
        async with asyncio.timeout(20):
            while accepted + throttled < 30:
                frame = json.loads(await ws.recv())
                accepted += frame["type"] == "accepted"
                throttled += frame["type"] == "throttled"
                if frame["type"] == "throttled":
                    assert frame["retry_after"] > 0
        async with server.runtime.desk.unit_of_work() as uow:
            stored = await uow.session.scalar(select(func.count()).select_from(Message).where(Message.direction == "in"))
    assert accepted == 5 and throttled == 25 and stored == 5


async def test_bad_frames_and_overlong_text(server: LiveApp) -> None:
    async with websockets.connect(server.ws_url) as ws:
        await ws.send("not json")
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await ws.recv()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4400
    async with websockets.connect(server.ws_url) as ws:
        await hello(ws)
        await ws.send(json.dumps({"type": "message", "cid": "<b>x</b>", "text": "hi"}))
        assert (await next_frame(ws, "error"))["reason"] == "bad_frame"
        await ws.send(json.dumps({"type": "message", "cid": "c0000005", "text": "长" * 2001}))
        error = await next_frame(ws, "error")
        assert (error["cid"], error["reason"]) == ("c0000005", "too_long")
        await ws.send(json.dumps({"type": "agent"}))
        assert (await next_frame(ws, "error"))["reason"] == "say_something_first"
        await ws.send(json.dumps({"type": "message", "cid": "c0000006", "text": "<script>alert(1)</script>转人工"}))
        await next_frame(ws, "accepted")
        await ws.send(json.dumps({"type": "agent"}))
        assert (await next_frame(ws, "state"))["state"] == "waiting_for_agent"


async def test_script_and_demo_page_are_served(server: LiveApp) -> None:
    async with httpx.AsyncClient(base_url=server.url) as client:
        script = await client.get("/widget/widget.js")
        assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
        assert "textContent" in script.text and "innerHTML" not in script.text
        demo = await client.get("/widget/demo?lang=en")
        assert demo.status_code == 200 and 'src="/widget/widget.js" data-lang="en"' in demo.text
        bad = await client.get('/widget/demo?lang="><script>')
        assert 'data-lang="zh-Hans"' in bad.text and "<script>\"" not in bad.text
