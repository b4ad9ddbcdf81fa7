"""Pipeline benchmark: receipt to queued acknowledgement, through the service layer and the HTTP API.

    uv run python bench/pipeline.py                       # both stores, both paths
    uv run python bench/pipeline.py --store postgres --path service --messages 5000 --concurrency 16
    uv run python bench/pipeline.py --profile             # where the time goes (cProfile, service path)

Each message is a new inbound message (mostly new customers, some follow-ups) classified by the
keyword baseline, so the figures measure the pipeline and the store, not the NLU model
(`bench/nlu` measures that). Latency is from the call (or HTTP request) to the committed
transaction that holds the queued acknowledgement.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import os
import pstats
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.clock import SystemClock  # noqa: E402
from core.db.engine import create_engine, session_factory  # noqa: E402
from core.db.migrate import upgrade  # noqa: E402
from core.domain.labels import Channel, IdentityKind  # noqa: E402
from core.domain.messages import Identity, InboundMessage  # noqa: E402
from core.policy import load_policy  # noqa: E402
from core.services.desk import Desk  # noqa: E402
from nlu.baseline import KeywordBaseline  # noqa: E402

PG_ADMIN = os.environ.get("COMPLAINTDESK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")

TEXTS = [
    "我的宽带从昨天晚上开始一直断网，光猫LOS灯闪红，报修两次都没人来，要求尽快修复！",
    "这个月话费莫名其妙多扣了58元，我没有开通任何增值业务，要求退费。",
    "營業廳的服務態度太差了，問了兩句就不耐煩，還掛我電話，我要投訴。",
    "5G信号在小区里几乎没有，打电话一直断，已经第三次反映了。",
    "Why did you charge me $65 for international roaming? I never left the country. Refund it.",
    "My home fibre has been down since Monday and the technician never showed up. Unacceptable.",
    "请问怎么办理宽带提速？现在是100M的。",
    "建议营业厅周末延长营业时间，上班族很难过去办业务。",
    "感谢客服小李耐心帮我解决了问题，服务很好！",
    "IPTV机顶盒老是卡顿重启，看个电视都看不了，你们的设备质量太差。",
]


def make_messages(n: int, seed: int = 7) -> list[InboundMessage]:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    run = uuid.uuid4().hex[:8]
    senders = max(1, int(n * 0.8))  # about one in five messages is a follow-up by a known sender
    return [
        InboundMessage(
            channel=Channel.TELEGRAM,
            provider_message_id=f"bench-{run}-{i}",
            sender=Identity(IdentityKind.TELEGRAM, f"{run}-{(u := rng.randrange(senders))}"),
            text=rng.choice(TEXTS),
            received_at=now,
            thread_key=f"{run}-{u}",
        )
        for i in range(n)
    ]


def summary(label: str, latencies: list[float], wall: float) -> dict[str, float | str]:
    lat = sorted(latencies)
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000  # noqa: E731
    row = {
        "run": label,
        "messages": len(lat),
        "msg_per_s": len(lat) / wall,
        "p50_ms": p(0.50),
        "p99_ms": p(0.99),
        "mean_ms": statistics.fmean(lat) * 1000,
    }
    print(
        f"{label:<34} {row['messages']:>6} msgs  {row['msg_per_s']:>8.1f} msg/s  "
        f"p50 {row['p50_ms']:>7.2f} ms  p99 {row['p99_ms']:>7.2f} ms",
        flush=True,
    )
    return row


async def run_service(url: str, messages: list[InboundMessage], concurrency: int) -> tuple[list[float], float]:
    engine = create_engine(url)
    desk = Desk(session_factory(engine), KeywordBaseline(), load_policy(), SystemClock())
    await desk.setup()
    queue: asyncio.Queue[InboundMessage] = asyncio.Queue()
    for m in messages:
        queue.put_nowait(m)
    latencies: list[float] = []

    async def worker() -> None:
        while not queue.empty():
            msg = queue.get_nowait()
            t0 = time.perf_counter()
            await desk.submit_inbound(msg)
            latencies.append(time.perf_counter() - t0)

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    wall = time.perf_counter() - start
    await engine.dispose()
    return latencies, wall


async def run_http(base: str, n: int, concurrency: int) -> tuple[list[float], float]:
    rng = random.Random(11)
    run = uuid.uuid4().hex[:8]
    bodies = [
        {
            "sender_id": f"{run}-{rng.randrange(max(1, int(n * 0.8)))}",
            "message_id": f"{run}-{i}",
            "text": rng.choice(TEXTS),
        }
        for i in range(n)
    ]
    latencies: list[float] = []
    queue: asyncio.Queue[dict[str, str]] = asyncio.Queue()
    for b in bodies:
        queue.put_nowait(b)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def worker() -> None:
            while not queue.empty():
                body = queue.get_nowait()
                t0 = time.perf_counter()
                r = await client.post("/api/v1/messages", json=body)
                latencies.append(time.perf_counter() - t0)
                assert r.status_code == 202, r.text

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - start
    return latencies, wall


def _service_share(args: tuple[str, int, int, int]) -> tuple[list[float], float]:
    url, n, concurrency, seed = args
    return asyncio.run(run_service(url, make_messages(n, seed=seed), concurrency))


def run_service_processes(url: str, n: int, concurrency: int, processes: int) -> tuple[list[float], float]:
    """The service layer in several processes at once (one event loop each), as a deployment would."""
    import multiprocessing

    shares = [(url, n // processes, concurrency, 100 + i) for i in range(processes)]
    start = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(processes) as pool:
        results = pool.map(_service_share, shares)
    wall = time.perf_counter() - start
    return [lat for lats, _ in results for lat in lats], wall


def fresh_database(store: str, tmp: Path) -> tuple[str, str | None]:
    if store == "sqlite":
        url = f"sqlite:///{tmp}/bench-{uuid.uuid4().hex[:6]}.db"
        upgrade(url)
        return url, None
    import asyncpg

    name = f"complaintdesk_bench_{uuid.uuid4().hex[:8]}"

    async def admin(sql: str) -> None:
        conn = await asyncpg.connect(PG_ADMIN)
        await conn.execute(sql)
        await conn.close()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    upgrade(url)
    return url, name


def drop_database(name: str | None) -> None:
    if name is None:
        return
    import asyncpg

    async def admin() -> None:
        conn = await asyncpg.connect(PG_ADMIN)
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.close()

    asyncio.run(admin())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(url: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "COMPLAINTDESK_DATABASE_URL": url,
        "COMPLAINTDESK_NLU": "baseline",
        "COMPLAINTDESK_LOG_LEVEL": "WARNING",
        "COMPLAINTDESK_DISPATCHER": "false",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "complaintdesk.cli", "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.TransportError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--path", choices=["service", "http", "both"], default="both")
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--profile", action="store_true", help="cProfile the service path and print the top")
    parser.add_argument(
        "--processes", type=int, default=1, help="service path on PostgreSQL: this many processes side by side"
    )
    args = parser.parse_args()
    stores = ["sqlite", "postgres"] if args.store == "both" else [args.store]
    paths = ["service", "http"] if args.path == "both" else [args.path]
    print(f"{os.cpu_count()} cores, {args.messages} messages, concurrency {args.concurrency}", flush=True)
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        for store in stores:
            for path in paths:
                url, name = fresh_database(store, tmp)
                try:
                    # warm up connections, caches and the first-ticket-of-the-day row
                    asyncio.run(run_service(url, make_messages(50, seed=1), 4))
                    if path == "service":
                        msgs = make_messages(args.messages)
                        if args.profile:
                            prof = cProfile.Profile()
                            prof.enable()
                        if args.processes > 1 and store == "postgres":
                            lat, wall = run_service_processes(url, args.messages, args.concurrency, args.processes)
                        else:
                            lat, wall = asyncio.run(run_service(url, msgs, args.concurrency))
                        if args.profile:
                            prof.disable()
                            out = io.StringIO()
                            pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(30)
                            print(out.getvalue())
                        procs = f" x{args.processes} procs" if args.processes > 1 and store == "postgres" else ""
                        summary(f"{store} / service layer{procs}", lat, wall)
                    else:
                        proc, base = serve(url)
                        try:
                            lat, wall = asyncio.run(run_http(base, args.messages, args.concurrency))
                        finally:
                            proc.terminate()
                            proc.wait(timeout=30)
                        summary(f"{store} / HTTP API", lat, wall)
                finally:
                    drop_database(name)


if __name__ == "__main__":
    main()
