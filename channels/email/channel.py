"""The e-mail channel as the composition root sees it: IMAP ingest loop plus SMTP sender."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from channels.email.imap_sync import ImapAuthError, ImapError, ImapSync
from channels.email.intake import DeskPort, MailIntake
from channels.email.settings import EmailSettings
from channels.email.smtp_sender import SmtpSender
from core.domain.labels import Channel
from core.domain.messages import DeliveryReceipt, OutboundMessage
from core.errors import ChannelUnavailable

log = logging.getLogger(__name__)


class EmailChannel:
    """A `ChannelAdapter`: `start()` checks both servers and starts the IMAP loop; `send()` uses SMTP."""

    channel = Channel.EMAIL

    def __init__(self, settings: EmailSettings, desk: DeskPort) -> None:
        self.settings = settings
        self.desk = desk
        self.intake = MailIntake(desk, settings)
        self.sync = ImapSync(settings, desk, self.intake)
        self.sender = SmtpSender(settings)
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Fail fast on wrong credentials, then run the IMAP loop in the background."""
        if self.settings.smtp_configured:
            await self.sender.start()
        if self.settings.imap_configured:
            try:
                session = await self.sync.connect()
            except ImapAuthError as exc:
                raise ChannelUnavailable(str(exc)) from exc
            except ImapError as exc:
                # a server that is down at start-up is a passing problem: the loop keeps trying
                log.warning("IMAP server not reachable at start (%s); will keep retrying", exc)
            else:
                await session.close()
            self._task = asyncio.create_task(self.sync.run(), name="email-imap-sync")

    async def stop(self) -> None:
        """Finish the mail in hand, stop the IMAP loop and close the SMTP connection."""
        self.sync.stop()
        if self._task is not None:
            try:
                await asyncio.wait_for(asyncio.shield(self._task), self.settings.imap_timeout_seconds)
            except TimeoutError:
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._task
            self._task = None
        await self.sender.stop()

    async def send(self, message: OutboundMessage) -> DeliveryReceipt:
        """Deliver one reply by SMTP."""
        if not self.settings.smtp_configured:
            raise ChannelUnavailable("SMTP is not configured")
        return await self.sender.send(message)
