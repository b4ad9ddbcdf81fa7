"""Fixtures of the Rasa backend's tests: the fixture corpus, Rasa's venv, a trained model, a server.

The integration fixtures are expensive and session-scoped: building Rasa's venv on a fresh
machine takes about 1.5 minutes (then it is cached outside the clone), training the small model
about 50 s, starting the server about 35 s.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from bots.rasa.environment import default_venv_dir, ensure_venv, is_ready
from bots.rasa.runner import RasaServer
from nlu.rasa_cli import rasa_train

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"
# enough for the fixture corpus to be learnt; the product default is in bots/rasa/config.yml
TEST_EPOCHS = 40


@pytest.fixture(scope="session")
def rasa_venv() -> Path:
    """Rasa's venv, built (and timed) when this machine does not have it yet."""
    venv_dir = default_venv_dir()
    if is_ready(venv_dir):
        return ensure_venv(venv_dir)
    started = time.monotonic()
    venv = ensure_venv(venv_dir)
    # visible with -s; the figure goes in bots/rasa/README.md
    print(f"\n[nlu_rasa] built Rasa's venv at {venv} in {time.monotonic() - started:.0f} s")
    return venv


@pytest.fixture(scope="session")
def rasa_model(rasa_venv: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small model trained from the fixture corpus through `complaintdesk nlu rasa-train`."""
    work = tmp_path_factory.mktemp("rasa")
    result = CliRunner().invoke(
        rasa_train,
        [
            "--corpus", str(CORPUS),
            "--out", str(work / "models"),
            "--project-dir", str(work / "project"),
            "--epochs", str(TEST_EPOCHS),
            "--venv", str(rasa_venv),
        ],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    model = work / "models" / "complaintdesk.tar.gz"
    assert model.is_file(), result.output
    return model


@pytest.fixture(scope="session")
def rasa_server(rasa_model: Path, rasa_venv: Path) -> Iterator[RasaServer]:
    """The real `rasa run --enable-api` on a free loopback port; a test may stop it (restarted here)."""
    server = RasaServer(rasa_model, venv_dir=rasa_venv)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def running_rasa(rasa_server: RasaServer) -> RasaServer:
    """The session's server, started again if an earlier test stopped it."""
    if not rasa_server.running:
        rasa_server.start()
    return rasa_server
