"""The SMS channel assembled for the composition root: its adapter and, with a public URL, its routes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastapi import APIRouter

from channels.sms.intake import SaveMedia
from channels.sms.sender import TwilioSmsAdapter
from channels.sms.settings import TwilioSettings, load_twilio_settings
from channels.sms.webhooks import build_router

if TYPE_CHECKING:
    from core.services.desk import Desk


@dataclass(frozen=True)
class SmsChannel:
    """What the app needs: the outbox adapter and the webhook routes (None when send-only)."""

    adapter: TwilioSmsAdapter
    router: APIRouter | None


def build_sms_channel(
    desk: Desk, *, settings: TwilioSettings | None = None, save_media: SaveMedia | None = None
) -> SmsChannel | None:
    """The SMS channel from `settings` (default: the environment), or None when it is not configured."""
    settings = settings if settings is not None else load_twilio_settings()
    if settings is None or not settings.configured:
        return None
    adapter = TwilioSmsAdapter(settings, desk=desk)
    # without a public URL Twilio cannot call us (and signatures cannot be checked): send only
    router = (
        build_router(desk, settings, sender=adapter, save_media=save_media) if settings.public_url else None
    )
    return SmsChannel(adapter, router)
