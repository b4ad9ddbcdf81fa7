"""Errors shared by every channel and by the core, so retry logic stays provider-neutral.

Shaped after python-telegram-bot's error set: a channel adapter raises one of the three delivery
errors; the outbox dispatcher decides what to do with it.
"""


class ComplaintDeskError(Exception):
    """Base of every error the product raises on purpose."""


class DeliveryError(ComplaintDeskError):
    """A channel could not deliver an outbound message."""


class PermanentFailure(DeliveryError):
    """The provider refused the message for good (bad address, 5xx SMTP, blocked bot)."""


class RetryLater(DeliveryError):
    """A passing failure; try again, no sooner than `delay` seconds if the provider said so."""

    def __init__(self, message: str, delay: float | None = None) -> None:
        super().__init__(message)
        self.delay = delay


class ChannelUnavailable(DeliveryError):
    """The channel is not configured or its provider is down; retried with backoff."""


class InvalidInbound(ComplaintDeskError):
    """An inbound message that cannot be accepted; the text says which field and why."""


class PolicyError(ComplaintDeskError):
    """A policy file that does not validate; the text names the field."""


class NotFound(ComplaintDeskError):
    """A ticket, conversation or customer that does not exist."""


class NotAllowed(ComplaintDeskError):
    """An operation not allowed in the current state or for the user's role."""
