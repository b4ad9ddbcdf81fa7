"""Handoff between bot and agents, on SQLite and PostgreSQL, through the real pipeline."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from complaintdesk.console.accounts import create_user
from core.db.tables import ConversationNote, Message, NluFeedback, OutboxItem, TicketEvent
from core.domain.labels import Business, Category, Channel, IdentityKind, Kind, Role
from core.domain.messages import Identity, InboundMessage
from core.errors import NotAllowed
from core.services import handoff
from core.services.desk import Desk

pytestmark = pytest.mark.integration

COMPLAINT = "我家宽带这三天晚上一直掉线，打了10000也没人来修，要求尽快上门修复！"


def web_message(visitor: str, text: str) -> InboundMessage:
    return InboundMessage(
        channel=Channel.WEB, provider_message_id=f"{visitor}:{uuid.uuid4().hex[:12]}",
        sender=Identity(IdentityKind.WEB, visitor), text=text, received_at=datetime.now(UTC),
        thread_key=f"web:{visitor}", reply_address=visitor,
    )


async def bot_replies(desk: Desk, conversation_id: int) -> list[Message]:
    async with desk.unit_of_work() as uow:
        return list((await uow.session.scalars(select(Message).where(
            Message.conversation_id == conversation_id, Message.direction == "out").order_by(Message.id))).all())


async def agents(desk: Desk) -> tuple[int, int]:
    a = await create_user(desk, email="a1@desk.example.cn", role=Role.AGENT, password="x" * 12)
    b = await create_user(desk, email="a2@desk.example.cn", role=Role.AGENT, password="x" * 12)
    return a, b


async def test_takeover_silences_the_bot_until_hand_back(any_desk: Desk) -> None:
    desk = any_desk
    first_agent, _ = await agents(desk)
    opened = await desk.submit_inbound(web_message("v-7f3a", COMPLAINT))
    assert opened.ticket_number and len(opened.replies) == 1
    cid = opened.conversation_id

    change = await handoff.take_over(desk, cid, first_agent)
    assert (change.state, change.agent_id) == ("agent", first_agent)
    while_agent = await desk.submit_inbound(web_message("v-7f3a", "师傅什么时候能来？我下午都在家"))
    assert while_agent.replies == []
    assert len(await bot_replies(desk, cid)) == 1, "the bot talked over the agent"

    reply_id = await handoff.agent_reply(desk, cid, first_agent, "您好，我是客服李娜，已为您加急派单，师傅今天下午三点前联系您。")
    async with desk.unit_of_work() as uow:
        reply = await uow.session.get(Message, reply_id)
        outbox = await uow.session.scalar(select(OutboxItem).where(OutboxItem.message_id == reply_id))
        events = (await uow.session.scalars(select(TicketEvent.action).where(
            TicketEvent.ticket_id == reply.ticket_id).order_by(TicketEvent.id))).all()
    assert reply.author == f"staff:{first_agent}" and reply.channel == "web" and reply.recipient == "v-7f3a"
    assert outbox is not None and outbox.status == "pending"
    assert "taken_over" in events and "agent_replied" in events

    await handoff.hand_back(desk, cid, first_agent)
    assert await desk.conversation_state(cid) == "bot"
    after = await desk.submit_inbound(web_message("v-7f3a", "好的，谢谢"))
    assert len(after.replies) == 1, "the bot should answer again after hand back"


async def test_two_agents_cannot_take_the_same_conversation(any_desk: Desk) -> None:
    desk = any_desk
    a, b = await agents(desk)
    cid = (await desk.submit_inbound(web_message("v-race", COMPLAINT))).conversation_id
    results = await asyncio.gather(handoff.take_over(desk, cid, a), handoff.take_over(desk, cid, b),
                                   return_exceptions=True)
    winners = [r for r in results if isinstance(r, handoff.StateChange)]
    losers = [r for r in results if isinstance(r, NotAllowed)]
    assert len(winners) == 1 and len(losers) == 1, results
    holder = winners[0].agent_id
    other = b if holder == a else a
    with pytest.raises(NotAllowed):
        await handoff.agent_reply(desk, cid, other, "我来回复")
    with pytest.raises(NotAllowed):
        await handoff.hand_back(desk, cid, other)
    # a supervisor may override
    change = await handoff.hand_back(desk, cid, other, override=True)
    assert change.state == "bot"


@pytest.mark.postgres
async def test_takeover_race_on_postgres_with_many_agents(desk_pg: Desk) -> None:
    desk = desk_pg
    ids = [await create_user(desk, email=f"agent{i}@desk.example.cn", role=Role.AGENT, password="x" * 12)
           for i in range(6)]
    cid = (await desk.submit_inbound(web_message("v-pg-race", COMPLAINT))).conversation_id
    results = await asyncio.gather(*(handoff.take_over(desk, cid, i) for i in ids), return_exceptions=True)
    assert sum(isinstance(r, handoff.StateChange) for r in results) == 1
    assert sum(isinstance(r, NotAllowed) for r in results) == len(ids) - 1


async def test_customer_asks_for_agent_then_notes_and_label_correction(desk: Desk) -> None:
    agent, colleague = await agents(desk)
    opened = await desk.submit_inbound(web_message("v-help", "你好"))
    cid = opened.conversation_id
    assert (await handoff.request_agent(desk, cid)).state == "waiting_for_agent"
    await handoff.take_over(desk, cid, agent)
    with pytest.raises(NotAllowed):
        await handoff.take_over(desk, cid, colleague)
    note_id = await handoff.add_note(desk, cid, agent, "客户情绪激动，疑似重复投诉，注意安抚")
    async with desk.unit_of_work() as uow:
        inbound = await uow.session.scalar(select(Message).where(Message.conversation_id == cid,
                                                                 Message.direction == "in"))
    fid = await handoff.correct_labels(desk, inbound.id, agent, kind=Kind.COMPLAINT,
                                       category=Category.SERVICE_ATTITUDE, business=Business.MOBILE)
    async with desk.unit_of_work() as uow:
        note = await uow.session.get(ConversationNote, note_id)
        feedback = await uow.session.get(NluFeedback, fid)
    assert note.text.startswith("客户情绪激动")
    assert (feedback.text, feedback.kind, feedback.category, feedback.business, feedback.staff_id) == (
        "你好", "complaint", "service_attitude", "mobile", agent)
    await handoff.close(desk, cid, agent)
    assert await desk.conversation_state(cid) == "closed"
    # the customer's next message starts a fresh conversation with the bot
    again = await desk.submit_inbound(web_message("v-help", "在吗"))
    assert again.conversation_id != cid and len(again.replies) == 1


async def test_thread_history_keys_replies_by_outbox_key(desk: Desk) -> None:
    opened = await desk.submit_inbound(web_message("v-hist", COMPLAINT))
    history = await handoff.thread_history(desk, Channel.WEB, "web:v-hist")
    assert history["conversation_id"] == opened.conversation_id
    assert history["ticket_number"] == opened.ticket_number
    assert [m["author"] for m in history["messages"]] == ["customer", "bot"]
    assert history["messages"][1]["key"].startswith("reply-")
    assert history["messages"][0]["key"].startswith("v-hist:")
