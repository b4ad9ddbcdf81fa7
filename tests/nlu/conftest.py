"""Fixtures of the NLU tests: one embedded model trained per test session from the real corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from nlu.embedded import EmbeddedClassifier, load_or_train

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A models folder private to this test session."""
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def classifier(models_dir: Path) -> EmbeddedClassifier:
    """The embedded classifier, trained from nlu/data once per session (a few seconds)."""
    return load_or_train(models_dir)


@pytest.fixture(scope="session")
def heldout() -> list[dict[str, Any]]:
    """The held-out evaluation set, written apart from the training corpus."""
    lines = (FIXTURES / "heldout.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def heldout_b() -> list[dict[str, Any]]:
    """The second held-out set (360 messages), written by someone who never saw the corpus."""
    lines = (FIXTURES / "heldout_b.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]
