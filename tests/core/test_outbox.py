"""The outbox dispatcher: retries, backoff, permanent failures, crashes between send and record."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from core.clock import FrozenClock
from core.db.tables import DeliveryAttempt, Message, OutboxItem
from core.domain.labels import Channel, DeliveryStatus, IdentityKind
from core.domain.messages import DeliveryReceipt, Identity, InboundMessage, OutboundMessage
from core.errors import PermanentFailure, RetryLater
from core.services.desk import Desk
from core.services.outbox import OutboxDispatcher

pytestmark = pytest.mark.integration

START = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)


class ProviderDouble:
    """A stand-in for a provider (not our code): fails as scripted, records what it accepted."""

    channel = Channel.TELEGRAM

    def __init__(self, script: list[Exception | None] | None = None, delay: float = 0.0) -> None:
        self.script = list(script or [])
        self.delay = delay
        self.accepted: list[OutboundMessage] = []
        self.calls = 0

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def send(self, message: OutboundMessage) -> DeliveryReceipt:
        self.calls += 1
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.script:
            outcome = self.script.pop(0)
            if outcome is not None:
                raise outcome
        self.accepted.append(message)
        return DeliveryReceipt(provider_message_id=f"tg-{len(self.accepted)}", status=DeliveryStatus.SENT)


async def queue_one(desk: Desk, pid: str = "u-1", user: str = "5001") -> int:
    out = await desk.submit_inbound(
        InboundMessage(
            channel=Channel.TELEGRAM,
            provider_message_id=pid,
            sender=Identity(IdentityKind.TELEGRAM, user),
            text="宽带断网三天了，投诉！要求尽快修复",
            received_at=START,
            thread_key=user,
        )
    )
    return out.message_id


async def state(desk: Desk) -> tuple[OutboxItem, Message, list[DeliveryAttempt]]:
    async with desk.unit_of_work() as uow:
        item = (await uow.session.scalars(select(OutboxItem))).one()
        msg = await uow.session.get(Message, item.message_id)
        attempts = list(
            (await uow.session.scalars(select(DeliveryAttempt).order_by(DeliveryAttempt.id))).all()
        )
        assert msg is not None
        return item, msg, attempts


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


def dispatcher(desk: Desk, provider: ProviderDouble, clock: FrozenClock) -> OutboxDispatcher:
    return OutboxDispatcher(desk.sessions, {Channel.TELEGRAM: provider}, desk.policy.outbox, clock)  # type: ignore[dict-item]


async def test_delivers_and_records(any_desk: Desk, clock: FrozenClock) -> None:
    any_desk.clock = clock
    await queue_one(any_desk)
    provider = ProviderDouble()
    assert await dispatcher(any_desk, provider, clock).run_once() == 1
    item, msg, attempts = await state(any_desk)
    assert item.status == "done" and msg.delivery_status == "sent" and msg.provider_message_id == "tg-1"
    assert [a.outcome for a in attempts] == ["sent"]
    assert provider.accepted[0].recipient == "5001" and "工单号" in provider.accepted[0].text
    assert await dispatcher(any_desk, provider, clock).run_once() == 0  # nothing sent twice


async def test_passing_failures_back_off_then_deliver(any_desk: Desk, clock: FrozenClock) -> None:
    any_desk.clock = clock
    await queue_one(any_desk)
    provider = ProviderDouble([RetryLater("502 from provider"), RetryLater("flood control", delay=30)])
    d = dispatcher(any_desk, provider, clock)
    await d.run_once()
    item, msg, _ = await state(any_desk)
    assert item.status == "retry" and msg.delivery_status == "queued"
    first_wait = item.next_attempt_at - START
    assert timedelta(seconds=1.6) <= first_wait <= timedelta(seconds=2.4)  # base 2 s ± 20 %
    assert await d.run_once() == 0  # not due yet
    clock.advance(first_wait)
    await d.run_once()
    item, _, _ = await state(any_desk)
    assert item.next_attempt_at - clock.now() >= timedelta(seconds=30)  # the provider's retry_after wins
    clock.advance(timedelta(seconds=31))
    await d.run_once()
    item, msg, attempts = await state(any_desk)
    assert item.status == "done" and msg.delivery_status == "sent"
    assert [a.outcome for a in attempts] == ["retry", "retry", "sent"]
    assert len(provider.accepted) == 1


async def test_permanent_failure_stops_retrying(any_desk: Desk, clock: FrozenClock) -> None:
    any_desk.clock = clock
    await queue_one(any_desk)
    provider = ProviderDouble([PermanentFailure("403 Forbidden: bot was blocked by the user")])
    d = dispatcher(any_desk, provider, clock)
    await d.run_once()
    clock.advance(timedelta(days=1))
    assert await d.run_once() == 0
    item, msg, _ = await state(any_desk)
    assert item.status == "failed" and msg.delivery_status == "failed"
    assert "blocked" in (msg.delivery_error or "")


async def test_gives_up_after_max_attempts(desk: Desk, clock: FrozenClock) -> None:
    desk.clock = clock
    await queue_one(desk)
    provider = ProviderDouble([RetryLater("down")] * 20)
    d = dispatcher(desk, provider, clock)
    for _ in range(15):
        await d.run_once()
        clock.advance(timedelta(hours=2))
    item, msg, attempts = await state(desk)
    assert provider.calls == desk.policy.outbox.max_attempts
    assert item.status == "failed" and msg.delivery_status == "failed" and len(attempts) == 10


async def test_unconfigured_channel_waits_for_it(desk: Desk, clock: FrozenClock) -> None:
    desk.clock = clock
    await queue_one(desk)
    d = OutboxDispatcher(desk.sessions, {}, desk.policy.outbox, clock)
    await d.run_once()
    item, _, _ = await state(desk)
    assert item.status == "retry" and "not configured" in (item.last_error or "")


async def test_crash_between_send_and_record_resends_with_same_key(
    any_desk: Desk, clock: FrozenClock
) -> None:
    any_desk.clock = clock
    await queue_one(any_desk)
    provider = ProviderDouble()
    first = dispatcher(any_desk, provider, clock)
    claimed = await first._claim()
    await provider.send(claimed[0].message)  # the provider accepted it ... and the process died here
    assert await dispatcher(any_desk, provider, clock).run_once() == 0  # lease still held
    clock.advance(timedelta(seconds=any_desk.policy.outbox.lease_seconds + 1))
    assert await dispatcher(any_desk, provider, clock).run_once() == 1
    keys = [m.idempotency_key for m in provider.accepted]
    assert len(keys) == 2 and keys[0] == keys[1]  # at-least-once, recognisable as one reply
    item, msg, attempts = await state(any_desk)
    assert item.status == "done" and msg.delivery_status == "sent"
    assert [a.outcome for a in attempts] == [None, "sent"]  # the crash leaves its trace


async def test_two_dispatchers_never_send_one_reply_twice(desk_pg: Desk) -> None:
    for i in range(20):
        await queue_one(desk_pg, pid=f"p-{i}", user=f"u{i}")
    provider = ProviderDouble(delay=0.01)
    clock = FrozenClock(datetime.now(UTC) + timedelta(minutes=1))
    a, b = dispatcher(desk_pg, provider, clock), dispatcher(desk_pg, provider, clock)
    a.batch_size = b.batch_size = 5
    for _ in range(4):
        await asyncio.gather(a.run_once(), b.run_once())
    keys = [m.idempotency_key for m in provider.accepted]
    assert len(keys) == 20 and len(set(keys)) == 20
