"""RasaClassifier: mapping `/model/parse` answers, timeouts, errors and the fallback.

The parse answers are real ones, recorded from Rasa 3.6.21 serving a model of the fixture corpus.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from core.domain.labels import Business, Category, EntityType, Kind, Language
from nlu.baseline import KeywordBaseline
from nlu.rasa_backend import RasaClassifier

RECEIVED = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
PARSE_BILLING = json.loads((Path(__file__).parent / "fixtures" / "parse_billing_zh.json").read_text("utf-8"))


def _serving(payload: dict[str, Any] | None = None, status: int = 200) -> tuple[httpx.AsyncClient, list[str]]:
    """An httpx client whose transport answers like Rasa; records the texts it was sent."""
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/model/parse"
        text = json.loads(request.content)["text"]
        sent.append(text)
        # what Rasa answers for a text no intent fits: intent name null
        no_intent = {"text": text.strip(), "intent": {"name": None, "confidence": 0}}
        body = payload if payload is not None else no_intent
        return httpx.Response(status, json=body)

    return httpx.AsyncClient(transport=httpx.MockTransport(handler)), sent


@pytest.mark.unit
async def test_maps_a_real_parse_answer_with_offsets_into_the_original_text() -> None:
    client, sent = _serving(PARSE_BILLING)
    # Rasa strips the text it parses: two leading spaces shift every offset by two
    text = "  " + PARSE_BILLING["text"]
    result = await RasaClassifier("http://rasa.test", client=client).classify(text, received_at=RECEIVED)
    assert sent == [text]
    assert result.kind is Kind.COMPLAINT
    assert result.category is Category.BILLING
    assert result.business is Business.MOBILE
    assert result.model == "rasa"
    assert result.language is Language.ZH_HANS
    spans = [(e.type, e.text, e.start, e.end) for e in result.entities]
    assert (EntityType.AMOUNT, "80元", text.index("80元"), text.index("80元") + 3) in spans
    assert (EntityType.REMEDY, "要求退费", text.index("要求退费"), text.index("要求退费") + 4) in spans
    for entity in result.entities:
        assert text[entity.start : entity.end] == entity.text
    # values come from the embedded model's extractor when it reads the span the same way...
    amount = next(e for e in result.entities if e.text == "80元")
    assert amount.value != "80元"
    assert "80" in str(amount.value)
    # ...and stay Rasa's when it does not (this model mistook the phone number for an amount)
    mistaken = next(e for e in result.entities if e.text == "13912345678")
    assert mistaken.value == "13912345678"
    assert result.confidence["kind"] == pytest.approx(0.9998, abs=1e-3)
    assert 0 < result.confidence["entities"] < 1


def _ranked(*pairs: tuple[str, float]) -> dict[str, Any]:
    return {
        "text": "x",
        "intent": {"name": pairs[0][0], "confidence": pairs[0][1]},
        "entities": [],
        "intent_ranking": [{"name": n, "confidence": c} for n, c in pairs],
    }


@pytest.mark.unit
async def test_each_field_takes_the_label_with_most_probability_over_the_ranking() -> None:
    # the top intent says billing on mobile, but most of the mass says broadband
    payload = _ranked(
        ("complaint+billing+mobile", 0.40),
        ("complaint+network_quality+broadband", 0.30),
        ("complaint+fault_repair+broadband", 0.25),
        ("inquiry+mobile", 0.05),
    )
    client, _ = _serving(payload)
    classifier = RasaClassifier("http://rasa.test", client=client)
    result = await classifier.classify("家里网又断了", received_at=RECEIVED)
    assert result.kind is Kind.COMPLAINT
    assert result.confidence["kind"] == pytest.approx(0.95)
    assert result.business is Business.BROADBAND
    assert result.confidence["business"] == pytest.approx(0.55)
    assert result.category is Category.BILLING
    assert result.confidence["category"] == pytest.approx(0.40 / 0.95, abs=1e-4)


@pytest.mark.unit
async def test_non_complaints_have_no_category_and_foreign_intents_are_ignored() -> None:
    client, _ = _serving(_ranked(("nlu_fallback", 0.5), ("praise+unknown", 0.45), ("other+unknown", 0.05)))
    result = await RasaClassifier("http://rasa.test", client=client).classify("谢谢师傅", received_at=RECEIVED)
    assert (result.kind, result.category, result.business) == (Kind.PRAISE, None, Business.UNKNOWN)
    assert "category" not in result.confidence


@pytest.mark.unit
async def test_entities_outside_the_taxonomy_or_the_text_are_dropped() -> None:
    payload = _ranked(("complaint+billing+mobile", 0.9))
    payload["entities"] = [
        {"entity": "amount", "start": 2, "end": 5, "value": "50元"},
        {"entity": "product", "start": 0, "end": 2, "value": "话费"},  # not a taxonomy entity
        {"entity": "phone", "start": 5, "end": 99, "value": "?"},  # past the end
        {"entity": "amount", "start": 2, "end": 5, "value": "50元"},  # duplicate
        {"entity": "remedy", "start": "x", "end": 3},  # malformed
    ]
    client, _ = _serving(payload)
    classifier = RasaClassifier("http://rasa.test", client=client)
    result = await classifier.classify("多扣50元了", received_at=RECEIVED)
    assert [(e.type, e.text, e.start, e.end) for e in result.entities] == [(EntityType.AMOUNT, "50元", 2, 5)]


@pytest.mark.unit
async def test_a_value_normaliser_gives_entity_values() -> None:
    payload = _ranked(("complaint+billing+mobile", 0.9))
    payload["entities"] = [{"entity": "amount", "start": 2, "end": 7, "value": "一百二十元"}]
    client, _ = _serving(payload)
    seen: list[tuple[EntityType, str, datetime]] = []

    def normalise(kind: EntityType, text: str, received_at: datetime) -> dict[str, str]:
        seen.append((kind, text, received_at))
        return {"amount": "120", "currency": "CNY"}

    classifier = RasaClassifier("http://rasa.test", client=client, normalise_value=normalise)
    result = await classifier.classify("多扣一百二十元了", received_at=RECEIVED)
    assert seen == [(EntityType.AMOUNT, "一百二十元", RECEIVED)]
    assert result.entities[0].value == {"amount": "120", "currency": "CNY"}


@pytest.mark.unit
async def test_entities_can_come_from_the_rule_based_extractor_instead_of_diet() -> None:
    client, _ = _serving(PARSE_BILLING)
    text = PARSE_BILLING["text"]
    classifier = RasaClassifier("http://rasa.test", client=client, entities="extractor")
    result = await classifier.classify(text, received_at=RECEIVED)
    assert result.category is Category.BILLING  # labels still Rasa's
    found = {(e.type, e.text) for e in result.entities}
    # DIET called the phone number an amount; the extractor does not
    assert (EntityType.PHONE, "13912345678") in found
    assert (EntityType.AMOUNT, "13912345678") not in found
    assert (EntityType.AMOUNT, "80元") in found
    assert "entities" not in result.confidence


@pytest.mark.unit
async def test_risk_and_repeat_signals_come_with_rasa_labels() -> None:
    client, _ = _serving(_ranked(("complaint+billing+mobile", 0.9)))
    result = await RasaClassifier("http://rasa.test", client=client).classify(
        "第三次反映了，再不退费我就去工信部投诉，找記者曝光", received_at=RECEIVED
    )
    assert {"工信部", "记者", "曝光"} <= set(result.risk_signals)
    assert "第三次" in result.repeat_signals


@pytest.mark.unit
@pytest.mark.parametrize("text", ["", "  \n\t ", "\x00\x01\x02\x7f" * 100, b"\xff\xfe\x00garbage"])
async def test_empty_or_binary_input_answers_other_without_asking_rasa(text: Any) -> None:
    client, sent = _serving()
    result = await RasaClassifier("http://rasa.test", client=client).classify(text, received_at=RECEIVED)
    assert sent == []
    assert (result.kind, result.category, result.business) == (Kind.OTHER, None, Business.UNKNOWN)
    assert result.confidence == {"kind": 0.0, "business": 0.0}


@pytest.mark.unit
async def test_huge_text_is_cut_before_it_is_sent() -> None:
    client, sent = _serving()
    result = await RasaClassifier("http://rasa.test", client=client).classify("网速太慢" * 50_000, received_at=RECEIVED)
    assert len(sent[0]) == 4000
    # Rasa found no intent (null): other/unknown, low confidence
    assert (result.kind, result.business) == (Kind.OTHER, Business.UNKNOWN)
    assert result.confidence["kind"] == 0.0


@pytest.mark.unit
@pytest.mark.parametrize(
    ("status", "payload", "reason"),
    [
        (500, {"error": "boom"}, "HTTP 500"),
        (200, {"version": "3.6.21"}, "no intent"),
        (409, {"message": "No model loaded"}, "HTTP 409"),
    ],
)
async def test_server_errors_fall_back_and_are_logged_once(
    status: int, payload: dict[str, Any], reason: str, caplog: pytest.LogCaptureFixture
) -> None:
    client, sent = _serving(payload, status)
    classifier = RasaClassifier("http://rasa.test", client=client, fallback=KeywordBaseline(), retry_after=60)
    with caplog.at_level(logging.ERROR, logger="nlu.rasa_backend"):
        first = await classifier.classify("宽带断网三天了，要求赔偿", received_at=RECEIVED)
        second = await classifier.classify("我的话费多扣了50元", received_at=RECEIVED)
    assert first.model == second.model == "keyword-baseline"
    assert first.kind is Kind.COMPLAINT
    # within retry_after the dead server is not asked again: no added latency per message
    assert len(sent) == 1
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert reason in errors[0]
    assert "http://rasa.test" in errors[0]


@pytest.mark.unit
async def test_without_fallback_a_dead_server_gives_other_unknown(caplog: pytest.LogCaptureFixture) -> None:
    client, _ = _serving({"error": "boom"}, 503)
    classifier = RasaClassifier("http://rasa.test", client=client, fallback=None)
    with caplog.at_level(logging.ERROR, logger="nlu.rasa_backend"):
        result = await classifier.classify("宽带断网了", received_at=RECEIVED)
    assert (result.kind, result.business, result.model) == (Kind.OTHER, Business.UNKNOWN, "rasa")
    assert "no model (other/unknown)" in caplog.text


# --- real sockets on loopback: a server that never answers, and a port nobody listens on ----


@pytest.fixture
async def silent_server() -> AsyncIterator[str]:
    """A TCP server on loopback that accepts connections and never answers (a hung Rasa)."""
    held: list[asyncio.StreamWriter] = []

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)
        await reader.read(65536)

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        for writer in held:
            writer.close()
        server.close()
        await server.wait_closed()


@pytest.mark.integration
async def test_a_hung_server_times_out_into_the_fallback(silent_server: str, caplog: pytest.LogCaptureFixture) -> None:
    classifier = RasaClassifier(silent_server, fallback=KeywordBaseline(), timeout=0.3)
    try:
        with caplog.at_level(logging.ERROR, logger="nlu.rasa_backend"):
            result = await classifier.classify("IPTV机顶盒又坏了，要求上门维修", received_at=RECEIVED)
    finally:
        await classifier.aclose()
    assert result.model == "keyword-baseline"
    assert "no answer within 0.3 s" in caplog.text


@pytest.mark.integration
async def test_a_closed_port_falls_back_with_a_connection_error(caplog: pytest.LogCaptureFixture) -> None:
    from bots.rasa.runner import free_port

    classifier = RasaClassifier(f"http://127.0.0.1:{free_port()}", fallback=KeywordBaseline())
    try:
        with caplog.at_level(logging.ERROR, logger="nlu.rasa_backend"):
            result = await classifier.classify("my internet has been down since Monday", received_at=RECEIVED)
    finally:
        await classifier.aclose()
    assert result.model == "keyword-baseline"
    assert "cannot connect (ConnectError" in caplog.text
    assert "internet" not in caplog.text
