"""The `complaintdesk` command as an operator runs it: real processes, real files, a real server."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "import_sample.jsonl"
CLI = [sys.executable, "-m", "complaintdesk.cli"]


def env_for(db_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPLAINTDESK_")}
    env.update({"COMPLAINTDESK_DATABASE_URL": db_url, "COMPLAINTDESK_NLU": "baseline", **extra})
    return env


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120)


def test_ingest_imports_skips_and_rejects_with_reasons(store_url: str, tmp_path: Path) -> None:
    env = env_for(store_url)
    result = run(["ingest", str(SAMPLE)], env, tmp_path)
    assert result.returncode == 1  # some lines were rejected
    # the archived SMS opens its ticket at once: imports never go through the bot's dialogue
    assert "imported 5 (5 tickets), skipped 1 already imported, rejected 3" in result.stdout
    assert "line 6: channel" in result.stderr and "line 7: received_at" in result.stderr
    assert "line 8: not JSON" in result.stderr
    again = run(["ingest", str(SAMPLE)], env, tmp_path)
    assert "imported 0 (0 tickets), skipped 6 already imported" in again.stdout
    listed = json.loads(run(["ticket", "list", "--json"], env, tmp_path).stdout)
    assert len(listed) == 5
    assert all("****" in (t["phone"] or "****") for t in listed)  # masked in lists
    appeal = next(t for t in listed if t["channel"] == "letter")
    shown = json.loads(run(["ticket", "show", appeal["number"], "--json"], env, tmp_path).stdout)
    steps = {d["step"]: d["due_at"] for d in shown["deadlines"]}
    # deadlines count from received_at (21 Nov 14:30 Beijing), not from the import
    assert steps["appeal_preprocess"] == "2026-11-22T06:30:00+00:00"
    assert shown["risk_colour"] == "red"


def test_bad_policy_file_stops_start_up_naming_the_field(tmp_path: Path) -> None:
    policy = (ROOT / "core" / "policy_default.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "policy.yaml"
    bad.write_text(policy.replace("resolve_vip_hours: 12", "resolve_vip_hours: soon"), encoding="utf-8")
    env = env_for(f"sqlite:///{tmp_path}/x.db", COMPLAINTDESK_POLICY_FILE=str(bad))
    result = run(["serve", "--port", "1"], env, tmp_path)
    assert result.returncode != 0
    assert "sla.resolve_vip_hours" in result.stderr
    bad.write_text(policy.replace("billing: marketing_billing", "billing: accounts"), encoding="utf-8")
    result = run(["policy", "check", str(bad)], env, tmp_path)
    assert result.returncode != 0 and "routing.billing" in result.stderr and "accounts" in result.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_on_the_embedded_defaults(tmp_path: Path) -> None:
    port = free_port()
    env = env_for(f"sqlite:///{tmp_path}/var/complaintdesk.db", COMPLAINTDESK_API_TOKEN="tok-123")
    proc = subprocess.Popen([*CLI, "serve", "--port", str(port)], env=env, cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            assert time.monotonic() < deadline, "server did not come up"
            time.sleep(0.3)
        r = httpx.post(f"{base}/api/v1/messages", json={
            "sender_id": "visitor-1", "message_id": "m-1",
            "text": "My fibre broadband keeps dropping every evening, third time I'm reporting it. Fix it or refund me.",
        })
        assert r.status_code == 202
        number = r.json()["ticket_number"]
        t = httpx.get(f"{base}/api/v1/tickets/{number}", headers={"Authorization": "Bearer tok-123"}).json()
        assert t["business"] == "broadband" and t["messages"][1]["language"] == "en"
        assert (tmp_path / "var" / "complaintdesk.db").exists()
    finally:
        proc.terminate()
        proc.communicate(timeout=30)


def test_kb_load_creates_then_updates_articles_the_bot_answers_from(store_url: str, tmp_path: Path) -> None:
    import asyncio

    from core.db.engine import create_engine, session_factory
    from core.domain.labels import Language
    from core.services.knowledge import best_answer

    env = env_for(store_url)
    sample = ROOT / "docs" / "examples" / "knowledge-base.yaml"
    first = run(["kb", "load", str(sample)], env, tmp_path)
    assert first.returncode == 0, first.stderr
    assert "knowledge base: 7 created, 0 updated" in first.stdout
    assert "0 created, 7 updated" in run(["kb", "load", str(sample)], env, tmp_path).stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("articles:\n  - language: fr\n    title: Roaming\n    body: x\n", encoding="utf-8")
    refused = run(["kb", "load", str(bad)], env, tmp_path)
    assert refused.returncode == 1 and "article 1: language" in refused.stderr

    async def ask() -> tuple[str | None, str | None]:
        engine = create_engine(store_url)
        try:
            async with session_factory(engine)() as session:
                return (await best_answer(session, "请问5G套餐资费是多少？", Language.ZH_HANS),
                        await best_answer(session, "How do I turn on roaming before I travel?", Language.EN))
        finally:
            await engine.dispose()

    zh, en = asyncio.run(ask())
    assert zh is not None and "59元起" in zh
    assert en is not None and en.startswith("Turn on international roaming")
