"""The flow files: every prompt and button in all three languages, and broken files refused at load."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from bot_chat import Chat, nlu

from bots.definitions import FLOWS_DIR, LANGUAGES, FlowError, load_flows
from bots.engine import Bot, Known
from core.domain.labels import Category

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("path", sorted(FLOWS_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_every_prompt_and_button_has_all_three_languages(path: Path) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    sections = [doc.get("prompts") or {}, doc.get("buttons") or {}]
    assert sections[0], f"{path.name} has no prompts"
    for section in sections:
        for name, texts in section.items():
            assert set(texts) == {lang.value for lang in LANGUAGES}, f"{path.name}: {name}"
            for lang in LANGUAGES:
                assert isinstance(texts[lang.value], str) and texts[lang.value].strip(), f"{path.name}: {name} {lang}"


def test_shipped_flows_load_and_reference_real_labels() -> None:
    book = load_flows()
    assert [q.slot for q in book.questions] == ["phone", "location", "since", "wish"]
    labels = {c.value for c in Category}
    for question in book.questions:
        assert question.categories is None or question.categories <= labels
    assert "是" in book.yes_words and "yes" in book.yes_words
    assert "不对" in book.no_words and "no" in book.no_words
    assert not book.yes_words & book.no_words


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "flows"
    shutil.copytree(FLOWS_DIR, target)
    return target


def test_a_prompt_missing_a_language_is_refused(tmp_path: Path) -> None:
    flows = _copy(tmp_path)
    path = flows / "feedback.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    del doc["prompts"]["thanks_praise"]["zh-Hant"]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(FlowError, match=r"thanks_praise.*zh-Hant"):
        load_flows(flows)


def test_a_question_with_an_unknown_prompt_is_refused(tmp_path: Path) -> None:
    flows = _copy(tmp_path)
    path = flows / "complaint.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["questions"].append({"slot": "account", "entity": "account", "prompt": "ask_account"})
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(FlowError, match="ask_account"):
        load_flows(flows)


def test_bare_yes_no_keys_are_caught(tmp_path: Path) -> None:
    flows = _copy(tmp_path)
    path = flows / "complaint.yaml"
    text = path.read_text(encoding="utf-8").replace("  confirm_words: [", "  yes: [")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FlowError, match="confirm_words"):
        load_flows(flows)


def test_a_new_question_added_as_data_is_asked(tmp_path: Path) -> None:
    flows = _copy(tmp_path)
    path = flows / "complaint.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["prompts"]["ask_account"] = {"zh-Hans": "请提供合同账号。", "zh-Hant": "請提供合約帳號。", "en": "Your account number?"}
    doc["questions"].insert(0, {"slot": "account", "entity": "account", "prompt": "ask_account",
                                "categories": ["billing"]})
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    chat = Chat(Bot(flows), Known(has_phone=True))
    text = "这个月话费多扣了50元，要求退费"
    turn = chat.say(text, nlu(text, category=Category.BILLING, amount="50元", remedy="要求退费"))
    assert turn.replies == ["请提供合同账号。"]
    turn = chat.say("0371 8888 7373", nlu("0371 8888 7373", account="0371 8888 7373"))
    assert turn.replies == ["请问问题是从什么时候开始的？"]
    assert turn.slots["account"] == "0371 8888 7373"
