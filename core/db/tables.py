"""The ticket store's tables, as SQLAlchemy 2.x mapped classes.

Enum-valued columns hold the machine names of `core.domain.labels` as plain strings so a new
label never needs a database enum migration. Times are aware UTC (`UTCDateTime`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from core.db.types import UTCDateTime

# Integer on SQLite (so the rowid alias autoincrements), BIGINT on PostgreSQL.
BigId = BigInteger().with_variant(Integer(), "sqlite")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), dict[str, Any]: JSON(), list[Any]: JSON()}


class Department(Base):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name_zh: Mapped[str] = mapped_column(String(128))
    name_en: Mapped[str] = mapped_column(String(128))


class StaffUser(Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(128), default="")
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(32))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str | None] = mapped_column(String(128))
    tier: Mapped[str] = mapped_column(String(16), default="normal")
    language: Mapped[str | None] = mapped_column(String(16))
    preferred_channel: Mapped[str | None] = mapped_column(String(16))
    # set when this customer was merged into another; the row stays so old references resolve
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    created_at: Mapped[datetime]

    identities: Mapped[list[CustomerIdentity]] = relationship(back_populates="customer")


class CustomerIdentity(Base):
    __tablename__ = "customer_identities"
    __table_args__ = (UniqueConstraint("kind", "value", name="uq_customer_identities_kind_value"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime]

    customer: Mapped[Customer] = relationship(back_populates="identities")


class Conversation(Base):
    __tablename__ = "conversations"
    __table_args__ = (
        # at most one live conversation per channel thread; closed ones are history
        Index(
            "uq_conversations_open_thread",
            "channel",
            "thread_key",
            unique=True,
            sqlite_where=text("state != 'closed'"),
            postgresql_where=text("state != 'closed'"),
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    thread_key: Mapped[str] = mapped_column(String(320))
    state: Mapped[str] = mapped_column(String(24), default="bot")
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    # the ticket this conversation is currently about, if any
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", use_alter=True))
    # the bot's memory for this conversation (slots, pending question); owned by bots/
    bot_state: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # receipt of the complaint the bot is still collecting: past the policy's record limit the
    # scheduler opens its ticket with what is known (core/services/bot_turns.py)
    intake_at: Mapped[datetime | None] = mapped_column(index=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Message(Base):
    """Every message in or out; outbound ones carry their delivery status."""

    __tablename__ = "messages"
    __table_args__ = (
        # the inbox guarantee: one row per provider message, whatever the retries
        UniqueConstraint(
            "channel", "direction", "provider_message_id", name="uq_messages_channel_direction_provider_id"
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    direction: Mapped[str] = mapped_column(String(4))
    channel: Mapped[str] = mapped_column(String(16))
    provider_message_id: Mapped[str | None] = mapped_column(String(512))
    # who wrote it: "customer", "bot", "system" or "staff:<id>"
    author: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    subject: Mapped[str | None] = mapped_column(String(512))
    language: Mapped[str | None] = mapped_column(String(16))
    attachments: Mapped[list[Any]] = mapped_column(default=list)
    raw: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    nlu: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # outbound only
    recipient: Mapped[str | None] = mapped_column(String(320))
    template: Mapped[str | None] = mapped_column(String(64))
    # channel extras for the adapter, e.g. {"buttons": ["1", "2", "3", "4", "5"]}
    options: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    in_reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    in_reply_to: Mapped[Message | None] = relationship(remote_side=[id], lazy="raise")
    delivery_status: Mapped[str | None] = mapped_column(String(16))
    delivery_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]


class OutboxItem(Base):
    """The delivery queue of one outbound message, written with the change that caused it."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), unique=True)
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    channel: Mapped[str] = mapped_column(String(16))
    # pending → in_flight → done | retry → ... | failed
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    # an in-flight claim expires so a dispatcher that died mid-send is retried
    locked_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]

    message: Mapped[Message] = relationship(lazy="raise")


class DeliveryAttempt(Base):
    __tablename__ = "delivery_attempts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("outbox.id"), index=True)
    attempt_no: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    # sent, retry, failed; NULL means the process died before it learnt the outcome
    outcome: Mapped[str | None] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(Text)
    provider_message_id: Mapped[str | None] = mapped_column(String(512))


class Ticket(Base):
    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"))
    channel: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    category: Mapped[str | None] = mapped_column(String(32))
    business: Mapped[str] = mapped_column(String(16))
    entities: Mapped[list[Any]] = mapped_column(default=list)
    # what the bot collected and the customer confirmed: contact_phone, location, since, wish
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    summary: Mapped[str] = mapped_column(Text, default="")
    severity: Mapped[str] = mapped_column(String(16))
    risk_colour: Mapped[str] = mapped_column(String(8))
    priority: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    # 首问负责: the member of staff who received it owns it to the revisit (None: the bot)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    is_appeal: Mapped[bool] = mapped_column(Boolean, default=False)
    is_complex: Mapped[bool] = mapped_column(Boolean, default=False)
    received_at: Mapped[datetime]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]

    deadlines: Mapped[list[TicketDeadline]] = relationship(
        back_populates="ticket", order_by="TicketDeadline.due_at"
    )


