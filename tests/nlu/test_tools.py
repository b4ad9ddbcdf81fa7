"""The `complaintdesk nlu` tools: train, predict, eval, export-feedback; and the feedback exporter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from core.domain.labels import Business, Category, Kind
from nlu.cli import nlu
from nlu.corpus import load_file
from nlu.embedded import EmbeddedClassifier
from nlu.evaluation import evaluate, format_report, plot_confusion
from nlu.feedback import to_corpus_yaml

pytestmark = pytest.mark.unit


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_train_writes_the_model_file(runner: CliRunner, tmp_path: Path, classifier: EmbeddedClassifier) -> None:
    result = runner.invoke(nlu, ["train", "--models-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "embedded-nlu.joblib").exists()
    assert "examples" in result.output


def test_predict_writes_one_labelled_line_per_input(
    runner: CliRunner, tmp_path: Path, models_dir: Path, classifier: EmbeddedClassifier
) -> None:
    src = _write_jsonl(
        tmp_path / "in.jsonl",
        [
            {"id": "a1", "text": "我的号码13812345678昨天被扣了50元，要求退费"},
            {"id": "a2", "text": ""},
            {"id": 3, "text": "Thanks, the technician was great!"},
        ],
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        nlu,
        [
            "predict",
            str(src),
            str(out),
            "--models-dir",
            str(models_dir),
            "--received-at",
            "2026-11-24T10:00:00+08:00",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a1", "a2", 3]
    for r in rows:
        assert set(r) >= {"id", "kind", "category", "business", "entities", "confidence"}
        for e in r["entities"]:
            assert set(e) == {"type", "text", "start", "end", "value"}
    assert (rows[0]["kind"], rows[0]["category"]) == ("complaint", "billing")
    assert (rows[1]["kind"], rows[1]["business"]) == ("other", "unknown")
    assert rows[2]["kind"] == "praise"


def test_predict_rejects_broken_input(runner: CliRunner, tmp_path: Path, models_dir: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "text": "ok"}\nnot json\n', encoding="utf-8")
    result = runner.invoke(nlu, ["predict", str(bad), str(tmp_path / "o.jsonl"), "--models-dir", str(models_dir)])
    assert result.exit_code != 0
    assert "bad.jsonl:2" in result.output


def test_eval_prints_scores_and_writes_png(
    runner: CliRunner, tmp_path: Path, models_dir: Path, classifier: EmbeddedClassifier
) -> None:
    data = _write_jsonl(
        tmp_path / "gold.jsonl",
        [
            {
                "id": "1",
                "text": "宽带断网三天了，报修没人来",
                "kind": "complaint",
                "category": "fault_repair",
                "business": "broadband",
            },
            {
                "id": "2",
                "text": "请问怎么办理携号转网",
                "kind": "inquiry",
                "category": None,
                "business": "mobile",
            },
            {"id": "3", "text": "你好", "kind": "other", "category": None, "business": "unknown"},
        ],
    )
    png = tmp_path / "cm.png"
    report_json = tmp_path / "report.json"
    result = runner.invoke(
        nlu,
        ["eval", str(data), "--models-dir", str(models_dir), "--png", str(png), "--json", str(report_json)],
    )
    assert result.exit_code == 0, result.output
    assert "== kind: accuracy" in result.output
    assert "confusion (rows gold, columns predicted)" in result.output
    pytest.importorskip("matplotlib")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    report = json.loads(report_json.read_text(encoding="utf-8"))
    assert report["n"] == 3


def test_rasa_backend_without_server_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    src = _write_jsonl(tmp_path / "in.jsonl", [{"id": 1, "text": "宽带断了"}])
    result = runner.invoke(
        nlu,
        [
            "predict",
            str(src),
            str(tmp_path / "o.jsonl"),
            "--backend",
            "rasa",
            "--rasa-url",
            "http://127.0.0.1:9",
        ],
    )
    # either the Rasa backend is missing or its server is down: both must say so, not hang
    assert result.exit_code != 0 or "other" in (tmp_path / "o.jsonl").read_text(encoding="utf-8")


def test_evaluation_scores_by_hand() -> None:
    gold = [
        {"kind": "complaint", "category": "billing", "business": "mobile"},
        {"kind": "complaint", "category": "billing", "business": "mobile"},
        {"kind": "inquiry", "category": None, "business": "broadband"},
        {"kind": "complaint", "category": "suspension", "business": "mobile"},
    ]
    pred = [
        {"kind": "complaint", "category": "billing", "business": "mobile"},
        {"kind": "complaint", "category": "suspension", "business": "broadband"},
        {"kind": "inquiry", "category": None, "business": "broadband"},
        {"kind": "inquiry", "category": None, "business": "mobile"},
    ]
    report = evaluate(gold, pred, backend="test")
    assert report.fields["kind"].accuracy == pytest.approx(0.75)
    assert report.fields["category"].n == 3
    assert report.fields["category"].accuracy == pytest.approx(1 / 3)
    # billing: P 1/1, R 1/2 -> F1 2/3; suspension: P 0/1, R 0/1 -> 0
    assert report.fields["category"].macro_f1 == pytest.approx((2 / 3 + 0) / 2)
    assert report.fields["business"].accuracy == pytest.approx(0.75)
    text = format_report(report)
    assert "(none)" in text  # the complaint predicted as an inquiry has no category


def test_plot_confusion_writes_png(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    report = evaluate([{"kind": "other", "business": "unknown"}], [{"kind": "other", "business": "unknown"}])
    path = plot_confusion(report, tmp_path / "x.png")
    assert path is not None
    assert path.stat().st_size > 1000


def test_feedback_export_round_trips_through_the_corpus_reader(tmp_path: Path) -> None:
    rows = [
        {
            "text": "宽带又断了 [急](phone)",
            "kind": "complaint",
            "category": "network_quality",
            "business": "broadband",
        },
        {
            "text": "宽带又断了 [急](phone)",
            "kind": "complaint",
            "category": "fault_repair",
            "business": "broadband",
        },
        {"text": "How do I check my data?", "kind": "inquiry", "category": "billing", "business": "mobile"},
        {"text": "nonsense label", "kind": "angry", "category": None, "business": "mobile"},
        {"text": "   ", "kind": "other", "category": None, "business": "unknown"},
        {"text": "被停机了", "kind": "complaint", "category": None, "business": "mobile"},
    ]
    document = to_corpus_yaml(rows)
    path = tmp_path / "feedback.yml"
    path.write_text(document, encoding="utf-8")
    examples = load_file(path)
    got = {(e.text, e.kind, e.category, e.business) for e in examples}
    assert got == {
        # the later correction of the same text wins; brackets cannot turn into annotations
        ("宽带又断了 ［急］(phone)", Kind.COMPLAINT, Category.FAULT_REPAIR, Business.BROADBAND),
        ("How do I check my data?", Kind.INQUIRY, None, Business.MOBILE),
        ("被停机了", Kind.COMPLAINT, Category.OTHER, Business.MOBILE),
    }
    assert all(not e.entities for e in examples)


def test_export_feedback_command_reads_jsonl(runner: CliRunner, tmp_path: Path) -> None:
    src = _write_jsonl(
        tmp_path / "fb.jsonl",
        [
            {
                "text": "營業廳的人態度很差",
                "kind": "complaint",
                "category": "service_attitude",
                "business": "unknown",
            }
        ],
    )
    out = tmp_path / "feedback.yml"
    result = runner.invoke(nlu, ["export-feedback", "--input", str(src), "--out", str(out)])
    assert result.exit_code == 0, result.output
    (example,) = load_file(out)
    assert example.category == Category.SERVICE_ATTITUDE
    assert example.language == "zh-Hant"
