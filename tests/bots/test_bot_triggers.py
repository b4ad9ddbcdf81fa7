"""Handoff, status queries, vague statements, misunderstandings and bad input."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from bot_chat import NOW, Chat, nlu, other

from bots.engine import Bot, Known
from core.domain.labels import Business, Category, Kind, Language

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "language", "reply_start"),
    [
        ("转人工", Language.ZH_HANS, "好的，正在为您转接人工客服"),
        ("人工客服", Language.ZH_HANS, "好的，正在为您转接人工客服"),
        ("我要找人工，机器人说不清楚", Language.ZH_HANS, "好的，正在为您转接人工客服"),
        ("轉人工", Language.ZH_HANT, "好的，正在為您轉接人工客服"),
        ("human", Language.EN, "Sure, I am passing you to one of our agents"),
        ("人工客服呢", Language.ZH_HANS, "好的，正在为您转接人工客服"),
        ("Agent please!", Language.EN, "Sure, I am passing you to one of our agents"),
        ("I want to talk to a human about my bill", Language.EN, "Sure, I am passing you"),
    ],
)
def test_asking_for_a_person_hands_off_at_any_point(bot: Bot, text: str, language: Language, reply_start: str) -> None:
    chat = Chat(bot, Known(has_phone=False, language=language))
    first = "Since yesterday my broadband keeps dropping, please fix it"
    chat.say(first, nlu(first, category=Category.NETWORK_QUALITY, business=Business.BROADBAND, language=language,
                        datetime="yesterday", remedy="fix"))
    turn = chat.say(text, other(text, language))
    assert turn.action == "handoff"
    assert turn.replies[0].startswith(reply_start)
    # what was collected goes to the agent
    assert turn.slots["since"] == "yesterday"
    assert turn.state["pending"] is None


@pytest.mark.parametrize(("text", "language"), [("the agent was rude", Language.EN), ("rude agent", Language.EN),
                                                 ("客服态度差", Language.ZH_HANS)])
def test_a_short_complaint_about_an_agent_is_not_a_handoff_request(bot: Bot, text: str, language: Language) -> None:
    turn = Chat(bot, Known(has_phone=True, language=language)).say(
        text, nlu(text, category=Category.SERVICE_ATTITUDE, language=language))
    assert turn.action is None
    assert turn.replies == [bot.book.prompt("ask_since", language)]


def test_a_complaint_about_an_agent_is_not_a_handoff_request(bot: Bot) -> None:
    text = "你们的人工客服态度非常差，说了两句就挂我电话，要求道歉"
    turn = Chat(bot, Known(has_phone=True)).say(
        text, nlu(text, category=Category.SERVICE_ATTITUDE, business=Business.MOBILE, remedy="要求道歉"))
    assert turn.action is None
    assert turn.replies == ["请问问题是从什么时候开始的？"]


def test_two_misunderstandings_in_a_row_hand_off(bot: Bot) -> None:
    chat = Chat(bot, Known(language=Language.ZH_HANS))
    assert chat.say("你好", other("你好")).replies[0].startswith("您好")
    turn = chat.say("asdfgh", other("asdfgh"))
    assert turn.action is None
    assert turn.replies[0].startswith("抱歉，我没有理解您的意思")
    turn = chat.say("qwerty", other("qwerty"))
    assert turn.action == "handoff"


def test_a_bad_phone_twice_hands_off_and_an_understood_turn_resets_the_count(bot: Bot) -> None:
    chat = Chat(bot, Known(has_phone=False, language=Language.ZH_HANS))
    first = "话费被多扣了30元，要求退还"
    chat.say(first, nlu(first, category=Category.BILLING, business=Business.MOBILE, amount="30元", remedy="要求退还"))
    turn = chat.say("不告诉你", other("不告诉你"))
    assert turn.action is None
    assert turn.replies[0].startswith("抱歉，这个号码好像不完整")
    turn = chat.say("我的电话是13912345678", other("我的电话是13912345678", phone="13912345678"))
    assert turn.replies == ["请问问题是从什么时候开始的？"]
    assert turn.state["misses"] == 0
    chat2 = Chat(bot, Known(has_phone=False, language=Language.EN))
    first = "You charged me $65 twice this month, refund me"
    chat2.say(first, nlu(first, category=Category.BILLING, language=Language.EN, amount="$65", remedy="refund"))
    assert chat2.say("123", other("123", Language.EN)).action is None
    assert chat2.say("no idea", other("no idea", Language.EN)).action == "handoff"


def test_gibberish_at_confirmation_is_asked_again_then_handed_off(bot: Bot) -> None:
    chat = Chat(bot, Known(has_phone=True, language=Language.EN))
    first = "Since last Monday the TV box in 5 Elm Road shows no picture, please fix it"
    turn = chat.say(first, nlu(first, category=Category.PRODUCT_QUALITY, business=Business.TV, language=Language.EN,
                                datetime="last Monday", location="5 Elm Road", remedy="fix"))
    assert turn.buttons == ["Yes", "No"]
    turn = chat.say("hmm maybe", other("hmm maybe", Language.EN))
    assert turn.replies == ['Please reply "yes" to submit the complaint or "no" to change it.']
    assert chat.say("whatever", other("whatever", Language.EN)).action == "handoff"


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("网络卡", Language.ZH_HANS, "请问在哪些场景卡顿？是否重启过设备？"),
        ("網絡卡", Language.ZH_HANT, "請問在哪些場景卡頓？是否重新啟動過設備？"),
        ("手机用不了", Language.ZH_HANS, "能具体说说是哪项业务（手机、宽带、电视等）出了什么问题吗？"),
        ("not working", Language.EN, "Could you tell me a bit more, which service (mobile, broadband, TV ...) and what exactly goes wrong?"),
    ],
)
def test_vague_statements_get_a_clarifying_question_first(bot: Bot, text: str, language: Language, expected: str) -> None:
    chat = Chat(bot, Known(has_phone=True, language=language))
    turn = chat.say(text, nlu(text, category=None, language=language))
    assert turn.replies == [expected]
    assert turn.action is None
    detail = "打游戏和看视频的时候特别卡，重启过路由器也没用"
    turn = chat.say(detail, nlu(detail, category=Category.NETWORK_QUALITY, business=Business.BROADBAND, language=language))
    # the clarification is asked once, then the normal questions follow (location: network quality)
    assert turn.state["category"] == "network_quality"
    assert turn.replies[0] == bot.book.prompt("ask_location", language)
    assert detail in turn.state["slots"]["description"]


def test_a_detailed_complaint_is_not_vague(bot: Bot) -> None:
    text = "小区里4G网络卡得不行，视频根本打不开"
    turn = Chat(bot, Known(has_phone=True)).say(text, nlu(text, category=Category.NETWORK_QUALITY, business=Business.MOBILE))
    assert turn.replies == ["请问问题发生在什么地点？请尽量具体到街道、小区或楼号。"]


@pytest.mark.parametrize(
    ("text", "language"),
    [("我的投诉处理得怎么样了", Language.ZH_HANS), ("where is my ticket?", Language.EN),
     ("TS20261120000042 有结果了吗", Language.ZH_HANS), ("工单TS20261120000042", Language.ZH_HANS)],
)
def test_status_queries(bot: Bot, text: str, language: Language) -> None:
    status = "工单 TS20261120000042 正在处理中（网络部），处理时限 11月25日 18:00。"
    turn = Chat(bot, Known(language=language, open_ticket_number="TS20261120000042", status_text=status)).say(
        text, nlu(text, Kind.INQUIRY, None, language=language))
    assert turn.action == "status_query"
    assert turn.replies == [status]
    unknown = Chat(bot, Known(language=language)).say(text, nlu(text, Kind.INQUIRY, None, language=language))
    assert unknown.action == "status_query"
    assert unknown.replies == [bot.book.prompt("status_unknown", language)]


def test_empty_message_repeats_the_pending_question_without_penalty(bot: Bot) -> None:
    chat = Chat(bot, Known(has_phone=False))
    first = "宽带装机预约了三次师傅都没来，要求今天上门"
    chat.say(first, nlu(first, category=Category.INSTALLATION, business=Business.BROADBAND, remedy="要求今天上门"))
    for empty in ["", "   ", "\n\t", "。。。"]:
        turn = chat.say(empty, other(empty))
        assert turn.replies == ["为了方便处理和回访，请留下您的联系电话。"]
        assert turn.action is None
        assert turn.state["misses"] == 0
    assert Chat(bot, Known()).say("", other("")).replies[0].startswith("您好，这里是投诉受理中心")


def test_ten_thousand_characters_are_clipped_and_state_stays_small(bot: Bot) -> None:
    chat = Chat(bot, Known(has_phone=True))
    essay = "我要投诉你们的宽带服务，" * 834  # about 10,000 characters
    assert len(essay) >= 10_000
    turn = chat.say(essay, nlu(essay, category=Category.NETWORK_QUALITY, business=Business.BROADBAND))
    assert turn.replies == ["请问问题发生在什么地点？请尽量具体到街道、小区或楼号。"]
    assert len(turn.state["slots"]["description"]) <= 1000
    answer = "朝阳区" * 4000
    turn = chat.say(answer, other(answer))
    assert len(turn.state["slots"]["location"]) <= 200
    assert len(json.dumps(turn.state, ensure_ascii=False)) < 3000


def test_garbage_state_starts_over_and_respond_is_pure(bot: Bot) -> None:
    text = "上个月被收了两次月租，要求退费"
    result = nlu(text, category=Category.BILLING, business=Business.MOBILE, datetime="上个月", remedy="要求退费")
    known = Known(has_phone=True)
    for broken in [{"v": 99, "pending": "confirm"}, {"flow": 3}, {}]:
        turn = bot.respond(broken, text, result, known=known, now=NOW)
        assert turn.buttons == ["是", "不对"]
    state = {"v": 1, "flow": "complaint", "pending": "wish", "slots": {"description": "x"}, "misses": 1,
             "greeted": True, "clarified": False, "category": "billing", "business": "mobile"}
    before = json.dumps(state)
    first = bot.respond(state, "退钱", other("退钱"), known=known, now=NOW)
    second = bot.respond(state, "退钱", other("退钱"), known=known, now=NOW)
    assert json.dumps(state) == before  # the caller's dict is not modified
    assert first == second
    assert first.slots["wish"] == "退钱"


def test_a_half_finished_complaint_goes_stale_after_a_day(bot: Bot) -> None:
    text = "家里固话没有拨号音，要求尽快修复"
    result = nlu(text, category=Category.FAULT_REPAIR, business=Business.FIXED_LINE, remedy="要求尽快修复")
    turn = bot.respond({}, text, result, known=Known(has_phone=True), now=NOW)
    assert turn.state["pending"] == "location"
    state = json.loads(json.dumps(turn.state))
    later = bot.respond(state, "东城区和平里", other("东城区和平里"), known=Known(has_phone=True), now=NOW + timedelta(hours=2))
    assert later.slots["location"] == "东城区和平里"
    # two days later the same words are no answer to an old question: the bot asks what is wrong
    stale = bot.respond(state, "东城区和平里", other("东城区和平里"), known=Known(has_phone=True), now=NOW + timedelta(days=2))
    assert stale.state["flow"] is None
    assert "location" not in stale.slots
    assert stale.replies[0].startswith("抱歉，我没有理解您的意思")
