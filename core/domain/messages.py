"""Value objects that cross the boundary between channels, NLU and the core.

Channel adapters build an `InboundMessage` from a provider payload (validated at the edge) and
receive an `OutboundMessage` to deliver; the NLU port answers with an `NluResult`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core.domain.labels import (
    Business,
    Category,
    Channel,
    DeliveryStatus,
    EntityType,
    IdentityKind,
    Kind,
    Language,
)


@dataclass(frozen=True, slots=True)
class Identity:
    """One way of reaching a customer, e.g. (phone, +8613812345678)."""

    kind: IdentityKind
    value: str


@dataclass(frozen=True, slots=True)
class Attachment:
    """Metadata of a file that came with a message; the bytes live in the attachment store."""

    filename: str
    content_type: str
    size: int
    storage_ref: str | None = None  # where the bytes are kept; None when refused (too big)
    refused_reason: str | None = None


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """A customer message, normalised by its channel adapter.

    `(channel, provider_message_id)` identifies it: the pipeline stores it exactly once.
    `thread_key` groups messages into one conversation per channel thread (an e-mail thread root,
    a Telegram chat, a web visitor session, an SMS sender).
    """

    channel: Channel
    provider_message_id: str
    sender: Identity
    text: str
    received_at: datetime
    thread_key: str
    name: str | None = None
    # where replies go when not to `sender.value` (a Telegram chat id, a web session)
    reply_address: str | None = None
    # identities the provider vouches for (a From address, a shared Telegram contact, the
    # phone field of an API call); phone numbers merely written in the text are not identities
    extra_identities: tuple[Identity, ...] = ()
    language: Language | None = None
    tier: str | None = None
    subject: str | None = None
    # the ticket the channel says this message belongs to (an e-mail subject tag, a reply)
    ticket_hint: str | None = None
    # provider ids of earlier messages this one answers (e-mail In-Reply-To and References);
    # the core attaches the message to their ticket when the sender is that ticket's customer
    reply_to_ids: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    raw: dict[str, Any] | str | None = None
    # flags for complaints recorded elsewhere (bulk import): regulator appeal, complex track
    appeal: bool = False
    complex: bool = False
    # a keyword message the channel recognised (SMS STOP/退订 -> True, START/恢复 -> False): stored
    # like any message, and it sets the sender's opt-out in the same unit of work; it opens
    # nothing and gets no reply from the desk (the channel confirms it its own way)
    opt_out: bool | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    """A detail found in a message; `start`/`end` index the original text."""

    type: EntityType
    text: str
    start: int
    end: int
    value: Any = None


@dataclass(frozen=True, slots=True)
class NluResult:
    """What the NLU port says about one message, with a confidence per field."""

    kind: Kind
    category: Category | None
    business: Business
    entities: tuple[Entity, ...] = ()
    language: Language = Language.ZH_HANS
    confidence: dict[str, float] = field(default_factory=dict)
    model: str = "unknown"
    # words that threaten escalation (taxonomy §5) and repeat markers, for grading
    risk_signals: tuple[str, ...] = ()
    repeat_signals: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict, as stored on the message and shown to agents."""
        return {
            "kind": self.kind.value,
            "category": self.category.value if self.category else None,
            "business": self.business.value,
            "entities": [
                {"type": e.type.value, "text": e.text, "start": e.start, "end": e.end, "value": e.value}
                for e in self.entities
            ],
            "language": self.language.value,
            "confidence": dict(self.confidence),
            "model": self.model,
            "risk_signals": list(self.risk_signals),
            "repeat_signals": list(self.repeat_signals),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> NluResult:
        """The result `to_json` stored; unknown labels (an older taxonomy) read as other/unknown."""
        kind = Kind(data["kind"]) if data.get("kind") in Kind._value2member_map_ else Kind.OTHER
        category = Category(data["category"]) if data.get("category") in Category._value2member_map_ else None
        business = (Business(data["business"]) if data.get("business") in Business._value2member_map_
                    else Business.UNKNOWN)
        language = (Language(data["language"]) if data.get("language") in Language._value2member_map_
                    else Language.ZH_HANS)
        entities = tuple(
            Entity(EntityType(e["type"]), str(e["text"]), int(e["start"]), int(e["end"]), e.get("value"))
            for e in data.get("entities") or ()
            if e.get("type") in EntityType._value2member_map_
        )
        return cls(kind, category, business, entities, language, dict(data.get("confidence") or {}),
                   str(data.get("model") or "unknown"), tuple(data.get("risk_signals") or ()),
                   tuple(data.get("repeat_signals") or ()))


@dataclass(frozen=True, slots=True)
class OutboundMessage:
    """A reply to deliver. `idempotency_key` is stable across retries of the same reply."""

    idempotency_key: str
    channel: Channel
    recipient: str
    text: str
    language: Language
    html: str | None = None
    subject: str | None = None
    thread_key: str | None = None
    # provider id of the customer message this answers (e-mail In-Reply-To, Telegram reply)
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    ticket_number: str | None = None
    # channel-specific extras, e.g. {"buttons": ["1", "2", "3", "4", "5"]}
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DeliveryReceipt:
    """What a provider said when it accepted an outbound message."""

    provider_message_id: str | None
    status: DeliveryStatus = DeliveryStatus.SENT
    detail: str | None = None
