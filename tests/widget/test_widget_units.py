"""Pure pieces of the widget channel: the per-visitor throttle, frame validation, the hub."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from channels.chat.web.adapter import WebChatAdapter
from channels.chat.web.frames import CLIENT_FRAME, Ack, Say
from channels.chat.web.hub import VisitorHub
from channels.chat.web.throttle import VisitorThrottle
from core.domain.labels import Channel, Language
from core.domain.messages import OutboundMessage

pytestmark = pytest.mark.unit


class Ticking:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_throttle_allows_a_burst_then_refills_per_visitor() -> None:
    clock = Ticking()
    throttle = VisitorThrottle(burst=3, rate=0.5, clock=clock)
    assert [throttle.admit("v1") for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = throttle.admit("v1")
    assert wait == pytest.approx(2.0)
    assert throttle.admit("v2") == 0.0  # another visitor is not held back
    clock.now += 2.0
    assert throttle.admit("v1") == 0.0
    assert throttle.admit("v1") > 0
    clock.now += 60
    assert [throttle.admit("v1") for _ in range(4)][:3] == [0.0, 0.0, 0.0]  # refills to the burst, no more


def test_throttle_forgets_quiet_visitors_when_full() -> None:
    clock = Ticking()
    throttle = VisitorThrottle(burst=2, rate=1.0, clock=clock, max_visitors=10)
    for i in range(50):
        throttle.admit(f"v{i}")
        clock.now += 5
    assert len(throttle._buckets) <= 10


@pytest.mark.parametrize(
    ("raw", "ok"),
    [
        ('{"type": "message", "cid": "abcdEFGH1234", "text": "网络太差了"}', True),
        ('{"type": "message", "cid": "short", "text": "x"}', False),
        ('{"type": "message", "cid": "<script>alert(1)</script>", "text": "x"}', False),
        ('{"type": "ack", "key": "reply-12-complaint_opened"}', True),
        ('{"type": "hello"}', True),
        ('{"type": "shout", "text": "x"}', False),
        ('[1, 2]', False),
    ],
)
def test_client_frames_are_validated(raw: str, ok: bool) -> None:
    if ok:
        assert CLIENT_FRAME.validate_json(raw)
    else:
        with pytest.raises(ValidationError):
            CLIENT_FRAME.validate_json(raw)


def test_frame_types() -> None:
    assert isinstance(CLIENT_FRAME.validate_json('{"type": "ack", "key": "k"}'), Ack)
    assert isinstance(CLIENT_FRAME.validate_json('{"type": "message", "cid": "12345678", "text": ""}'), Say)


async def test_adapter_pushes_to_every_tab_and_survives_a_broken_one() -> None:
    hub = VisitorHub()
    got: list[dict[str, Any]] = []

    async def tab(frame: dict[str, Any]) -> None:
        got.append(frame)

    async def broken(frame: dict[str, Any]) -> None:
        raise ConnectionResetError("gone")

    await hub.join("v1", 1, tab)
    await hub.join("v1", 2, broken)
    adapter = WebChatAdapter(hub)
    message = OutboundMessage(idempotency_key="agent-7-ab12", channel=Channel.WEB, recipient="v1",
                              text="您好，我是人工客服。", language=Language.ZH_HANS, ticket_number="TS20261124000007")
    receipt = await adapter.send(message)
    assert receipt.provider_message_id == "agent-7-ab12" and receipt.detail == "pushed live"
    assert got == [{"type": "message", "key": "agent-7-ab12", "author": "agent", "text": "您好，我是人工客服。",
                    "ticket_number": "TS20261124000007", "buttons": []}]
    assert hub.online("v1")  # the good tab stays
    offline = await adapter.send(OutboundMessage(idempotency_key="reply-9-greeting", channel=Channel.WEB,
                                                 recipient="v2", text="您好", language=Language.ZH_HANS))
    assert offline.status.value == "sent" and "offline" in (offline.detail or "")
