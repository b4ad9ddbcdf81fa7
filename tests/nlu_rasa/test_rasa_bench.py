"""The Rasa side of the NLU bench: fold making and scoring (the server part runs in the bench)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bench.nlu.rasa_side import Prediction, RasaSideReport, _score, stratified_folds
from bots.rasa.project import load_corpus

pytestmark = pytest.mark.unit

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


def test_folds_partition_the_corpus_and_spread_every_label() -> None:
    corpus = load_corpus(CORPUS)
    folds = stratified_folds(corpus, 3)
    tests = [set(test) for _, test in folds]
    assert sorted(i for t in tests for i in t) == list(range(len(corpus.examples)))
    for train, test in folds:
        assert not set(train) & set(test)
        assert set(train) | set(test) == set(range(len(corpus.examples)))
    # a label with 9 examples puts 3 in each fold
    billing = [i for i, e in enumerate(corpus.examples) if e.labels.intent() == "complaint+billing+mobile"]
    assert Counter(next(n for n, t in enumerate(tests) if i in t) for i in billing) == {0: 3, 1: 3, 2: 3}
    assert stratified_folds(corpus, 3) == folds  # seeded: both sides can be given the same folds


def test_scores_use_exact_spans_and_the_shared_evaluation() -> None:
    corpus = load_corpus(CORPUS)
    # example 1: 我的手机[昨天](datetime)莫名其妙被扣了[128元](amount)，[要求退费](remedy)
    text = corpus.examples[1].text
    start = text.index("128元")
    right = Prediction(
        index=1, kind="complaint", category="billing", business="mobile", seconds=0.02,
        entities=[
            {"type": "amount", "start": start, "end": start + 4, "text": "128元"},
            {"type": "remedy", "start": text.index("要求"), "end": text.index("要求") + 2, "text": "要求"},
        ],
    )  # fmt: skip
    wrong = Prediction(index=0, kind="inquiry", category=None, business="mobile", entities=[], seconds=0.04)
    report = RasaSideReport(predictions=[right, wrong])
    _score(report, corpus)
    assert report.messages == 2
    assert report.messages_per_second == pytest.approx(2 / 0.06, abs=0.1)
    assert report.p50_ms == pytest.approx(30.0)
    assert report.scores["kind_accuracy"] == 0.5
    # category is scored on gold complaints only; the missed complaint counts as a wrong category
    assert report.scores["category_accuracy"] == 0.5
    assert report.scores["business_accuracy"] == 1.0
    # amounts: 128元 found, the 50元 of example 0 missed -> 2*1 / (2*1 + 0 + 1)
    assert report.scores["entity_amount_f1"] == pytest.approx(2 / 3, abs=1e-4)
    # remedy span cut short: one false positive and one miss
    assert report.scores["entity_remedy_f1"] == 0.0
    assert report.scores["entity_datetime_f1"] == 0.0


def test_a_finished_cross_validation_is_reused_only_for_the_same_inputs(tmp_path: Path) -> None:
    import json
    import shutil
    from dataclasses import asdict

    from bench.nlu.rasa_side import cache_key, cached_cross_validate

    corpus = load_corpus(CORPUS)
    folds = stratified_folds(corpus, 3)
    key = cache_key(folds, corpus_dir=CORPUS, epochs=None)
    stored = RasaSideReport(
        folds=3, messages=1, messages_per_second=50.0, measured_at="2026-11-24T14:00:00+00:00",
        predictions=[Prediction(index=0, kind="complaint", category="billing", business="mobile",
                                entities=[], seconds=0.02)],
    )  # fmt: skip
    (tmp_path / f"rasa-cv-{key}.json").write_text(json.dumps(asdict(stored)), encoding="utf-8")

    # no Rasa is trained: the stored outcome comes back, marked as such
    again = cached_cross_validate(folds, cache_dir=tmp_path, corpus_dir=CORPUS)
    assert again.from_cache and again.predictions == stored.predictions and again.messages_per_second == 50.0

    # anything that decides the outcome changes the key: folds, epochs, one corpus byte
    assert cache_key(folds[:2], corpus_dir=CORPUS, epochs=None) != key
    assert cache_key(folds, corpus_dir=CORPUS, epochs=5) != key
    changed = tmp_path / "corpus"
    shutil.copytree(CORPUS, changed)
    first = sorted(changed.glob("*.yml"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert cache_key(folds, corpus_dir=changed, epochs=None) != key
    # the Jieba user dictionary is part of the Rasa project as well
    words = tmp_path / "words"
    shutil.copytree(CORPUS, words)
    userdict = words / "jieba_userdict.txt"
    userdict.write_text(userdict.read_text(encoding="utf-8") + "销号 2000 n\n", encoding="utf-8")
    assert cache_key(folds, corpus_dir=words, epochs=None) != key
