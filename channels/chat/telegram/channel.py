"""The Telegram channel assembled for the composition root: its adapter and, in webhook mode, its route."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastapi import APIRouter

from channels.chat.telegram.adapter import TelegramAdapter
from channels.chat.telegram.intake import SaveMedia
from channels.chat.telegram.settings import TelegramSettings, load_telegram_settings
from channels.chat.telegram.webhooks import build_router

if TYPE_CHECKING:
    from core.services.desk import Desk


@dataclass(frozen=True)
class TelegramChannel:
    """What the app needs: the adapter (outbox and polling) and the webhook route (None when polling)."""

    adapter: TelegramAdapter
    router: APIRouter | None


def build_telegram_channel(
    desk: Desk, *, settings: TelegramSettings | None = None, save_media: SaveMedia | None = None
) -> TelegramChannel | None:
    """The Telegram channel from `settings` (default: the environment), or None when it is not configured.

    Raises pydantic's ValidationError when webhook mode lacks COMPLAINTDESK_PUBLIC_URL or
    COMPLAINTDESK_TELEGRAM_SECRET: a half-configured bot should stop the start, not stay silent.
    """
    settings = settings if settings is not None else load_telegram_settings()
    if settings is None or not settings.configured:
        return None
    adapter = TelegramAdapter(settings, desk, save_media=save_media)
    router = build_router(adapter) if settings.telegram_mode == "webhook" else None
    return TelegramChannel(adapter, router)
