"""Fixtures for the SMS channel: the Twilio stand-in, a real desk, our webhooks served on loopback."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI

from channels.sms.sender import TwilioSmsAdapter
from channels.sms.settings import TwilioSettings
from channels.sms.webhooks import build_router
from core.services.desk import Desk
from tests.providers.http_server import serve_in_loop
from tests.providers.twilio_api import TwilioStandIn

FIXTURES = Path(__file__).with_name("fixtures")
# the account of every fixture payload; the stand-in plays that account
ACCOUNT_SID = "AC3f6a0c9d2e8b41c7a5d90e6b2c4f8a1d"
AUTH_TOKEN = "9c4e1f7a2b8d3c6e0f5a1b7d9e2c4f8a"
OUR_NUMBER = "+14155550123"


def form_fixture(name: str) -> dict[str, str]:
    """A Twilio webhook form post from tests/sms/fixtures."""
    data: dict[str, str] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def twilio_server() -> Iterator[TwilioStandIn]:
    standin = TwilioStandIn(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN).start()
    yield standin
    standin.stop()


@pytest.fixture
def twilio(twilio_server: TwilioStandIn) -> TwilioStandIn:
    """The Twilio stand-in, emptied for this test."""
    twilio_server.reset()
    return twilio_server


def make_settings(twilio: TwilioStandIn, public_url: str, **overrides: object) -> TwilioSettings:
    """SMS settings pointing at the stand-in, with `public_url` as the URL Twilio calls."""
    values: dict[str, object] = {
        "public_url": public_url,
        "twilio_account_sid": twilio.account_sid,
        "twilio_auth_token": twilio.auth_token,
        "twilio_from": OUR_NUMBER,
        "twilio_api_url": twilio.url,
    }
    values.update(overrides)
    return TwilioSettings(**values)  # type: ignore[arg-type]


@dataclass
class SmsStack:
    """Our app with the Twilio routes served on loopback, its sender, its desk, and the stand-in."""

    url: str
    desk: Desk
    sender: TwilioSmsAdapter
    twilio: TwilioStandIn
    settings: TwilioSettings
    saved: dict[str, bytes]

    @property
    def inbound_url(self) -> str:
        return self.url + "/webhooks/twilio/sms"

    @property
    def status_url(self) -> str:
        return self.url + "/webhooks/twilio/status"


@contextlib.asynccontextmanager
async def serve_sms(twilio: TwilioStandIn, desk: Desk) -> AsyncIterator[SmsStack]:
    """The whole SMS channel wired as in production on `desk`, Twilio replaced by the stand-in."""
    saved: dict[str, bytes] = {}

    async def save_media(data: bytes, filename: str, content_type: str) -> str:
        ref = f"mem://{len(saved)}/{filename}"
        saved[ref] = data
        return ref

    app = FastAPI()
    # the public URL is only known once the server listens; the router reads settings per request
    settings = make_settings(twilio, "http://127.0.0.1:1")
    sender = TwilioSmsAdapter(settings, desk=desk)
    app.include_router(build_router(desk, settings, sender=sender, save_media=save_media))
    async with serve_in_loop(app) as url:
        settings.public_url = url
        await sender.start()
        try:
            yield SmsStack(url, desk, sender, twilio, settings, saved)
        finally:
            await sender.stop()


@pytest.fixture
async def sms_stack(twilio: TwilioStandIn, desk: Desk) -> AsyncIterator[SmsStack]:
    """The SMS channel on a SQLite desk."""
    async with serve_sms(twilio, desk) as stack:
        yield stack


@pytest.fixture
async def sms_stack_pg(twilio: TwilioStandIn, desk_pg: Desk) -> AsyncIterator[SmsStack]:
    """The SMS channel on a PostgreSQL desk."""
    async with serve_sms(twilio, desk_pg) as stack:
        yield stack
