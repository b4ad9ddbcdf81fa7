"""The Telegram channel adapter: one Bot per process, webhook or long polling, flood-limited sends."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from telegram import Bot, InlineKeyboardMarkup, ReplyParameters
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.request import HTTPXRequest

from channels.chat.telegram.flood import FloodGate
from channels.chat.telegram.intake import SaveMedia, TelegramIntake
from channels.chat.telegram.keyboards import quick_answers
from channels.chat.telegram.polling import Poller
from channels.chat.telegram.settings import ALLOWED_UPDATES, TelegramSettings
from core.domain.labels import Channel, DeliveryStatus
from core.domain.messages import DeliveryReceipt, OutboundMessage
from core.errors import ChannelUnavailable, PermanentFailure, RetryLater

if TYPE_CHECKING:
    from core.services.desk import Desk

log = logging.getLogger(__name__)

MAX_TEXT = 4096  # Bot API limit of one message's text
_REPLY_TO = re.compile(r"^(-?\d+):(\d+)$")


def seconds(value: int | float | timedelta) -> float:
    """A PTB time period in seconds (int in PTB 22's old mode, timedelta in the new one)."""
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut at line ends or spaces where possible."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = limit
        # a line end first, else a sentence end, else a space, each only in the second half
        for mark in ("\n", "。", " "):
            at = window.rfind(mark)
            if at >= limit // 2:
                cut = at + 1
                break
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    pieces.append(rest)
    return [p for p in pieces if p]


@dataclass
class _Progress:
    """Pieces of one reply Telegram already accepted, kept across the dispatcher's retries."""

    message_ids: list[int] = field(default_factory=list)


class TelegramAdapter:
    """`ChannelAdapter` for Telegram; also owns the intake (webhook route and polling loop use it)."""

    channel = Channel.TELEGRAM

    def __init__(
        self,
        settings: TelegramSettings,
        desk: Desk,
        *,
        save_media: SaveMedia | None = None,
        gate: FloodGate | None = None,
    ) -> None:
        if not settings.configured:
            raise ValueError("the Telegram channel needs COMPLAINTDESK_TELEGRAM_TOKEN")
        self.settings = settings
        self.desk = desk
        api = settings.telegram_api_url.rstrip("/")
        self.bot = Bot(
            settings.token,
            base_url=f"{api}/bot",
            base_file_url=f"{api}/file/bot",
            request=HTTPXRequest(connection_pool_size=16),
            # long polling holds one connection for up to telegram_poll_timeout seconds
            get_updates_request=HTTPXRequest(connection_pool_size=1, read_timeout=10),
        )
        self.gate = gate or FloodGate(
            chat_interval=settings.telegram_chat_interval,
            global_rate=settings.telegram_global_rate,
            max_wait=settings.telegram_max_wait,
        )
        self.intake = TelegramIntake(
            desk, self.bot, save_media=save_media, max_file_bytes=settings.telegram_max_file_bytes
        )
        self._poller: Poller | None = None
        self._progress: dict[str, _Progress] = {}
        self._started = False
        self._setup_task: asyncio.Task[None] | None = None
        # first pause before retrying a start that found Telegram unreachable; doubles up to 5 min
        self.start_retry_delay = 5.0

    async def start(self) -> None:
        """Check the token, then register the webhook or start long polling, as configured.

        A wrong token fails the start. An unreachable Telegram does not: the setup is retried in
        the background and sends fail with ChannelUnavailable (retried by the outbox) meanwhile.
        """
        try:
            await self.bot.initialize()  # getMe: a wrong token fails here
            await self._setup_mode()
        except InvalidToken:
            await self.bot.shutdown()
            # `from None`: PTB's message quotes the token, which must not reach a log
            raise ChannelUnavailable("Telegram rejected the bot token") from None
        except NetworkError as exc:
            log.warning("Telegram unreachable at start (%s); retrying in the background", exc.message)
            self._setup_task = asyncio.create_task(self._setup_later(), name="telegram-setup")
        except BaseException:
            await self.bot.shutdown()  # close the HTTP pools opened before the failure
            raise
        self._started = True

    async def _setup_mode(self) -> None:
        if self.settings.telegram_mode == "webhook":
            await self.bot.set_webhook(
                self.settings.webhook_url,
                secret_token=self.settings.secret,
                allowed_updates=ALLOWED_UPDATES,
            )
        else:
            # a webhook left from webhook mode would make getUpdates fail with 409 Conflict
            await self.bot.delete_webhook(drop_pending_updates=False)
            timeout = self.settings.telegram_poll_timeout
            self._poller = Poller(self.bot, self.desk, self.intake, timeout=timeout)
            self._poller.start()

    async def _setup_later(self) -> None:
        delay = self.start_retry_delay
        while True:
            await asyncio.sleep(delay)
            try:
                await self.bot.initialize()
                await self._setup_mode()
            except InvalidToken:
                log.error("Telegram rejected the bot token; the channel stays off")
                return
            except NetworkError as exc:
                log.warning("Telegram still unreachable (%s)", exc.message)
                delay = min(delay * 2, 300.0)
            else:
                log.info("Telegram reachable again; %s mode set up", self.settings.telegram_mode)
                return

    async def stop(self) -> None:
        """Stop polling and close the HTTP pools (the webhook stays registered for the next start)."""
        if self._setup_task is not None:
            self._setup_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._setup_task
            self._setup_task = None
        if self._poller is not None:
            await self._poller.stop()
            self._poller = None
        if self._started:
            await self.bot.shutdown()
        self._started = False

    async def process_update(self, raw: dict[str, Any]) -> str:
        """Handle one update from the webhook; returns the outcome for the log."""
        return (await self.intake.process(raw)).outcome

    async def send(self, message: OutboundMessage) -> DeliveryReceipt:
        """Send a reply (split past 4096 characters, buttons on the last piece) within the flood limits."""
        if not self._started:
            raise ChannelUnavailable("the Telegram channel is not started")
        try:
            chat_id = int(message.recipient)
        except ValueError as exc:
            raise PermanentFailure("recipient is not a Telegram chat id") from exc
        if await self.desk.is_opted_out(Channel.TELEGRAM, message.recipient):
            raise PermanentFailure("customer has blocked the bot")
        try:
            markup = quick_answers(message.options.get("buttons"))
        except ValueError as exc:
            raise PermanentFailure(str(exc)) from exc
        pieces = split_text(message.text)
        progress = self._progress.setdefault(message.idempotency_key, _Progress())
        for index, piece in enumerate(pieces):
            if index < len(progress.message_ids):
                continue  # accepted on an earlier attempt
            last = index == len(pieces) - 1
            reply_to = self._reply_to(message, chat_id) if index == 0 else None
            try:
                sent_id = await self._send_piece(chat_id, piece, markup if last else None, reply_to)
            except PermanentFailure:
                # no retry will come for this key: do not keep its progress forever
                self._progress.pop(message.idempotency_key, None)
                raise
            progress.message_ids.append(sent_id)
        del self._progress[message.idempotency_key]
        return DeliveryReceipt(f"{chat_id}:{progress.message_ids[0]}", status=DeliveryStatus.SENT)

    @staticmethod
    def _reply_to(message: OutboundMessage, chat_id: int) -> ReplyParameters | None:
        match = _REPLY_TO.match(message.in_reply_to or "")
        if match is None or int(match.group(1)) != chat_id:
            return None
        # a deleted original must not make the reply fail
        return ReplyParameters(int(match.group(2)), allow_sending_without_reply=True)

    async def _send_piece(
        self, chat_id: int, text: str, markup: InlineKeyboardMarkup | None, reply_to: ReplyParameters | None
    ) -> int:
        await self.gate.wait_turn(chat_id)
        try:
            sent = await self.bot.send_message(chat_id, text, reply_markup=markup, reply_parameters=reply_to)
        except RetryAfter as exc:
            delay = seconds(exc.retry_after)
            self.gate.pause(delay)
            raise RetryLater(f"Telegram flood control: retry after {delay:.0f} s", delay=delay) from exc
        except Forbidden as exc:
            if "blocked" in exc.message or "deactivated" in exc.message:
                # no send will work until they unblock the bot (my_chat_member clears this again)
                await self.desk.set_opt_out(Channel.TELEGRAM, str(chat_id), True)
            raise PermanentFailure(f"Telegram: {exc.message}") from exc
        except (BadRequest, ChatMigrated) as exc:
            raise PermanentFailure(f"Telegram: {exc.message}") from exc
        except InvalidToken:
            raise ChannelUnavailable("Telegram rejected the bot token") from None
        except TimedOut as exc:
            raise RetryLater("Telegram did not answer in time") from exc
        except NetworkError as exc:
            raise ChannelUnavailable(f"Telegram unreachable: {exc.message}") from exc
        except TelegramError as exc:
            raise RetryLater(f"Telegram: {exc.message}") from exc
        return int(sent.message_id)
