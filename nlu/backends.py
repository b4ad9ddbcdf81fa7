"""Opening an NLU backend by name for the tools (predict, eval, bench): `embedded` or `rasa`."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from core.domain.messages import NluResult
from core.ports import Classifier

BACKENDS = ("embedded", "rasa")


class BackendUnavailable(RuntimeError):
    """The named backend cannot be used here (not installed, not running); the text says why."""


def open_backend(name: str, *, models_dir: Path | None = None, rasa_url: str | None = None) -> Classifier:
    """A classifier for `name`; Rasa without the embedded fallback, so its own answers are measured."""
    if name == "embedded":
        from nlu.embedded import load_or_train

        return load_or_train(models_dir)
    if name == "rasa":
        try:
            from nlu.rasa_backend import RasaClassifier
        except ImportError as exc:
            raise BackendUnavailable(f"the Rasa backend is not installed here: {exc}") from exc
        rasa: Classifier = RasaClassifier(rasa_url)
        return rasa
    raise BackendUnavailable(f"unknown backend {name!r}; choose one of {', '.join(BACKENDS)}")


async def _classify_all(
    classifier: Classifier, texts: Sequence[str], received_at: datetime, concurrency: int
) -> list[NluResult]:
    gate = asyncio.Semaphore(concurrency)

    async def one(text: str) -> NluResult:
        async with gate:
            return await classifier.classify(text, received_at=received_at)

    try:
        return list(await asyncio.gather(*(one(t) for t in texts)))
    finally:
        closer: Any = getattr(classifier, "aclose", None)
        if closer is not None:
            await closer()


def classify_texts(
    classifier: Classifier, texts: Sequence[str], *, received_at: datetime, concurrency: int = 4
) -> list[NluResult]:
    """Results for many texts: one batch for the embedded model, concurrent requests for a server."""
    many = getattr(classifier, "classify_many", None)
    if many is not None:
        return list(many(texts, received_at=received_at))
    return asyncio.run(_classify_all(classifier, texts, received_at, concurrency))
