"""The interfaces the core needs from the edges; the edges implement them.

The core never imports a channel, the NLU backends or the web framework: the composition root
(`complaintdesk.bootstrap`) hands it objects that satisfy these protocols.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from core.domain.bot import BotKnown, BotTurn
from core.domain.labels import Channel
from core.domain.messages import DeliveryReceipt, NluResult, OutboundMessage


@runtime_checkable
class Classifier(Protocol):
    """The NLU port: labels and entities for one message text."""

    name: str

    async def classify(self, text: str, *, received_at: datetime) -> NluResult:
        """Classify `text`; relative dates resolve against `received_at`. Never raises on bad text."""
        ...


@runtime_checkable
class ChannelAdapter(Protocol):
    """One channel: started and stopped with the process, sends outbound messages.

    Parsing inbound payloads is channel-specific (a webhook body, a MIME message, a Telegram
    update) and ends in `core.domain.messages.InboundMessage`; delivery failures are reported
    with the errors of `core.errors` (PermanentFailure, RetryLater, ChannelUnavailable).
    """

    channel: Channel

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def send(self, message: OutboundMessage) -> DeliveryReceipt: ...


@runtime_checkable
class ConversationBot(Protocol):
    """The bot port: the first responder on chat-like channels (web widget, Telegram, SMS).

    Pure: the same state, text, labels and facts give the same turn; `state` is not modified.
    """

    def respond(
        self, state: dict[str, Any], text: str, nlu: NluResult, *, known: BotKnown, now: datetime
    ) -> BotTurn: ...


class Clock(Protocol):
    """Where "now" comes from; tests pass a controllable one to travel in time."""

    def now(self) -> datetime: ...
