"""One Telegram update into the desk: parse, fetch files, store once, answer the button press.

Shared by the webhook route and the long-polling loop. The polling offset is handed to the desk
with the message (`cursor`), so it advances in the same transaction that stores the message.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from telegram import Bot, Update
from telegram.error import TelegramError

from channels.chat.telegram.updates import Draft, FileRef, MemberChange, Skip, parse_update, update_kind
from core.domain.labels import Channel
from core.domain.messages import Attachment, InboundMessage
from core.errors import InvalidInbound

if TYPE_CHECKING:
    from core.services.desk import Desk

log = logging.getLogger(__name__)

# (bytes, filename, content type) -> storage reference; the attachment store of the deployment
SaveMedia = Callable[[bytes, str, str], Awaitable[str]]


@dataclass(frozen=True, slots=True)
class IntakeResult:
    """What became of one update, for the log and the tests."""

    outcome: str  # stored, duplicate, opted_out, opted_in, skipped, refused
    detail: str = ""
    ticket_number: str | None = None


class TelegramIntake:
    """Turns updates into desk calls."""

    def __init__(self, desk: Desk, bot: Bot, *, save_media: SaveMedia | None, max_file_bytes: int) -> None:
        self.desk = desk
        self.bot = bot
        self.save_media = save_media
        self.max_file_bytes = max_file_bytes

    async def process(self, raw: dict[str, Any], *, cursor: tuple[str, str] | None = None) -> IntakeResult:
        """Handle one update (JSON as Telegram sent it); unknown or odd updates are skipped, never raised."""
        try:
            update = Update.de_json(raw, self.bot)
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("Telegram update not understood (%s); acknowledged", type(exc).__name__)
            return await self._done(IntakeResult("skipped", "malformed update"), cursor)
        parsed = parse_update(update, raw, self.desk.clock.now())
        if isinstance(parsed, Skip):
            log.info("Telegram update %s skipped: %s", raw.get("update_id"), parsed.reason)
            await self._answer(parsed.callback_query_id)
            return await self._done(IntakeResult("skipped", parsed.reason), cursor)
        if isinstance(parsed, MemberChange):
            await self.desk.set_opt_out(Channel.TELEGRAM, str(parsed.user_id), parsed.blocked)
            outcome = "opted_out" if parsed.blocked else "opted_in"
            return await self._done(IntakeResult(outcome), cursor)
        return await self._store(parsed, raw, cursor)

    async def _store(self, draft: Draft, raw: dict[str, Any], cursor: tuple[str, str] | None) -> IntakeResult:
        attachments = tuple([await self._fetch(ref) for ref in draft.files])
        message = InboundMessage(
            channel=Channel.TELEGRAM,
            provider_message_id=draft.provider_message_id,
            sender=draft.sender,
            text=draft.text,
            received_at=draft.received_at,
            thread_key=draft.thread_key,
            name=draft.name,
            # replies go to the chat; in a private chat that is also the user's id
            reply_address=str(draft.chat_id),
            extra_identities=draft.extra_identities,
            reply_to_ids=draft.reply_to_ids,
            attachments=attachments,
            raw={"telegram": raw, "update_type": update_kind(raw)},
        )
        try:
            outcome = await self.desk.submit_inbound(message, cursor=cursor)
        except InvalidInbound as exc:
            # the desk refuses it for good (e.g. over the length limit): log, move on, never loop on it
            log.warning("Telegram update %s refused by the desk: %s", raw.get("update_id"), exc)
            await self._answer(draft.callback_query_id)
            return await self._done(IntakeResult("refused", str(exc)), cursor)
        await self._answer(draft.callback_query_id)
        return IntakeResult(
            "duplicate" if outcome.duplicate else "stored", ticket_number=outcome.ticket_number
        )

    async def _fetch(self, ref: FileRef) -> Attachment:
        if ref.size is not None and ref.size > self.max_file_bytes:
            return Attachment(
                ref.filename, ref.content_type, ref.size, refused_reason="larger than the bot may fetch"
            )
        reference = f"telegram-file:{ref.file_id}"
        if self.save_media is None:
            # no store configured: Telegram keeps the file and the id fetches it again later
            return Attachment(ref.filename, ref.content_type, ref.size or 0, storage_ref=reference)
        try:
            file = await self.bot.get_file(ref.file_id)
            data = bytes(await file.download_as_bytearray())
        except TelegramError as exc:
            log.warning("Telegram file not fetched: %s", type(exc).__name__)
            return Attachment(
                ref.filename,
                ref.content_type,
                ref.size or 0,
                storage_ref=reference,
                refused_reason="download failed",
            )
        try:
            stored = await self.save_media(data, ref.filename, ref.content_type)
        except Exception:
            # a full disk must not cost the customer's message: keep Telegram's reference
            log.exception("attachment store failed for a Telegram file")
            return Attachment(
                ref.filename,
                ref.content_type,
                len(data),
                storage_ref=reference,
                refused_reason="store failed",
            )
        return Attachment(ref.filename, ref.content_type, len(data), storage_ref=stored)

    async def _answer(self, callback_query_id: str | None) -> None:
        # stops the spinner on the customer's button; a failure here must not lose the answer
        if callback_query_id is None:
            return
        try:
            await self.bot.answer_callback_query(callback_query_id)
        except TelegramError as exc:
            log.info("answerCallbackQuery failed: %s", exc)

    async def _done(self, result: IntakeResult, cursor: tuple[str, str] | None) -> IntakeResult:
        if cursor is not None:
            await self.desk.set_cursor(*cursor)
        return result
