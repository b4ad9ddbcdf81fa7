"""Where the pipeline's time goes: cProfile of the service path, summed by package.

uv run python bench/profile_pipeline.py [--store postgres|sqlite] [--messages 1500]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pipeline import drop_database, fresh_database, make_messages, run_service  # noqa: E402

BUCKETS = [
    ("sqlalchemy/orm", "SQLAlchemy ORM (unit of work, identity map, loading)"),
    ("sqlalchemy/sql", "SQLAlchemy SQL compilation"),
    ("sqlalchemy/engine", "SQLAlchemy engine (execution, results)"),
    ("sqlalchemy/dialects", "SQLAlchemy dialect adaptation"),
    ("sqlalchemy", "SQLAlchemy other"),
    ("asyncpg", "asyncpg driver"),
    ("aiosqlite", "aiosqlite driver"),
    ("sqlite3", "sqlite3"),
    ("/nlu/", "NLU (keyword baseline)"),
    ("/core/", "our core code"),
    ("asyncio", "asyncio event loop"),
]


def bucket(filename: str) -> str:
    for needle, label in BUCKETS:
        if needle in filename:
            return label
    return "other (stdlib, builtins)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--messages", type=int, default=1500)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url, name = fresh_database(args.store, Path(tmp))
        try:
            asyncio.run(run_service(url, make_messages(50, seed=1), 4))
            prof = cProfile.Profile()
            prof.enable()
            lat, wall = asyncio.run(run_service(url, make_messages(args.messages), args.concurrency))
            prof.disable()
        finally:
            drop_database(name)
    stats = pstats.Stats(prof)
    totals: dict[str, float] = defaultdict(float)
    for (filename, _line, _fn), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        totals[bucket(filename)] += tottime
    cpu = sum(totals.values())
    print(
        f"{args.store}: {len(lat)} messages in {wall:.1f} s under the profiler; "
        f"{cpu / len(lat) * 1000:.2f} ms of Python time per message"
    )
    for label, seconds in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"  {seconds / cpu * 100:5.1f} %  {label}")


if __name__ == "__main__":
    main()
