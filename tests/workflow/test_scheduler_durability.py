"""The scheduler after downtime, with two processes racing, and killed half-way through a pass."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from workflow_harness import World, cst

from core.db.tables import StaffNotification, Timer
from core.services.desk import Desk
from core.workflow.scheduler import Scheduler

pytestmark = pytest.mark.integration

TEXTS = [
    "家里宽带从昨晚开始一直断网，请尽快修复",
    "手机信号太差了，5G经常掉线",
    "这个月话费多扣了58元，要求退费",
    "宽带装机预约了三次都没人来",
]
DEPARTMENTS = ["network_ops", "network_ops", "marketing_billing", "installation"]


async def _complaints(w: World, count: int) -> list[str]:
    numbers = []
    for i in range(count):
        number = await w.complain(TEXTS[i % len(TEXTS)], phone=f"+861380000{i:04d}", at=cst(2026, 9, 30, 9, i))
        assert number is not None
        numbers.append(number)
    return numbers


async def _fired(w: World) -> list[tuple[int, str, str]]:
    async with w.desk.unit_of_work() as uow:
        rows = (await uow.session.execute(
            select(Timer.ticket_id, Timer.kind, Timer.step).where(Timer.fired_at.is_not(None)))).all()
        return [tuple(r) for r in rows]  # type: ignore[misc]


async def _acted_vs_notified(w: World) -> tuple[int, int]:
    async with w.desk.unit_of_work() as uow:
        acted = await uow.session.scalar(
            select(func.count()).select_from(Timer).where(Timer.outcome == "acted", Timer.kind == "urge"))
        urges = await uow.session.scalar(
            select(func.count()).select_from(StaffNotification).where(StaffNotification.kind == "urge"))
        return int(acted or 0), int(urges or 0)


async def test_catching_up_after_downtime_fires_each_timer_once(any_world: World) -> None:
    w = any_world
    numbers = await _complaints(w, 4)
    # the service is down over the whole National Day week; nothing runs until the 8th
    w.clock.set(cst(2026, 10, 8, 9, 0))
    fired = await w.scheduler.run_due()
    # dispatch and resolve: urge + breach each, resolve also warns the customer
    assert fired == 4 * 5
    assert await w.scheduler.run_due() == 0
    for i, number in enumerate(numbers):
        timers = await w.timers(number)
        assert {(k, s) for k, s, *_ in timers} == {("urge", "dispatch"), ("breach", "dispatch"), ("urge", "resolve"),
                                                 ("warn_customer", "resolve"), ("breach", "resolve")}
        # all fired at the catch-up, each once
        assert {f for *_, f, _ in timers} == {cst(2026, 10, 8, 9, 0)}
        assert len(await w.outbound(number, "delay_notice")) == 1
        breaches = await w.notifications(number, "breach")
        assert sorted((n.audience, n.data["step"]) for n in breaches) == sorted([
            ("department:complaint_desk", "dispatch"), (f"department:{DEPARTMENTS[i % len(TEXTS)]}", "resolve"),
            ("level:department_head", "dispatch"), ("level:department_head", "resolve")])


async def test_two_schedulers_racing_fire_each_timer_once(
    any_world: World, store_url: str, make_desk: Callable[..., Awaitable[Desk]]
) -> None:
    w = any_world
    await _complaints(w, 8)
    w.clock.set(cst(2026, 10, 8, 9, 0))
    other = await make_desk(store_url, clock=w.clock)  # a second process on the same database
    first = Scheduler(w.desk.sessions, w.desk.policy, w.clock)
    second = Scheduler(other.sessions, other.policy, w.clock)
    counts = await asyncio.gather(first.run_due(), second.run_due(), first.run_due())
    assert sum(counts) == 8 * 5
    fired = await _fired(w)
    assert len(fired) == 8 * 5 and Counter(fired).most_common(1)[0][1] == 1
    acted, urges = await _acted_vs_notified(w)
    assert acted == urges == 16


async def test_a_pass_killed_half_way_leaves_no_half_fired_timer(
    any_world: World, store_url: str, make_desk: Callable[..., Awaitable[Desk]]
) -> None:
    w = any_world
    await _complaints(w, 8)
    w.clock.set(cst(2026, 10, 8, 9, 0))
    task = asyncio.create_task(w.scheduler.run_due())
    # let it get part of the way, then kill it (the process dies mid-pass)
    for _ in range(2000):
        await asyncio.sleep(0.001)
        if len(await _fired(w)) >= 3 or task.done():
            break
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    done_before = len(await _fired(w))
    assert 0 < done_before < 8 * 5
    # a new process picks up the rest, one second later
    w.clock.advance(timedelta(seconds=1))
    w.restart(await make_desk(store_url, clock=w.clock))
    assert await w.scheduler.run_due() == 8 * 5 - done_before
    fired = await _fired(w)
    assert len(fired) == 8 * 5 and Counter(fired).most_common(1)[0][1] == 1
    acted, urges = await _acted_vs_notified(w)
    assert acted == urges == 16
