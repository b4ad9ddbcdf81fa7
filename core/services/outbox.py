"""The outbox dispatcher: delivers queued replies through the channel adapters.

Each item is claimed in one transaction (attempt recorded, lease taken), sent outside any
transaction, and its outcome recorded in another. If the process dies between the provider
accepting a message and the outcome being recorded, the lease runs out and the item is sent again
with the same idempotency key: delivery is at-least-once in that window. Providers that honour
the key (or, for e-mail, a Message-ID derived from it) let the customer's side drop the copy;
the others may show it twice. The attempt row with no outcome is the trace of such a crash.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import selectinload

from core.db.tables import DeliveryAttempt, Message, OutboxItem, Ticket
from core.domain.labels import Channel, DeliveryStatus, Language
from core.domain.messages import DeliveryReceipt, OutboundMessage
from core.errors import ChannelUnavailable, PermanentFailure, RetryLater
from core.policy import OutboxPolicy
from core.ports import ChannelAdapter, Clock
from core.uow import UnitOfWork

log = logging.getLogger(__name__)

# statuses a late receipt or a repeated provider callback may not undo
FINAL_STATUSES = frozenset(
    {DeliveryStatus.DELIVERED.value, DeliveryStatus.FAILED.value, DeliveryStatus.UNDELIVERED.value}
)


@dataclass(frozen=True)
class _Claimed:
    outbox_id: int
    attempt_id: int
    attempt_no: int
    message: OutboundMessage


class OutboxDispatcher:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        adapters: dict[Channel, ChannelAdapter],
        policy: OutboxPolicy,
        clock: Clock,
        batch_size: int = 50,
    ) -> None:
        self.sessions = sessions
        self.adapters = adapters
        self.policy = policy
        self.clock = clock
        self.batch_size = batch_size

    def backoff(self, attempt_no: int) -> timedelta:
        """Exponential backoff with jitter: base·2^(n-1), capped, ±20 %."""
        delay = min(self.policy.backoff_base_seconds * 2 ** (attempt_no - 1), self.policy.backoff_max_seconds)
        return timedelta(seconds=delay * random.uniform(0.8, 1.2))

    async def run_once(self) -> int:
        """Deliver what is due now; returns how many items were attempted."""
        claimed = await self._claim()
        for item in claimed:
            await self._deliver(item)
        return len(claimed)

    async def run_forever(self, stop: asyncio.Event, idle_seconds: float = 1.0) -> None:
        """Keep delivering until `stop` is set; a failing pass is logged, never fatal."""
        while not stop.is_set():
            try:
                busy = await self.run_once()
            except Exception:
                log.exception("outbox pass failed")
                busy = 0
            if not busy:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=idle_seconds)

    async def _claim(self) -> list[_Claimed]:
        now = self.clock.now()
        claimed: list[_Claimed] = []
        async with UnitOfWork(self.sessions) as uow:
            query = (
                select(OutboxItem)
                .where(
                    or_(
                        OutboxItem.status.in_(("pending", "retry")),
                        # an in-flight claim whose dispatcher died: its lease has run out
                        (OutboxItem.status == "in_flight") & (OutboxItem.locked_until < now),
                    ),
                    OutboxItem.next_attempt_at <= now,
                )
                .order_by(OutboxItem.next_attempt_at, OutboxItem.id)
                .limit(self.batch_size)
                .options(selectinload(OutboxItem.message).selectinload(Message.in_reply_to))
            )
            if uow.session.get_bind().dialect.name == "postgresql":
                # several dispatchers can run side by side; each takes different rows
                query = query.with_for_update(skip_locked=True, of=OutboxItem)
            items = (await uow.session.scalars(query)).all()
            for item in items:
                item.status = "in_flight"
                item.attempts += 1
                item.locked_until = now + timedelta(seconds=self.policy.lease_seconds)
                item.message.delivery_status = DeliveryStatus.SENDING.value
                attempt = DeliveryAttempt(outbox_id=item.id, attempt_no=item.attempts, started_at=now)
                uow.session.add(attempt)
                await uow.session.flush()
                number = None
                if item.message.ticket_id is not None:
                    number = await uow.session.scalar(
                        select(Ticket.number).where(Ticket.id == item.message.ticket_id)
                    )
                claimed.append(_Claimed(item.id, attempt.id, item.attempts, _outbound(item, number)))
            await uow.commit()
        return claimed

    async def _deliver(self, item: _Claimed) -> None:
        adapter = self.adapters.get(item.message.channel)
        receipt: DeliveryReceipt | None = None
        error: Exception | None = None
        try:
            if adapter is None:
                raise ChannelUnavailable(f"channel {item.message.channel.value} is not configured")
            receipt = await adapter.send(item.message)
        except (PermanentFailure, RetryLater, ChannelUnavailable) as exc:
            error = exc
        except Exception as exc:
            # an adapter bug must not kill the dispatcher; treat it as passing and keep the trace
            log.exception("adapter %s raised unexpectedly", item.message.channel.value)
            error = RetryLater(f"{type(exc).__name__}: {exc}")
        await self._record(item, receipt, error)

    async def _record(self, item: _Claimed, receipt: DeliveryReceipt | None, error: Exception | None) -> None:
        now = self.clock.now()
        async with UnitOfWork(self.sessions) as uow:
            outbox = await uow.session.get(OutboxItem, item.outbox_id, options=[selectinload(OutboxItem.message)])
            attempt = await uow.session.get(DeliveryAttempt, item.attempt_id)
            assert outbox is not None and attempt is not None
            attempt.finished_at = now
            message = outbox.message
            if receipt is not None:
                attempt.outcome = "sent"
                attempt.provider_message_id = receipt.provider_message_id
                outbox.status, outbox.locked_until, outbox.last_error = "done", None, None
                message.provider_message_id = receipt.provider_message_id
                # a fast provider callback ("delivered") may have landed first: never undo it
                if message.delivery_status not in FINAL_STATUSES:
                    message.delivery_status = receipt.status.value
                message.sent_at = now
            elif isinstance(error, PermanentFailure) or outbox.attempts >= self.policy.max_attempts:
                attempt.outcome, attempt.error = "failed", str(error)
                outbox.status, outbox.locked_until, outbox.last_error = "failed", None, str(error)
                message.delivery_status = DeliveryStatus.FAILED.value
                message.delivery_error = str(error)
                log.warning("outbox %s failed for good: %s", outbox.id, error)
            else:
                attempt.outcome, attempt.error = "retry", str(error)
                delay = self.backoff(outbox.attempts)
                if isinstance(error, RetryLater) and error.delay:
                    delay = max(delay, timedelta(seconds=error.delay))
                outbox.status, outbox.locked_until, outbox.last_error = "retry", None, str(error)
                outbox.next_attempt_at = now + delay
                message.delivery_status = DeliveryStatus.QUEUED.value
            await uow.commit()


def _outbound(item: OutboxItem, ticket_number: str | None) -> OutboundMessage:
    message = item.message
    parent = message.in_reply_to
    return OutboundMessage(
        idempotency_key=item.idempotency_key,
        channel=Channel(item.channel),
        recipient=message.recipient or "",
        text=message.text,
        language=Language(message.language or Language.ZH_HANS.value),
        subject=message.subject,
        in_reply_to=parent.provider_message_id if parent is not None else None,
        # the thread the customer's message carried (e-mail References), so replies thread fully
        references=tuple((parent.raw or {}).get("references", [])) if parent is not None else (),
        ticket_number=ticket_number,
        options=dict(message.options or {}),
    )

