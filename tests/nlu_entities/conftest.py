"""Fixtures for the entity extraction tests: a fixed message time and a compact view of results."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from core.domain.labels import EntityType
from nlu.entities import extract

CST = timezone(timedelta(hours=8))
# a Tuesday morning in Beijing; every relative date in these tests is resolved against it
RECEIVED_AT = datetime(2026, 11, 24, 10, 30, tzinfo=CST)


@pytest.fixture
def now() -> datetime:
    return RECEIVED_AT


@pytest.fixture
def found() -> Callable[..., list[tuple[str, Any]]]:
    """(text, value) of the entities of one type found in a message received at RECEIVED_AT."""

    def _found(text: str, kind: EntityType, received_at: datetime = RECEIVED_AT) -> list[tuple[str, Any]]:
        entities = extract(text, received_at)
        for e in entities:
            assert text[e.start : e.end] == e.text
        return [(e.text, e.value) for e in entities if e.type is kind]

    return _found
