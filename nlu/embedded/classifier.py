"""EmbeddedClassifier: the default NLU backend, in-process, implementing `core.ports.Classifier`."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from core.domain.labels import Business, Category, Kind
from core.domain.messages import Entity, NluResult
from nlu.embedded import model as model_io
from nlu.embedded.model import MODEL_FILE, EmbeddedModel
from nlu.normalise import Normalised, looks_binary, normalise
from nlu.signals import repeat_signals, risk_signals

log = logging.getLogger(__name__)

# entity extraction on a 1 MB paste would take long and find nothing useful past the head
MAX_ENTITY_CHARS = 20_000
# what a message we cannot read gets: the taxonomy's fallback labels, and little confidence
LOW_CONFIDENCE = 0.1

_cache_lock = threading.Lock()
# models trained in this process, by corpus fingerprint: tests and several bootstraps with
# different model folders then train once per process
_trained: dict[str, EmbeddedModel] = {}

ExtractFn = Callable[[str, datetime], list[Entity]]


def _entity_extractor() -> ExtractFn | None:
    # nlu.entities is written in parallel by another team member; work without it until it exists
    try:
        from nlu.entities import extract
    except ImportError:
        return None
    return extract  # type: ignore[no-any-return]


def _unreadable(text: str) -> bool:
    """Nothing a model can read: empty, only punctuation or digits, or binary garbage."""
    if not text.strip() or looks_binary(text):
        return True
    return not any(ch.isalpha() for ch in text[:4000])


class EmbeddedClassifier:
    """TF-IDF + calibrated linear SVM heads for kind, category and business; entities from nlu.entities."""

    def __init__(self, model: EmbeddedModel, *, extract: ExtractFn | None = None) -> None:
        self._model = model
        self._extract = extract if extract is not None else _entity_extractor()
        self.name = model.name

    @property
    def model(self) -> EmbeddedModel:
        """The fitted model behind this classifier."""
        return self._model

    async def classify(self, text: str, *, received_at: datetime) -> NluResult:
        """Labels, confidences, entities and signals for one message; never raises on bad text."""
        return self.classify_sync(text, received_at=received_at)

    def classify_sync(self, text: str, *, received_at: datetime) -> NluResult:
        """The same as `classify`, for tools and benchmarks that are not async."""
        # one message: the model's argmax path, without building every class's probability
        n = normalise(text)
        entities = self._entities(n.original, received_at)
        if _unreadable(n.original) or not n.features:
            return self._unreadable_result(n, entities)
        return self._result(n, self._model.predict_best(n.features), entities)

    def classify_many(self, texts: Sequence[str], *, received_at: datetime) -> list[NluResult]:
        """Classify a batch in one vectoriser pass (the eval and predict tools use this)."""
        normalised = [normalise(t) for t in texts]
        readable = [i for i, n in enumerate(normalised) if not _unreadable(n.original) and n.features]
        probs = self._model.predict_proba([normalised[i].features for i in readable]) if readable else []
        by_index = dict(zip(readable, probs, strict=True))
        results = []
        for i, n in enumerate(normalised):
            entities = self._entities(n.original, received_at)
            if i not in by_index:
                results.append(self._unreadable_result(n, entities))
                continue
            best = {name: max(p.items(), key=lambda kv: kv[1]) for name, p in by_index[i].items()}
            results.append(self._result(n, best, entities))
        return results

    def _unreadable_result(self, n: Normalised, entities: tuple[Entity, ...]) -> NluResult:
        return NluResult(
            kind=Kind.OTHER,
            category=None,
            business=Business.UNKNOWN,
            entities=entities,
            language=n.language,
            model=self.name,
            confidence={"kind": LOW_CONFIDENCE, "category": LOW_CONFIDENCE, "business": LOW_CONFIDENCE},
        )

    def _result(self, n: Normalised, best: dict[str, tuple[str, float]], entities: tuple[Entity, ...]) -> NluResult:
        """The answer from each head's most probable label and its probability."""
        kind_label, kind_p = best["kind"]
        business_label, business_p = best["business"]
        kind = Kind(kind_label)
        category: Category | None = None
        if kind is Kind.COMPLAINT:
            category_label, category_p = best["category"]
            category = Category(category_label)
        else:
            # "no category" is right exactly when the kind is right
            category_p = kind_p
        return NluResult(
            kind=kind,
            category=category,
            business=Business(business_label),
            entities=entities,
            language=n.language,
            model=self.name,
            confidence={
                "kind": round(kind_p, 4),
                "category": round(category_p, 4),
                "business": round(business_p, 4),
            },
            risk_signals=risk_signals(n.features),
            repeat_signals=repeat_signals(n.features),
        )

    def _entities(self, text: str, received_at: datetime) -> tuple[Entity, ...]:
        if self._extract is None or not text:
            return ()
        try:
            return tuple(self._extract(text[:MAX_ENTITY_CHARS], received_at))
        except Exception:
            # a bug in one extractor must not lose the message's labels
            log.exception("entity extraction failed; labels kept without entities")
            return ()


def jieba_wanted() -> bool:
    """COMPLAINTDESK_NLU_JIEBA=1 adds jieba word features (more accurate, ~1 s more start-up; ADR 0002)."""
    return os.environ.get("COMPLAINTDESK_NLU_JIEBA", "").strip().lower() in {"1", "true", "yes", "on"}


def load_or_train(
    models_dir: Path | str | None = None,
    *,
    data_dir: Path | None = None,
    retrain_when_stale: bool = True,
    jieba: bool | None = None,
) -> EmbeddedClassifier:
    """The classifier from `models_dir/embedded-nlu.joblib`, trained and saved first when missing or stale.

    `jieba` (default: COMPLAINTDESK_NLU_JIEBA) picks the feature set; a saved model trained with
    the other one counts as stale.
    """
    use_jieba = jieba_wanted() if jieba is None else jieba
    path = Path(models_dir or "var/models") / MODEL_FILE
    fingerprint = model_io.corpus_fingerprint(data_dir)
    with _cache_lock:
        if path.exists():
            try:
                loaded = model_io.load(path)
            except Exception:
                # a file from another scikit-learn or a torn copy: rebuilding is cheap
                log.warning("model file %s unreadable; retraining", path)
            else:
                usable = model_io.is_usable(loaded, fingerprint if retrain_when_stale else None)
                if usable and loaded.meta.get("jieba") == str(use_jieba):
                    return _ready(loaded)
                log.info("model file %s is stale (corpus, library or features changed); retraining", path)
        key = f"{fingerprint}/jieba={use_jieba}"
        model = _trained.get(key)
        if model is None:
            log.info("training the embedded NLU model from the corpus")
            model = model_io.train(data_dir, jieba=use_jieba)
            _trained[key] = model
            log.info("trained on %d examples in %.1f s", model.trained_examples, model.train_seconds)
        model_io.save(model, path)
        return _ready(model)


def _ready(model: EmbeddedModel) -> EmbeddedClassifier:
    if model.meta.get("jieba") == "True":
        # load jieba's dictionary now, not inside the first customer's request
        from nlu.embedded.features import jieba_words

        jieba_words("预热")
    return EmbeddedClassifier(model)
