"""Fixtures of the bot tests: the shipped flows and the real embedded model."""

from __future__ import annotations

from pathlib import Path

import pytest

from bots.engine import Bot
from nlu.embedded import EmbeddedClassifier, load_or_train


@pytest.fixture(scope="session")
def bot() -> Bot:
    """The bot with the shipped flow files."""
    return Bot()


@pytest.fixture(scope="session")
def classifier(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedClassifier:
    """The real embedded NLU model, trained once per session into a private folder (seconds)."""
    models: Path = tmp_path_factory.mktemp("bot-models")
    return load_or_train(models)
