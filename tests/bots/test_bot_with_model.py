"""Conversations driven by the real embedded NLU model (trained from nlu/data in seconds)."""

from __future__ import annotations

import pytest
from bot_chat import NOW, Chat

from bots.engine import Bot, Known, Turn
from core.domain.labels import Language
from nlu.embedded import EmbeddedClassifier

pytestmark = pytest.mark.unit


def _say(chat: Chat, classifier: EmbeddedClassifier, text: str) -> Turn:
    return chat.say(text, classifier.classify_sync(text, received_at=NOW))


def test_zh_hans_outage_with_the_real_model(bot: Bot, classifier: EmbeddedClassifier) -> None:
    chat = Chat(bot, Known(has_phone=False, language=Language.ZH_HANS))
    turn = _say(chat, classifier, "我家宽带从昨天开始一直断网，地址是朝阳区某小区3号楼，要求尽快修复")
    # location, since and wish all came as entities: only the phone is missing
    assert turn.replies == ["为了方便处理和回访，请留下您的联系电话。"]
    turn = _say(chat, classifier, "13812345678")
    assert turn.buttons == ["是", "不对"]
    assert "地点：朝阳区某小区3号楼" in turn.replies[0]
    assert "开始时间：昨天" in turn.replies[0]
    turn = _say(chat, classifier, "是")
    assert turn.action == "open_ticket"
    assert turn.slots["phone"] == "13812345678"


def test_zh_hant_and_english_with_the_real_model(bot: Bot, classifier: EmbeddedClassifier) -> None:
    chat = Chat(bot, Known(has_phone=True, language=Language.ZH_HANT))
    turn = _say(chat, classifier, "我家寬頻從昨天開始一直斷線，要求盡快修復")
    assert turn.replies == ["請問問題發生在什麼地點？請盡量具體到街道、社區或樓號。"]
    turn = _say(chat, classifier, "台北市信義路五段7號")
    assert turn.buttons == ["是", "不對"]
    assert _say(chat, classifier, "對").action == "open_ticket"

    chat = Chat(bot, Known(has_phone=False, language=Language.EN))
    turn = _say(chat, classifier, "My mobile data has not worked since last Tuesday in the Atlanta area, please fix it")
    assert turn.replies == ["So that we can get back to you, what is your contact phone number?"]
    turn = _say(chat, classifier, "(404) 555-0123")
    assert turn.buttons == ["Yes", "No"]
    assert _say(chat, classifier, "no").replies == ["All right, please tell me what to correct or add."]


def test_vague_praise_suggestion_and_status_with_the_real_model(bot: Bot, classifier: EmbeddedClassifier) -> None:
    chat = Chat(bot, Known(has_phone=True))
    assert _say(chat, classifier, "网络卡").replies == ["请问在哪些场景卡顿？是否重启过设备？"]
    turn = _say(Chat(bot, Known()), classifier, "你们的客服小王服务很好，谢谢")
    assert turn.action == "record"
    turn = _say(Chat(bot, Known()), classifier, "建议营业厅周末延长营业时间")
    assert (turn.action, turn.replies) == ("record", ["感谢您的宝贵建议！我们会记录下来并提交相关部门评估。"])
    turn = _say(Chat(bot, Known(status_text="工单 TS20261120000042 正在处理中。")), classifier, "我的投诉处理得怎么样了")
    assert (turn.action, turn.replies) == ("status_query", ["工单 TS20261120000042 正在处理中。"])


def test_handoff_words_with_the_real_model(bot: Bot, classifier: EmbeddedClassifier) -> None:
    # the model reads a bare "human" as a service-attitude complaint; it is still a request for one
    for text in ["human", "人工客服", "转人工", "Agent please!"]:
        assert _say(Chat(bot, Known(language=Language.EN)), classifier, text).action == "handoff", text
    for text in ["the agent was rude", "客服态度差"]:
        assert _say(Chat(bot, Known(has_phone=True)), classifier, text).action is None, text
