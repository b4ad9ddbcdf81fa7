"""One complaint through every step of policy §4 and §5, with each deadline and timer checked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from workflow_harness import World, cst

from core.domain.labels import TicketStatus
from core.workflow import orders

pytestmark = pytest.mark.integration


async def test_a_normal_complaint_from_receipt_to_revisit(world: World) -> None:
    received = cst(2026, 9, 18, 9, 0)  # a Friday before the Mid-Autumn and National Day holidays
    number = await world.complain("我家宽带又断网了，已经两天了，麻烦尽快修复", phone="+8613812345678", at=received)
    assert number is not None
    due = await world.deadlines(number)
    assert due["dispatch"][0] == received + timedelta(hours=1)
    assert due["resolve"][0] == received + timedelta(hours=24)

    # dispatch at 09:30 meets the 1-hour limit and opens the 30-minute department response
    await world.act(orders.dispatch, number, "agent_li", at=cst(2026, 9, 18, 9, 30))
    due = await world.deadlines(number)
    assert due["dispatch"][1] == cst(2026, 9, 18, 9, 30)
    assert due["department_response"][0] == cst(2026, 9, 18, 10, 0)
    ticket = await world.ticket(number)
    assert ticket.status == TicketStatus.DISPATCHED.value
    assert ticket.owner_id == world.staff["agent_li"].id  # 首问负责

    # the department is urged at 80 % of its 30 minutes, then accepts before the limit
    await world.advance_to(cst(2026, 9, 18, 9, 55))
    urges = await world.notifications(number, "urge")
    assert [(n.audience, n.created_at) for n in urges] == [("department:network_ops", cst(2026, 9, 18, 9, 54))]
    await world.act(orders.accept, number, "net_sun")
    await world.advance_to(cst(2026, 9, 18, 10, 30))
    assert await world.notifications(number, "breach") == []

    await world.act(orders.reply, number, "net_sun", at=cst(2026, 9, 18, 20, 0), cause="光猫故障",
                    result="已上门更换光猫，网络恢复正常", prevention="对该小区光猫批次进行排查",
                    commitment="减免本月宽带月租30元")
    assert (await world.deadlines(number))["tell_result"][0] == cst(2026, 9, 19, 20, 0)
    await world.act(orders.review, number, "senior_zhao", approve=True)
    await world.act(orders.close, number, "agent_li", at=cst(2026, 9, 18, 21, 0))

    result = await world.outbound(number, "result_notice")
    assert len(result) == 1 and result[0].channel == "sms" and result[0].recipient == "+8613812345678"
    assert "光猫故障" in result[0].text and "已上门更换光猫" in result[0].text and "排查" in result[0].text
    # a commitment is confirmed in writing, and no limit was breached
    assert len(await world.outbound(number, "commitment_confirmation")) == 1
    assert await world.notifications(number, "breach") == []
    # the resolve urge at 19.2 h never fires: the step was met
    assert all(outcome != "acted" for kind, step, _, _, outcome in await world.timers(number) if step == "resolve")

    # revisit: closed Friday night; Sat off, Sun 20th is a moved working day (1), Mon (2), Tue (3) → 22nd 10:00;
    # the window ends after the 7th working day, skipping Mid-Autumn (25th-27th): 29th
    due = await world.deadlines(number)
    assert due["revisit"][0] == cst(2026, 9, 29, 23, 59, 59)
    await world.advance_to(cst(2026, 9, 22, 9, 59))
    assert await world.outbound(number, "revisit_survey") == []
    await world.advance_to(cst(2026, 9, 22, 10, 0))
    survey = await world.outbound(number, "revisit_survey")
    assert len(survey) == 1 and survey[0].created_at == cst(2026, 9, 22, 10, 0)
    assert survey[0].options and survey[0].options["buttons"] == ["1", "2", "3", "4", "5"]

    # a new complaint that happens to say 很差 is a complaint, not a score for the old ticket
    other = await world.complain("5G信号很差", phone="+8613812345678", at=cst(2026, 9, 22, 11, 0))
    assert other is not None and other != number
    assert (await world.ticket(number)).status == TicketStatus.CLOSED.value
    # the survey is still open and a plain score answers it
    await world.complain("5", phone="+8613812345678", at=cst(2026, 9, 22, 12, 0))
    assert len(await world.outbound(number, "revisit_thanks")) == 1


async def test_refused_operations_change_nothing(world: World) -> None:
    number = await world.complain("话费无故多扣了50元，要求退费", phone="+8613900001111", at=cst(2026, 9, 18, 9, 0))
    assert number is not None
    from core.errors import NotAllowed

    with pytest.raises(NotAllowed, match="department_staff may not"):
        await world.act(orders.dispatch, number, "bill_zhou")
    with pytest.raises(NotAllowed, match=r"not allowed while ticket .* is new"):
        await world.act(orders.close, number, "agent_li")
    await world.act(orders.dispatch, number, "agent_li")
    with pytest.raises(NotAllowed, match="not to your department"):
        await world.act(orders.accept, number, "net_sun")
    with pytest.raises(NotAllowed, match="reason: required"):
        await world.act(orders.return_order, number, "bill_zhou", reason="  ")
    ticket = await world.ticket(number)
    assert ticket.status == TicketStatus.DISPATCHED.value
    assert [e.action for e in await world.events(number)] == ["opened", "dispatch"]


async def test_details_added_before_dispatch_do_not_count_as_a_repeat(world: World) -> None:
    number = await world.complain("家里宽带断网了，请尽快修复", phone="+8613812345678", at=cst(2026, 10, 12, 9, 0))
    assert number is not None
    again = await world.complain("补充一下：我在朝阳区望京，光猫已经重启过了", phone="+8613812345678",
                                 at=cst(2026, 10, 12, 9, 5))
    assert again == number
    assert (await world.ticket(number)).risk_colour == "blue"
    assert await world.events(number, "repeat") == []
    # once dispatched, the customer writing again is chasing: the department is urged, yellow
    await world.act(orders.dispatch, number, "agent_li", at=cst(2026, 10, 12, 9, 10))
    await world.complain("怎么还没修好？到现在还是断网", phone="+8613812345678", at=cst(2026, 10, 12, 9, 20))
    assert (await world.ticket(number)).risk_colour == "yellow"
    chased = [n for n in await world.notifications(number, "urge") if n.data.get("by") == "customer"]
    assert [(n.audience, n.created_at) for n in chased] == [("department:network_ops", cst(2026, 10, 12, 9, 20))]


async def test_the_supervisor_board_shows_near_and_breached_orders(world: World) -> None:
    from core.workflow.board import department_queue, supervisor_board

    vip = await world.complain("手机信号太差了，5G经常掉线", phone="+8613700000002", at=cst(2026, 10, 12, 9, 0), tier="vip")
    normal = await world.complain("这个月话费多扣了58元，要求退费", phone="+8613600000003", at=cst(2026, 10, 12, 9, 30))
    assert vip is not None and normal is not None
    await world.act(orders.dispatch, vip, "agent_li", at=cst(2026, 10, 12, 9, 40))
    await world.act(orders.accept, vip, "net_sun", at=cst(2026, 10, 12, 9, 45))
    await world.advance_to(cst(2026, 10, 12, 19, 30))
    async with world.desk.unit_of_work() as uow:
        board = await supervisor_board(uow.session, world.desk.policy, world.clock.now())
        queue = await department_queue(uow.session, "network_ops")
    # the normal complaint was never dispatched (breached at 10:30); the VIP's 12 hours end at 21:00
    assert [(r["number"], r["step"], r["state"]) for r in board] == [
        (normal, "dispatch", "breached"), (vip, "resolve", "near")]
    assert board[0]["overdue_minutes"] == 9 * 60
    assert [q["number"] for q in queue] == [vip]
