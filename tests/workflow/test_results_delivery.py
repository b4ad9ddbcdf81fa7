"""Result messages: the preferred channel, the fallback when it fails, opt-outs, written commitments,
and the console's appeal, complex-track and delay entries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from workflow_harness import World, cst

from core.clock import FrozenClock
from core.domain.labels import Channel, DeliveryStatus, RiskColour, Role
from core.domain.messages import DeliveryReceipt, OutboundMessage
from core.errors import NotAllowed, PermanentFailure
from core.services.outbox import OutboxDispatcher
from core.workflow import orders

pytestmark = pytest.mark.integration


class RefusingMailServer:
    """The e-mail channel as it behaves when the mailbox does not exist (SMTP 550)."""

    channel = Channel.EMAIL

    def __init__(self) -> None:
        self.tried: list[str] = []

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def send(self, message: OutboundMessage) -> DeliveryReceipt:
        self.tried.append(message.recipient)
        raise PermanentFailure("550 5.1.1 <li.ming@example.cn>: Recipient address rejected: User unknown")


class SmsGateway:
    channel = Channel.SMS

    def __init__(self) -> None:
        self.sent: list[OutboundMessage] = []

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def send(self, message: OutboundMessage) -> DeliveryReceipt:
        self.sent.append(message)
        return DeliveryReceipt(f"SM{len(self.sent):032x}", DeliveryStatus.SENT)


async def _settle(w: World, number: str, *, commitment: str | None = None) -> None:
    await w.act(orders.dispatch, number, "agent_li")
    await w.act(orders.accept, number, "bill_zhou")
    await w.act(orders.reply, number, "bill_zhou", cause="计费系统重复扣费", result="已全额退还58元",
                prevention="修复计费规则", commitment=commitment)
    await w.act(orders.review, number, "senior_zhao", approve=True)
    await w.act(orders.close, number, "agent_li")


async def test_a_result_that_cannot_be_delivered_goes_down_the_fallback_order(world: World) -> None:
    w = world
    number = await w.complain("这个月话费多扣了58元，要求退费", phone="+8613812345678", email="li.ming@example.cn",
                              channel=Channel.EMAIL, at=cst(2026, 10, 12, 9, 0))
    assert number is not None
    await _settle(w, number)
    mail, sms = RefusingMailServer(), SmsGateway()
    assert isinstance(w.clock, FrozenClock)
    dispatcher = OutboxDispatcher(w.desk.sessions, {Channel.EMAIL: mail, Channel.SMS: sms}, w.desk.policy.outbox,
                                  w.clock)
    await dispatcher.run_once()  # the acknowledgement and the result both bounce off the mail server
    assert "li.ming@example.cn" in mail.tried
    results = await w.outbound(number, "result_notice")
    assert [(m.channel, m.delivery_status) for m in results] == [("email", "failed")]

    await w.advance_to(w.clock.now() + timedelta(seconds=5))  # the scheduler's pass moves it on
    await dispatcher.run_once()
    results = await w.outbound(number, "result_notice")
    assert [(m.channel, m.recipient, m.delivery_status) for m in results] == [
        ("email", "li.ming@example.cn", "failed"), ("sms", "+8613812345678", "sent")]
    assert results[0].text == results[1].text
    assert [m.recipient for m in sms.sent if "已全额退还58元" in m.text] == ["+8613812345678"]
    fallbacks = await w.events(number, "fallback_channel")
    assert [(e.data["from"], e.data["to"]) for e in fallbacks] == [("email", "sms")]
    # the next passes change nothing: the chain is used up once
    await w.advance_to(w.clock.now() + timedelta(minutes=5))
    await dispatcher.run_once()
    assert len(await w.outbound(number, "result_notice")) == 2


async def test_opted_out_channels_are_skipped_and_commitments_go_in_writing(world: World) -> None:
    w = world
    number = await w.complain("这个月话费多扣了58元，要求退费", phone="+8613812345678", email="li.ming@example.cn",
                              channel=Channel.EMAIL, at=cst(2026, 10, 12, 9, 0))
    assert number is not None
    await w.desk.set_opt_out(Channel.EMAIL, "li.ming@example.cn", True)
    await _settle(w, number, commitment="58元将在3个工作日内退回原账户")
    results = await w.outbound(number, "result_notice")
    assert [(m.channel, m.recipient) for m in results] == [("sms", "+8613812345678")]
    written = await w.outbound(number, "commitment_confirmation")
    assert len(written) == 1 and written[0].channel == "sms" and "3个工作日内退回" in written[0].text


async def test_nobody_reachable_is_recorded_on_the_ticket(world: World) -> None:
    w = world
    number = await w.complain("这个月话费多扣了58元，要求退费", phone="+8613812345678", at=cst(2026, 10, 12, 9, 0))
    assert number is not None
    await w.desk.set_opt_out(Channel.SMS, "+8613812345678", True)
    await _settle(w, number)
    assert await w.outbound(number, "result_notice") == []
    assert [e.data["template"] for e in await w.events(number, "unreachable")] == ["result_notice"]


async def test_an_appeal_entered_in_the_console_turns_red_with_its_own_limits(world: World) -> None:
    w = world
    number = await w.complain("宽带装机预约了三次都没人来", phone="+8613812345678", at=cst(2026, 9, 30, 9, 0))
    assert number is not None
    await w.act(orders.dispatch, number, "agent_li", at=cst(2026, 9, 30, 9, 10))
    await w.act(orders.register_appeal, number, "agent_li", at=cst(2026, 9, 30, 14, 0))
    due = await w.deadlines(number)
    assert due["appeal_preprocess"][0] == cst(2026, 10, 1, 14, 0)
    # the day of receipt does not count: 8, 9, 10 (Sat, moved working day), 12, 13, 14
    assert due["appeal_close"][0] == cst(2026, 10, 14, 23, 59, 59)
    # 10 working days from the same afternoon: ... 15, 16, 19, 20
    assert due["supervision_reply"][0] == cst(2026, 10, 20, 23, 59, 59)
    ticket = await w.ticket(number)
    assert ticket.risk_colour == RiskColour.RED.value and ticket.is_appeal
    assert [n.audience for n in await w.notifications(number, "supervision_order")] == ["level:top_management"]
    with pytest.raises(NotAllowed, match="already an appeal"):
        await w.act(orders.register_appeal, number, "agent_li")


async def test_the_complex_track_and_a_staff_delay_notice(world: World) -> None:
    w = world
    await w.hire("inst_he", Role.DEPARTMENT_STAFF, "installation")
    number = await w.complain("宽带装机预约了三次都没人来", phone="+8613812345678", at=cst(2026, 9, 21, 9, 0))
    assert number is not None
    await w.act(orders.dispatch, number, "agent_li", at=cst(2026, 9, 21, 9, 10))
    await w.act(orders.accept, number, "inst_he", at=cst(2026, 9, 21, 9, 20))
    await w.act(orders.mark_complex, number, "senior_zhao", reason="涉及小区管线改造，需物业配合")
    due = await w.deadlines(number)
    assert due["complex_preliminary"][0] == cst(2026, 9, 24, 9, 0)
    # 15 working days from Mon 21 Sept: 22-24 (3), 28-30 (6), 8-10 Oct (9), 12-16 (14), 19 (15)
    assert due["resolve"][0] == cst(2026, 10, 19, 23, 59, 59)
    await w.act(orders.announce_delay, number, "agent_li", at=cst(2026, 9, 23, 9, 0), step="complex_preliminary",
                reason="物业尚未同意施工", expected_at=cst(2026, 9, 25, 18, 0))
    notices = await w.outbound(number, "delay_notice")
    assert len(notices) == 1 and "物业尚未同意施工" in notices[0].text and "2026年9月25日 18:00" in notices[0].text
    # the automatic notice before the limit does not repeat what staff already said
    await w.advance_to(cst(2026, 9, 24, 12, 0))
    assert len(await w.outbound(number, "delay_notice")) == 1
    escalated = await w.events(number, "escalated")
    assert [e.data["step"] for e in escalated] == ["complex_preliminary"]


async def test_a_returned_order_is_dispatched_again_with_a_new_response_limit(world: World) -> None:
    w = world
    number = await w.complain("这个月话费多扣了58元，要求退费", phone="+8613812345678", at=cst(2026, 10, 12, 9, 0))
    assert number is not None
    await w.act(orders.dispatch, number, "agent_li", department="network_ops", at=cst(2026, 10, 12, 9, 5))
    await w.act(orders.return_order, number, "net_sun", reason="计费问题不属于网络部", at=cst(2026, 10, 12, 9, 15))
    returned = await w.notifications(number, "returned")
    assert [(n.audience, n.data["reason"]) for n in returned] == [("department:complaint_desk", "计费问题不属于网络部")]
    await w.act(orders.dispatch, number, "agent_li", department="marketing_billing", at=cst(2026, 10, 12, 9, 20))
    due = await w.deadlines(number)
    assert due["department_response"][1] == cst(2026, 10, 12, 9, 15)
    assert due["department_response_2"] == (cst(2026, 10, 12, 9, 50), None)
    await w.act(orders.urge, number, "agent_li", note="客户来电催促")
    assert [n.audience for n in await w.notifications(number, "urge")] == ["department:marketing_billing"]
    actions = [e.action for e in await w.events(number)]
    assert actions == ["opened", "dispatch", "return", "dispatch", "urge"]
