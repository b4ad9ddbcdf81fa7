"""Bulk import of complaints recorded elsewhere (`complaintdesk ingest FILE.jsonl`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from core.domain.labels import Channel, IdentityKind, Tier
from core.domain.messages import Identity, InboundMessage
from core.errors import InvalidInbound
from core.services.desk import Desk

# what the sender_id of a record is, by the channel it was recorded on
_SENDER_KIND = {
    Channel.SMS: IdentityKind.PHONE,
    Channel.PHONE: IdentityKind.PHONE,
    Channel.EMAIL: IdentityKind.EMAIL,
    Channel.TELEGRAM: IdentityKind.TELEGRAM,
    Channel.WEB: IdentityKind.WEB,
}


class Record(BaseModel):
    """One line of an import file."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    message_id: str = Field(min_length=1, max_length=512)
    sender_id: str = Field(min_length=1, max_length=320)
    channel: Channel
    received_at: datetime
    text: str = Field(min_length=1)
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    tier: Tier | None = None
    appeal: bool = False
    complex: bool = False

    @field_validator("received_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("needs an ISO 8601 offset, e.g. 2026-11-22T09:30:00+08:00")
        return value

    def to_inbound(self, raw: dict[str, Any]) -> InboundMessage:
        kind = _SENDER_KIND.get(self.channel, IdentityKind.API)
        sender_value = self.sender_id if kind is not IdentityKind.API else f"{self.channel.value}:{self.sender_id}"
        extra = []
        if self.phone:
            extra.append(Identity(IdentityKind.PHONE, self.phone))
        if self.email:
            extra.append(Identity(IdentityKind.EMAIL, self.email))
        return InboundMessage(
            channel=self.channel,
            provider_message_id=self.message_id,
            sender=Identity(kind, sender_value),
            text=self.text,
            received_at=self.received_at,
            thread_key=sender_value,
            name=self.name,
            extra_identities=tuple(extra),
            tier=self.tier.value if self.tier else None,
            raw=raw,
            appeal=self.appeal,
            complex=self.complex,
        )


@dataclass
class IngestReport:
    imported: int = 0
    tickets: int = 0
    skipped: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


async def ingest_line(desk: Desk, line_no: int, line: str, report: IngestReport) -> None:
    """Import one line into `report`; a bad line is rejected with its reason, never raised."""
    if not line.strip():
        return
    try:
        raw = json.loads(line)
        if not isinstance(raw, dict):
            raise ValueError("not a JSON object")
        record = Record.model_validate(raw)
        outcome = await desk.submit_inbound(record.to_inbound(raw))
    except json.JSONDecodeError as exc:
        report.rejected.append((line_no, f"not JSON: {exc.msg}"))
        return
    except ValidationError as exc:
        reasons = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        report.rejected.append((line_no, reasons))
        return
    except (InvalidInbound, ValueError) as exc:
        report.rejected.append((line_no, str(exc)))
        return
    if outcome.duplicate:
        report.skipped += 1
    else:
        report.imported += 1
        report.tickets += outcome.ticket_number is not None
