"""The embedded classifier: labels, confidences, signals, bad input, model file life cycle."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.domain.labels import Business, Category, Kind, Language
from core.domain.messages import Entity, NluResult
from core.ports import Classifier
from nlu.corpus import load_corpus
from nlu.embedded import EmbeddedClassifier, load_or_train
from nlu.embedded import model as model_io
from nlu.normalise import normalise

pytestmark = pytest.mark.unit
NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)


def test_implements_the_classifier_port(classifier: EmbeddedClassifier) -> None:
    assert isinstance(classifier, Classifier)
    assert classifier.name.startswith("embedded-tfidf-svm@")


@pytest.mark.parametrize(
    ("text", "kind", "category", "business"),
    [
        (
            "@中国移动 我根本没订什么视频彩铃，每个月扣我10块，赶紧给我退了！！",
            Kind.COMPLAINT,
            Category.UNAUTHORIZED_SERVICE,
            Business.VALUE_ADDED,
        ),
        (
            "宽带报修了四天还没人上门，师傅电话也打不通",
            Kind.COMPLAINT,
            Category.FAULT_REPAIR,
            Business.BROADBAND,
        ),
        ("屋企部機頂盒成日死機，開機要等好耐", Kind.COMPLAINT, Category.PRODUCT_QUALITY, Business.TV),
        (
            "You suspended my phone line even though I paid the bill on time",
            Kind.COMPLAINT,
            Category.SUSPENSION,
            Business.MOBILE,
        ),
        ("请问怎么查询宽带的到期时间？", Kind.INQUIRY, None, Business.BROADBAND),
    ],
)
async def test_classifies_clear_messages(
    classifier: EmbeddedClassifier, text: str, kind: Kind, category: Category | None, business: Business
) -> None:
    result = await classifier.classify(text, received_at=NOW)
    assert isinstance(result, NluResult)
    assert (result.kind, result.category, result.business) == (kind, category, business)
    assert set(result.confidence) == {"kind", "category", "business"}
    assert all(0.0 <= v <= 1.0 for v in result.confidence.values())
    assert result.confidence["kind"] > 0.5


async def test_language_and_signals(classifier: EmbeddedClassifier) -> None:
    result = await classifier.classify(
        "又乱扣费了！第三次投诉，再不退钱我就去工信部和12315投诉，找媒体曝光", received_at=NOW
    )
    assert result.language == Language.ZH_HANS
    assert set(result.risk_signals) >= {"工信部", "12315", "媒体", "曝光"}
    assert "315" not in result.risk_signals  # counted once, inside 12315
    assert set(result.repeat_signals) >= {"又", "第三次"}
    en = await classifier.classify(
        "Third time reporting this outage. I am filing with the FCC and will sue.", received_at=NOW
    )
    assert set(en.risk_signals) == {"fcc", "sue"}
    assert "third time" in en.repeat_signals
    calm = await classifier.classify("There is an issue with my bill, can you check it?", received_at=NOW)
    assert calm.risk_signals == ()  # "sue" is not in "issue"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "\x00\x01\x02\x03" * 50,
        "1234567890",
        "？？？！！！",
        "😡😡😡",
        "\ud83d\ude00 lone surrogates \ud800",
    ],
)
async def test_unreadable_input_is_other_unknown_with_low_confidence(classifier: EmbeddedClassifier, text: str) -> None:
    result = await classifier.classify(text, received_at=NOW)
    if text.startswith("\ud83d"):
        # readable words remain: a label, but never a crash
        assert isinstance(result.kind, Kind)
        return
    assert (result.kind, result.category, result.business) == (Kind.OTHER, None, Business.UNKNOWN)
    assert max(result.confidence.values()) <= 0.2


async def test_huge_and_mixed_script_input(classifier: EmbeddedClassifier) -> None:
    huge = "宽带断了。" * 100_000 + "The end."
    result = await classifier.classify(huge, received_at=NOW)
    assert result.kind == Kind.COMPLAINT
    assert result.business == Business.BROADBAND
    mixed = await classifier.classify(
        "話費又多扣了 why did you charge me twice 这个月 the bill is wrong", received_at=NOW
    )
    assert mixed.language == Language.MIXED
    assert mixed.kind == Kind.COMPLAINT


async def test_entities_come_from_the_extractor_with_original_offsets(models_dir: Path) -> None:
    seen: list[str] = []

    def fake_extract(text: str, received_at: datetime) -> list[Entity]:
        seen.append(text)
        start = text.index("１３８")
        return [Entity(type="phone", text=text[start : start + 11], start=start, end=start + 11)]  # type: ignore[arg-type]

    base = load_or_train(models_dir)
    c = EmbeddedClassifier(base.model, extract=fake_extract)
    text = "寬頻斷線了，請回電１３８１２３４５６７８"
    result = await c.classify(text, received_at=NOW)
    assert seen == [text]  # the extractor gets the original text, not the folded one
    (entity,) = result.entities
    assert text[entity.start : entity.end] == entity.text == "１３８１２３４５６７８"


async def test_extractor_failure_keeps_labels(models_dir: Path) -> None:
    def broken(text: str, received_at: datetime) -> list[Entity]:
        raise RuntimeError("boom")

    c = EmbeddedClassifier(load_or_train(models_dir).model, extract=broken)
    result = await c.classify("宽带断了三天了", received_at=NOW)
    assert result.kind == Kind.COMPLAINT
    assert result.entities == ()


def test_compiled_path_matches_scikit_learn(classifier: EmbeddedClassifier) -> None:
    model = classifier.model
    assert model.compiled is not None
    texts = [normalise(e.text).features for e in load_corpus()[::25]] + ["", "zzzz", "宽带 wifi mod iptv"]
    reference = model.predict_proba_sklearn(texts)
    for text, ref in zip(texts, reference, strict=True):
        fast = model.compiled.predict_proba(text)
        for head, probs in ref.items():
            for label, p in probs.items():
                assert fast[head][label] == pytest.approx(p, abs=1e-6), (text, head, label)


def test_compiled_char_ngrams_cover_odd_text(classifier: EmbeddedClassifier) -> None:
    # the integer-coded n-gram path must see exactly scikit-learn's grams: astral emoji, lone
    # surrogates' replacements, runs of spaces and one-character texts
    model = classifier.model
    assert model.compiled is not None
    texts = ["😡😡 宽带  断了", "a", "𠮷野家 wifi", "x\ufffdy", "  宽 带  ", "ｗｉｆｉ断网"]
    for text, ref in zip(texts, model.predict_proba_sklearn(texts), strict=True):
        fast = model.compiled.predict_proba(text)
        for head, probs in ref.items():
            for label, p in probs.items():
                assert fast[head][label] == pytest.approx(p, abs=1e-6), (text, head, label)


def test_best_labels_are_the_argmax_of_the_probabilities(classifier: EmbeddedClassifier) -> None:
    model = classifier.model
    assert model.compiled is not None
    for example in load_corpus()[::40]:
        features = normalise(example.text).features
        probs = model.compiled.predict_proba(features)
        best = model.compiled.predict_best(features)
        for head, table in probs.items():
            label, p = best[head]
            assert label == max(table.items(), key=lambda kv: kv[1])[0]
            assert p == pytest.approx(table[label], abs=1e-12)


def test_one_message_and_a_batch_give_the_same_answer(classifier: EmbeddedClassifier) -> None:
    texts = [e.text for e in load_corpus()[::60]] + ["", "????", "\x00\x01\x02"]
    batch = classifier.classify_many(texts, received_at=NOW)
    for text, expected in zip(texts, batch, strict=True):
        assert classifier.classify_sync(text, received_at=NOW) == expected


def test_model_file_is_built_when_missing_and_reused(tmp_path: Path, classifier: EmbeddedClassifier) -> None:
    path = tmp_path / model_io.MODEL_FILE
    assert not path.exists()
    first = load_or_train(tmp_path)
    assert path.exists()
    mtime = path.stat().st_mtime_ns
    second = load_or_train(tmp_path)
    assert path.stat().st_mtime_ns == mtime  # loaded, not retrained
    assert second.name == first.name == classifier.name


def test_stale_or_corrupt_model_file_is_rebuilt(tmp_path: Path, classifier: EmbeddedClassifier) -> None:
    path = tmp_path / model_io.MODEL_FILE
    path.write_bytes(b"not a model")
    c = load_or_train(tmp_path)
    assert c.name == classifier.name
    stale = model_io.load(path)
    stale.fingerprint = "0" * 16
    model_io.save(stale, path)
    assert load_or_train(tmp_path).model.fingerprint == classifier.model.fingerprint
    os.utime(path)


def test_trains_from_a_small_corpus_folder(tmp_path: Path) -> None:
    (tmp_path / "nlu.yml").write_text(
        'version: "3.1"\nnlu:\n'
        "- intent: complaint__billing\n  metadata:\n    business: mobile\n  examples: |\n"
        + "".join(f"    - 话费多扣了{n}元\n    - you overcharged me {n} dollars\n" for n in range(10, 40))
        + "- intent: inquiry\n  metadata:\n    business: broadband\n  examples: |\n"
        + "".join(f"    - 请问宽带{n}兆多少钱\n    - how much is {n} mbps internet\n" for n in range(10, 40)),
        encoding="utf-8",
    )
    model = model_io.train(tmp_path)
    assert model.trained_examples == 120
    p = model.predict_proba(["话费多扣了99元"])[0]
    assert max(p["kind"], key=p["kind"].get) == "complaint"


def test_jieba_option_trains_a_compiled_model_and_is_part_of_staleness(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "nlu.yml").write_text(
        'version: "3.1"\nnlu:\n'
        "- intent: complaint__network_quality\n  metadata:\n    business: broadband\n  examples: |\n"
        + "".join(f"    - 宽带网速慢，测速才{n}兆\n    - 光猫一直掉线第{n}次了\n" for n in range(10, 25))
        + "- intent: praise\n  metadata:\n    business: mobile\n  examples: |\n"
        + "".join(f"    - 感谢营业厅工号{n}的服务\n    - 手机信号变好了，点赞{n}\n" for n in range(10, 25)),
        encoding="utf-8",
    )
    models = tmp_path / "models"
    with_jieba = load_or_train(models, data_dir=corpus, jieba=True)
    assert with_jieba.model.meta["jieba"] == "True"
    compiled = with_jieba.model.compiled
    assert compiled is not None
    texts = [normalise(t).features for t in ("宽带又掉线了", "谢谢你们的服务", "")]
    for text, ref in zip(texts, with_jieba.model.predict_proba_sklearn(texts), strict=True):
        fast = compiled.predict_proba(text)
        for head, probs in ref.items():
            for label, p in probs.items():
                assert fast[head][label] == pytest.approx(p, abs=1e-6)
    # asking for the other feature set retrains rather than serving the saved one
    assert load_or_train(models, data_dir=corpus, jieba=False).model.meta["jieba"] == "False"
