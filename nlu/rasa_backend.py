"""RasaClassifier: the NLU port answered by a Rasa 3.6 server (`POST /model/parse`).

Switched on with `COMPLAINTDESK_NLU=rasa`. Rasa runs in its own process and venv (see
`bots/rasa/README.md`); this module only speaks HTTP to it. When the server is down, slow or
answers garbage, the error is logged and the message goes to the fallback classifier given at
construction (the embedded model), so the inbound path never stops because of Rasa.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, Literal, TypeVar

import httpx

from bots.rasa.intents import Labels, decode_intent
from bots.rasa.settings import RasaSettings
from core.domain.labels import Business, Category, EntityType, Kind
from core.domain.messages import Entity, NluResult
from core.ports import Classifier
from nlu.normalise import MAX_FEATURE_CHARS, clean_input, detect_language, looks_binary, normalise
from nlu.signals import repeat_signals, risk_signals

log = logging.getLogger(__name__)

T = TypeVar("T")

MODEL_NAME = "rasa"
# turns an entity's text into its normalised value (amount 一百二十元 -> 120); None keeps
# Rasa's own (synonym-mapped) value
ValueNormaliser = Callable[[EntityType, str, datetime], Any]
# risk and repeat signals of a text (taxonomy §5), so grading works whichever backend labels it
SignalFinder = Callable[[str], tuple[tuple[str, ...], tuple[str, ...]]]


class RasaUnavailable(RuntimeError):
    """The Rasa server did not give a usable answer; the text says why (never the message text)."""


class RasaClassifier:
    """Classifier port over Rasa's HTTP API, with a timeout and a fallback classifier."""

    name = MODEL_NAME

    def __init__(
        self,
        url: str | None = None,
        *,
        fallback: Classifier | None = None,
        timeout: float | None = None,
        retry_after: float | None = None,
        client: httpx.AsyncClient | None = None,
        normalise_value: ValueNormaliser | None = None,
        find_signals: SignalFinder | None = None,
        entities: Literal["rasa", "extractor"] | None = None,
    ) -> None:
        settings = RasaSettings()
        self.url = (url or settings.url).rstrip("/")
        self.timeout = timeout if timeout is not None else settings.timeout
        self.retry_after = retry_after if retry_after is not None else settings.retry_after
        self.fallback = fallback
        self._client = client
        self._owns_client = client is None
        self._normalise_value = normalise_value or value_from_extractor
        self._find_signals = find_signals or taxonomy_signals
        self.entity_source = entities or settings.entities
        # monotonic time before which Rasa is not asked again after a failure
        self._down_until = 0.0

    async def classify(self, text: str, *, received_at: datetime) -> NluResult:
        """Labels from Rasa; from the fallback when Rasa is down. Never raises on bad text."""
        text = clean_input(text)
        if not text.strip() or looks_binary(text):
            return self._empty(text)
        if time.monotonic() < self._down_until:
            return await self._fall_back(text, received_at)
        try:
            payload = await self.parse(text)
        except RasaUnavailable as exc:
            self._down_until = time.monotonic() + self.retry_after
            log.error(
                "Rasa NLU server %s unusable: %s; using %s for the next %.0f s",
                self.url,
                exc,
                self.fallback.name if self.fallback else "no model (other/unknown)",
                self.retry_after,
            )
            return await self._fall_back(text, received_at)
        return self.to_result(text, payload, received_at)

    async def parse(self, text: str) -> dict[str, Any]:
        """The raw `/model/parse` answer for `text` (cut to the length the models look at)."""
        client = self._http()
        try:
            response = await client.post(
                f"{self.url}/model/parse", json={"text": text[:MAX_FEATURE_CHARS]}, timeout=self.timeout
            )
        except httpx.TimeoutException as exc:
            raise RasaUnavailable(f"no answer within {self.timeout:g} s ({type(exc).__name__})") from exc
        except httpx.HTTPError as exc:
            raise RasaUnavailable(f"cannot connect ({type(exc).__name__}: {exc})") from exc
        if response.status_code != 200:
            raise RasaUnavailable(f"HTTP {response.status_code} from /model/parse")
        try:
            payload = response.json()
        except ValueError as exc:
            raise RasaUnavailable("answer is not JSON") from exc
        if not isinstance(payload, dict) or not isinstance(payload.get("intent"), dict):
            raise RasaUnavailable("answer has no intent (is the server running an NLU model?)")
        return payload

    def to_result(self, text: str, payload: dict[str, Any], received_at: datetime) -> NluResult:
        """Map a `/model/parse` answer onto the taxonomy; entity offsets index `text`."""
        ranking = _ranking(payload)
        language = detect_language(text[:MAX_FEATURE_CHARS])
        risk, repeat = self._find_signals(text)
        if not ranking:
            return NluResult(
                kind=Kind.OTHER, category=None, business=Business.UNKNOWN, language=language,
                confidence={"kind": 0.0, "business": 0.0}, model=MODEL_NAME,
                risk_signals=risk, repeat_signals=repeat,
            )  # fmt: skip
        kind, kind_conf = _best(ranking, lambda labels: labels.kind)
        category: Category | None = None
        confidence = {"kind": kind_conf}
        if kind is Kind.COMPLAINT:
            complaints = [(labels, p) for labels, p in ranking if labels.kind is Kind.COMPLAINT]
            category, category_conf = _best(complaints, lambda labels: labels.category or Category.OTHER)
            # P(category | complaint): the kind's own uncertainty is already in confidence["kind"]
            confidence["category"] = category_conf / kind_conf if kind_conf else 0.0
        business, business_conf = _best(ranking, lambda labels: labels.business)
        confidence["business"] = business_conf
        entities = tuple(
            self._extracted(text, received_at)
            if self.entity_source == "extractor"
            else self._entities(text, payload, received_at)
        )
        if entities and self.entity_source == "rasa":
            # DIET's least sure entity; the rule-based extractor gives no confidence
            confidence["entities"] = min(e_conf for _, e_conf in entities)
        return NluResult(
            kind=kind,
            category=category,
            business=business,
            entities=tuple(entity for entity, _ in entities),
            language=language,
            confidence={k: round(v, 4) for k, v in confidence.items()},
            model=MODEL_NAME,
            risk_signals=risk,
            repeat_signals=repeat,
        )

    def _entities(self, text: str, payload: dict[str, Any], received_at: datetime) -> Iterable[tuple[Entity, float]]:
        sent = text[:MAX_FEATURE_CHARS]
        # Rasa strips the message before parsing, so its offsets start after leading whitespace
        shift = len(sent) - len(sent.lstrip())
        seen: set[tuple[str, int, int]] = set()
        for raw in payload.get("entities") or []:
            try:
                entity_type = EntityType(raw["entity"])
                start, end = int(raw["start"]) + shift, int(raw["end"]) + shift
            except (KeyError, TypeError, ValueError):
                continue  # an entity type outside the taxonomy, or a malformed item
            if not 0 <= start < end <= len(text) or (entity_type, start, end) in seen:
                continue
            seen.add((entity_type, start, end))
            span = text[start:end]
            value: Any = raw.get("value", span)
            try:
                normalised = self._normalise_value(entity_type, span, received_at)
            except Exception:  # a normaliser bug must not lose the message's labels
                log.exception("normalising a %s entity failed", entity_type)
                normalised = None
            if normalised is not None:
                value = normalised
            conf = raw.get("confidence_entity")
            yield (
                Entity(type=entity_type, text=span, start=start, end=end, value=value),
                float(conf) if isinstance(conf, int | float) else 1.0,
            )

    def _extracted(self, text: str, received_at: datetime) -> Iterable[tuple[Entity, float]]:
        """Entities from the embedded model's rule-based extractor instead of DIET."""
        from nlu.entities import extract

        return [(entity, 1.0) for entity in extract(text, received_at)]

    async def _fall_back(self, text: str, received_at: datetime) -> NluResult:
        if self.fallback is None:
            return self._empty(text)
        return await self.fallback.classify(text, received_at=received_at)

    def _empty(self, text: str) -> NluResult:
        """`other`/`unknown` with zero confidence: empty, binary or unclassifiable input."""
        return NluResult(
            kind=Kind.OTHER,
            category=None,
            business=Business.UNKNOWN,
            language=detect_language(text[:MAX_FEATURE_CHARS]),
            confidence={"kind": 0.0, "business": 0.0},
            model=MODEL_NAME,
        )

    def _http(self) -> httpx.AsyncClient:
        # one long-lived client (connection reuse matters at tens of messages per second)
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self.timeout)
        return self._client

    async def aclose(self) -> None:
        """Close the HTTP client if this classifier created it."""
        if self._client is not None and self._owns_client:
            await self._client.aclose()
            self._client = None


