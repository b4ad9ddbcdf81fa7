"""Agent label corrections exported as corpus YAML, to append under nlu/data/ and retrain.

The lead's `nlu_feedback` table holds one row per correction; `to_corpus_yaml` turns rows into a
Rasa NLU YAML document in the corpus's intent scheme (see nlu/data/README.md). Rows with labels
outside the taxonomy are skipped rather than guessed, and the last correction of a text wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from core.domain.labels import Business, Category, Kind
from nlu.corpus import intent_name, to_yaml
from nlu.normalise import clean_input, detect_language

HEADER = "# Agent corrections exported by `complaintdesk nlu export-feedback`; review before committing.\n"


def _escape(text: str) -> str:
    # "[x](y)" in a customer's text would read as an entity annotation; a full-width bracket
    # keeps the text readable and inert
    return text.replace("[", "［").replace("]", "］")


def feedback_examples(rows: Iterable[Mapping[str, Any]]) -> list[tuple[str, str, str, str]]:
    """(text, intent, business, language) per valid row; invalid rows are dropped."""
    latest: dict[str, tuple[str, str, str, str]] = {}
    for row in rows:
        text = " ".join(clean_input(row.get("text") or "").split())
        if not text:
            continue
        try:
            kind = Kind(row.get("kind"))
            business = Business(row.get("business") or Business.UNKNOWN)
            category = Category(row["category"]) if kind is Kind.COMPLAINT and row.get("category") else None
        except ValueError:
            continue
        if kind is Kind.COMPLAINT and category is None:
            category = Category.OTHER
        latest[text] = (
            _escape(text),
            intent_name(kind, category),
            business.value,
            detect_language(text).value,
        )
    return list(latest.values())


def to_corpus_yaml(rows: Iterable[Mapping[str, Any]]) -> str:
    """Corpus YAML for `{"text", "kind", "category", "business"}` rows, to save as nlu/data/feedback-*.yml."""
    return HEADER + to_yaml(feedback_examples(rows))
