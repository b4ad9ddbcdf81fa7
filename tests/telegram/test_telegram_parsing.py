"""Telegram update parsing, quick-answer keyboards and text splitting, without any I/O."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from telegram import Update

import channels.chat.telegram  # noqa: F401 - sets PTB's time-period mode before PTB objects are built
from channels.chat.telegram.adapter import split_text
from channels.chat.telegram.keyboards import answer_value, quick_answers
from channels.chat.telegram.updates import Draft, MemberChange, Skip, parse_update
from core.domain.labels import IdentityKind
from core.domain.messages import Identity
from tests.telegram.conftest import update_fixture

pytestmark = pytest.mark.unit

NOW = datetime(2026, 11, 24, 8, 30, tzinfo=UTC)


def parse(name: str) -> Draft | MemberChange | Skip:
    raw = update_fixture(name)
    return parse_update(Update.de_json(raw, None), raw, NOW)


def test_chinese_text_message() -> None:
    draft = parse("message_text_zh.json")
    assert isinstance(draft, Draft)
    assert draft.provider_message_id == "5123456789:412"
    assert draft.sender == Identity(IdentityKind.TELEGRAM, "5123456789")
    assert draft.thread_key == "telegram:5123456789"
    assert draft.name == "伟 王"
    assert draft.text.startswith("你好，我家宽带")
    assert draft.received_at == datetime.fromtimestamp(1795439200, UTC)
    assert draft.files == ()
    assert draft.extra_identities == ()


def test_reply_points_at_the_answered_message() -> None:
    draft = parse("message_text_en_reply.json")
    assert isinstance(draft, Draft)
    assert draft.reply_to_ids == ("6234567890:414",)


def test_photo_takes_the_largest_size_and_the_caption() -> None:
    draft = parse("message_photo.json")
    assert isinstance(draft, Draft)
    assert draft.text == "这是光猫的照片，LOS灯一直红"
    [photo] = draft.files
    assert photo.file_id == "AgACAgUAAxkBAAIBpGZ0large"
    assert photo.content_type == "image/jpeg"


def test_document_keeps_its_name_and_type() -> None:
    draft = parse("message_document.json")
    assert isinstance(draft, Draft)
    [doc] = draft.files
    assert (doc.filename, doc.content_type, doc.size) == ("2026年10月话费账单.pdf", "application/pdf", 34)


def test_own_contact_becomes_a_phone_identity() -> None:
    draft = parse("message_contact_own.json")
    assert isinstance(draft, Draft)
    assert draft.extra_identities == (Identity(IdentityKind.PHONE, "+8613812345678"),)
    assert "+8613812345678" in draft.text


def test_someone_elses_contact_is_not_an_identity() -> None:
    draft = parse("message_contact_other.json")
    assert isinstance(draft, Draft)
    assert draft.extra_identities == ()
    assert "+8613987654321" in draft.text


def test_quick_answer_press() -> None:
    draft = parse("callback_query_csat.json")
    assert isinstance(draft, Draft)
    assert draft.text == "4"
    assert draft.provider_message_id == "cbq:4382017462819301827"
    assert draft.callback_query_id == "4382017462819301827"
    assert draft.reply_to_ids == ("5123456789:430",)
    assert draft.received_at == NOW


def test_edit_is_its_own_message_linked_to_the_original() -> None:
    draft = parse("edited_message.json")
    assert isinstance(draft, Draft)
    assert draft.provider_message_id == "5123456789:412:edit:1795439290"
    assert draft.reply_to_ids == ("5123456789:412",)
    assert "三次" in draft.text


def test_blocking_the_bot_is_a_member_change() -> None:
    assert parse("my_chat_member_kicked.json") == MemberChange(6234567890, blocked=True)


@pytest.mark.parametrize(
    ("name", "reason"),
    [("unknown_update_type.json", "update type purchased_paid_media"), ("group_message.json", "supergroup")],
)
def test_skips(name: str, reason: str) -> None:
    skipped = parse(name)
    assert isinstance(skipped, Skip)
    assert reason in skipped.reason


def test_satisfaction_keyboard() -> None:
    markup = quick_answers(["1", "2", "3", "4", "5", {"label": "转人工", "value": "agent"}])
    assert markup is not None
    rows = markup.inline_keyboard
    assert [[b.callback_data for b in row] for row in rows] == [
        ["qa:1", "qa:2", "qa:3", "qa:4", "qa:5"],
        ["qa:agent"],
    ]
    assert rows[1][0].text == "转人工"
    assert quick_answers(None) is None
    assert answer_value("qa:5") == "5"
    assert answer_value("other:5") is None


def test_callback_data_over_64_bytes_is_refused() -> None:
    with pytest.raises(ValueError, match="64-byte"):
        quick_answers(["非常满意，感谢工作人员的耐心处理和及时回复"])


def test_split_text_at_line_ends() -> None:
    text = "\n".join(f"第{i}行：网络故障处理进度说明。" for i in range(400))
    pieces = split_text(text)
    assert len(pieces) > 1
    assert all(len(p) <= 4096 for p in pieces)
    assert "\n".join(pieces) == text
    assert split_text("短消息") == ["短消息"]
