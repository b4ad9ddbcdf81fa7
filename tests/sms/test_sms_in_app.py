"""The SMS channel mounted in the service's own app and runtime, end to end."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from channels.sms.channel import build_sms_channel
from complaintdesk.bootstrap import build_runtime
from complaintdesk.settings import Settings
from complaintdesk.web.app import create_app
from core.domain.labels import Channel, DeliveryStatus, Direction
from tests.providers.desk_harness import messages
from tests.providers.http_server import serve_in_loop
from tests.providers.twilio_api import TwilioStandIn
from tests.sms.conftest import form_fixture, make_settings

pytestmark = pytest.mark.integration


async def test_sms_in_the_service_app_reply_and_status(twilio: TwilioStandIn, tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'desk.db'}", nlu="baseline", dispatcher=False)
    runtime = await build_runtime(settings, adapters={}, migrate=True)
    try:
        sms_settings = make_settings(twilio, "http://127.0.0.1:1")
        channel = build_sms_channel(runtime.desk, settings=sms_settings)
        assert channel is not None
        assert channel.router is not None
        runtime.adapters[Channel.SMS] = channel.adapter
        app = create_app(runtime=runtime)
        app.include_router(channel.router)
        async with serve_in_loop(app) as url:
            sms_settings.public_url = url
            await channel.adapter.start()
            try:
                form = form_fixture("inbound_sms_zh_billing.json")
                response = await asyncio.to_thread(twilio.post_webhook, url + "/webhooks/twilio/sms", form)
                assert response.status_code == 200
                assert await runtime.dispatcher.run_once() == 1
                [sent] = twilio.sent
                callback = await asyncio.to_thread(twilio.send_status, sent.sid, "delivered")
                assert callback.status_code == 204
            finally:
                await channel.adapter.stop()
        [reply] = await messages(runtime.desk, direction=Direction.OUTBOUND.value)
        assert reply.provider_message_id == sent.sid
        assert reply.delivery_status == DeliveryStatus.DELIVERED.value
    finally:
        await runtime.close()
