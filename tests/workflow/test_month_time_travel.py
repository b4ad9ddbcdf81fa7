"""A month of complaints (18 Sept to 23 Oct 2026) across Mid-Autumn, the National Day week and its
moved working days (Sun 20 Sept, Sat 10 Oct), on SQLite and PostgreSQL, with a restart mid-way.

Every timer that acted, every escalation and colour report, every delay notice and revisit is
checked against the time policy §3 to §7 gives for it, and against firing more than once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

import pytest
from workflow_harness import World, cst

from core.domain.labels import RiskColour, TicketStatus
from core.services.desk import Desk
from core.workflow import orders
from core.workflow.groups import incident_of, incident_progress, resolve_incident
from core.workflow.revisits import answer_revisit

pytestmark = pytest.mark.integration

END_OF_DAY = (23, 59, 59)


def urge_time(start: datetime, due: datetime) -> datetime:
    """Policy default: urge when a fifth of the step's time is left."""
    return due - (due - start) * 0.2


async def acted(world: World, number: str) -> list[tuple[str, str, datetime]]:
    return [(kind, step, fired) for kind, step, _, fired, outcome in await world.timers(number)
            if outcome == "acted" and fired is not None]


async def test_a_month_of_complaints_across_national_day(
    any_world: World, store_url: str, make_desk: Callable[..., Awaitable[Desk]]
) -> None:
    w = any_world

    # -- B: a VIP on the moved working Sunday, 12-hour limit, breached in the evening --------------
    b = await w.complain("手机信号太差了，5G经常掉线，打电话都听不清", phone="+8613700000002",
                         at=cst(2026, 9, 20, 10, 0), tier="vip")
    assert b is not None
    assert (await w.ticket(b)).risk_colour == RiskColour.YELLOW.value
    assert (await w.deadlines(b))["resolve"][0] == cst(2026, 9, 20, 22, 0)
    await w.act(orders.dispatch, b, "agent_wang", at=cst(2026, 9, 20, 10, 20))
    await w.act(orders.accept, b, "net_sun", at=cst(2026, 9, 20, 10, 30))

    # -- C1: billing, settled the same day; its revisit goes unanswered ---------------------------
    c1 = await w.complain("这个月话费多扣了58元，要求退费", phone="+8613600000003", at=cst(2026, 9, 21, 9, 0))
    assert c1 is not None
    await w.act(orders.reply, b, "net_sun", at=cst(2026, 9, 21, 9, 0), cause="基站扩容施工", result="已完成扩容，信号恢复",
                prevention="施工前短信通知周边用户")
    await w.act(orders.review, b, "senior_zhao", approve=True)
    await w.act(orders.dispatch, c1, "agent_li", at=cst(2026, 9, 21, 9, 20))
    await w.act(orders.accept, c1, "bill_zhou", at=cst(2026, 9, 21, 9, 30))
    await w.act(orders.close, b, "agent_wang", at=cst(2026, 9, 21, 10, 0))
    await w.act(orders.reply, c1, "bill_zhou", at=cst(2026, 9, 21, 15, 0), cause="计费系统重复扣费",
                result="已全额退还58元", prevention="修复计费规则", commitment="58元将在3个工作日内退回原账户")
    await w.act(orders.review, c1, "senior_zhao", approve=True)
    await w.act(orders.close, c1, "agent_li", at=cst(2026, 9, 21, 16, 0))
    # B's revisit: closed Mon 21st → 22, 23, 24 → sent Thu 24th 10:00; answered 5 at noon
    await w.advance_to(cst(2026, 9, 24, 12, 0))
    answer = await w.run(answer_revisit, (await w.ticket(b)).customer_id, "5")
    assert answer is not None and answer.score == 5 and not answer.reopened

    # -- E: a regulator appeal (申诉), red at once, with its supervision order ----------------------
    e = await w.complain("我要投诉你们乱扣费，已经向工信部申诉了", phone="+8613500000005",
                         at=cst(2026, 9, 29, 15, 0), appeal=True)
    assert e is not None
    due_e = await w.deadlines(e)
    assert due_e["appeal_preprocess"][0] == cst(2026, 9, 30, 15, 0)
    # 6 working days: 30 Sept, then (holiday) 8, 9, Sat 10 (moved working day), 12, 13 Oct
    assert due_e["appeal_close"][0] == cst(2026, 10, 13, *END_OF_DAY)
    # 10 working days: 30 Sept, 8, 9, 10, 12, 13, 14, 15, 16, 19 Oct
    assert due_e["supervision_reply"][0] == cst(2026, 10, 19, *END_OF_DAY)
    await w.act(orders.dispatch, e, "agent_li", at=cst(2026, 9, 29, 15, 10))
    await w.act(orders.accept, e, "bill_zhou", at=cst(2026, 9, 29, 15, 20))
    await w.act(orders.appeal_preprocessed, e, "agent_li", at=cst(2026, 9, 30, 10, 0), note="已向通信管理局提交预处理意见")

    # -- A: a normal complaint the afternoon before the holiday, left waiting ----------------------
    a = await w.complain("家里宽带从昨晚开始一直断网，打了10000也没人处理，请尽快修复", phone="+8613400000001",
                         at=cst(2026, 9, 30, 16, 0))
    assert a is not None
    await w.act(orders.dispatch, a, "agent_li", at=cst(2026, 9, 30, 17, 10))

    # -- restart in the middle of the holiday: a new process on the same database ------------------
    await w.advance_to(cst(2026, 10, 2, 0, 0))
    w.restart(await make_desk(store_url, clock=w.clock))

    # -- G: a group incident on 3 October, 6 customers in one estate -------------------------------
    group: list[str] = []
    for i, hour in enumerate((8, 9, 10, 11, 12, 14), start=1):
        number = await w.complain(f"望京{i}号楼宽带全部断网了，整栋楼都上不了网", phone=f"+861310000000{i}",
                                  at=cst(2026, 10, 3, hour, 0))
        assert number is not None
        group.append(number)
        await w.act(orders.dispatch, number, "agent_wang", at=cst(2026, 10, 3, hour, 30))
        await w.act(orders.accept, number, "net_sun", at=cst(2026, 10, 3, hour, 35))
    first_id = (await w.ticket(group[0])).id
    async with w.desk.unit_of_work() as uow:
        incident = await incident_of(uow.session, first_id)
    assert incident is not None
    for number in group:
        assert (await w.ticket(number)).risk_colour == RiskColour.ORANGE.value
    sent = await w.run(incident_progress, incident.id, "抢修人员已到达现场，预计今晚20点前恢复", actor="staff:supervisor",
                       at=cst(2026, 10, 3, 16, 0))
    assert sent == 6
    closed = await w.run(resolve_incident, incident.id, actor="staff:supervisor", cause="光缆被施工挖断",
                         result="光缆已熔接，全楼网络恢复", prevention="与施工方建立报备机制", at=cst(2026, 10, 3, 20, 0))
    assert closed == 6

    # -- after the holiday -----------------------------------------------------------------------
    await w.act(orders.accept, a, "net_sun", at=cst(2026, 10, 8, 9, 0))
    await w.act(orders.reply, a, "net_sun", at=cst(2026, 10, 8, 10, 0), cause="分光器故障", result="已更换分光器",
                prevention="节假日安排值班抢修")
    await w.act(orders.review, a, "senior_zhao", at=cst(2026, 10, 8, 10, 30), approve=True)
    await w.act(orders.close, a, "agent_li", at=cst(2026, 10, 8, 11, 0))
    # C comes back about the same overcharge: a linked ticket, dispatched a second time, one colour up
    c2 = await w.complain("上次多扣的话费说好退还，到现在还没到账，又被扣了一次", phone="+8613600000003",
                          at=cst(2026, 10, 9, 10, 0))
    assert c2 is not None and c2 != c1
    ticket_c2 = await w.ticket(c2)
    assert ticket_c2.status == TicketStatus.DISPATCHED.value and ticket_c2.priority == "urgent"
    assert ticket_c2.risk_colour == RiskColour.YELLOW.value
    assert [e_.data["department"] for e_ in await w.events(c2, "second_dispatch")] == ["marketing_billing"]
    await w.act(orders.accept, c2, "bill_zhou", at=cst(2026, 10, 9, 10, 10))
    await w.act(orders.reply, e, "bill_zhou", at=cst(2026, 10, 9, 11, 0), cause="套餐变更未同步计费",
                result="已退还多收费用并补偿话费20元", prevention="变更流程增加计费核对", justification="justified",
                commitment="补偿话费20元于本月到账")
    await w.act(orders.review, e, "supervisor_chen", approve=True)
    await w.act(orders.close, e, "agent_li", at=cst(2026, 10, 9, 14, 0))
    await w.act(orders.reply, c2, "bill_zhou", at=cst(2026, 10, 9, 16, 0), cause="退款批次延迟", result="两笔费用均已退还",
                prevention="退款到账后短信通知")
    await w.act(orders.review, c2, "senior_zhao", approve=True)
    await w.act(orders.close, c2, "agent_li", at=cst(2026, 10, 9, 17, 0))

    # D: service attitude on Monday 12th; the customer chases on the open ticket
    d = await w.complain("营业厅工作人员态度很差，办业务时爱理不理", phone="+8613200000004", at=cst(2026, 10, 12, 9, 0))
    assert d is not None
    await w.act(orders.dispatch, d, "agent_wang", at=cst(2026, 10, 12, 9, 20))
    await w.act(orders.accept, d, "cs_wu", at=cst(2026, 10, 12, 9, 30))
    # A's revisit: closed Thu 8th → Fri 9, Sat 10 (moved working day), Mon 12 → sent 12th 10:00
    await w.advance_to(cst(2026, 10, 12, 10, 0))
    assert len(await w.outbound(a, "revisit_survey")) == 1
    again = await w.complain("我又来问了，到现在还没人联系我", phone="+8613200000004", at=cst(2026, 10, 12, 11, 0))
    assert again == d
    answer = await w.run(answer_revisit, (await w.ticket(a)).customer_id, "不满意，网络还是时断时续",
                         at=cst(2026, 10, 12, 12, 0))
    assert answer is not None and answer.score == 2 and answer.reopened
    assert (await w.deadlines(a))["dissatisfied_recontact"][0] == cst(2026, 10, 14, 12, 0)
    await w.act(orders.reply, d, "cs_wu", at=cst(2026, 10, 12, 15, 0), cause="员工服务意识不足", result="已当面致歉",
                prevention="开展服务规范培训")
    await w.act(orders.review, d, "senior_zhao", approve=True)
    await w.act(orders.close, d, "agent_wang", at=cst(2026, 10, 12, 16, 0))
    await w.act(orders.contact, a, "agent_li", at=cst(2026, 10, 13, 9, 0), note="电话联系客户，约定二次上门检测")
    await w.act(orders.second_dispatch, a, "agent_li", at=cst(2026, 10, 13, 9, 30))
    await w.act(orders.accept, a, "net_sun", at=cst(2026, 10, 13, 9, 40))
    await w.act(orders.reply, a, "net_sun", at=cst(2026, 10, 13, 18, 0), cause="入户光纤弯折", result="已重新布放入户光纤",
                prevention="装维验收增加光功率测试")
    await w.act(orders.review, a, "senior_zhao", approve=True)
    await w.act(orders.close, a, "agent_li", at=cst(2026, 10, 13, 19, 0))
    # second revisit: closed Tue 13th → 14, 15, 16 → Fri 16th 10:00
    await w.advance_to(cst(2026, 10, 16, 11, 0))
    answer = await w.run(answer_revisit, (await w.ticket(a)).customer_id, "满意")
    assert answer is not None and answer.score == 4 and not answer.reopened
    await w.advance_to(cst(2026, 10, 23, 12, 0))

    # ============================================================================================
    # every timer that acted, at the time the policy gives
    b_at, a_at = cst(2026, 9, 20, 10, 0), cst(2026, 9, 30, 16, 0)
    assert await acted(w, b) == [
        ("urge", "resolve", urge_time(b_at, b_at + timedelta(hours=12))),  # 19:36
        ("warn_customer", "resolve", cst(2026, 9, 20, 19, 36)),
        ("breach", "resolve", cst(2026, 9, 20, 22, 0)),
        ("revisit", "revisit", cst(2026, 9, 24, 10, 0)),
    ]
    assert await acted(w, c1) == [
        ("revisit", "revisit", cst(2026, 9, 24, 10, 0)),
        # closed Mon 21st: the 7th working day is 8 Oct (the holiday week does not count)
        ("revisit_expire", "revisit", cst(2026, 10, 8, *END_OF_DAY)),
    ]
    assert await acted(w, e) == [
        ("urge", "resolve", cst(2026, 9, 30, 10, 12)),
        ("warn_customer", "resolve", cst(2026, 9, 30, 10, 12)),
        ("breach", "resolve", cst(2026, 9, 30, 15, 0)),
        # closed Fri 9th: Sat 10 (working), 12, 13 → 13th 10:00; 7th working day 19th
        ("revisit", "revisit", cst(2026, 10, 13, 10, 0)),
        ("revisit_expire", "revisit", cst(2026, 10, 19, *END_OF_DAY)),
    ]
    assert await acted(w, a) == [
        ("urge", "dispatch", cst(2026, 9, 30, 16, 48)),
        ("breach", "dispatch", cst(2026, 9, 30, 17, 0)),
        ("urge", "department_response", cst(2026, 9, 30, 17, 34)),
        ("breach", "department_response", cst(2026, 9, 30, 17, 40)),
        # calendar hours run through the holiday
        ("urge", "resolve", urge_time(a_at, a_at + timedelta(hours=24))),  # 1 Oct 11:12
        ("warn_customer", "resolve", cst(2026, 10, 1, 11, 12)),
        ("breach", "resolve", cst(2026, 10, 1, 16, 0)),
        ("revisit", "revisit", cst(2026, 10, 12, 10, 0)),
        ("revisit", "revisit_2", cst(2026, 10, 16, 10, 0)),
    ]
    assert await acted(w, c2) == [
        ("revisit", "revisit", cst(2026, 10, 13, 10, 0)),
        ("revisit_expire", "revisit", cst(2026, 10, 19, *END_OF_DAY)),
    ]
    assert await acted(w, d) == [
        ("revisit", "revisit", cst(2026, 10, 15, 10, 0)),
        ("revisit_expire", "revisit", cst(2026, 10, 21, *END_OF_DAY)),
    ]
    for number in group:
        # closed on 3 Oct (holiday): 8, 9, Sat 10 → the survey goes out on the moved working Saturday
        assert await acted(w, number) == [
            ("revisit", "revisit", cst(2026, 10, 10, 10, 0)),
            ("revisit_expire", "revisit", cst(2026, 10, 15, *END_OF_DAY)),
        ], number

    # -- escalations and colour reports: who heard what, when -------------------------------------
    ids = {(await w.ticket(n)).id: n for n in (a, b, c1, c2, d, e, *group)}
    levels = [(n.audience, n.kind, ids.get(n.ticket_id or 0), n.created_at)
              for n in await w.notifications() if n.audience.startswith(("level:", "role:"))]
    expected = [
        ("level:department_head", "colour_changed", b, cst(2026, 9, 20, 10, 0)),  # a VIP is yellow
        ("level:deputy_manager", "breach", b, cst(2026, 9, 20, 22, 0)),  # yellow breaches one level up
        ("level:top_management", "colour_changed", e, cst(2026, 9, 29, 15, 0)),
        ("level:top_management", "supervision_order", e, cst(2026, 9, 29, 15, 0)),
        ("level:top_management", "breach", e, cst(2026, 9, 30, 15, 0)),
        ("level:department_head", "breach", a, cst(2026, 9, 30, 17, 0)),
        ("level:department_head", "breach", a, cst(2026, 9, 30, 17, 40)),
        ("level:department_head", "breach", a, cst(2026, 10, 1, 16, 0)),
        *[("level:deputy_manager", "colour_changed", n, cst(2026, 10, 3, 12, 0)) for n in group[:5]],
        ("role:supervisor", "group_incident", None, cst(2026, 10, 3, 12, 0)),
        ("level:deputy_manager", "group_incident", None, cst(2026, 10, 3, 12, 0)),
        ("level:deputy_manager", "colour_changed", group[5], cst(2026, 10, 3, 14, 0)),
        ("level:department_head", "colour_changed", c2, cst(2026, 10, 9, 10, 0)),
        ("level:department_head", "colour_changed", d, cst(2026, 10, 12, 11, 0)),
    ]
    assert sorted(levels, key=lambda x: (x[3], str(x))) == sorted(expected, key=lambda x: (x[3], str(x)))

    # -- the customer is told before a limit passes, once per limit --------------------------------
    for number, when in ((b, cst(2026, 9, 20, 19, 36)), (e, cst(2026, 9, 30, 10, 12)), (a, cst(2026, 10, 1, 11, 12))):
        notices = await w.outbound(number, "delay_notice")
        assert [m.created_at for m in notices] == [when], number
    for number in (c1, c2, d, *group):
        assert await w.outbound(number, "delay_notice") == []

    # -- results and surveys: one each, on the customer's channel ---------------------------------
    for number in (b, c1, c2, d, e, *group):
        assert len(await w.outbound(number, "result_notice")) == 1, number
        assert len(await w.outbound(number, "revisit_survey")) == 1, number
    assert len(await w.outbound(a, "result_notice")) == 2 and len(await w.outbound(a, "revisit_survey")) == 2
    for number in group:
        progress = await w.outbound(number, "incident_progress")
        assert len(progress) == 1 and "抢修人员已到达现场" in progress[0].text
    assert len(await w.outbound(e, "commitment_confirmation")) == 1

    # -- the repeat on an open ticket urged the department once ----------------------------------
    urges = [n for n in await w.notifications(d, "urge") if n.data.get("by") == "customer"]
    assert [(n.audience, n.created_at) for n in urges] == [("department:customer_service", cst(2026, 10, 12, 11, 0))]

    # -- nothing fired twice, across the restart ---------------------------------------------------
    notes = await w.notifications()
    keys = Counter((n.audience, n.kind, n.ticket_id, n.incident_id, n.data.get("step"), n.created_at) for n in notes)
    assert [k for k, count in keys.items() if count > 1] == []
    assert w.passes > 0
