"""The web chat channel assembled for the composition root: its adapter and its routes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter

from channels.chat.web.adapter import WebChatAdapter
from channels.chat.web.hub import VisitorHub
from channels.chat.web.router import build_router
from channels.chat.web.settings import WebChatSettings

if TYPE_CHECKING:
    from core.services.desk import Desk


def build_web_channel(desk: Desk, *, settings: WebChatSettings | None = None) -> tuple[WebChatAdapter, APIRouter]:
    """The widget's adapter (for the outbox) and router (socket, script, demo page); always on."""
    settings = settings if settings is not None else WebChatSettings()
    hub = VisitorHub()
    return WebChatAdapter(hub), build_router(desk, hub, settings)
