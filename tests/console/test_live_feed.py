"""The live list's feed: every change reaches every listener, and the poller stops when nobody listens."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime

import pytest

from complaintdesk.console.accounts import create_user
from complaintdesk.console.live import LiveFeed
from core.domain.labels import Channel, IdentityKind, Role
from core.domain.messages import Identity, InboundMessage
from core.services import handoff
from core.services.desk import Desk

pytestmark = pytest.mark.integration


async def snapshot(queue: asyncio.Queue[str]) -> list[dict[str, object]]:
    async with asyncio.timeout(10):
        rows: list[dict[str, object]] = json.loads(await queue.get())["conversations"]
        return rows


async def test_feed_announces_new_and_waiting_conversations(desk: Desk) -> None:
    feed = LiveFeed(desk, interval=0.05)
    first, second = feed.subscribe(), feed.subscribe()
    assert await snapshot(first) == [] and await snapshot(second) == []
    outcome = await desk.submit_inbound(InboundMessage(
        channel=Channel.WEB, provider_message_id=f"v-live:{uuid.uuid4().hex[:8]}",
        sender=Identity(IdentityKind.WEB, "v-live"), text="请问怎么办理宽带移机？我的电话13812345678",
        received_at=datetime.now(UTC), thread_key="web:v-live", reply_address="v-live"))
    rows = await snapshot(first)
    assert [r["id"] for r in rows] == [outcome.conversation_id]
    assert "13812345678" not in json.dumps(rows, ensure_ascii=False)  # masked in the list
    # an inquiry waits for an agent straight away: the list says so, to every listener
    assert rows[0]["state"] == "waiting_for_agent"
    assert (await snapshot(second))[0]["state"] == "waiting_for_agent"
    agent = await create_user(desk, email="live@desk.example.cn", role=Role.AGENT, password="x" * 12, name="周洁")
    await handoff.take_over(desk, outcome.conversation_id, agent)
    taken = await snapshot(first)
    assert (taken[0]["state"], taken[0]["agent"]) == ("agent", "周洁")
    feed.unsubscribe(first)
    feed.unsubscribe(second)
    assert feed._task is not None
    async with asyncio.timeout(5):
        await feed._task  # nobody listens: the poller ends
