"""The embedded model: one shared TF-IDF feature space, three calibrated linear heads.

`kind` is learned from every example, `category` from complaints only, `business` from every
example. Calibration (Platt scaling over 3 folds) turns SVM margins into probabilities, which
become the per-field confidences the core grades on.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import sklearn
from scipy import sparse
from sklearn.calibration import CalibratedClassifierCV
from sklearn.svm import LinearSVC

from nlu.corpus import Example, corpus_files, load_corpus
from nlu.embedded.compiled import CompiledModel
from nlu.embedded.features import build_vectoriser
from nlu.embedded.lexicon import (
    BUSINESS_COLUMNS,
    BUSINESS_CUES,
    BUSINESS_NOT_CUES,
    CATEGORY_COLUMNS,
    CATEGORY_CUES,
    CONTACT_FRAME,
    business_cues,
    category_cues,
)
from nlu.normalise import normalise

log = logging.getLogger(__name__)

MODEL_FILE = "embedded-nlu.joblib"
FORMAT = 5


def corpus_fingerprint(data_dir: Path | None = None) -> str:
    """A hash of the corpus files' contents: a model trained on other content is stale."""
    h = hashlib.sha256()
    for path in corpus_files(data_dir) if data_dir else corpus_files():
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


# which lexicon cue group each head sees, as extra indicator columns after the TF-IDF columns;
# the kind head gets none (cue words say little about complaint vs question), see ADR 0002
HEAD_CUES: dict[str, tuple[Callable[[str], list[int]], int]] = {
    "category": (category_cues, len(CATEGORY_COLUMNS)),
    "business": (business_cues, len(BUSINESS_COLUMNS)),
}
CUE_WEIGHT = 0.5


def with_cues(x: Any, texts: Sequence[str], head: str) -> Any:
    """The TF-IDF matrix with the head's lexicon indicator columns appended."""
    if head not in HEAD_CUES:
        return x
    find, width = HEAD_CUES[head]
    rows, cols = [], []
    for i, text in enumerate(texts):
        for j in find(text):
            rows.append(i)
            cols.append(j)
    extra = sparse.csr_matrix(
        (np.full(len(rows), CUE_WEIGHT, dtype=np.float32), (rows, cols)), shape=(len(texts), width)
    )
    return sparse.hstack([x, extra], format="csr")


class ConstantHead:
    """A head for a field the corpus gives only one label (a tiny or feedback-only corpus)."""

    def __init__(self, label: str) -> None:
        self.classes_ = np.array([label])

    def predict_proba(self, x: Any) -> np.ndarray:
        """Certainty for the only label there is."""
        return np.ones((x.shape[0], 1))


def lexicon_hash() -> str:
    """A hash of the cue tables: weights learned for other cues are stale."""
    return hashlib.sha256(
        repr((BUSINESS_CUES, BUSINESS_NOT_CUES, CONTACT_FRAME.pattern, CATEGORY_CUES)).encode()
    ).hexdigest()[:16]


def _fit_head(x: Any, y: np.ndarray) -> Any:
    labels, counts = np.unique(y, return_counts=True)
    if len(labels) == 1:
        return ConstantHead(str(labels[0]))
    if counts.min() < 3:
        # calibration needs each label in each of its 3 folds; rare labels are dropped for the fit
        keep = np.isin(y, labels[counts >= 3])
        if len(np.unique(y[keep])) < 2:
            return ConstantHead(str(labels[counts.argmax()]))
        return _head().fit(x[np.flatnonzero(keep)], y[keep])
    return _head().fit(x, y)


def _head(c: float = 1.0) -> CalibratedClassifierCV:
    # ensemble=False: one SVM fitted on everything, calibrated on 3-fold out-of-fold margins;
    # a single linear model per head is what the compiled inference path needs
    return CalibratedClassifierCV(
        LinearSVC(C=c, class_weight="balanced", random_state=0), method="sigmoid", cv=3, ensemble=False
    )


