"""The generic "api" channel and the ticket API (`/api/v1`)."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, Field, field_validator

from core.domain.labels import Channel, IdentityKind, Language
from core.domain.messages import Identity, InboundMessage
from core.errors import InvalidInbound
from core.services.desk import Desk
from core.services.ticket_views import ticket_detail

router = APIRouter(prefix="/api/v1", tags=["api"])


class MessageIn(BaseModel):
    """A customer message from an integrator's system (the generic "api" channel)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    sender_id: str = Field(min_length=1, max_length=320, description="the customer's id in your system")
    message_id: str = Field(min_length=1, max_length=512, description="unique per message; retries reuse it")
    text: str = Field(min_length=1, description="the customer's words")
    name: str | None = Field(default=None, max_length=128)
    phone: str | None = Field(default=None, max_length=32, pattern=r"^\+?[\d\s\-()]{5,}$")
    email: str | None = Field(default=None, max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    language: Literal["zh-Hans", "zh-Hant", "en"] | None = None

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is empty")
        return value


class MessageAccepted(BaseModel):
    conversation_id: int
    ticket_number: str | None
    replies: list[str]
    duplicate: bool


def get_desk(request: Request) -> Desk:
    desk: Desk = request.app.state.runtime.desk
    return desk


@router.post("/messages", status_code=status.HTTP_202_ACCEPTED, response_model=MessageAccepted)
async def post_message(body: MessageIn, desk: Annotated[Desk, Depends(get_desk)]) -> MessageAccepted:
    """Accept one customer message; a retry with the same message_id returns the first answer."""
    extra = []
    if body.phone:
        extra.append(Identity(IdentityKind.PHONE, body.phone))
    if body.email:
        extra.append(Identity(IdentityKind.EMAIL, body.email))
    msg = InboundMessage(
        channel=Channel.API,
        provider_message_id=body.message_id,
        sender=Identity(IdentityKind.API, body.sender_id),
        text=body.text,
        received_at=datetime.now(UTC),
        thread_key=body.sender_id,
        name=body.name,
        extra_identities=tuple(extra),
        language=Language(body.language) if body.language else None,
        raw=body.model_dump(),
    )
    try:
        outcome = await desk.submit_inbound(msg)
    except InvalidInbound as exc:
        raise HTTPException(422, detail=str(exc)) from exc
    return MessageAccepted(
        conversation_id=outcome.conversation_id,
        ticket_number=outcome.ticket_number,
        replies=outcome.replies,
        duplicate=outcome.duplicate,
    )


def require_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    expected = request.app.state.runtime.settings.api_token
    if expected is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="ticket API disabled: set COMPLAINTDESK_API_TOKEN")
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(token.encode(), expected.get_secret_value().encode()):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, detail="missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"}
        )


@router.get("/tickets/{number}", dependencies=[Depends(require_token)])
async def get_ticket(number: str, desk: Annotated[Desk, Depends(get_desk)]) -> dict[str, Any]:
    """One ticket with its deadlines, messages and audit trail."""
    async with desk.unit_of_work() as uow:
        detail = await ticket_detail(uow.session, number)
    if detail is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no ticket {number}")
    return detail
