"""`python -m nlu.entities.speed [FILE.jsonl]`: latency and throughput of `extract` on real messages."""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

from nlu.entities.extraction import extract

DEFAULT_FILE = Path("tests/nlu_entities/fixtures/spans.jsonl")


def measure(texts: list[str], received_at: datetime, repeats: int = 30) -> dict[str, float]:
    """Median latency per message over `repeats` runs (p50/p99/max across messages) and throughput."""
    for text in texts:  # warm caches: the first call builds the folding table
        extract(text, received_at)
    medians = []
    for text in texts:
        runs = []
        for _ in range(repeats):
            start = time.perf_counter()
            extract(text, received_at)
            runs.append(time.perf_counter() - start)
        medians.append(statistics.median(runs))
    medians.sort()
    start = time.perf_counter()
    for _ in range(repeats):
        for text in texts:
            extract(text, received_at)
    elapsed = time.perf_counter() - start
    return {
        "messages": len(texts),
        "p50_ms": medians[len(medians) // 2] * 1e3,
        "p99_ms": medians[min(len(medians) - 1, int(len(medians) * 0.99))] * 1e3,
        "max_ms": medians[-1] * 1e3,
        "messages_per_second": repeats * len(texts) / elapsed,
    }


def main(argv: list[str] | None = None) -> None:
    """Print the figures for the messages of a JSONL file with "text" (and "received_at") fields."""
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEFAULT_FILE
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    received_at = datetime.fromisoformat(rows[0].get("received_at") or "2026-11-24T10:30:00+08:00")
    figures = measure([row["text"] for row in rows], received_at)
    print(json.dumps({k: round(v, 4) for k, v in figures.items()}))


if __name__ == "__main__":
    main()