@dataclass
class EmbeddedModel:
    """The fitted vectoriser and heads, with what they were trained from."""

    vectoriser: Any
    kind: Any
    category: Any
    business: Any
    fingerprint: str = ""
    trained_examples: int = 0
    train_seconds: float = 0.0
    meta: dict[str, str] = field(default_factory=dict)
    compiled: CompiledModel | None = None

    def __getstate__(self) -> dict[str, Any]:
        # the compiled path is rebuilt from the heads at load time, so a model file never
        # carries an inference layout older than the code reading it
        state = dict(self.__dict__)
        state["compiled"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.compile()

    def compile(self) -> None:
        """Build the fast single-message path (not possible with a jieba analyzer)."""
        try:
            self.compiled = CompiledModel(
                self.vectoriser,
                {"kind": self.kind, "category": self.category, "business": self.business},
                cues=HEAD_CUES if self.meta.get("lexicon") == "True" else {},
                cue_weight=CUE_WEIGHT,
            )
        except ValueError:
            self.compiled = None

    @property
    def name(self) -> str:
        """The model name results carry: backend and corpus version."""
        words = "+jieba" if self.meta.get("jieba") == "True" else ""
        return f"embedded-tfidf{words}-svm@{self.fingerprint[:8]}"

    def predict_proba(self, features: Sequence[str]) -> list[dict[str, dict[str, float]]]:
        """Class probabilities per head for already-normalised feature texts."""
        if self.compiled is not None and len(features) < 64:
            return [self.compiled.predict_proba(f) for f in features]
        return self.predict_proba_sklearn(features)

    def predict_best(self, features: str) -> dict[str, tuple[str, float]]:
        """The most probable label and its probability per head, for one normalised feature text."""
        if self.compiled is not None:
            return self.compiled.predict_best(features)
        probs = self.predict_proba_sklearn([features])[0]
        return {name: max(p.items(), key=lambda kv: kv[1]) for name, p in probs.items()}

    def predict_proba_sklearn(self, features: Sequence[str]) -> list[dict[str, dict[str, float]]]:
        """The same through scikit-learn (batches, and the reference the compiled path is tested on)."""
        x = self.vectoriser.transform(list(features))
        heads = {"kind": self.kind, "category": self.category, "business": self.business}
        lexicon = self.meta.get("lexicon") == "True"
        probs = {
            name: head.predict_proba(with_cues(x, features, name) if lexicon else x) for name, head in heads.items()
        }
        out = []
        for i in range(len(features)):
            out.append(
                {name: dict(zip(heads[name].classes_, map(float, probs[name][i]), strict=True)) for name in heads}
            )
        return out


def fit(
    examples: Sequence[Example], *, fingerprint: str = "", jieba: bool = False, lexicon: bool = True
) -> EmbeddedModel:
    """Train the three heads on labelled examples."""
    started = time.perf_counter()
    texts = [normalise(e.text).features for e in examples]
    vectoriser = build_vectoriser(jieba=jieba, texts=texts)
    x = vectoriser.fit_transform(texts)

    def head_x(name: str) -> Any:
        return with_cues(x, texts, name) if lexicon else x

    kinds = np.array([e.kind.value for e in examples])
    business = np.array([e.business.value for e in examples])
    complaint_rows = np.flatnonzero(kinds == "complaint")
    categories = np.array([(examples[i].category.value if examples[i].category else "other") for i in complaint_rows])
    kind_head = _fit_head(head_x("kind"), kinds)
    category_head = (
        _fit_head(head_x("category")[complaint_rows], categories) if len(complaint_rows) else ConstantHead("other")
    )
    business_head = _fit_head(head_x("business"), business)
    model = EmbeddedModel(
        vectoriser=vectoriser,
        kind=kind_head,
        category=category_head,
        business=business_head,
        fingerprint=fingerprint,
        trained_examples=len(examples),
        meta={
            "sklearn": sklearn.__version__,
            "format": str(FORMAT),
            "jieba": str(jieba),
            "lexicon": str(lexicon),
            "lexicon_hash": lexicon_hash(),
        },
    )
    model.compile()
    model.train_seconds = time.perf_counter() - started
    return model


def train(data_dir: Path | None = None, *, jieba: bool = False, lexicon: bool = True) -> EmbeddedModel:
    """Train from the corpus under `data_dir` (default nlu/data)."""
    examples = load_corpus(data_dir) if data_dir else load_corpus()
    if not examples:
        raise ValueError(f"no training examples under {data_dir}")
    return fit(examples, fingerprint=corpus_fingerprint(data_dir), jieba=jieba, lexicon=lexicon)


def save(model: EmbeddedModel, path: Path) -> None:
    """Write atomically, so a process loading concurrently never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    os.close(fd)
    try:
        joblib.dump(model, tmp, compress=3)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def load(path: Path) -> EmbeddedModel:
    """Read a model file this process (or an earlier one) wrote; the file is trusted local state."""
    model = joblib.load(path)
    if not isinstance(model, EmbeddedModel):
        raise TypeError(f"{path} does not hold an embedded NLU model")
    return model


def is_usable(model: EmbeddedModel, fingerprint: str | None) -> bool:
    """False when the model was trained by another scikit-learn, format or corpus."""
    if model.meta.get("sklearn") != sklearn.__version__ or model.meta.get("format") != str(FORMAT):
        return False
    if model.meta.get("lexicon") == "True" and model.meta.get("lexicon_hash") != lexicon_hash():
        return False
    return fingerprint is None or model.fingerprint == fingerprint
