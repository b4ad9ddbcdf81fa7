"""Rasa intent names <-> taxonomy labels."""

from __future__ import annotations

import itertools

import pytest

from bots.rasa.intents import Labels, decode_intent, labels_from_corpus
from core.domain.labels import Business, Category, Kind

pytestmark = pytest.mark.unit


def _all_labels() -> list[Labels]:
    out = [Labels(Kind.COMPLAINT, category, business) for category, business in itertools.product(Category, Business)]
    out += [Labels(kind, None, business) for kind in Kind if kind is not Kind.COMPLAINT for business in Business]
    return out


@pytest.mark.parametrize("labels", _all_labels(), ids=lambda labels: labels.intent())
def test_every_label_combination_round_trips(labels: Labels) -> None:
    assert decode_intent(labels.intent()) == labels


def test_intent_names_have_kind_category_business_parts() -> None:
    assert Labels(Kind.COMPLAINT, Category.BILLING, Business.MOBILE).intent() == "complaint+billing+mobile"
    assert Labels(Kind.INQUIRY, None, Business.BROADBAND).intent() == "inquiry+broadband"
    # a complaint without a category is a complaint of category other, never a bare "complaint"
    assert Labels(Kind.COMPLAINT, None, Business.TV).intent() == "complaint+other+tv"


@pytest.mark.parametrize("name", [None, "", "greet", "nlu_fallback", "complaint+billing+mobile+extra", "inquiry+nope"])
def test_foreign_intent_names_decode_to_none(name: str | None) -> None:
    assert decode_intent(name) is None


@pytest.mark.parametrize(
    ("intent", "metadata", "expected"),
    [
        # the shared corpus' scheme: complaint__<category>, bare kind, business in metadata
        ("complaint__billing", {"business": "mobile", "language": "zh-Hans"},
         Labels(Kind.COMPLAINT, Category.BILLING, Business.MOBILE)),
        ("inquiry", {"business": "broadband"}, Labels(Kind.INQUIRY, None, Business.BROADBAND)),
        ("other", None, Labels(Kind.OTHER, None, Business.UNKNOWN)),
        # business inside the name, with a placeholder category for non-complaints
        ("inquiry__none__mobile", None, Labels(Kind.INQUIRY, None, Business.MOBILE)),
        ("complaint__fault_repair__broadband", None,
         Labels(Kind.COMPLAINT, Category.FAULT_REPAIR, Business.BROADBAND)),
        ("praise+tv", None, Labels(Kind.PRAISE, None, Business.TV)),
        # metadata wins over the name
        ("complaint__billing__mobile", {"business": "value_added"},
         Labels(Kind.COMPLAINT, Category.BILLING, Business.VALUE_ADDED)),
        ("complaint", None, Labels(Kind.COMPLAINT, Category.OTHER, Business.UNKNOWN)),
    ],
)  # fmt: skip
def test_labels_from_corpus_intents(intent: str, metadata: dict[str, str] | None, expected: Labels) -> None:
    assert labels_from_corpus(intent, metadata) == expected


def test_unknown_corpus_intent_is_an_error_not_a_silent_label() -> None:
    with pytest.raises(ValueError, match="greet"):
        labels_from_corpus("greet")
    with pytest.raises(ValueError, match="satellite"):
        labels_from_corpus("complaint__billing", {"business": "satellite"})
