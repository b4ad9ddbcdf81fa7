"""The flood gate on virtual time: per-chat spacing, the overall rate, RetryAfter pauses."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Awaitable

import pytest

from channels.chat.telegram.flood import FloodGate
from core.errors import RetryLater

pytestmark = pytest.mark.unit


class VirtualTime:
    """A clock that jumps to the next sleeper's wake-up once every task is waiting."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + max(seconds, 0.0), next(self._seq), future))
        await future

    async def run(self, *aws: Awaitable[object]) -> list[object]:
        tasks = [asyncio.ensure_future(a) for a in aws]
        while not all(t.done() for t in tasks):
            for _ in range(20):  # let every runnable task reach its next wait
                await asyncio.sleep(0)
            if self._sleepers and not all(t.done() for t in tasks):
                wake, _, future = heapq.heappop(self._sleepers)
                self.now = max(self.now, wake)
                future.set_result(None)
        return [t.result() for t in tasks]


def gate_on(vt: VirtualTime, **kwargs: float) -> FloodGate:
    return FloodGate(clock=vt.clock, sleep=vt.sleep, **kwargs)  # type: ignore[arg-type]


async def test_one_message_per_second_per_chat_other_chats_not_held_up() -> None:
    vt = VirtualTime()
    gate = gate_on(vt, max_wait=60)
    admitted: list[tuple[int, float]] = []

    async def send(chat: int) -> None:
        await gate.wait_turn(chat)
        admitted.append((chat, vt.now))

    await vt.run(*(send(1) for _ in range(5)), send(2), send(3))
    chat1 = [t for c, t in admitted if c == 1]
    assert chat1 == [0.0, 1.0, 2.0, 3.0, 4.0]
    # chats 2 and 3 go out at once, not after chat 1's queue
    assert [t for c, t in admitted if c in (2, 3)] == [0.0, 0.0]


async def test_overall_rate_is_thirty_per_second() -> None:
    vt = VirtualTime()
    gate = gate_on(vt, max_wait=60)
    admitted: list[float] = []

    async def send(chat: int) -> None:
        await gate.wait_turn(chat)
        admitted.append(vt.now)

    await vt.run(*(send(chat) for chat in range(75)))
    assert len(admitted) == 75
    for start in admitted:
        in_window = [t for t in admitted if start <= t < start + 1.0]
        assert len(in_window) <= 30
    # and it is a rate, not a stall: 75 messages need under three seconds
    assert max(admitted) < 3.0


async def test_retry_after_pauses_everyone() -> None:
    vt = VirtualTime()
    gate = gate_on(vt, max_wait=60)
    gate.pause(3)
    await vt.run(gate.wait_turn(9))
    assert vt.now == 3.0


async def test_a_long_pause_is_handed_back_to_the_outbox() -> None:
    vt = VirtualTime()
    gate = gate_on(vt, max_wait=5)
    gate.pause(20)
    with pytest.raises(RetryLater) as caught:
        await vt.run(gate.wait_turn(9))
    assert caught.value.delay == 20
