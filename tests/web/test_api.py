"""The HTTP API through the real ASGI app and a real database."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from pydantic import SecretStr

from complaintdesk.bootstrap import Runtime, build_runtime
from complaintdesk.settings import Settings
from complaintdesk.web.app import create_app

pytestmark = pytest.mark.integration

TOKEN = "s3cret-token-for-tests"


@pytest.fixture
async def runtime(store_url: str) -> AsyncIterator[Runtime]:
    settings = Settings(database_url=store_url, api_token=SecretStr(TOKEN), nlu="baseline", dispatcher=False,
                        _env_file=None)  # type: ignore[call-arg]
    rt = await build_runtime(settings, migrate=False)
    yield rt
    await rt.close()


@pytest.fixture
async def client(runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(runtime=runtime)
    app.state.runtime = runtime  # ASGITransport does not run the lifespan
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://desk.test") as c:
        yield c


COMPLAINT = {
    "sender_id": "crm-20931",
    "message_id": "crm-msg-0001",
    "text": "我是13812345678的机主，这个月话费莫名其妙多扣了58元，要求退费并给个说法！",
    "name": "王女士",
    "phone": "13812345678",
}


async def test_message_opens_ticket_and_answers_inline(client: httpx.AsyncClient) -> None:
    r = await client.post("/api/v1/messages", json=COMPLAINT)
    assert r.status_code == 202, r.text
    body = r.json()
    assert body["ticket_number"].startswith("TS") and body["duplicate"] is False
    assert body["ticket_number"] in body["replies"][0]
    again = await client.post("/api/v1/messages", json=COMPLAINT)
    assert again.status_code == 202
    assert again.json() == {**body, "duplicate": True}


async def test_ticket_api_needs_the_token(client: httpx.AsyncClient) -> None:
    number = (await client.post("/api/v1/messages", json=COMPLAINT)).json()["ticket_number"]
    assert (await client.get(f"/api/v1/tickets/{number}")).status_code == 401
    assert (await client.get(f"/api/v1/tickets/{number}", headers={"Authorization": "Bearer wrong"})).status_code == 401
    r = await client.get(f"/api/v1/tickets/{number}", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200
    t = r.json()
    assert t["number"] == number and t["category"] == "billing" and t["department"] == "marketing_billing"
    assert {d["step"] for d in t["deadlines"]} >= {"acknowledge", "dispatch", "resolve"}
    assert [m["direction"] for m in t["messages"]] == ["in", "out"]
    assert t["messages"][1]["delivery_status"] == "delivered"
    assert any(i["kind"] == "phone" and i["value"] == "+8613812345678" for i in t["customer"]["identities"])
    missing = await client.get("/api/v1/tickets/TS20990101000001", headers={"Authorization": f"Bearer {TOKEN}"})
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("body", "status", "needle"),
    [
        ({**COMPLAINT, "text": ""}, 422, "text"),
        ({**COMPLAINT, "text": "   "}, 422, "text"),
        ({k: v for k, v in COMPLAINT.items() if k != "sender_id"}, 422, "sender_id"),
        ({**COMPLAINT, "colour": "red"}, 422, "colour"),
        ({**COMPLAINT, "text": "投" * 20001}, 422, "longer than 20000"),
        ({**COMPLAINT, "email": "not-an-address"}, 422, "email"),
        ({**COMPLAINT, "language": "fr"}, 422, "language"),
    ],
)
async def test_bad_messages_get_a_clear_4xx(client: httpx.AsyncClient, body: dict[str, str], status: int,
                                            needle: str) -> None:
    r = await client.post("/api/v1/messages", json=body)
    assert r.status_code == status
    assert needle in r.text
    assert (await client.post("/api/v1/messages", json=COMPLAINT)).json()["duplicate"] is False  # nothing half-written


async def test_invalid_utf8_and_oversized_bodies(client: httpx.AsyncClient) -> None:
    r = await client.post("/api/v1/messages", content=b'{"sender_id": "a", "message_id": "b", "text": "\xff\xfe"}',
                          headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and "UTF-8" in r.text
    r = await client.post("/api/v1/messages", content=b"x" * 1_000_001, headers={"Content-Type": "application/json"})
    assert r.status_code == 413


async def test_health_and_openapi(client: httpx.AsyncClient) -> None:
    r = await client.get("/healthz")
    assert r.status_code == 200 and r.json()["database"] == "ok"
    spec = (await client.get("/openapi.json")).json()
    assert "/api/v1/messages" in spec["paths"] and "/api/v1/tickets/{number}" in spec["paths"]
