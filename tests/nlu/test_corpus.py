"""The training corpus: Rasa NLU YAML that both backends read, covering every label in every language."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from core.domain.labels import Business, Category, Kind
from nlu.corpus import DATA_DIR, intent_name, labels_of_intent, load_corpus, parse_markup
from nlu.data import generate

pytestmark = pytest.mark.unit
LANGUAGES = ("zh-Hans", "zh-Hant", "en")


@pytest.fixture(scope="module")
def corpus() -> list:
    return load_corpus()


def test_files_are_rasa_nlu_yaml() -> None:
    files = sorted(DATA_DIR.glob("*.yml"))
    assert files
    for path in files:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert doc["version"] == "3.1"
        assert isinstance(doc["nlu"], list)
        for block in doc["nlu"]:
            assert set(block) & {"intent", "lookup", "regex", "synonym"}, block
            if "intent" in block:
                assert isinstance(block["examples"], str)
                assert all(line.strip().startswith("- ") for line in block["examples"].splitlines() if line.strip())


def test_size_and_every_label_in_every_language(corpus: list) -> None:
    assert 5000 <= len(corpus) <= 12_000
    by_lang_kind = Counter((e.language, e.kind) for e in corpus)
    by_lang_category = Counter((e.language, e.category) for e in corpus if e.category)
    by_lang_business = Counter((e.language, e.business) for e in corpus)
    for lang in LANGUAGES:
        for kind in Kind:
            assert by_lang_kind[(lang, kind)] >= 15, (lang, kind)
        for category in Category:
            assert by_lang_category[(lang, category)] >= 5, (lang, category)
        for business in Business:
            assert by_lang_business[(lang, business)] >= 10, (lang, business)


def test_generated_file_is_up_to_date_with_the_banks() -> None:
    rows = generate.generate()
    expected = generate.to_yaml(row[:4] for row in rows)
    on_disk = generate.OUT.read_text(encoding="utf-8")
    assert on_disk.endswith(expected), "run `uv run python -m nlu.data.generate` after editing the banks"


def test_jieba_user_dictionary_is_up_to_date_with_the_lexicon() -> None:
    expected = "\n".join(generate.userdict_lines()) + "\n"
    on_disk = generate.USERDICT.read_text(encoding="utf-8")
    assert on_disk == expected, "run `uv run python -m nlu.data.generate` after editing the lexicon"


def test_no_duplicate_texts(corpus: list) -> None:
    counts = Counter(e.text for e in corpus)
    assert [t for t, n in counts.items() if n > 1] == []


def test_markup_offsets_point_into_plain_text() -> None:
    text, entities = parse_markup(
        '话费扣了[50元](amount)，打[10086](phone)没用，要求[退钱]{"entity": "remedy", "value": "refund"}'
    )
    assert text == "话费扣了50元，打10086没用，要求退钱"
    assert [(e.type, text[e.start : e.end], e.value) for e in entities] == [
        ("amount", "50元", None),
        ("phone", "10086", None),
        ("remedy", "退钱", "refund"),
    ]


def test_annotated_entities_match_their_spans(corpus: list) -> None:
    annotated = [e for e in corpus if e.entities]
    assert len(annotated) > 500
    types = Counter(a.type for e in annotated for a in e.entities)
    assert {"phone", "amount", "datetime", "order_id", "location", "remedy"} <= set(types)
    for e in annotated:
        for a in e.entities:
            assert e.text[a.start : a.end] == a.text


@pytest.mark.parametrize(
    ("kind", "category", "intent"),
    [
        (Kind.COMPLAINT, Category.BILLING, "complaint__billing"),
        (Kind.COMPLAINT, None, "complaint__other"),
        (Kind.INQUIRY, None, "inquiry"),
        (Kind.PRAISE, Category.BILLING, "praise"),
    ],
)
def test_intent_scheme_round_trips(kind: Kind, category: Category | None, intent: str) -> None:
    assert intent_name(kind, category) == intent
    back_kind, back_category = labels_of_intent(intent)
    assert back_kind == kind
    assert back_category == (category or Category.OTHER if kind is Kind.COMPLAINT else None)


def test_unknown_intents_read_as_other() -> None:
    assert labels_of_intent("greet") == (Kind.OTHER, None)
    assert labels_of_intent("complaint__nonsense") == (Kind.COMPLAINT, Category.OTHER)


def test_extractor_spans_and_corpus_markup_agree(corpus: list) -> None:
    """Phones (hotlines included), amounts, datetimes and remedies are marked where nlu.entities finds them.

    Rasa learns its entity spans from this markup and the embedded path returns the extractor's:
    the two must follow one convention (taxonomy §4 as the extractor implements it).
    """
    from datetime import UTC, datetime

    from nlu.entities import extract

    aligned = generate.ALIGNED_TYPES
    at = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    mismatched = []
    for e in corpus:
        marked = {(a.type, a.start, a.end) for a in e.entities if a.type in aligned}
        found = {(x.type.value, x.start, x.end) for x in extract(e.text, at) if x.type.value in aligned}
        # an extractor span inside a slot's own markup (an order id, a place) stays with the slot
        others = [(a.start, a.end) for a in e.entities if a.type not in aligned]
        found = {f for f in found if all(f[2] <= s or f[1] >= t for s, t in others)}
        if marked != found:
            mismatched.append((e.text, sorted(marked ^ found)))
    assert mismatched == []


@pytest.mark.parametrize(
    ("marked", "expected"),
    [
        # a hotline is a phone (taxonomy §4), and the demand word belongs to the remedy's span
        ("打了10086没人管，要求[退费](remedy)", "打了[10086](phone)没人管，[要求退费](remedy)"),
        # the slot's markup of an order id stays; "on" stays out of a datetime
        (
            "ticket [A1234567](order_id) opened [on Monday](datetime)",
            "ticket [A1234567](order_id) opened on [Monday](datetime)",
        ),
        # Weibo emoticons in brackets are text, not markup
        ("[怒]扣了我[50元](amount)", "[怒]扣了我[50元](amount)"),
    ],
)
def test_align_entities_follows_the_extractor(marked: str, expected: str) -> None:
    assert generate.align_entities(marked) == expected
