"""The bot wired into the inbound pipeline, on SQLite and PostgreSQL, with the real embedded model.

A customer's messages go through `Desk.submit_inbound` exactly as the channels send them; what is
checked is what the store holds afterwards (tickets, links, conversation state, queued replies).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bots.engine import Bot
from core.clock import FrozenClock
from core.db.tables import Conversation, KnowledgeArticle, Message, OutboxItem, Ticket, TicketEvent
from core.domain.labels import Channel, IdentityKind
from core.domain.messages import Identity, InboundMessage
from core.services.desk import Desk
from core.workflow.scheduler import run_due
from nlu.embedded import EmbeddedClassifier
from tests.conftest import DeskFactory
from tests.dialogue import answer_to, complain

pytestmark = pytest.mark.integration

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI)  # a Tuesday morning
NETWORK = "小区里手机信号特别差，5G经常断网，打电话老是掉线，希望尽快处理。"
BILLING = "这个月话费莫名其妙多扣了58元，我从来没有订过什么会员，要求退费！"


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
async def bot_desk(store_url: str, make_desk: DeskFactory, bot: Bot, classifier: EmbeddedClassifier,
                   clock: FrozenClock) -> Desk:
    return await make_desk(store_url, clock=clock, classifier=classifier, bot=bot)


def web(visitor: str, clock: FrozenClock) -> Callable[[str], InboundMessage]:
    """Messages of one widget visitor, each received at the clock's time."""
    return lambda text: InboundMessage(
        channel=Channel.WEB, provider_message_id=f"{visitor}:{uuid.uuid4().hex[:12]}",
        sender=Identity(IdentityKind.WEB, visitor), text=text, received_at=clock.now(),
        thread_key=f"web:{visitor}", reply_address=visitor)


def sms(phone: str, clock: FrozenClock) -> Callable[[str], InboundMessage]:
    return lambda text: InboundMessage(
        channel=Channel.SMS, provider_message_id=f"SM{uuid.uuid4().hex}", sender=Identity(IdentityKind.PHONE, phone),
        text=text, received_at=clock.now(), thread_key=phone)


async def tickets(desk: Desk) -> list[Ticket]:
    async with desk.unit_of_work() as uow:
        return list((await uow.session.scalars(select(Ticket).order_by(Ticket.id))).all())


async def conversation(desk: Desk, conversation_id: int) -> Conversation:
    async with desk.unit_of_work() as uow:
        found = await uow.session.get(Conversation, conversation_id)
        assert found is not None
        return found


async def test_the_bot_collects_what_is_missing_and_opens_the_ticket_on_confirmation(
    bot_desk: Desk, clock: FrozenClock
) -> None:
    say = web("visitor-net", clock)
    first = await bot_desk.submit_inbound(say(NETWORK))
    assert first.ticket_number is None and "联系电话" in first.replies[0]
    assert (await conversation(bot_desk, first.conversation_id)).intake_at == START
    asked = first.replies[-1]
    clock.advance(timedelta(minutes=1))
    # a bare phone number is no language: the next question stays in Chinese
    phone = await bot_desk.submit_inbound(say("13812345678"))
    assert "地点" in phone.replies[0]
    asked = phone.replies[-1]
    for _ in range(6):
        clock.advance(timedelta(minutes=1))
        answer = answer_to(asked)
        assert answer is not None, asked
        if answer == "是":
            break
        outcome = await bot_desk.submit_inbound(say(answer))
        assert outcome.ticket_number is None
        asked = outcome.replies[-1]
    assert "北京市朝阳区建国路88号3号楼" in asked and "138****5678" in asked  # the summary to confirm
    assert await tickets(bot_desk) == []
    yes = say("是")
    done = await bot_desk.submit_inbound(yes)
    assert done.ticket_number is not None and done.ticket_number in done.replies[0]
    [ticket] = await tickets(bot_desk)
    # the time limit runs from the complaint, not from the "yes"; labels are the complaint's
    assert ticket.received_at == START and ticket.category == "network_quality"
    assert ticket.details["contact_phone"] == "13812345678"
    assert ticket.details["location"] == "北京市朝阳区建国路88号3号楼"
    assert ticket.summary == NETWORK
    async with bot_desk.unit_of_work() as uow:
        unlinked = await uow.session.scalar(select(func.count()).select_from(Message).where(
            Message.conversation_id == done.conversation_id, Message.ticket_id.is_(None)))
    assert unlinked == 0  # the whole dialogue is on the ticket
    assert (await conversation(bot_desk, done.conversation_id)).intake_at is None
    # a replay of the confirmation (a resent webhook) opens nothing more
    again = await bot_desk.submit_inbound(yes)
    assert again.duplicate and again.ticket_number == done.ticket_number
    assert len(await tickets(bot_desk)) == 1

    # more news on the same conversation joins the open ticket instead of starting a second dialogue
    clock.advance(timedelta(minutes=5))
    more = await bot_desk.submit_inbound(say("还有，昨天晚上又断网了两个小时"))
    assert more.ticket_number == done.ticket_number and "已记入工单" in more.replies[0]
    assert len(await tickets(bot_desk)) == 1


