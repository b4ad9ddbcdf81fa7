"""The Telegram channel is on only with a token, and refuses a half-configured webhook."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from channels.chat.telegram.channel import build_telegram_channel
from core.services.desk import Desk

pytestmark = pytest.mark.integration

NAMES = [
    "COMPLAINTDESK_TELEGRAM_TOKEN",
    "COMPLAINTDESK_TELEGRAM_SECRET",
    "COMPLAINTDESK_TELEGRAM_MODE",
    "COMPLAINTDESK_TELEGRAM_API_URL",
    "COMPLAINTDESK_PUBLIC_URL",
]
TOKEN = "7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env


async def test_no_token_no_channel(desk: Desk) -> None:
    assert build_telegram_channel(desk) is None


async def test_webhook_mode_gives_the_route(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLAINTDESK_TELEGRAM_TOKEN", TOKEN)
    monkeypatch.setenv("COMPLAINTDESK_TELEGRAM_SECRET", "s3cr3t_token-1")
    monkeypatch.setenv("COMPLAINTDESK_PUBLIC_URL", "https://desk.example.com")
    channel = build_telegram_channel(desk)
    assert channel is not None
    assert channel.router is not None
    assert [route.path for route in channel.router.routes] == ["/webhooks/telegram"]  # type: ignore[attr-defined]
    assert channel.adapter.settings.webhook_url == "https://desk.example.com/webhooks/telegram"


async def test_polling_mode_needs_no_public_url(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLAINTDESK_TELEGRAM_TOKEN", TOKEN)
    monkeypatch.setenv("COMPLAINTDESK_TELEGRAM_MODE", "polling")
    channel = build_telegram_channel(desk)
    assert channel is not None
    assert channel.router is None


async def test_webhook_without_secret_is_a_clear_error(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPLAINTDESK_TELEGRAM_TOKEN", TOKEN)
    monkeypatch.setenv("COMPLAINTDESK_PUBLIC_URL", "https://desk.example.com")
    with pytest.raises(ValidationError, match="COMPLAINTDESK_TELEGRAM_SECRET"):
        build_telegram_channel(desk)
