"""The web chat adapter: delivers outbound `web` messages to the visitor's open sockets."""

from __future__ import annotations

from channels.chat.web.hub import VisitorHub
from core.domain.labels import Channel, DeliveryStatus
from core.domain.messages import DeliveryReceipt, OutboundMessage


class WebChatAdapter:
    """`ChannelAdapter` for the widget. The recipient is the visitor id.

    A reply to a visitor who is offline is still a success for the outbox: it is stored, and
    the widget fetches it with the history when it reconnects. Delivery is confirmed (status
    `delivered`) when the widget acknowledges the message key.
    """

    channel = Channel.WEB

    def __init__(self, hub: VisitorHub) -> None:
        self.hub = hub

    async def start(self) -> None:
        """Nothing to open: sockets come to us."""

    async def stop(self) -> None:
        """Nothing to close: uvicorn closes the sockets."""

    async def notify_typing(self, thread_key: str) -> bool:
        """Show the visitor of a `web:<visitor>` thread that an agent is typing; False when offline."""
        visitor = thread_key.removeprefix("web:")
        return bool(await self.hub.push(visitor, {"type": "typing", "on": True, "author": "agent"}))

    async def notify_state(self, thread_key: str, state: str) -> bool:
        """Tell the visitor's tabs who holds the conversation now (agent joined, back to the bot)."""
        visitor = thread_key.removeprefix("web:")
        return bool(await self.hub.push(visitor, {"type": "state", "state": state}))

    async def send(self, message: OutboundMessage) -> DeliveryReceipt:
        """Push the reply to the visitor's tabs; the idempotency key is the message key."""
        frame = {
            "type": "message",
            "key": message.idempotency_key,
            # agent replies are queued by core.services.handoff with keys "agent-..."
            "author": "agent" if message.idempotency_key.startswith("agent-") else "bot",
            "text": message.text,
            "ticket_number": message.ticket_number,
            # quick answers the bot offers (是 / 不对, 转人工); the widget shows them as buttons
            "buttons": [str(b) for b in (message.options or {}).get("buttons") or []],
        }
        pushed = await self.hub.push(message.recipient, frame)
        detail = "pushed live" if pushed else "visitor offline; sent with the history on reconnect"
        return DeliveryReceipt(message.idempotency_key, DeliveryStatus.SENT, detail)
