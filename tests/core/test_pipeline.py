"""The inbound pipeline against real SQLite and PostgreSQL stores."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from core.db.tables import (
    Conversation,
    Customer,
    CustomerEvent,
    CustomerIdentity,
    Message,
    OutboxItem,
    Ticket,
    TicketDeadline,
    TicketEvent,
)
from core.domain.labels import Channel, ConversationState, IdentityKind, Language
from core.domain.messages import Identity, InboundMessage, NluResult
from core.errors import InvalidInbound
from core.services.desk import Desk

pytestmark = pytest.mark.integration

RECEIVED = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def telegram_msg(pid: str, text: str, user: str = "551234001", **kw: object) -> InboundMessage:
    return InboundMessage(
        channel=Channel.TELEGRAM,
        provider_message_id=pid,
        sender=Identity(IdentityKind.TELEGRAM, user),
        text=text,
        received_at=RECEIVED,
        thread_key=user,
        name="王小明",
        **kw,  # type: ignore[arg-type]
    )


async def count(desk: Desk, table: type) -> int:
    async with desk.unit_of_work() as uow:
        return int(await uow.session.scalar(select(func.count()).select_from(table)) or 0)


async def test_complaint_becomes_ticket_with_ack_in_one_go(any_desk: Desk) -> None:
    out = await any_desk.submit_inbound(
        telegram_msg("upd-1001", "我的宽带从昨天晚上开始一直断网，打了10000也没人管，要求尽快修复！")
    )
    assert out.ticket_number is not None
    assert re.fullmatch(r"TS20261124\d{6}", out.ticket_number)
    assert out.duplicate is False
    assert len(out.replies) == 1 and out.ticket_number in out.replies[0]
    async with any_desk.unit_of_work() as uow:
        s = uow.session
        ticket = await s.scalar(select(Ticket).where(Ticket.number == out.ticket_number))
        assert ticket is not None
        assert (ticket.kind, ticket.category, ticket.business) == (
            "complaint",
            "network_quality",
            "broadband",
        )
        assert ticket.status == "new" and ticket.risk_colour == "blue"
        steps = {
            d.step: d
            for d in (
                await s.scalars(select(TicketDeadline).where(TicketDeadline.ticket_id == ticket.id))
            ).all()
        }
        assert steps["resolve"].due_at == RECEIVED + timedelta(hours=24)
        assert steps["dispatch"].due_at == RECEIVED + timedelta(hours=1)
        assert steps["acknowledge"].met_at is not None
        inbound = await s.scalar(select(Message).where(Message.provider_message_id == "upd-1001"))
        assert inbound is not None and inbound.ticket_id == ticket.id and inbound.nlu["kind"] == "complaint"
        ack = await s.scalar(select(Message).where(Message.in_reply_to_id == inbound.id))
        assert ack is not None and ack.delivery_status == "queued" and ack.channel == "telegram"
        assert ack.recipient == "551234001" and ack.language == "zh-Hans"
        outbox = await s.scalar(select(OutboxItem).where(OutboxItem.message_id == ack.id))
        assert outbox is not None and outbox.status == "pending"
        identity = await s.scalar(select(CustomerIdentity).where(CustomerIdentity.value == "551234001"))
        assert identity is not None and identity.kind == "telegram"
        events = (await s.scalars(select(TicketEvent.action).where(TicketEvent.ticket_id == ticket.id))).all()
        assert "opened" in events


async def test_replayed_message_creates_nothing_twice(any_desk: Desk) -> None:
    msg = telegram_msg("upd-2001", "这个月话费多扣了50元，为什么？我要投诉")
    first = await any_desk.submit_inbound(msg)
    before = [await count(any_desk, t) for t in (Message, Ticket, OutboxItem, Customer, Conversation)]
    again = await any_desk.submit_inbound(msg)
    after = [await count(any_desk, t) for t in (Message, Ticket, OutboxItem, Customer, Conversation)]
    assert before == after
    assert again.duplicate is True
    assert (again.ticket_number, again.conversation_id, again.replies) == (
        first.ticket_number,
        first.conversation_id,
        first.replies,
    )


async def test_concurrent_retries_store_one_message(any_desk: Desk) -> None:
    msg = telegram_msg("upd-3001", "Why did you charge me $65 again? I want a refund.", user="99001")
    outcomes = await asyncio.gather(*(any_desk.submit_inbound(msg) for _ in range(8)))
    assert sum(not o.duplicate for o in outcomes) == 1
    assert len({o.ticket_number for o in outcomes}) == 1
    assert await count(any_desk, Ticket) == 1
    assert await count(any_desk, OutboxItem) == 1


async def test_concurrent_first_messages_of_new_customers(any_desk: Desk) -> None:
    msgs = [telegram_msg(f"upd-40{i}", f"宽带又断网了，第{i}次报修", user=f"7700{i % 3}") for i in range(9)]
    outcomes = await asyncio.gather(*(any_desk.submit_inbound(m) for m in msgs))
    assert all(not o.duplicate for o in outcomes)
    assert await count(any_desk, Customer) == 3
    assert await count(any_desk, Message) == 9 + 9


async def test_follow_up_updates_the_open_ticket(any_desk: Desk) -> None:
    first = await any_desk.submit_inbound(telegram_msg("upd-5001", "家里宽带断网两天了，要求尽快修复"))
    second = await any_desk.submit_inbound(
        telegram_msg("upd-5002", "补充一下：光猫LOS灯一直闪红，报修电话打不通")
    )
    assert second.ticket_number == first.ticket_number
    assert second.conversation_id == first.conversation_id
    assert "已记入工单" in second.replies[0]
    assert await count(any_desk, Ticket) == 1


async def test_vip_and_appeal_deadlines_and_grading(any_desk: Desk) -> None:
    msg = replace(
        telegram_msg("upd-6001", "营业员承诺不收违约金，结果扣了300元，我已经向工信部申诉了", user="1234"),
        tier="vip",
        appeal=True,
    )
    out = await any_desk.submit_inbound(msg)
    async with any_desk.unit_of_work() as uow:
        ticket = await uow.session.scalar(select(Ticket).where(Ticket.number == out.ticket_number))
        assert ticket is not None
        assert (ticket.risk_colour, ticket.severity, ticket.priority) == ("red", "major", "urgent")
        assert ticket.is_appeal
        due = dict(
            (
                await uow.session.execute(
                    select(TicketDeadline.step, TicketDeadline.due_at).where(
                        TicketDeadline.ticket_id == ticket.id
                    )
                )
            ).all()
        )
    assert due["resolve"] == RECEIVED + timedelta(hours=12)
    assert due["appeal_preprocess"] == RECEIVED + timedelta(hours=24)
    # six working days after Tue 24 Nov 2026: Wed..Fri (3), Mon..Wed (3) → 2 Dec, end of day Beijing time
    assert due["appeal_close"] == datetime(2026, 12, 2, 15, 59, 59, tzinfo=UTC)


async def test_one_message_revealing_two_customers_merges_them(any_desk: Desk) -> None:
    a = await any_desk.submit_inbound(telegram_msg("upd-7001", "你好", user="42"))
    api_msg = InboundMessage(
        channel=Channel.API,
        provider_message_id="crm-1",
        sender=Identity(IdentityKind.API, "crm-778"),
        text="话费乱扣，要求退费",
        received_at=RECEIVED,
        thread_key="crm-778",
        extra_identities=(Identity(IdentityKind.PHONE, "138-1234-5678"),),
        tier="vip",
    )
    b = await any_desk.submit_inbound(api_msg)
    assert await count(any_desk, Customer) == 2
    # the same person shares their phone number in Telegram: both customers are one
    shared = telegram_msg(
        "upd-7002",
        "我的手机号是13812345678",
        user="42",
        extra_identities=(Identity(IdentityKind.PHONE, "+86 138 1234 5678"),),
    )
    await any_desk.submit_inbound(shared)
    async with any_desk.unit_of_work() as uow:
        s = uow.session
        live = (await s.scalars(select(Customer).where(Customer.merged_into_id.is_(None)))).all()
        assert len(live) == 1
        survivor = live[0]
        kinds = sorted(
            (
                await s.scalars(
                    select(CustomerIdentity.kind).where(CustomerIdentity.customer_id == survivor.id)
                )
            ).all()
        )
        assert kinds == ["api", "phone", "telegram"]
        assert survivor.tier == "vip"  # the higher tier wins
        owners = set((await s.scalars(select(Ticket.customer_id))).all())
        assert owners == {survivor.id}
        assert await s.scalar(select(CustomerEvent).where(CustomerEvent.action == "merged")) is not None
    assert a.conversation_id != b.conversation_id


async def test_ticket_tag_of_someone_else_opens_a_new_ticket(any_desk: Desk) -> None:
    mine = await any_desk.submit_inbound(telegram_msg("upd-8001", "宽带断网了要求修复", user="1"))
    other = await any_desk.submit_inbound(
        telegram_msg("upd-8002", "我也断网了，投诉！", user="2", ticket_hint=mine.ticket_number)
    )
    assert other.ticket_number != mine.ticket_number
    same = await any_desk.submit_inbound(
        telegram_msg("upd-8003", "还是没修好", user="1", ticket_hint=mine.ticket_number)
    )
    assert same.ticket_number == mine.ticket_number


async def test_bot_stays_silent_while_an_agent_holds_the_conversation(any_desk: Desk) -> None:
    first = await any_desk.submit_inbound(telegram_msg("upd-9001", "宽带断网了要求修复"))
    async with any_desk.unit_of_work() as uow:
        conv = await uow.session.get(Conversation, first.conversation_id)
        assert conv is not None
        conv.state = ConversationState.AGENT.value
        await uow.commit()
    later = await any_desk.submit_inbound(telegram_msg("upd-9002", "你们到底什么时候来修？"))
    assert later.replies == []
    assert later.ticket_number == first.ticket_number


@pytest.mark.parametrize(
    ("text", "language", "needle"),
    [
        ("這個月話費多扣了50元，我要投訴，請盡快退費", Language.ZH_HANT, "轉交市場部"),
        ("My broadband has been down since Monday, this is unacceptable. Fix it.", Language.EN, "ticket"),
        ("这个月话费多扣了50元，我要投诉", Language.ZH_HANS, "转交市场部"),
    ],
)
async def test_acknowledgement_in_the_customers_language(
    desk: Desk, text: str, language: Language, needle: str
) -> None:
    out = await desk.submit_inbound(telegram_msg(f"lang-{language}", text))
    assert needle in out.replies[0]
    async with desk.unit_of_work() as uow:
        ack = await uow.session.scalar(select(Message).where(Message.direction == "out"))
        assert ack is not None and ack.language == language.value


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"text": "   "}, "text: empty"),
        ({"text": "投诉" * 10001}, "longer than 20000"),
        ({"sender": Identity(IdentityKind.TELEGRAM, "")}, "sender: missing"),
        ({"provider_message_id": ""}, "message_id: missing"),
        ({"received_at": datetime(2026, 11, 24, 9, 30)}, "time zone"),
    ],
)
async def test_bad_input_is_refused_and_nothing_written(
    desk: Desk, change: dict[str, object], problem: str
) -> None:
    with pytest.raises(InvalidInbound, match=problem):
        await desk.submit_inbound(replace(telegram_msg("bad-1", "宽带断网"), **change))  # type: ignore[arg-type]
    assert await count(desk, Message) == 0
    assert await count(desk, Customer) == 0


async def test_nul_characters_are_kept_visible_not_fatal(any_desk: Desk) -> None:
    out = await any_desk.submit_inbound(telegram_msg("nul-1", "话费多扣了\x0050元，投诉"))
    async with any_desk.unit_of_work() as uow:
        text = await uow.session.scalar(select(Message.text).where(Message.id == out.message_id))
    assert text == "话费多扣了\ufffd50元，投诉"


class BrokenModel:
    name = "broken"

    async def classify(self, text: str, *, received_at: datetime) -> NluResult:
        raise RuntimeError("model file corrupt")


async def test_a_failing_model_loses_no_message(make_desk, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    desk = await make_desk(sqlite_url, classifier=BrokenModel())
    out = await desk.submit_inbound(telegram_msg("nlu-fail-1", "宽带断网了"))
    async with desk.unit_of_work() as uow:
        stored = await uow.session.get(Message, out.message_id)
        assert stored is not None and stored.nlu["model"] == "broken:failed"
    assert out.replies  # the customer still hears from us


async def test_ticket_numbers_count_per_local_day(any_desk: Desk) -> None:
    desk = any_desk
    late = datetime(2026, 11, 24, 15, 59, tzinfo=UTC)  # 23:59 in Beijing
    after_midnight = late + timedelta(minutes=2)
    n1 = (
        await desk.submit_inbound(replace(telegram_msg("d-1", "宽带断网投诉", user="a"), received_at=late))
    ).ticket_number
    n2 = (
        await desk.submit_inbound(replace(telegram_msg("d-2", "宽带断网投诉", user="b"), received_at=late))
    ).ticket_number
    n3 = (
        await desk.submit_inbound(
            replace(telegram_msg("d-3", "宽带断网投诉", user="c"), received_at=after_midnight)
        )
    ).ticket_number
    assert (n1, n2, n3) == ("TS20261124000001", "TS20261124000002", "TS20261125000001")


async def test_refused_attachments_are_named_in_the_reply(desk: Desk) -> None:
    from core.domain.messages import Attachment

    msg = replace(
        telegram_msg("att-1", "宽带断网了，截图和录音见附件，投诉"),
        attachments=(
            Attachment("screenshot.png", "image/png", 120_000, storage_ref="ab/ab12cd/screenshot.png"),
            Attachment("录音.zip", "application/zip", 40_000_000, refused_reason="too_large"),
        ),
    )
    out = await desk.submit_inbound(msg)
    assert "录音.zip" in out.replies[0] and "screenshot.png" not in out.replies[0]
    async with desk.unit_of_work() as uow:
        stored = await uow.session.get(Message, out.message_id)
        assert stored is not None and [a["refused_reason"] for a in stored.attachments] == [None, "too_large"]


@pytest.mark.unit
def test_masking_hides_numbers_but_not_ticket_numbers() -> None:
    from core.domain.masking import mask_number, mask_text

    assert mask_number("+86 138-1234-5678") == "138****5678"
    assert mask_text("用户13812345678反映 TS20261124000123 未处理") == "用户138****5678反映 TS20261124000123 未处理"
