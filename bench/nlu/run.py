"""NLU benchmark: speed, cross-validated accuracy and held-out accuracy, per backend, in one run.

    uv run python bench/nlu/run.py --backend embedded,rasa --folds 5

For every backend in --backend, on the same inputs:
  * speed: messages per second and p50/p99 latency of `classify` one message at a time, as the
    inbound path calls it (entities included), over the held-out texts plus a corpus sample;
  * cross-validation on the corpus, k folds, two ways: `stratified` (random folds, the usual
    figure, flattered by re-dressed copies of one grievance landing on both sides) and `grouped`
    (every render of a phrase-bank line stays in one fold: the model is tested on grievances
    whose wording it never saw, which is closer to real traffic);
  * the held-out sets with the backend's trained model: `heldout` (tests/nlu/fixtures/heldout.jsonl,
    176 messages written with the first corpus) and `heldout_b` (heldout_b.jsonl, 360 messages
    written later by someone who never saw the corpus), reported as its two halves: `b_dev` (odd
    ids: may be read to find what the corpus lacks) and `b_test` (even ids: never read for that,
    the least flattered figure here).
A backend joins cross-validation through CROSS_VALIDATORS: a function that trains on a list of
examples and returns label dicts for the test texts (see bench/nlu/README.md).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from nlu.corpus import Example, parse_markup  # noqa: E402
from nlu.evaluation import evaluate  # noqa: E402

FIXTURES = ROOT / "tests" / "nlu" / "fixtures"
HELDOUT = FIXTURES / "heldout.jsonl"
HELDOUT_B = FIXTURES / "heldout_b.jsonl"


def heldout_sets() -> dict[str, list[dict[str, Any]]]:
    """The held-out messages by set name; heldout_b split into its dev and test halves by id."""

    def read(path: Path) -> list[dict[str, Any]]:
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]

    b = read(HELDOUT_B)
    return {
        "heldout": read(HELDOUT),
        "b_dev": [row for row in b if int(row["id"][1:]) % 2 == 1],
        "b_test": [row for row in b if int(row["id"][1:]) % 2 == 0],
    }


NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)

Labels = dict[str, Any]
Fold = tuple[list[int], list[int]]


def corpus_with_groups() -> tuple[list[Example], list[str]]:
    """The corpus in `load_corpus()` order (both sides index folds by it), with each example's group.

    A generated example's group is the phrase-bank line it was rendered from; an example from a
    hand-written file (agent feedback, extra examples) is a group of its own.
    """
    from nlu.corpus import load_corpus
    from nlu.data.generate import generate

    line_of = {parse_markup(marked)[0]: group for marked, _, _, _, group in generate()}
    examples = load_corpus()
    groups = [line_of.get(e.text, f"own/{i}") for i, e in enumerate(examples)]
    return examples, groups


def make_folds(examples: list[Example], groups: list[str], k: int, split: str, seed: int) -> list[Fold]:
    """k (train, test) index pairs: grouped by bank line, or stratified by intent."""
    from sklearn.model_selection import GroupKFold, StratifiedKFold

    if split == "grouped":
        splits = GroupKFold(n_splits=k).split(examples, groups=groups)
    else:
        strata = [e.intent for e in examples]
        splits = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed).split(examples, strata)
    return [(list(map(int, train)), list(map(int, test))) for train, test in splits]


def _labels(example: Example) -> Labels:
    return {
        "kind": example.kind.value,
        "category": example.category.value if example.category else None,
        "business": example.business.value,
    }


def embedded_cross_validate(examples: list[Example], folds: Sequence[Fold]) -> tuple[dict[int, Labels], dict[str, Any]]:
    """Train the embedded model per fold; labels of every test example by corpus index, and the speed.

    Each test message goes through `classify` one at a time, entities included, as the inbound
    path (and the Rasa side, through its server) does: the latencies are the cross-validation's
    speed figures, on exactly the inputs Rasa is timed on.
    """
    from nlu.embedded import EmbeddedClassifier
    from nlu.embedded.classifier import jieba_wanted
    from nlu.embedded.model import fit

    out: dict[int, Labels] = {}
    latencies: list[float] = []
    for train_idx, test_idx in folds:
        # the same feature set the service would load (COMPLAINTDESK_NLU_JIEBA)
        classifier = EmbeddedClassifier(fit([examples[i] for i in train_idx], jieba=jieba_wanted()))
        for i in test_idx[:20]:  # warm-up, as for Rasa
            classifier.classify_sync(examples[i].text, received_at=NOW)
        for i in test_idx:
            started = time.perf_counter()
            result = classifier.classify_sync(examples[i].text, received_at=NOW)
            latencies.append(time.perf_counter() - started)
            out[i] = {
                "kind": result.kind.value,
                "category": result.category.value if result.category else None,
                "business": result.business.value,
            }
    return out, {"speed": _speed_figures(latencies)}


def _speed_figures(latencies: Sequence[float]) -> dict[str, Any]:
    return {
        "messages": len(latencies),
        "messages_per_second": round(len(latencies) / sum(latencies), 1),
        "p50_ms": round(_percentile(list(latencies), 0.50) * 1000, 3),
        "p99_ms": round(_percentile(list(latencies), 0.99) * 1000, 3),
    }


def rasa_cross_validate(
    examples: list[Example], folds: Sequence[Fold], *, cache: Path | None = None
) -> tuple[dict[int, Labels], dict[str, Any]]:
    """Train and serve a real Rasa model per fold (bench/nlu/rasa_side.py); labels by corpus index.

    With a `cache` folder, a finished cross-validation of the same inputs is reused.
    """
    from bench.nlu.rasa_side import cached_cross_validate
    from bench.nlu.rasa_side import cross_validate as rasa_side_cv

    report = rasa_side_cv(folds) if cache is None else cached_cross_validate(folds, cache_dir=cache)
    figures = {
        "speed": {k: getattr(report, k) for k in ("messages", "messages_per_second", "p50_ms", "p99_ms")},
        "measured_at": report.measured_at,
        "from_cache": report.from_cache,
        "train_seconds": report.train_seconds,
    }
    labels = {p.index: {"kind": p.kind, "category": p.category, "business": p.business} for p in report.predictions}
    return labels, figures


# where finished Rasa cross-validations are kept (--rasa-fresh: always retrain)
RASA_CACHE = ROOT / "var" / "bench" / "rasa-cache"

Validator = Callable[[list[Example], Sequence[Fold]], tuple[dict[int, Labels], dict[str, Any]]]
CROSS_VALIDATORS: dict[str, Validator] = {
    "embedded": embedded_cross_validate,
    "rasa": partial(rasa_cross_validate, cache=RASA_CACHE),
}


def cross_validate(
    validator: Validator, backend: str, examples: list[Example], folds: Sequence[Fold]
) -> dict[str, Any]:
    """Pooled scores over the folds (every test example predicted once, by a model that never saw
    it), with the validator's own figures (speed over the test messages; for Rasa, when it ran)."""
    predicted, figures = validator(examples, folds)
    tested = sorted(predicted)
    gold = [_labels(examples[i]) for i in tested]
    pred = [predicted[i] for i in tested]
    return _with_languages(gold, pred, [examples[i].language for i in tested], backend) | figures


