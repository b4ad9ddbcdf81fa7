"""The speed probe runs and reports its figures (the figures themselves are not asserted)."""

from __future__ import annotations

import json

import pytest

from nlu.entities.speed import main, measure

pytestmark = pytest.mark.unit


def test_measure_reports_every_figure(now):
    figures = measure(["我的号码13812345678", "charged $65 yesterday"], now, repeats=2)
    assert set(figures) == {"messages", "p50_ms", "p99_ms", "max_ms", "messages_per_second"}
    assert figures["messages"] == 2


def test_command_line_prints_json(tmp_path, capsys):
    messages = tmp_path / "m.jsonl"
    messages.write_text(json.dumps({"text": "上个月扣了50元"}, ensure_ascii=False) + "\n", encoding="utf-8")
    main([str(messages)])
    assert json.loads(capsys.readouterr().out)["messages"] == 1
