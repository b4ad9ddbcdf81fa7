"""The Rasa half of `bench/nlu`: speed and accuracy of the real Rasa server, fold by fold.

`cross_validate(folds)` trains one Rasa model per fold on the training part of the shared corpus,
serves it with the real `rasa run --enable-api` (one server process, the model swapped with
`PUT /model` between folds), classifies the held-out texts through `RasaClassifier` one message
at a time, as the inbound path does, and returns the predictions, the latencies and the scores.

Fold indexes refer to the order of `nlu.corpus.load_corpus()` (the embedded model's reading of
the corpus), which `bots.rasa.project.load_corpus` follows example for example, so both sides
are measured on the same inputs.

Five folds of Rasa training take over an hour here, so a finished cross-validation is kept in
`cache_dir` under a key made of everything that decides its outcome: the corpus files, the fold
indexes, the epochs, the Jieba user dictionaries, the Rasa project generator and config, and the
pinned Rasa version. A later
bench run on the same corpus reuses it (and says so in its figures) while the embedded side is
measured again; any change to the corpus or to the Rasa side misses the cache and retrains.
Run alone:

    uv run python -m bench.nlu.rasa_side --folds 5 [--only 1] [--epochs 60] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from bots.rasa.environment import ensure_venv
from bots.rasa.project import USER_DICT_GLOBS, Corpus, Example, load_corpus, write_project
from bots.rasa.runner import RasaServer, train_model
from nlu.evaluation import evaluate
from nlu.rasa_backend import RasaClassifier

DEFAULT_CORPUS = Path(__file__).parents[2] / "nlu" / "data"
Fold = tuple[Sequence[int], Sequence[int]]


@dataclass
class Prediction:
    """What Rasa said about one held-out example (index into the corpus)."""

    index: int
    kind: str
    category: str | None
    business: str
    entities: list[dict[str, Any]]
    seconds: float


@dataclass
class RasaSideReport:
    """Speed and scores of the Rasa server over all folds."""

    backend: str = "rasa"
    folds: int = 0
    messages: int = 0
    messages_per_second: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    train_seconds: list[float] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    measured_at: str = ""
    from_cache: bool = False
    predictions: list[Prediction] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """Everything but the per-example predictions."""
        data = asdict(self)
        data.pop("predictions")
        return data


def stratified_folds(corpus: Corpus, k: int, seed: int = 13) -> list[Fold]:
    """k folds, each label combination spread evenly (for running this side alone)."""
    by_label: dict[str, list[int]] = defaultdict(list)
    for index, example in enumerate(corpus.examples):
        by_label[example.labels.intent()].append(index)
    buckets: list[list[int]] = [[] for _ in range(k)]
    rng = random.Random(seed)
    offset = 0
    for indexes in by_label.values():
        rng.shuffle(indexes)
        for position, index in enumerate(indexes):
            buckets[(position + offset) % k].append(index)
        offset += len(indexes)
    everything = set(range(len(corpus.examples)))
    return [(sorted(everything - set(test)), sorted(test)) for test in buckets]


def cache_key(folds: Sequence[Fold], *, corpus_dir: Path, epochs: int | None) -> str:
    """A hash of everything a Rasa cross-validation's outcome depends on."""
    from nlu.embedded.model import corpus_fingerprint

    rasa_dir = Path(__file__).parents[2] / "bots" / "rasa"
    h = hashlib.sha256()
    h.update(corpus_fingerprint(corpus_dir).encode())
    # the Jieba user dictionaries beside the corpus go into the Rasa project too
    for pattern in USER_DICT_GLOBS:
        for path in sorted(corpus_dir.glob(pattern)):
            h.update(path.name.encode() + path.read_bytes())
    h.update(json.dumps([[list(map(int, a)), list(map(int, b))] for a, b in folds]).encode())
    h.update(repr(epochs).encode())
    for name in ("project.py", "intents.py", "config.yml", "constraints.txt", "environment.py"):
        h.update((rasa_dir / name).read_bytes())
    return h.hexdigest()[:20]


def cached_cross_validate(
    folds: Sequence[Fold],
    *,
    cache_dir: Path,
    corpus_dir: Path = DEFAULT_CORPUS,
    epochs: int | None = None,
    received_at: datetime | None = None,
) -> RasaSideReport:
    """`cross_validate`, or its stored outcome when nothing it depends on has changed."""
    path = cache_dir / f"rasa-cv-{cache_key(folds, corpus_dir=corpus_dir, epochs=epochs)}.json"
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        predictions = [Prediction(**p) for p in data.pop("predictions")]
        return RasaSideReport(**{**data, "from_cache": True, "predictions": predictions})
    report = cross_validate(folds, corpus_dir=corpus_dir, epochs=epochs, received_at=received_at)
    cache_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(report), ensure_ascii=False), encoding="utf-8")
    return report


