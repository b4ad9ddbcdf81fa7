"""The desk: the one façade through which channels, the web app and the CLI change the store.

Channels never touch a database session; they hand the desk an `InboundMessage` and report
delivery news. Every call is one unit of work.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.tables import ChannelCursor, Conversation, Department, Message, Ticket
from core.domain.labels import Business, Channel, DeliveryStatus, Direction, Kind, Language
from core.domain.messages import InboundMessage, NluResult
from core.errors import InvalidInbound
from core.policy import Policy
from core.ports import Classifier, Clock, ConversationBot
from core.services import opt_outs
from core.services.inbound import InboundOutcome, process_inbound
from core.services.outbox import FINAL_STATUSES
from core.uow import UnitOfWork
from core.workdays import WorkCalendar
from core.workflow.context import WorkflowContext, load_context

log = logging.getLogger(__name__)

MAX_PROVIDER_ID = 512
MAX_ATTEMPTS = 5
# PostgreSQL deadlock and serialisation failures; SQLite's "database is locked" after busy_timeout
_TRANSIENT_SQLSTATES = {"40P01", "40001"}


class Desk:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        classifier: Classifier,
        policy: Policy,
        clock: Clock,
        calendar: WorkCalendar | None = None,
        bot: ConversationBot | None = None,
    ) -> None:
        self.sessions = sessions
        self.classifier = classifier
        self.policy = policy
        self.clock = clock
        self.calendar = calendar or WorkCalendar(policy.zone)
        # the first responder on chat-like channels; None: every complaint opens a ticket at once
        self.bot = bot
        self._ctx: WorkflowContext | None = None

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.sessions)

    async def setup(self) -> None:
        """Make the departments of the policy file exist; call once at start-up."""
        async with self.unit_of_work() as uow:
            existing = {d.code: d for d in (await uow.session.scalars(select(Department))).all()}
            for code, names in self.policy.departments.items():
                dept = existing.get(code)
                if dept is None:
                    uow.session.add(Department(code=code, name_zh=names.zh, name_en=names.en))
                else:
                    dept.name_zh, dept.name_en = names.zh, names.en
            await uow.commit()
            self._ctx = await load_context(uow.session, self.policy, self.calendar)

    async def context(self) -> WorkflowContext:
        """Departments, policy and calendar as the workflow needs them (set up on first use)."""
        if self._ctx is None:
            await self.setup()
        assert self._ctx is not None
        return self._ctx

    # -- inbound -------------------------------------------------------------------------------

    async def submit_inbound(
        self, msg: InboundMessage, *, cursor: tuple[str, str] | None = None
    ) -> InboundOutcome:
        """Store one customer message exactly once and queue its replies; see process_inbound."""
        msg = self._validated(msg)
        ctx = await self.context()
        # No look-up before the work: the unique key on the inbound message refuses a replay
        # inside the transaction, which is then answered from what was stored the first time.
        nlu = await self._classify(msg)
        for attempt in range(MAX_ATTEMPTS):
            try:
                async with self.unit_of_work() as uow:
                    outcome = await process_inbound(uow.session, msg, nlu, ctx, self.clock.now(), bot=self.bot)
                    if cursor:
                        await _put_cursor(uow.session, cursor[0], cursor[1], self.clock.now())
                    await uow.commit()
                    return outcome
            except DBAPIError as exc:
                if not isinstance(exc, IntegrityError) and not _is_transient(exc):
                    raise
                # a concurrent copy of this message (or of this new customer) won the race, or
                # the database chose this transaction as a deadlock victim: look, then try again
                earlier = await self._stored_outcome(msg)
                if earlier is not None:
                    if cursor:
                        await self.set_cursor(*cursor)
                    return earlier
                if attempt == MAX_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def _validated(self, msg: InboundMessage) -> InboundMessage:
        if not msg.provider_message_id or not msg.provider_message_id.strip():
            raise InvalidInbound("message_id: missing")
        if len(msg.provider_message_id) > MAX_PROVIDER_ID:
            raise InvalidInbound(f"message_id: longer than {MAX_PROVIDER_ID} characters")
        if not msg.sender.value or not msg.sender.value.strip():
            raise InvalidInbound("sender: missing")
        if not msg.thread_key:
            raise InvalidInbound("thread: missing")
        if msg.received_at.tzinfo is None:
            raise InvalidInbound("received_at: needs a time zone offset")
        limit = self.policy.limits.max_text_chars
        if len(msg.text) > limit:
            raise InvalidInbound(f"text: longer than {limit} characters")
        if not msg.text.strip() and not msg.attachments:
            raise InvalidInbound("text: empty")
        if "\x00" in msg.text:
            # PostgreSQL cannot store NUL in text; keep everything else as the customer wrote it
            msg = replace(msg, text=msg.text.replace("\x00", "\ufffd"))
        return msg

    async def _classify(self, msg: InboundMessage) -> NluResult:
        try:
            # relative dates ("昨天") mean the operator's day, not UTC's
            return await self.classifier.classify(msg.text, received_at=msg.received_at.astimezone(self.policy.zone))
        except Exception:
            # a broken model must not lose the message: store it unlabelled for an agent
            log.exception("NLU failed; storing message %s unlabelled", msg.provider_message_id)
            return NluResult(Kind.OTHER, None, Business.UNKNOWN, language=msg.language or Language.ZH_HANS,
                             confidence={"kind": 0.0}, model=f"{self.classifier.name}:failed")

    async def _stored_outcome(self, msg: InboundMessage) -> InboundOutcome | None:
        async with self.unit_of_work() as uow:
            stored = await uow.session.scalar(
                select(Message).where(
                    Message.channel == msg.channel.value,
                    Message.direction == Direction.INBOUND.value,
                    Message.provider_message_id == msg.provider_message_id,
                )
            )
            if stored is None:
                return None
            texts = (
                await uow.session.scalars(
                    select(Message.text).where(Message.in_reply_to_id == stored.id).order_by(Message.id)
                )
            ).all()
            number = None
            if stored.ticket_id is not None:
                number = await uow.session.scalar(select(Ticket.number).where(Ticket.id == stored.ticket_id))
            return InboundOutcome(stored.id, stored.conversation_id, number, list(texts), duplicate=True)

    # -- channel bookkeeping -------------------------------------------------------------------

    async def get_cursor(self, key: str) -> str | None:
        async with self.unit_of_work() as uow:
            return await uow.session.scalar(select(ChannelCursor.value).where(ChannelCursor.key == key))

    async def set_cursor(self, key: str, value: str) -> None:
        async with self.unit_of_work() as uow:
            await _put_cursor(uow.session, key, value, self.clock.now())
            await uow.commit()

    async def record_delivery_status(
        self, channel: Channel, provider_message_id: str, status: DeliveryStatus, *, error: str | None = None
    ) -> bool:
        """Move an outbound message to `status` as its provider reports; False if unknown."""
        async with self.unit_of_work() as uow:
            message = await _outbound_by_provider_id(uow.session, channel, provider_message_id)
            if message is None:
                return False
            # callbacks arrive out of order: "sent" after "delivered" changes nothing
            if message.delivery_status in FINAL_STATUSES and status.value not in FINAL_STATUSES:
                return True
            message.delivery_status = status.value
            if error:
                message.delivery_error = error
            await uow.commit()
            return True

    async def find_outbound(self, channel: Channel, provider_message_id: str) -> dict[str, Any] | None:
        """The outbound message we sent with this provider id, as a dict, or None."""
        async with self.unit_of_work() as uow:
            row = await _outbound_by_provider_id(uow.session, channel, provider_message_id)
            if row is None:
                return None
            return {
                "id": row.id,
                "ticket_id": row.ticket_id,
                "conversation_id": row.conversation_id,
                "recipient": row.recipient,
                "delivery_status": row.delivery_status,
                "template": row.template,
            }

    async def set_opt_out(self, channel: Channel, address: str, opted_out: bool) -> None:
        async with self.unit_of_work() as uow:
            await opt_outs.set_opt_out(uow.session, channel, address, opted_out, self.clock.now())
            await uow.commit()

    async def is_opted_out(self, channel: Channel, address: str) -> bool:
        async with self.unit_of_work() as uow:
            return await opt_outs.is_opted_out(uow.session, channel, address)

    async def conversation_state(self, conversation_id: int) -> str | None:
        async with self.unit_of_work() as uow:
            return await uow.session.scalar(select(Conversation.state).where(Conversation.id == conversation_id))


async def _outbound_by_provider_id(session: AsyncSession, channel: Channel, provider_id: str) -> Message | None:
    return await session.scalar(
        select(Message).where(
            Message.channel == channel.value,
            Message.direction == Direction.OUTBOUND.value,
            Message.provider_message_id == provider_id,
        )
    )


def _is_transient(exc: DBAPIError) -> bool:
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return code in _TRANSIENT_SQLSTATES or "database is locked" in str(exc.orig)


async def _put_cursor(session: AsyncSession, key: str, value: str, now: datetime) -> None:
    row = await session.get(ChannelCursor, key)
    if row is None:
        session.add(ChannelCursor(key=key, value=value, updated_at=now))
    else:
        row.value, row.updated_at = value, now
