"""Quick-answer buttons: `OutboundMessage.options["buttons"]` as an inline keyboard, and back.

`buttons` is a list of answers, each a string ("1" ... "5") or a {"label": ..., "value": ...}
mapping. A press comes back as a callback query whose data is "qa:<value>"; the core receives
the value as the customer's text, in reply to the message that carried the buttons.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

PREFIX = "qa:"
MAX_CALLBACK_BYTES = 64  # Bot API limit on callback_data
MAX_PER_ROW = 5


def _label_value(button: str | Mapping[str, Any]) -> tuple[str, str]:
    if isinstance(button, str):
        return button, button
    value = str(button["value"])
    return str(button.get("label", value)), value


def quick_answers(buttons: Sequence[str | Mapping[str, Any]] | None) -> InlineKeyboardMarkup | None:
    """An inline keyboard with one button per answer, five to a row; None without buttons."""
    if not buttons:
        return None
    row: list[InlineKeyboardButton] = []
    rows: list[list[InlineKeyboardButton]] = []
    for button in buttons:
        label, value = _label_value(button)
        data = PREFIX + value
        if len(data.encode()) > MAX_CALLBACK_BYTES:
            raise ValueError(f"quick answer {value[:20]!r} is longer than Telegram's 64-byte callback data")
        row.append(InlineKeyboardButton(label, callback_data=data))
        if len(row) == MAX_PER_ROW:
            rows.append(row)
            row = []
    if row:
        rows.append(row)
    return InlineKeyboardMarkup(rows)


def answer_value(callback_data: str | None) -> str | None:
    """The answer a pressed quick-answer button carries, or None for data that is not ours."""
    if not callback_data or not callback_data.startswith(PREFIX):
        return None
    return callback_data[len(PREFIX) :] or None
