"""Where Rasa's venv lives, when it counts as installed, and the CLI's wiring (no real install)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from bots.rasa.environment import (
    MARKER_NAME,
    RasaEnvironmentError,
    default_venv_dir,
    ensure_venv,
    find_python310,
    install_fingerprint,
    is_ready,
    rasa_env,
)
from bots.rasa.runner import serve_command
from nlu.rasa_cli import rasa_commands, register

pytestmark = pytest.mark.unit


def _fake_ready_venv(path: Path) -> Path:
    (path / "bin").mkdir(parents=True)
    (path / "bin" / "rasa").write_text("#!/bin/sh\n", encoding="utf-8")
    (path / MARKER_NAME).write_text(install_fingerprint(), encoding="utf-8")
    return path


def test_venv_defaults_to_the_xdg_cache_and_can_be_overridden(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("COMPLAINTDESK_RASA_VENV", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert default_venv_dir() == tmp_path / "cache" / "complaintdesk" / "rasa-3.6.21"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_venv_dir() == tmp_path / "home" / ".cache" / "complaintdesk" / "rasa-3.6.21"
    monkeypatch.setenv("COMPLAINTDESK_RASA_VENV", str(tmp_path / "elsewhere"))
    assert default_venv_dir() == tmp_path / "elsewhere"


def test_a_venv_is_ready_only_with_the_marker_of_the_current_constraints(tmp_path: Path) -> None:
    venv = _fake_ready_venv(tmp_path / "venv")
    assert is_ready(venv)
    # ensure_venv does nothing (no python needed) when the venv is ready
    assert ensure_venv(venv, python="/nonexistent/python3.10") == venv.resolve()
    (venv / MARKER_NAME).write_text("rasa[jieba]==3.6.20 constraints=0000\n", encoding="utf-8")
    assert not is_ready(venv)
    (venv / MARKER_NAME).unlink()
    assert not is_ready(venv)


def test_a_failed_install_raises_a_clear_error_and_leaves_no_marker(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    venv.mkdir()
    (venv / "half-installed").write_text("", encoding="utf-8")
    with pytest.raises(RasaEnvironmentError, match="could not create the venv"):
        ensure_venv(venv, python="/bin/false")
    assert not (venv / MARKER_NAME).exists()
    assert not (venv / "half-installed").exists()


def test_python310_can_be_named_explicitly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    python = tmp_path / "python3.10"
    python.write_text("#!/bin/sh\n", encoding="utf-8")
    python.chmod(0o755)
    monkeypatch.setenv("COMPLAINTDESK_RASA_PYTHON", str(python))
    assert find_python310() == str(python)


def test_rasa_processes_get_no_telemetry_and_no_product_pythonpath(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", "/work/main")
    env = rasa_env()
    assert env["RASA_TELEMETRY_ENABLED"] == "false"
    assert "PYTHONPATH" not in env


def test_serve_command_is_nlu_only_on_loopback(tmp_path: Path) -> None:
    cmd = serve_command(tmp_path / "m.tar.gz", venv_dir=tmp_path / "venv", port=5099)
    assert cmd[:3] == [str(tmp_path / "venv" / "bin" / "rasa"), "run", "--enable-api"]
    assert cmd[cmd.index("--interface") + 1] == "127.0.0.1"
    assert cmd[cmd.index("--port") + 1] == "5099"
    assert Path(cmd[cmd.index("--endpoints") + 1]).name == "endpoints.yml"


def test_commands_register_on_the_nlu_group() -> None:
    group = click.Group("nlu")
    register(group)
    assert {"rasa-train", "rasa-serve"} <= set(group.commands)
    assert [c.name for c in rasa_commands] == ["rasa-train", "rasa-serve"]
    result = CliRunner().invoke(group, ["rasa-train", "--help"])
    assert result.exit_code == 0
    assert "--epochs" in result.output


def test_rasa_serve_without_a_model_says_how_to_get_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    venv = _fake_ready_venv(tmp_path / "venv")
    monkeypatch.setenv("COMPLAINTDESK_RASA_MODEL_DIR", str(tmp_path / "models"))
    (tmp_path / "models").mkdir()
    group = click.Group("nlu")
    register(group)
    result = CliRunner().invoke(group, ["rasa-serve", "--venv", str(venv)])
    assert result.exit_code == 1
    assert "complaintdesk nlu rasa-train" in result.output


def test_rasa_train_reports_a_bad_corpus(tmp_path: Path) -> None:
    venv = _fake_ready_venv(tmp_path / "venv")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "nlu.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - hello\n', encoding="utf-8"
    )
    group = click.Group("nlu")
    register(group)
    result = CliRunner().invoke(
        group, ["rasa-train", "--corpus", str(tmp_path / "corpus"), "--venv", str(venv),
                "--out", str(tmp_path / "m"), "--project-dir", str(tmp_path / "p")],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "greet" in result.output
