"""Exact-span precision, recall and F1 per entity type, for the fixture test and `nlu eval`."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

SpanLike = Mapping[str, Any] | Sequence[Any] | Any


def _key(span: SpanLike) -> tuple[str, int, int]:
    """(type, start, end) of an Entity, a {"type", "start", "end"} dict or a (type, start, end) tuple."""
    if isinstance(span, Mapping):
        kind, start, end = span["type"], span["start"], span["end"]
    elif isinstance(span, Sequence) and not isinstance(span, str):
        kind, start, end = span[0], span[1], span[2]
    else:
        kind, start, end = span.type, span.start, span.end
    return str(getattr(kind, "value", kind)), int(start), int(end)


def span_f1(gold: Iterable[Iterable[SpanLike]], predicted: Iterable[Iterable[SpanLike]]) -> dict[str, dict[str, float]]:
    """Per type {precision, recall, f1, support}: a prediction counts only with exact type and span.

    `gold` and `predicted` hold one list of spans per document, in the same order. A type with
    no gold and no predicted span is absent; precision of a type never predicted is 0.
    """
    true_pos: Counter[str] = Counter()
    gold_count: Counter[str] = Counter()
    pred_count: Counter[str] = Counter()
    for gold_doc, pred_doc in zip(gold, predicted, strict=True):
        gold_set = {_key(s) for s in gold_doc}
        pred_set = {_key(s) for s in pred_doc}
        gold_count.update(k[0] for k in gold_set)
        pred_count.update(k[0] for k in pred_set)
        true_pos.update(k[0] for k in gold_set & pred_set)
    scores: dict[str, dict[str, float]] = {}
    for kind in sorted(set(gold_count) | set(pred_count)):
        tp = true_pos[kind]
        precision = tp / pred_count[kind] if pred_count[kind] else 0.0
        recall = tp / gold_count[kind] if gold_count[kind] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[kind] = {"precision": precision, "recall": recall, "f1": f1, "support": gold_count[kind]}
    return scores


def score_file(path: Path) -> dict[str, dict[str, float]]:
    """span_f1 of `extract` on a labelled JSONL file ({"text", "received_at", "entities"} lines)."""
    from nlu.entities.extraction import extract

    gold: list[list[SpanLike]] = []
    predicted: list[list[SpanLike]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        gold.append(row["entities"])
        predicted.append(list(extract(row["text"], datetime.fromisoformat(row["received_at"]))))
    return span_f1(gold, predicted)


def main(argv: list[str] | None = None) -> None:
    """`python -m nlu.entities.score FILE.jsonl`: a precision/recall/F1 table per entity type."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        raise SystemExit("usage: python -m nlu.entities.score LABELLED.jsonl")
    scores = score_file(Path(args[0]))
    print(f"{'type':<10} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}")
    for kind, s in scores.items():
        print(f"{kind:<10} {s['precision']:>9.3f} {s['recall']:>7.3f} {s['f1']:>6.3f} {int(s['support']):>8}")


if __name__ == "__main__":
    main()