def _with_languages(
    gold: Sequence[Labels], pred: Sequence[Labels], languages: Sequence[str], backend: str
) -> dict[str, Any]:
    """Overall scores plus the same per language, to see which language lags."""
    report = evaluate(gold, pred, backend=backend)
    scores: dict[str, Any] = report.summary()
    # which classes the model misses: the corpus lines to write next (bench/nlu/README.md)
    scores["recall_by_class"] = {
        name: {label: round(c["recall"], 3) for label, c in field.per_class.items() if c["support"]}
        for name, field in report.fields.items()
    }
    by_language = {}
    for language in sorted(set(languages)):
        idx = [i for i, lang in enumerate(languages) if lang == language]
        by_language[language] = {"n": len(idx)} | evaluate([gold[i] for i in idx], [pred[i] for i in idx]).summary()
    scores["by_language"] = by_language
    return scores


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def _timed(classifier: Any, texts: Sequence[str]) -> tuple[list[float], list[Any]]:
    latencies = []
    results = []
    for text in texts:
        started = time.perf_counter()
        results.append(await classifier.classify(text, received_at=NOW))
        latencies.append(time.perf_counter() - started)
    return latencies, results


def speed(backend: str, texts: Sequence[str], *, models_dir: Path, rasa_url: str | None) -> dict[str, Any]:
    """Throughput and latency of one-at-a-time classification, after a warm-up."""
    from nlu.backends import open_backend
    from nlu.embedded import EmbeddedClassifier

    started = time.perf_counter()
    classifier = open_backend(backend, models_dir=models_dir, rasa_url=rasa_url)
    ready = time.perf_counter() - started

    async def run() -> tuple[list[float], list[Any], float]:
        # a server backend that is down answers from its fallback or with empty labels, fast:
        # timing that would be a lie, so ask the server itself first (raises when it is down)
        probe = getattr(classifier, "parse", None)
        if probe is not None:
            await probe("ping")
        await _timed(classifier, texts[:20])  # warm-up: caches, connections, lazy imports
        wall = time.perf_counter()
        latencies, results = await _timed(classifier, texts)
        wall = time.perf_counter() - wall
        closer = getattr(classifier, "aclose", None)
        if closer is not None:
            await closer()
        return latencies, results, wall

    latencies, results, wall = asyncio.run(run())
    out: dict[str, Any] = {
        "messages": len(texts),
        "messages_per_second": round(len(texts) / wall, 1),
        "p50_ms": round(_percentile(latencies, 0.50) * 1000, 3),
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 3),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 3),
        "ready_seconds": round(ready, 2),
        "model": getattr(classifier, "name", backend),
    }
    if isinstance(classifier, EmbeddedClassifier):
        # the same model without entity extraction: what the classifier itself costs
        bare = EmbeddedClassifier(classifier.model, extract=lambda _text, _at: [])
        bare_latencies, _ = asyncio.run(_timed(bare, texts))
        out["labels_only_p50_ms"] = round(_percentile(bare_latencies, 0.50) * 1000, 3)
        out["labels_only_messages_per_second"] = round(len(texts) / sum(bare_latencies), 1)
    out["_results"] = results
    return out