def cross_validate(
    folds: Sequence[Fold],
    *,
    corpus_dir: Path = DEFAULT_CORPUS,
    epochs: int | None = None,
    work_dir: Path | None = None,
    received_at: datetime | None = None,
) -> RasaSideReport:
    """Train, serve and classify fold by fold; predictions are indexed like the corpus."""
    corpus = load_corpus(corpus_dir)
    venv = ensure_venv()
    received_at = received_at or datetime.now(UTC)
    report = RasaSideReport(folds=len(folds), measured_at=datetime.now(UTC).isoformat(timespec="seconds"))
    with tempfile.TemporaryDirectory(prefix="rasa-bench-") as tmp:
        work = work_dir or Path(tmp)
        server: RasaServer | None = None
        try:
            for number, (train_idx, test_idx) in enumerate(folds):
                started = time.monotonic()
                part = Corpus(
                    examples=[corpus.examples[i] for i in train_idx],
                    synonyms=corpus.synonyms, regexes=corpus.regexes, lookups=corpus.lookups,
                    user_dicts=corpus.user_dicts,
                )  # fmt: skip
                project = write_project(part, work / f"fold{number}" / "project", epochs=epochs)
                model = train_model(project, work / f"fold{number}" / "models", venv_dir=venv)
                report.train_seconds.append(round(time.monotonic() - started, 1))
                if server is None:
                    server = RasaServer(model, venv_dir=venv)
                    server.start()
                else:
                    _swap_model(server, model)
                report.predictions += asyncio.run(
                    _classify(server.url, [(i, corpus.examples[i]) for i in test_idx], received_at)
                )
        finally:
            if server is not None:
                server.stop()
    _score(report, corpus)
    return report


def _swap_model(server: RasaServer, model: Path) -> None:
    # loading a model into the running server skips ~15 s of TensorFlow start-up per fold
    response = httpx.put(f"{server.url}/model", json={"model_file": str(model)}, timeout=300)
    response.raise_for_status()


async def _classify(url: str, items: list[tuple[int, Example]], received_at: datetime) -> list[Prediction]:
    classifier = RasaClassifier(url, timeout=30.0)
    out: list[Prediction] = []
    try:
        # warm-up: the first parses after a model load are slower (graph tracing)
        for _, example in items[:5]:
            await classifier.parse(example.text)
        for index, example in items:
            started = time.perf_counter()
            result = await classifier.classify(example.text, received_at=received_at)
            elapsed = time.perf_counter() - started
            if result.model != "rasa":
                raise RuntimeError("the Rasa server stopped answering during the bench")
            out.append(
                Prediction(
                    index=index,
                    kind=result.kind.value,
                    category=result.category.value if result.category else None,
                    business=result.business.value,
                    entities=[
                        {"type": e.type.value, "start": e.start, "end": e.end, "text": e.text} for e in result.entities
                    ],
                    seconds=elapsed,
                )
            )
    finally:
        await classifier.aclose()
    return out


def _score(report: RasaSideReport, corpus: Corpus) -> None:
    """Speed figures and accuracy / macro-F1 per field, entity F1 per type (exact spans)."""
    predictions = sorted(report.predictions, key=lambda p: p.index)
    if not predictions:
        return
    latencies = sorted(p.seconds for p in predictions)
    report.messages = len(predictions)
    report.messages_per_second = round(len(latencies) / sum(latencies), 1)
    report.p50_ms = round(statistics.median(latencies) * 1000, 1)
    report.p99_ms = round(latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))] * 1000, 1)
    # scored by the same code as the embedded model (nlu.evaluation), so the figures compare
    gold = [
        {
            "kind": labels.kind.value,
            "category": labels.category.value if labels.category else None,
            "business": labels.business.value,
        }
        for labels in (corpus.examples[p.index].labels for p in predictions)
    ]
    guessed = [{"kind": p.kind, "category": p.category, "business": p.business} for p in predictions]
    scores: dict[str, float] = dict(evaluate(gold, guessed, backend="rasa").summary())
    scores.update(_entity_f1(corpus, predictions))
    report.scores = {k: round(float(v), 4) for k, v in scores.items()}


def _entity_f1(corpus: Corpus, predictions: list[Prediction]) -> dict[str, float]:
    from nlu.corpus import parse_markup

    tp: dict[str, int] = defaultdict(int)
    fp: dict[str, int] = defaultdict(int)
    fn: dict[str, int] = defaultdict(int)
    for p in predictions:
        _, annotations = parse_markup(corpus.examples[p.index].markup)
        gold = {(a.type, a.start, a.end) for a in annotations}
        found = {(e["type"], e["start"], e["end"]) for e in p.entities}
        for entity_type, *_ in gold & found:
            tp[entity_type] += 1
        for entity_type, *_ in found - gold:
            fp[entity_type] += 1
        for entity_type, *_ in gold - found:
            fn[entity_type] += 1
    out: dict[str, float] = {}
    for entity_type in sorted(set(tp) | set(fp) | set(fn)):
        denominator = 2 * tp[entity_type] + fp[entity_type] + fn[entity_type]
        out[f"entity_{entity_type}_f1"] = 2 * tp[entity_type] / denominator if denominator else 0.0
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: cross-validate Rasa on the shared corpus and print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--only", type=int, default=None, help="run only the first N folds (quicker)")
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--json", type=Path, default=None, help="also write summary + predictions here")
    args = parser.parse_args(argv)
    folds = stratified_folds(load_corpus(args.corpus), args.folds)[: args.only]
    report = cross_validate(folds, corpus_dir=args.corpus, epochs=args.epochs)
    json.dump(report.summary(), sys.stdout, indent=2)
    sys.stdout.write("\n")
    if args.json:
        args.json.write_text(json.dumps(asdict(report), indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
