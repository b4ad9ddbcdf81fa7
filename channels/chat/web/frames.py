"""The widget's WebSocket protocol: client frames validated at the edge, one model per type.

Client → server: hello {token?}, message {cid, text}, ack {key}, agent {}.
Server → client: welcome, accepted, message, typing, ticket, state, throttled, error.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class _Frame(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Hello(_Frame):
    type: Literal["hello"]
    token: str | None = Field(default=None, max_length=512)


class Say(_Frame):
    """A customer message; `cid` is the client's id for it, stable across resends."""

    type: Literal["message"]
    cid: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    text: str = Field(max_length=100_000)


class Ack(_Frame):
    """The widget has shown the server message with this key."""

    type: Literal["ack"]
    key: str = Field(min_length=1, max_length=128)


class AskAgent(_Frame):
    """The customer pressed "talk to a person"."""

    type: Literal["agent"]


ClientFrame = Annotated[Hello | Say | Ack | AskAgent, Field(discriminator="type")]
CLIENT_FRAME: TypeAdapter[Hello | Say | Ack | AskAgent] = TypeAdapter(ClientFrame)