async def test_a_confirmed_complaint_in_traditional_chinese_is_answered_in_traditional(
    bot_desk: Desk, clock: FrozenClock
) -> None:
    say = web("visitor-hant", clock)
    outcome = await complain(bot_desk, say, "我的手機號碼是0912345678，這個月帳單多扣了三百元，要求退費！")
    assert outcome.ticket_number is not None
    # a bare "是" reads as simplified to any detector; the conversation's language wins
    assert "您的投訴已受理" in outcome.replies[0]


async def test_asking_for_a_person_mid_complaint_waits_and_the_complaint_is_still_recorded_in_time(
    bot_desk: Desk, clock: FrozenClock
) -> None:
    say = web("visitor-human", clock)
    first = await bot_desk.submit_inbound(say(BILLING))
    handoff = await bot_desk.submit_inbound(say("转人工"))
    assert "人工客服" in handoff.replies[0]
    assert await bot_desk.conversation_state(first.conversation_id) == "waiting_for_agent"
    # while waiting for a person the bot does not converse and nothing opens by itself; the
    # customer only hears that someone is coming, and not at every message
    clock.advance(timedelta(minutes=2))
    waiting = await bot_desk.submit_inbound(say("人呢？"))
    assert waiting.ticket_number is None
    assert len(waiting.replies) == 1 and "客服人员会尽快接入" in waiting.replies[0]
    clock.advance(timedelta(minutes=1))
    again = await bot_desk.submit_inbound(say("快点啊"))
    assert again.replies == [] and again.ticket_number is None
    clock.advance(timedelta(minutes=2))
    await run_due(bot_desk.sessions, clock, bot_desk.policy)
    assert await tickets(bot_desk) == []
    # nobody came: before the 10-minute record limit the desk records the complaint itself
    clock.advance(timedelta(minutes=4))
    await run_due(bot_desk.sessions, clock, bot_desk.policy)
    [ticket] = await tickets(bot_desk)
    assert ticket.received_at == START and ticket.details.get("unconfirmed") is True
    assert ticket.category in ("billing", "unauthorized_service") and ticket.summary == BILLING
    async with bot_desk.unit_of_work() as uow:
        ack = (await uow.session.scalars(select(Message).where(
            Message.direction == "out", Message.template == "complaint_opened"))).all()
        events = (await uow.session.scalars(select(TicketEvent.action).where(TicketEvent.ticket_id == ticket.id))).all()
    assert [m.recipient for m in ack] == ["visitor-human"] and ticket.number in ack[0].text
    assert "recorded_unconfirmed" in events
    # a second pass finds nothing more to record
    clock.advance(timedelta(minutes=10))
    await run_due(bot_desk.sessions, clock, bot_desk.policy)
    assert len(await tickets(bot_desk)) == 1


async def test_an_unanswered_bot_question_does_not_lose_the_complaint(bot_desk: Desk, clock: FrozenClock) -> None:
    say = web("visitor-gone", clock)
    first = await bot_desk.submit_inbound(say(NETWORK))
    assert first.ticket_number is None
    clock.advance(timedelta(minutes=9))
    await run_due(bot_desk.sessions, clock, bot_desk.policy)
    [ticket] = await tickets(bot_desk)
    assert ticket.category == "network_quality" and ticket.details["unconfirmed"] is True
    assert "contact_phone" not in ticket.details  # never given
    # the customer comes back later: the message joins the ticket the desk opened
    clock.advance(timedelta(minutes=30))
    back = await bot_desk.submit_inbound(say("13812345678"))
    assert back.ticket_number == ticket.number


