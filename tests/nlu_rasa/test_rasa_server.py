"""The Rasa backend against a real Rasa 3.6.21 server trained on the fixture corpus.

Runs in CI: the first test pays for the venv (once per machine), training and server start-up.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import httpx
import pytest

from bots.rasa.runner import RasaServer
from core.domain.labels import Business, Category, EntityType, Kind, Language
from core.ports import Classifier
from nlu.baseline import KeywordBaseline
from nlu.rasa_backend import RasaClassifier

pytestmark = [pytest.mark.integration, pytest.mark.timeout(900)]

RECEIVED = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


async def test_rasa_server_answers_status_and_parse(running_rasa: RasaServer) -> None:
    async with httpx.AsyncClient(base_url=running_rasa.url, timeout=10) as client:
        status = (await client.get("/status")).json()
        assert status["model_file"].endswith("complaintdesk.tar.gz")
        parsed = (await client.post("/model/parse", json={"text": "宽带又断网了"})).json()
    assert parsed["intent"]["name"] == "complaint+network_quality+broadband"


async def test_classifies_simplified_chinese_billing_complaint(running_rasa: RasaServer) -> None:
    classifier = RasaClassifier(running_rasa.url, fallback=KeywordBaseline())
    assert isinstance(classifier, Classifier)
    text = "  我的手机这个月话费又多扣了80元，我根本没用那么多流量，要求退费！"
    try:
        result = await classifier.classify(text, received_at=RECEIVED)
    finally:
        await classifier.aclose()
    assert result.model == "rasa"
    assert result.kind is Kind.COMPLAINT
    assert result.category is Category.BILLING
    assert result.business is Business.MOBILE
    assert result.language is Language.ZH_HANS
    assert 0.5 < result.confidence["kind"] <= 1.0
    assert 0.0 < result.confidence["category"] <= 1.0
    # repeat marker 又 found whichever backend labels the message
    assert "又" in result.repeat_signals
    # offsets index the original text, leading spaces included (Rasa strips them)
    for entity in result.entities:
        assert text[entity.start : entity.end] == entity.text
    amounts = [e for e in result.entities if e.type is EntityType.AMOUNT]
    assert any(e.text == "80元" and e.start == text.index("80元") for e in amounts), result.entities


async def test_classifies_traditional_chinese_and_english(running_rasa: RasaServer) -> None:
    classifier = RasaClassifier(running_rasa.url)
    try:
        broadband = await classifier.classify("家裡的寬頻又斷線了，晚上根本上不了網", received_at=RECEIVED)
        english = await classifier.classify(
            "Why did you charge me $45 extra on my phone bill? I never used that data.", received_at=RECEIVED
        )
        praise = await classifier.classify("thanks, your technician did a great job today", received_at=RECEIVED)
    finally:
        await classifier.aclose()
    assert broadband.language is Language.ZH_HANT
    assert (broadband.kind, broadband.category, broadband.business) == (
        Kind.COMPLAINT, Category.NETWORK_QUALITY, Business.BROADBAND,
    )  # fmt: skip
    assert english.language is Language.EN
    assert english.kind is Kind.COMPLAINT
    assert english.category is Category.BILLING
    assert english.business is Business.MOBILE
    assert praise.kind is Kind.PRAISE
    assert praise.category is None


async def test_bad_input_never_reaches_rasa_and_answers_other(running_rasa: RasaServer) -> None:
    classifier = RasaClassifier(running_rasa.url)
    try:
        for text in ("", "   \n ", "\x00\x01\x02\x03\x04\x05" * 50):
            result = await classifier.classify(text, received_at=RECEIVED)
            assert (result.kind, result.business, result.category) == (Kind.OTHER, Business.UNKNOWN, None)
            assert result.confidence["kind"] == 0.0
        huge = await classifier.classify("宽带断网了" * 20_000, received_at=RECEIVED)
    finally:
        await classifier.aclose()
    assert huge.model == "rasa"
    assert huge.kind in set(Kind)


async def test_falls_back_to_the_embedded_model_when_the_server_stops(
    running_rasa: RasaServer, caplog: pytest.LogCaptureFixture
) -> None:
    classifier = RasaClassifier(running_rasa.url, fallback=KeywordBaseline(), timeout=2.0)
    text = "宽带又断网了，师傅到现在都没来修，我要投诉"
    try:
        before = await classifier.classify(text, received_at=RECEIVED)
        assert before.model == "rasa"
        running_rasa.stop()
        with caplog.at_level(logging.ERROR, logger="nlu.rasa_backend"):
            after = await classifier.classify(text, received_at=RECEIVED)
    finally:
        await classifier.aclose()
    assert after.model == "keyword-baseline"
    assert after.kind is Kind.COMPLAINT
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    message = errors[0].getMessage()
    assert running_rasa.url in message
    assert "keyword-baseline" in message
    # no personal data in logs (policy §9): the message text is never logged
    assert "宽带" not in message
