"""Bot-path benchmark: web-chat complaints talked through the bot to a ticket, many customers at once.

    uv run python bench/bot_dialogues.py                            # SQLite, 300 dialogues, 16 at once
    uv run python bench/bot_dialogues.py --store postgres --dialogues 1000 --concurrency 32

`bench/pipeline.py` measures the direct intake (one message, one ticket). Chat customers go through
the bot instead: the first message, then one answer per question (phone, place, since when, what
they want), then "是" to the summary; the ticket opens on the confirmation. Each customer here
answers like `tests/dialogue.py`'s cooperative customer, with the real embedded NLU model and the
real flow files, through `Desk.submit_inbound` (one unit of work per message). Reported: messages
(turns) per second, dialogues per second, and per-turn latency; every dialogue must end with a
ticket, or the run fails, so a speed-up that breaks the dialogue cannot pass unnoticed.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.pipeline import drop_database, fresh_database  # noqa: E402
from bots.engine import Bot  # noqa: E402
from core.clock import SystemClock  # noqa: E402
from core.db.engine import create_engine, session_factory  # noqa: E402
from core.domain.labels import Channel, IdentityKind  # noqa: E402
from core.domain.messages import Identity, InboundMessage  # noqa: E402
from core.policy import load_policy  # noqa: E402
from core.services.desk import Desk  # noqa: E402
from nlu.embedded import load_or_train  # noqa: E402
from tests.dialogue import answer_to  # noqa: E402

COMPLAINTS = [
    "小区里手机信号特别差，5G经常断网，打电话老是掉线，希望尽快处理。",
    "这个月话费莫名其妙多扣了58元，我没有开通任何增值业务，要求退费。",
    "家里宽带从昨天晚上开始一直断网，光猫红灯闪，报修两次都没人来！",
    "營業廳的服務態度太差了，問了兩句就不耐煩，還掛我電話，我要投訴。",
    "My home fibre has been down since Monday and the technician never showed up.",
    "You charged me $65 for international roaming but I never left the country, refund it.",
]
MAX_TURNS = 9
# (what the customer last said, what the bot answered) for dialogues that went nowhere
FAILURES: list[tuple[str, str]] = []


def customer(run: str, n: int) -> Callable[[str], InboundMessage]:
    """One web-widget visitor: each call is that visitor's next message."""
    visitor = f"{run}-{n}"
    counter = iter(range(1_000))
    return lambda text: InboundMessage(
        channel=Channel.WEB, provider_message_id=f"{visitor}:{next(counter)}",
        sender=Identity(IdentityKind.WEB, visitor), text=text, received_at=datetime.now(UTC),
        thread_key=f"web:{visitor}", reply_address=visitor)  # fmt: skip


async def dialogue(desk: Desk, say: Callable[[str], InboundMessage], text: str, latencies: list[float]) -> bool:
    """Talk one complaint through; True when its ticket opened."""
    for _ in range(MAX_TURNS):
        started = time.perf_counter()
        outcome = await desk.submit_inbound(say(text))
        latencies.append(time.perf_counter() - started)
        if outcome.ticket_number is not None:
            return True
        said = outcome.replies[-1] if outcome.replies else ""
        answer = answer_to(said)
        if answer is None:
            FAILURES.append((text, said))
            return False
        text = answer
    return False


async def run(url: str, dialogues: int, concurrency: int, seed: int) -> dict[str, float]:
    engine = create_engine(url)
    desk = Desk(session_factory(engine), load_or_train(ROOT / "var" / "models"), load_policy(), SystemClock(),
                bot=Bot())  # fmt: skip
    await desk.setup()
    rng = random.Random(seed)
    run_id = uuid.uuid4().hex[:8]
    work = [(customer(run_id, i), rng.choice(COMPLAINTS)) for i in range(dialogues)]
    queue: asyncio.Queue[tuple[Callable[[str], InboundMessage], str]] = asyncio.Queue()
    for item in work:
        queue.put_nowait(item)
    latencies: list[float] = []
    opened = 0

    async def worker() -> None:
        nonlocal opened
        while not queue.empty():
            say, text = queue.get_nowait()
            done = await dialogue(desk, say, text, latencies)  # not `opened += await ...`: that reads
            opened += done  # `opened` before the await and loses the other workers' counts

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    wall = time.perf_counter() - started
    await engine.dispose()
    ordered = sorted(latencies)
    return {
        "dialogues": dialogues,
        "tickets": opened,
        "turns": len(latencies),
        "turns_per_dialogue": len(latencies) / dialogues,
        "turns_per_s": len(latencies) / wall,
        "dialogues_per_s": dialogues / wall,
        "p50_ms": ordered[len(ordered) // 2] * 1000,
        "p99_ms": ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000,
        "mean_ms": statistics.fmean(latencies) * 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--dialogues", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url, database = fresh_database(args.store, Path(tmp))
        try:
            row = asyncio.run(run(url, args.dialogues, args.concurrency, args.seed))
        finally:
            drop_database(database)
    print(
        f"{args.store}: {row['dialogues']:.0f} dialogues, {row['tickets']:.0f} tickets, "
        f"{row['turns_per_dialogue']:.1f} turns each; {row['turns_per_s']:.1f} turns/s, "
        f"{row['dialogues_per_s']:.1f} dialogues/s; turn p50 {row['p50_ms']:.1f} ms, p99 {row['p99_ms']:.1f} ms"
    )
    if row["tickets"] != row["dialogues"]:
        print("FAILED: some dialogues did not end with a ticket", file=sys.stderr)
        for said, reply in FAILURES[:5]:
            print(f"  customer: {said!r}\n  bot: {reply!r}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