def heldout_scores(results: Sequence[Any], gold: Sequence[Labels], backend: str) -> dict[str, Any]:
    """Scores of the speed run's answers on a held-out set (`results` in the same order)."""
    from nlu.normalise import detect_language

    pred = [r.to_json() for r in results[: len(gold)]]
    return _with_languages(gold, pred, [detect_language(g["text"]).value for g in gold], backend)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print one table; write the full figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", default="embedded", help="comma-separated: embedded,rasa")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--only", type=int, default=None, help="run only the first N folds (Rasa trains per fold)")
    parser.add_argument("--split", choices=["grouped", "stratified", "both"], default="both")
    parser.add_argument("--messages", type=int, default=1000, help="how many inputs the speed run classifies")
    parser.add_argument("--no-cv", action="store_true", help="speed and held-out only")
    parser.add_argument("--models-dir", type=Path, default=ROOT / "var" / "models")
    parser.add_argument("--rasa-url", default=None)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--rasa-fresh", action="store_true", help="retrain Rasa even when a cached cross-validation matches"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench" / "nlu.json")
    args = parser.parse_args(argv)

    backends = [b.strip() for b in args.backend.split(",") if b.strip()]
    validators = dict(CROSS_VALIDATORS)
    if args.rasa_fresh:
        validators["rasa"] = rasa_cross_validate
    sets = heldout_sets()
    gold = [row for rows in sets.values() for row in rows]
    examples, groups = corpus_with_groups()
    rng = random.Random(args.seed)  # the same sample for every backend
    sample = [e.text for e in rng.sample(examples, k=max(0, min(len(examples), args.messages - len(gold))))]
    inputs = [row["text"] for row in gold] + sample
    splits = ["grouped", "stratified"] if args.split == "both" else [args.split]

    figures: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {platform.processor() or ''} python {platform.python_version()}".strip(),
        "corpus_examples": len(examples),
        "heldout_messages": {name: len(rows) for name, rows in sets.items()},
        "backends": {},
    }
    for backend in backends:
        row: dict[str, Any] = {}
        try:
            s = speed(backend, inputs, models_dir=args.models_dir, rasa_url=args.rasa_url)
            results = s.pop("_results")
            row["speed"] = s
            offset = 0
            for name, rows in sets.items():
                row[name] = heldout_scores(results[offset : offset + len(rows)], rows, backend)
                offset += len(rows)
        except Exception as exc:  # a backend whose server is down is reported, not fatal
            row["speed_error"] = f"{type(exc).__name__}: {exc}"
            print(f"{backend}: speed run impossible ({row['speed_error']})", file=sys.stderr)
        validator = validators.get(backend)
        for split in [] if args.no_cv else splits:
            if validator is None:
                row[f"cv_{split}"] = None
                continue
            started = time.perf_counter()
            folds = make_folds(examples, groups, args.folds, split, args.seed)[: args.only]
            try:
                scores = cross_validate(validator, backend, examples, folds)
            except Exception as exc:
                row[f"cv_{split}_error"] = f"{type(exc).__name__}: {exc}"
                continue
            row[f"cv_{split}"] = scores | {"seconds": round(time.perf_counter() - started, 1), "folds": len(folds)}
            if "speed" not in row:
                # no server for the speed run: report what the cross-validation measured through it
                row["speed"] = {**scores["speed"], "source": "measured during cross-validation"}
        figures["backends"][backend] = row
        print(f"{backend}: {json.dumps(row, ensure_ascii=False)}", file=sys.stderr)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, ensure_ascii=False, indent=1), encoding="utf-8")
    print(format_table(figures))
    print(f"\nfull figures: {args.out}")
    return 0


