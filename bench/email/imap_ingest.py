"""Benchmark: mails per second ingested from a Dovecot mailbox holding N mixed mails, and peak memory.

Not a test (pytest does not collect it). Run:

    uv run python bench/email/imap_ingest.py --mails 5000 [--store sqlite|postgres]

It starts a throwaway Dovecot (installed if missing), fills INBOX with copies of the fixture
corpus (every copy with its own Message-ID and sender), and times one full back-fill through the
real channel, the real desk and the keyword NLU into a fresh database. Parsing alone is timed too.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from channels.email.imap_sync import ImapSync  # noqa: E402
from channels.email.parsing import parse_mail  # noqa: E402
from core.clock import SystemClock  # noqa: E402
from core.db.engine import create_engine, session_factory  # noqa: E402
from core.db.migrate import upgrade  # noqa: E402
from core.policy import load_policy  # noqa: E402
from core.services.desk import Desk  # noqa: E402
from nlu.baseline import KeywordBaseline  # noqa: E402
from tests.email.dovecot_server import DovecotServer, ensure_dovecot_installed  # noqa: E402
from tests.email.email_harness import FIXTURES, OUR_DOMAIN, imap_settings  # noqa: E402

_MESSAGE_ID = re.compile(rb"(?im)^message-id:[^\r\n]*\r?\n")
_FROM_ADDR = re.compile(rb"(?im)^(from:[^\r\n]*?)([\w.+-]+)@")


def corpus_copies(count: int) -> list[bytes]:
    """`count` mails cycling through the fixtures, each with its own Message-ID and sender."""
    fixtures = sorted(FIXTURES.glob("*.eml"))
    mails = []
    for n in range(count):
        raw = fixtures[n % len(fixtures)].read_bytes()
        raw = _MESSAGE_ID.sub(b"", raw, count=1)
        suffix = f".{n // len(fixtures)}@".encode()
        raw = _FROM_ADDR.sub(lambda m, s=suffix: m.group(1) + m.group(2) + s, raw, count=1)
        mails.append(f"Message-ID: <bench.{n}.{uuid.uuid4().hex[:8]}@bench.example>\r\n".encode() + raw)
    return mails


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def ingest(url: str, server: DovecotServer, work: Path, expected: int) -> dict[str, float]:
    engine = create_engine(url)
    desk = Desk(session_factory(engine), KeywordBaseline(), load_policy(), SystemClock())
    await desk.setup()
    settings = imap_settings(work, server, imap_timeout_seconds=120.0, imap_batch_size=200)
    sync = ImapSync(settings, desk)
    rss_before = rss_mb()
    started = time.perf_counter()
    session = await sync.connect()
    try:
        processed = await sync.sync(session)
    finally:
        await session.close()
    elapsed = time.perf_counter() - started
    await engine.dispose()
    if processed != expected:
        raise RuntimeError(f"processed {processed} of {expected} mails")
    return {
        "mails": processed,
        "seconds": round(elapsed, 2),
        "mails_per_second": round(processed / elapsed, 1),
        "peak_rss_mb": round(rss_mb(), 1),
        "rss_before_ingest_mb": round(rss_before, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mails", type=int, default=5000)
    parser.add_argument("--store", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()

    ensure_dovecot_installed()
    work = Path(tempfile.mkdtemp(prefix="cd-email-bench-"))
    os.chmod(work, 0o755)  # noqa: S103 - Dovecot's unprivileged processes read the config here
    mails = corpus_copies(args.mails)

    started = time.perf_counter()
    for raw in mails:
        parse_mail(raw, our_domain=OUR_DOMAIN)
    parse_rate = len(mails) / (time.perf_counter() - started)

    server = DovecotServer(work / "dovecot")
    for n, raw in enumerate(mails):
        server.deliver_to_maildir(raw, f"{1_700_000_000 + n}.M{n}P1.bench")
    server.start()
    try:
        if args.store == "sqlite":
            url = f"sqlite:///{work / 'bench.db'}"
            upgrade(url)
        else:
            import asyncpg

            admin = os.environ.get("COMPLAINTDESK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
            name = f"complaintdesk_bench_{uuid.uuid4().hex[:8]}"

            async def admin_sql(sql: str) -> None:
                conn = await asyncpg.connect(admin)
                try:
                    await conn.execute(sql)
                finally:
                    await conn.close()

            asyncio.run(admin_sql(f'CREATE DATABASE "{name}"'))
            url = admin.rsplit("/", 1)[0] + f"/{name}"
            upgrade(url)
        result = asyncio.run(ingest(url, server, work, len(mails)))
        if args.store == "postgres":
            asyncio.run(admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        server.cleanup()
    result.update({"store": args.store, "parse_only_mails_per_second": round(parse_rate, 1), "cpus": os.cpu_count()})
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
