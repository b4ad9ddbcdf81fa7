"""Rasa intent names for the taxonomy's labels, and reading labels from corpus intents.

The generated Rasa project names its intents `kind+category+business` for complaints
(`complaint+billing+mobile`) and `kind+business` for the other kinds (`inquiry+broadband`);
the "+" lets DIET embed each part (intent_tokenization_flag in config.yml).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core.domain.labels import Business, Category, Kind

SPLIT_SYMBOL = "+"
# separators the shared corpus might use between label parts; "_" alone is not one, since
# label names such as network_quality contain it
_CORPUS_SEPARATORS = re.compile(r"\+|__|/|:|\.")


@dataclass(frozen=True, slots=True)
class Labels:
    """The three classified fields of one example; `category` only for complaints."""

    kind: Kind
    category: Category | None
    business: Business

    def intent(self) -> str:
        """The Rasa intent name for these labels."""
        if self.kind is Kind.COMPLAINT:
            category = self.category or Category.OTHER
            return SPLIT_SYMBOL.join((self.kind.value, category.value, self.business.value))
        return SPLIT_SYMBOL.join((self.kind.value, self.business.value))


def decode_intent(name: str | None) -> Labels | None:
    """Labels of a generated intent name; None for a name that is not one of ours."""
    if not name:
        return None
    return _labels_from_parts(name.split(SPLIT_SYMBOL))


def labels_from_corpus(intent: str, metadata: Mapping[str, Any] | None = None) -> Labels:
    """Labels of a shared-corpus example: from its intent name, overridden by its metadata.

    Accepts intent names whose parts are joined by "+", "__", "/", ":" or "." (kind first, then
    the category for complaints, then the business, which may be missing = unknown), and
    metadata keys `kind`, `category`, `business` (Rasa allows metadata on intents and examples).
    """
    parts = [p for p in _CORPUS_SEPARATORS.split(intent.strip()) if p]
    labels = _labels_from_parts(parts)
    if labels is None and not (metadata and "kind" in metadata):
        raise ValueError(f"corpus intent {intent!r} does not name a kind of the taxonomy")
    meta = dict(metadata or {})
    kind = Kind(meta.get("kind") or (labels.kind if labels else Kind.OTHER))
    category: Category | None = None
    if kind is Kind.COMPLAINT:
        raw_category = meta.get("category") or (labels.category if labels else None)
        category = Category(raw_category) if raw_category else Category.OTHER
    business = Business(meta.get("business") or (labels.business if labels else Business.UNKNOWN))
    return Labels(kind, category, business)


_KINDS = frozenset(k.value for k in Kind)
_CATEGORIES = frozenset(c.value for c in Category)
_BUSINESSES = frozenset(b.value for b in Business)
# what a corpus may write where a non-complaint has no category
_NO_CATEGORY = frozenset({"none", "na", "null", "-"})


def _labels_from_parts(parts: list[str]) -> Labels | None:
    """Positional decoding: kind, [category (placeholder allowed for non-complaints)], [business]."""
    if not parts or parts[0] not in _KINDS:
        return None
    kind = Kind(parts[0])
    rest = parts[1:]
    category: Category | None = None
    if rest and (rest[0] in _NO_CATEGORY or (rest[0] in _CATEGORIES and rest[0] not in _BUSINESSES)):
        if kind is Kind.COMPLAINT and rest[0] in _CATEGORIES:
            category = Category(rest[0])
        rest = rest[1:]
    if kind is Kind.COMPLAINT and category is None:
        category = Category.OTHER
    if not rest:
        return Labels(kind, category, Business.UNKNOWN)
    if len(rest) == 1 and rest[0] in _BUSINESSES:
        return Labels(kind, category, Business(rest[0]))
    return None
