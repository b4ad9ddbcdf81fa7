"""Generating the Rasa project from a corpus in the shared corpus' format."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bots.rasa.intents import Labels, decode_intent
from bots.rasa.project import load_corpus, plain_text, write_project
from core.domain.labels import Business, Category, Kind

pytestmark = pytest.mark.unit

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
SHARED_CORPUS = Path(__file__).parents[2] / "nlu" / "data"


def test_generated_project_has_config_domain_and_relabelled_data(tmp_path: Path) -> None:
    corpus = load_corpus(CORPUS)
    out = write_project(corpus, tmp_path / "project", epochs=7)

    config = yaml.safe_load((out / "config.yml").read_text(encoding="utf-8"))
    assert config["language"] == "zh"
    components = {c["name"]: c for c in config["pipeline"]}
    assert list(components) == [
        "JiebaTokenizer", "RegexFeaturizer", "LexicalSyntacticFeaturizer", "CountVectorsFeaturizer",
        "DIETClassifier", "EntitySynonymMapper",
    ]  # fmt: skip
    assert components["DIETClassifier"]["epochs"] == 7
    char_ngrams = [c for c in config["pipeline"] if c.get("analyzer") == "char_wb"]
    assert char_ngrams
    assert char_ngrams[0]["max_ngram"] >= 3
    # the telecom user dictionary travels with the project (and so into the model)
    dict_dir = Path(components["JiebaTokenizer"]["dictionary_path"])
    assert "光纤" in (dict_dir / "00-jieba_userdict.txt").read_text(encoding="utf-8")

    data = yaml.safe_load((out / "data" / "nlu.yml").read_text(encoding="utf-8"))["nlu"]
    intents = {block["intent"]: block["examples"] for block in data if "intent" in block}
    assert set(intents) == {
        "complaint+billing+mobile", "complaint+network_quality+broadband",
        "complaint+service_attitude+unknown", "complaint+unauthorized_service+value_added",
        "inquiry+mobile", "inquiry+broadband", "praise+unknown", "other+unknown",
    }  # fmt: skip
    # entity annotations are kept exactly as the corpus wrote them
    assert (
        "- 我的手机[昨天](datetime)莫名其妙被扣了[128元](amount)，[要求退费](remedy)\n"
        in (intents["complaint+billing+mobile"])
    )
    # examples of two corpus blocks with the same labels (metadata business) land in one intent
    assert "- 请问怎么查询话费余额\n" in intents["inquiry+mobile"]
    assert "- how much is the 1000M fibre plan\n" in intents["inquiry+broadband"]
    synonyms = [b for b in data if "synonym" in b]
    assert synonyms == [{"synonym": "退费", "examples": "- 退費\n- 退钱\n"}]
    assert any(b.get("regex") == "phone" for b in data)
    assert any(b.get("lookup") == "location" for b in data)

    domain = yaml.safe_load((out / "domain.yml").read_text(encoding="utf-8"))
    assert set(domain["intents"]) == set(intents)
    taxonomy_entities = {"phone", "amount", "datetime", "remedy", "order_id", "account", "location"}
    assert taxonomy_entities <= set(domain["entities"])


def test_every_generated_intent_decodes_to_its_corpus_labels() -> None:
    corpus = load_corpus(CORPUS)
    assert len(corpus.examples) == 51
    for example in corpus.examples:
        assert decode_intent(example.labels.intent()) == example.labels
    first = corpus.examples[0]
    assert first.labels == Labels(Kind.COMPLAINT, Category.BILLING, Business.MOBILE)
    assert first.text == "这个月话费怎么多扣了50元，我根本没用那么多流量"


def test_plain_text_removes_every_annotation_form() -> None:
    assert plain_text("扣了[50元](amount)，[退钱](remedy:退费)") == "扣了50元，退钱"
    assert plain_text('call [10086]{"entity": "phone"} now') == "call 10086 now"


def test_multi_line_examples_and_list_form_are_read(tmp_path: Path) -> None:
    (tmp_path / "letters.yml").write_text(
        'version: "3.1"\n'
        "nlu:\n"
        "- intent: complaint__installation\n"
        "  metadata: {business: broadband}\n"
        "  examples:\n"
        "  - text: |\n"
        "      尊敬的领导：\n"
        "      我家宽带报装已经两周了，师傅一直没来。\n"
        "    metadata: {business: broadband}\n"
        "- intent: suggestion\n"
        "  examples: |\n"
        "    - 建议营业厅周末也开门\n",
        encoding="utf-8",
    )
    (tmp_path / "manifest.yml").write_text("sources: [generated]\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [e.labels for e in corpus.examples] == [
        Labels(Kind.COMPLAINT, Category.INSTALLATION, Business.BROADBAND),
        Labels(Kind.SUGGESTION, None, Business.UNKNOWN),
    ]
    out = write_project(corpus, tmp_path / "project")
    data = yaml.safe_load((out / "data" / "nlu.yml").read_text(encoding="utf-8"))["nlu"]
    assert data[0]["examples"] == "- 尊敬的领导： 我家宽带报装已经两周了，师傅一直没来。\n"


def test_a_corpus_without_examples_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_corpus(tmp_path)
    (tmp_path / "nlu.yml").write_text('version: "3.1"\nnlu:\n- synonym: 退费\n  examples: |\n    - 退钱\n')
    with pytest.raises(ValueError, match="no intent examples"):
        load_corpus(tmp_path)


@pytest.mark.skipif(not any(SHARED_CORPUS.glob("*.yml")), reason="shared corpus not generated yet")
def test_shared_corpus_labels_agree_with_the_embedded_models_reading() -> None:
    """Rasa and the embedded model must learn the same labels from the same corpus."""
    from nlu.corpus import load_corpus as load_for_embedded

    ours = load_corpus(SHARED_CORPUS)
    theirs = load_for_embedded(SHARED_CORPUS)
    assert len(ours.examples) == len(theirs)
    mismatches = []
    for mine, other in zip(ours.examples, theirs, strict=True):
        theirs_labels = (other.kind, other.category, other.business)
        mine_labels = (mine.labels.kind, mine.labels.category, mine.labels.business)
        if mine_labels != theirs_labels or mine.text != other.text:
            mismatches.append((mine.text, mine_labels, theirs_labels))
    assert not mismatches[:5]
