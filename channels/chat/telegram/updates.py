"""Telegram updates as what the desk needs: a customer message draft, a block/unblock, or a skip.

Which update it is comes from the payload's key (message, callback_query, ...), mapped to a small
function by a dict; a key we do not handle is a `Skip`, logged and acknowledged by the caller.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from telegram import CallbackQuery, ChatMemberUpdated, Message, Update

from channels.chat.telegram.keyboards import answer_value
from core.domain.identities import normalise_phone
from core.domain.labels import IdentityKind
from core.domain.messages import Identity


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file Telegram holds for a message; fetched with getFile before the message is stored."""

    file_id: str
    filename: str
    content_type: str
    size: int | None


@dataclass(frozen=True, slots=True)
class Draft:
    """A customer message, short of its attachments' storage."""

    provider_message_id: str
    user_id: int
    chat_id: int
    name: str | None
    text: str
    received_at: datetime
    files: tuple[FileRef, ...] = ()
    extra_identities: tuple[Identity, ...] = ()
    reply_to_ids: tuple[str, ...] = ()
    callback_query_id: str | None = None

    @property
    def sender(self) -> Identity:
        """The Telegram user as a customer identity."""
        return Identity(IdentityKind.TELEGRAM, str(self.user_id))

    @property
    def thread_key(self) -> str:
        """One conversation per private chat."""
        return f"telegram:{self.chat_id}"


@dataclass(frozen=True, slots=True)
class MemberChange:
    """The user blocked (or unblocked) the bot in their private chat."""

    user_id: int
    blocked: bool


@dataclass(frozen=True, slots=True)
class Skip:
    """An update we acknowledge without storing, and why."""

    reason: str
    callback_query_id: str | None = field(default=None)


Parsed = Draft | MemberChange | Skip


def message_key(chat_id: int, message_id: int) -> str:
    """Our provider id of a Telegram message: message ids are unique per chat only."""
    return f"{chat_id}:{message_id}"


def _name(user: Any) -> str | None:
    return str(user.full_name) if user is not None and user.full_name else None


def _files(message: Message) -> tuple[FileRef, ...]:
    files: list[FileRef] = []
    if message.photo:
        # Telegram sends every size; the last is the largest
        best = message.photo[-1]
        files.append(FileRef(best.file_id, f"photo-{best.file_unique_id}.jpg", "image/jpeg", best.file_size))
    if message.document:
        doc = message.document
        files.append(
            FileRef(
                doc.file_id,
                doc.file_name or f"document-{doc.file_unique_id}",
                doc.mime_type or "application/octet-stream",
                doc.file_size,
            )
        )
    for media, extension, default_type in (
        (message.voice, "ogg", "audio/ogg"),
        (message.video, "mp4", "video/mp4"),
        (message.audio, "mp3", "audio/mpeg"),
    ):
        if media is not None:
            name = f"{type(media).__name__.lower()}-{media.file_unique_id}.{extension}"
            files.append(FileRef(media.file_id, name, media.mime_type or default_type, media.file_size))
    return tuple(files)


def _contact(message: Message) -> tuple[str, tuple[Identity, ...]]:
    contact = message.contact
    assert contact is not None
    phone = normalise_phone(contact.phone_number)
    name = " ".join(p for p in (contact.first_name, contact.last_name) if p)
    text = f"[contact] {name} {phone}".strip()
    # only the customer's own card vouches for a phone; a friend's card is just information
    own = message.from_user is not None and contact.user_id == message.from_user.id
    return text, ((Identity(IdentityKind.PHONE, phone),) if own else ())


def _from_message(update: Update, message: Message | None, *, edited: bool) -> Parsed:
    if message is None or message.from_user is None:
        return Skip("message without a sender")
    if message.chat.type != "private":
        return Skip(f"message in a {message.chat.type} chat")
    if message.from_user.is_bot:
        return Skip("message from a bot")
    text = message.text or message.caption or ""
    identities: tuple[Identity, ...] = ()
    if message.contact is not None:
        text, identities = _contact(message)
    elif message.location is not None:
        text = f"[location] {message.location.latitude:.5f},{message.location.longitude:.5f}"
    elif message.sticker is not None and not text:
        text = message.sticker.emoji or "[sticker]"
    files = _files(message)
    if not text.strip() and not files:
        return Skip("message with nothing we can store")
    key = message_key(message.chat.id, message.message_id)
    if edited:
        # an edit is a new customer statement about the same message: its own id, linked back
        stamp = int((message.edit_date or message.date).timestamp())
        return Draft(
            f"{key}:edit:{stamp}",
            message.from_user.id,
            message.chat.id,
            _name(message.from_user),
            text,
            message.edit_date or message.date,
            files,
            identities,
            reply_to_ids=(key,),
        )
    reply_to = message.reply_to_message
    return Draft(
        key,
        message.from_user.id,
        message.chat.id,
        _name(message.from_user),
        text,
        message.date,
        files,
        identities,
        reply_to_ids=(message_key(message.chat.id, reply_to.message_id),) if reply_to else (),
    )


def _from_callback(update: Update, query: CallbackQuery | None, received_at: datetime) -> Parsed:
    assert query is not None
    value = answer_value(query.data)
    message = query.message
    if value is None or message is None:
        return Skip("button press that is not a quick answer", callback_query_id=query.id)
    if message.chat.type != "private":
        return Skip(f"button press in a {message.chat.type} chat", callback_query_id=query.id)
    return Draft(
        f"cbq:{query.id}",
        query.from_user.id,
        message.chat.id,
        _name(query.from_user),
        value,
        received_at,
        reply_to_ids=(message_key(message.chat.id, message.message_id),),
        callback_query_id=query.id,
    )


def _from_member(update: Update, change: ChatMemberUpdated | None) -> Parsed:
    assert change is not None
    if change.chat.type != "private":
        return Skip(f"membership change in a {change.chat.type} chat")
    status = change.new_chat_member.status
    if status == "kicked":
        return MemberChange(change.from_user.id, blocked=True)
    if status == "member":
        return MemberChange(change.from_user.id, blocked=False)
    return Skip(f"membership status {status}")


# update key -> parser; `received_at` is used where Telegram gives no date (callback queries)
PARSERS: dict[str, Callable[[Update, datetime], Parsed]] = {
    "message": lambda u, _: _from_message(u, u.message, edited=False),
    "edited_message": lambda u, _: _from_message(u, u.edited_message, edited=True),
    "callback_query": lambda u, now: _from_callback(u, u.callback_query, now),
    "my_chat_member": lambda u, _: _from_member(u, u.my_chat_member),
}


def update_kind(raw: dict[str, Any]) -> str:
    """The update's type: its one key besides update_id."""
    kinds = [k for k in raw if k != "update_id"]
    return kinds[0] if len(kinds) == 1 else "+".join(sorted(kinds)) or "empty"


def parse_update(update: Update, raw: dict[str, Any], received_at: datetime) -> Parsed:
    """What the update means to the desk; never raises for an update type we do not handle."""
    kind = update_kind(raw)
    parser = PARSERS.get(kind)
    if parser is None:
        return Skip(f"update type {kind} not handled")
    return parser(update, received_at)