def value_from_extractor(entity_type: EntityType, span: str, received_at: datetime) -> Any:
    """The normalised value the embedded model's extractor gives the same span, if it finds it."""
    try:
        from nlu.entities import extract
    except ImportError:  # extraction is optional for this backend
        return None
    found = [e for e in extract(span, received_at) if e.type is entity_type]
    whole = [e for e in found if e.start == 0 and e.end == len(span)]
    best = whole or found
    return best[0].value if best else None


def taxonomy_signals(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Risk and repeat signals of taxonomy §5, as the embedded model finds them."""
    features = normalise(text).features
    return risk_signals(features), repeat_signals(features)


def _ranking(payload: dict[str, Any]) -> list[tuple[Labels, float]]:
    """(labels, confidence) of every ranked intent that is one of ours."""
    raw = payload.get("intent_ranking") or [payload.get("intent") or {}]
    ranking: list[tuple[Labels, float]] = []
    for item in raw:
        if not isinstance(item, dict):
            continue
        labels = decode_intent(item.get("name"))
        confidence = item.get("confidence")
        if labels is not None and isinstance(confidence, int | float):
            ranking.append((labels, float(confidence)))
    return ranking


def _best(ranking: list[tuple[Labels, float]], field: Callable[[Labels], T]) -> tuple[T, float]:
    """The value of one field with the largest summed probability over the ranked intents.

    Rasa ranks whole `kind+category+business` intents; summing over the intents that agree on a
    field gives that field its own confidence (and a better answer when the probability mass is
    spread over several intents that share, say, the business).
    """
    mass: dict[T, float] = defaultdict(float)
    for labels, probability in ranking:
        mass[field(labels)] += probability
    value = max(mass, key=lambda key: mass[key])
    return value, mass[value]