async def test_inquiries_are_answered_from_the_knowledge_base_or_offered_a_person(
    bot_desk: Desk, clock: FrozenClock
) -> None:
    async with bot_desk.unit_of_work() as uow:
        uow.session.add(KnowledgeArticle(
            language="zh-Hans", title="5G套餐资费", keywords=["5G套餐", "资费", "月租"],
            body="5G套餐月费59元起，含30GB流量和500分钟通话，可在营业厅或掌上营业厅APP办理。",
            published=True, created_at=START, updated_at=START))
        uow.session.add(KnowledgeArticle(
            language="zh-Hans", title="旧版资费说明", keywords=["5G套餐"], body="已下线的旧说明。",
            published=False, created_at=START, updated_at=START))
        await uow.commit()
    say = web("visitor-ask", clock)
    answered = await bot_desk.submit_inbound(say("请问你们的5G套餐资费是多少？怎么办理？"))
    assert "59元起" in answered.replies[0] and "已下线" not in answered.replies[0]
    unknown = await bot_desk.submit_inbound(say("请问国际漫游在日本怎么开通？"))
    assert "暂时无法准确回答" in unknown.replies[0]
    assert await tickets(bot_desk) == []
    async with bot_desk.unit_of_work() as uow:
        last = await uow.session.scalar(select(Message).where(Message.direction == "out").order_by(Message.id.desc()))
    assert last is not None and last.options == {"buttons": ["转人工"]}


async def test_status_queries_answer_the_owner_and_nobody_else(bot_desk: Desk, clock: FrozenClock) -> None:
    # a customer complains by SMS: the short form asks nothing (the sender is the phone) and opens at once
    texted = await bot_desk.submit_inbound(sms("+8613900001111", clock)(BILLING))
    number = texted.ticket_number
    assert number is not None and number in texted.replies[0]

    # the owner asks by SMS in their own words
    clock.advance(timedelta(hours=1))
    own = await bot_desk.submit_inbound(sms("+8613900001111", clock)("我的投诉处理得怎么样了"))
    assert number in own.replies[0] and "已受理" in own.replies[0]

    # a stranger in the widget with the ticket number learns nothing
    stranger = web("visitor-nosy", clock)
    nosy = await bot_desk.submit_inbound(stranger(f"帮我查一下工单{number}的处理进度"))
    assert number not in nosy.replies[0] and "没有查到" in nosy.replies[0]
    # asking by the owner's phone number sends the status to that phone, not to the asker
    by_phone = await bot_desk.submit_inbound(stranger("查询工单进度，电话13900001111"))
    assert "139****1111" in by_phone.replies[0] and number not in by_phone.replies[0]
    async with bot_desk.unit_of_work() as uow:
        to_owner = (await uow.session.scalars(select(Message).where(
            Message.direction == "out", Message.recipient == "+8613900001111", Message.template == "ticket_status"))).all()
        queued = await uow.session.scalar(select(func.count()).select_from(OutboxItem).where(
            OutboxItem.message_id == to_owner[0].id))
    assert len(to_owner) == 1 and number in to_owner[0].text and queued == 1


async def test_sms_short_form_asks_only_where_a_network_fault_is(bot_desk: Desk, clock: FrozenClock) -> None:
    say = sms("+8613700002222", clock)
    first = await bot_desk.submit_inbound(say("家里宽带断网两天了，报修没人来，要求尽快修复！"))
    assert first.ticket_number is None and "地点" in first.replies[0]
    clock.advance(timedelta(minutes=3))
    done = await bot_desk.submit_inbound(say("上海市浦东新区张杨路500号"))
    # no summary round over SMS: the answer completes the complaint
    assert done.ticket_number is not None and done.ticket_number in done.replies[0]
    [ticket] = await tickets(bot_desk)
    assert ticket.received_at == START and ticket.details["location"] == "上海市浦东新区张杨路500号"


async def test_suggestions_and_praise_are_recorded_with_thanks(bot_desk: Desk, clock: FrozenClock) -> None:
    say = web("visitor-idea", clock)
    idea = await bot_desk.submit_inbound(say("建议你们营业厅周末也营业到晚上八点，上班族工作日根本去不了。"))
    assert idea.ticket_number is not None and idea.ticket_number in idea.replies[0] and "建议" in idea.replies[0]
    praise = await bot_desk.submit_inbound(web("visitor-thanks", clock)("昨天来装宽带的王师傅特别专业耐心，给你们点个赞！"))
    assert "感谢您的肯定" in praise.replies[0]
    kinds = sorted(t.kind for t in await tickets(bot_desk))
    assert kinds == ["praise", "suggestion"]
