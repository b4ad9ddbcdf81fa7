"""The SMS channel is on only when its settings are present."""

from __future__ import annotations

import pytest

from channels.sms.channel import build_sms_channel
from core.services.desk import Desk

pytestmark = pytest.mark.integration

ENV = {
    "COMPLAINTDESK_TWILIO_ACCOUNT_SID": "AC3f6a0c9d2e8b41c7a5d90e6b2c4f8a1d",
    "COMPLAINTDESK_TWILIO_AUTH_TOKEN": "9c4e1f7a2b8d3c6e0f5a1b7d9e2c4f8a",
    "COMPLAINTDESK_TWILIO_FROM": "+14155550123",
}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    for name in [*ENV, "COMPLAINTDESK_PUBLIC_URL", "COMPLAINTDESK_TWILIO_API_URL"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env


async def test_absent_settings_mean_no_channel(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    assert build_sms_channel(desk) is None
    monkeypatch.setenv("COMPLAINTDESK_TWILIO_ACCOUNT_SID", ENV["COMPLAINTDESK_TWILIO_ACCOUNT_SID"])
    assert build_sms_channel(desk) is None  # token and sender still missing


async def test_full_settings_give_adapter_and_routes(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    send_only = build_sms_channel(desk)
    assert send_only is not None
    assert send_only.router is None  # Twilio cannot call us without a public URL
    assert send_only.adapter.settings.twilio_api_url == "https://api.twilio.com"
    monkeypatch.setenv("COMPLAINTDESK_PUBLIC_URL", "https://desk.example.com/")
    channel = build_sms_channel(desk)
    assert channel is not None
    assert channel.router is not None
    assert {route.path for route in channel.router.routes} == {
        "/webhooks/twilio/sms",
        "/webhooks/twilio/status",
    }  # type: ignore[attr-defined]
    assert channel.adapter.settings.status_callback_url == "https://desk.example.com/webhooks/twilio/status"