class TicketDeadline(Base):
    __tablename__ = "ticket_deadlines"
    __table_args__ = (UniqueConstraint("ticket_id", "step", name="uq_ticket_deadlines_ticket_step"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    step: Mapped[str] = mapped_column(String(32))
    due_at: Mapped[datetime] = mapped_column(index=True)
    met_at: Mapped[datetime | None]

    ticket: Mapped[Ticket] = relationship(back_populates="deadlines")


class TicketLink(Base):
    __tablename__ = "ticket_links"
    __table_args__ = (
        UniqueConstraint("ticket_id", "related_ticket_id", "relation", name="uq_ticket_links_pair"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    related_ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    relation: Mapped[str] = mapped_column(String(24))  # repeat, group, second_dispatch, escalation
    created_at: Mapped[datetime]


class TicketEvent(Base):
    """The audit trail: every change (and, from the console, every read) of a ticket."""

    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(48))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


class CustomerEvent(Base):
    """Changes to customers that are not about one ticket: merges, opt-outs, tier changes."""

    __tablename__ = "customer_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    at: Mapped[datetime]
    action: Mapped[str] = mapped_column(String(48))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Counter(Base):
    """Named sequences, e.g. the daily ticket number sequence `ticket:20261124`."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class ChannelCursor(Base):
    """Where a channel got to (IMAP UID, Telegram offset), advanced with the message it covers."""

    __tablename__ = "channel_cursors"

    key: Mapped[str] = mapped_column(String(256), primary_key=True)
    value: Mapped[str] = mapped_column(String(256))
    updated_at: Mapped[datetime]


class OptOut(Base):
    """Customers who said STOP / 退订 on a channel; automated messages skip that channel."""

    __tablename__ = "opt_outs"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    address: Mapped[str] = mapped_column(String(320), primary_key=True)
    opted_out: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[datetime]


class NluFeedback(Base):
    """Labels corrected by agents, exported into the training corpus for retraining."""

    __tablename__ = "nlu_feedback"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    category: Mapped[str | None] = mapped_column(String(32))
    business: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]


class KnowledgeArticle(Base):
    """A knowledge-base answer for agents (and the bot's inquiries); edited by senior agents."""

    __tablename__ = "knowledge_articles"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    language: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(256))
    body: Mapped[str] = mapped_column(Text)
    # search words the bot and the console match on, e.g. ["5G", "套餐", "roaming"]
    keywords: Mapped[list[Any]] = mapped_column(default=list)
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class ConversationNote(Base):
    """An agent's internal note on a conversation; never shown to the customer."""

    __tablename__ = "conversation_notes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class ConsoleSession(Base):
    """A logged-in console session; the cookie carries only its signed id, so logout ends it here."""

    __tablename__ = "console_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


# -- workflow (issue 7): durable timers, staff notifications, group incidents, revisits ---------


class Timer(Base):
    """A durable timer: fires once at `due_at` (urge, breach, customer warning, revisit).

    The unique key makes scheduling idempotent; `fired_at` is set in the same transaction as the
    timer's effects, so a crash either does all of it or none, and a restart never fires twice.
    """

    __tablename__ = "timers"
    __table_args__ = (
        UniqueConstraint("ticket_id", "kind", "step", name="uq_timers_ticket_kind_step"),
        Index("ix_timers_due", "fired_at", "due_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))  # urge, breach, warn_customer, revisit, revisit_expire
    step: Mapped[str] = mapped_column(String(32))  # the ticket_deadlines step it serves
    due_at: Mapped[datetime]
    fired_at: Mapped[datetime | None]
    # what firing did: acted, skipped (deadline already met / ticket closed)
    outcome: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime]


class StaffNotification(Base):
    """A message to staff (urge, escalation, colour change, supervisor alert, call task)."""

    __tablename__ = "staff_notifications"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # who it is for: "department:<code>", "staff:<id>", "level:department_head|deputy_manager|top_management",
    # "role:supervisor"
    audience: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), index=True)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"))
    text: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime]
    read_at: Mapped[datetime | None]


class Incident(Base):
    """A group incident (群体投诉): several customers, same problem, one record (policy §6)."""

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    category: Mapped[str] = mapped_column(String(32))
    business: Mapped[str] = mapped_column(String(16))
    area: Mapped[str | None] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16), default="open")  # open, closed
    summary: Mapped[str] = mapped_column(Text, default="")
    opened_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]


class IncidentTicket(Base):
    __tablename__ = "incident_tickets"

    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), primary_key=True, unique=True)
    added_at: Mapped[datetime]


class Revisit(Base):
    """The satisfaction revisit (回访) of a closed ticket: sent, answered, or expired (policy §7)."""

    __tablename__ = "revisits"
    __table_args__ = (UniqueConstraint("ticket_id", "round", name="uq_revisits_ticket_round"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    round: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(16), default="scheduled")  # scheduled, sent, answered, expired
    send_at: Mapped[datetime]
    due_by: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    score: Mapped[int | None] = mapped_column(Integer)
    answer_text: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    created_at: Mapped[datetime]


class LoginFailure(Base):
    """A console login attempt not (yet) known to be right: the lock-out counts these per e-mail and per IP.

    Written before the password is checked and deleted when it was right (so parallel guesses
    cannot slip past the count); rows older than a day are pruned. Owned by complaintdesk/console.
    """

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_email_at", "email", "at"),
        Index("ix_login_failures_ip_at", "ip", "at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # the e-mail as typed, stripped and case-folded (also for addresses no account has)
    email: Mapped[str] = mapped_column(String(320))
    ip: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(index=True)