def format_table(figures: dict[str, Any]) -> str:
    """The headline figures as a plain-text table.

    Speed columns: on the first held-out row, the speed run over the held-out sets plus a corpus
    sample; on a cross-validation row, one-at-a-time classification of that split's test
    messages (identical inputs for every backend).
    """
    lines = [
        f"corpus {figures['corpus_examples']} examples, held-out messages {figures['heldout_messages']}",
        f"{'backend':<10}{'msg/s':>10}{'p50 ms':>9}{'p99 ms':>9}  {'set':<16}{'kind acc':>9}{'cat F1':>8}{'biz acc':>9}",
    ]
    blank = " " * 28
    for backend, row in figures["backends"].items():
        for key, value in row.items():
            if key.endswith("error"):
                lines.append(f"{backend:<10} {key}: {value}")
        speed_shown = False
        for name in ("heldout", "b_dev", "b_test", "cv_grouped", "cv_stratified"):
            if name not in row:
                continue
            scores = row[name]
            speed = (
                (scores or {}).get("speed") if name.startswith("cv_") else (None if speed_shown else row.get("speed"))
            )
            if speed is not None and not name.startswith("cv_"):
                speed_shown = True
            cells = f"{speed['messages_per_second']:>10}{speed['p50_ms']:>9}{speed['p99_ms']:>9}" if speed else blank
            if scores is None:
                lines.append(f"{backend:<10}{cells}  {name:<16}{'(no cross-validator)':>26}")
                continue
            lines.append(
                f"{backend:<10}{cells}  {name:<16}{scores['kind_accuracy']:>9.3f}{scores['category_macro_f1']:>8.3f}"
                f"{scores['business_accuracy']:>9.3f}"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
