"""Fixtures for the Telegram channel: the Bot API stand-in, a real desk, our webhook on loopback."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from channels.chat.telegram.adapter import TelegramAdapter
from channels.chat.telegram.settings import TelegramSettings
from channels.chat.telegram.webhooks import build_router
from core.services.desk import Desk
from tests.providers.http_server import serve_in_loop
from tests.providers.telegram_api import TelegramStandIn

FIXTURES = Path(__file__).with_name("fixtures")
SECRET = "cd-webhook-9f3Kq2xZ_71"
# a 1x1 PNG and a tiny PDF: the files the fixtures' file_ids stand for
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e5270de40000000049454e44ae426082"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def update_fixture(name: str) -> dict[str, Any]:
    """A Telegram update from tests/telegram/fixtures."""
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def telegram_server() -> Iterator[TelegramStandIn]:
    standin = TelegramStandIn().start()
    yield standin
    standin.stop()


@pytest.fixture
def telegram(telegram_server: TelegramStandIn) -> TelegramStandIn:
    """The Bot API stand-in, emptied for this test, holding the fixtures' files."""
    telegram_server.reset()
    telegram_server.add_file("AgACAgUAAxkBAAIBpGZ0large", "photos/file_17.jpg", PNG)
    telegram_server.add_file("BQACAgUAAxkBAAIBpWZ0bill", "documents/file_18.pdf", PDF)
    return telegram_server


def make_settings(telegram: TelegramStandIn, **overrides: object) -> TelegramSettings:
    """Telegram settings pointing at the stand-in."""
    values: dict[str, object] = {
        "public_url": "https://desk.example.com",
        "telegram_token": telegram.token,
        "telegram_secret": SECRET,
        "telegram_api_url": telegram.url,
        "telegram_mode": "webhook",
        "telegram_poll_timeout": 0,
    }
    values.update(overrides)
    return TelegramSettings(**values)  # type: ignore[arg-type]


class MemoryStore:
    """The attachment store of a deployment, in memory."""

    def __init__(self) -> None:
        self.saved: dict[str, tuple[bytes, str]] = {}
        self.full = False  # behave like a full disk

    async def __call__(self, data: bytes, filename: str, content_type: str) -> str:
        if self.full:
            raise OSError(28, "No space left on device")
        ref = f"mem://{len(self.saved)}/{filename}"
        self.saved[ref] = (data, content_type)
        return ref


@dataclass
class TelegramStack:
    """Our app with the Telegram webhook on loopback, its started adapter, desk and the stand-in."""

    url: str
    adapter: TelegramAdapter
    desk: Desk
    telegram: TelegramStandIn
    store: MemoryStore

    async def push(self, update: dict[str, Any]) -> int:
        """Telegram delivers `update` to our webhook; returns our HTTP status."""
        response = await asyncio.to_thread(self.telegram.push_update, update)
        assert response is not None, "no webhook registered"
        return response.status_code


@contextlib.asynccontextmanager
async def serve_telegram(telegram: TelegramStandIn, desk: Desk) -> AsyncIterator[TelegramStack]:
    """The Telegram channel in webhook mode on `desk`, Telegram replaced by the stand-in."""
    store = MemoryStore()
    app = FastAPI()
    settings = make_settings(telegram)
    adapter = TelegramAdapter(settings, desk, save_media=store)
    app.include_router(build_router(adapter))
    async with serve_in_loop(app) as url:
        # the stand-in calls the URL registered with setWebhook: our loopback address
        settings.public_url = url
        await adapter.start()
        try:
            yield TelegramStack(url, adapter, desk, telegram, store)
        finally:
            await adapter.stop()


@pytest.fixture
async def webhook_stack(telegram: TelegramStandIn, desk: Desk) -> AsyncIterator[TelegramStack]:
    """Webhook mode on a SQLite desk."""
    async with serve_telegram(telegram, desk) as stack:
        yield stack


@pytest.fixture
async def webhook_stack_pg(telegram: TelegramStandIn, desk_pg: Desk) -> AsyncIterator[TelegramStack]:
    """Webhook mode on a PostgreSQL desk."""
    async with serve_telegram(telegram, desk_pg) as stack:
        yield stack
