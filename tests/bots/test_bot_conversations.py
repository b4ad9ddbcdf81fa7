"""Whole complaint conversations in zh-Hans, zh-Hant and English, turn by turn, with hand-built NLU results."""

from __future__ import annotations

import pytest
from bot_chat import Chat, nlu, other

from bots.engine import Bot, Known
from core.domain.labels import Business, Category, Kind, Language

pytestmark = pytest.mark.unit


def test_zh_hans_broadband_outage_asks_each_missing_detail_once_in_order(bot: Bot) -> None:
    chat = Chat(bot, Known(has_phone=False, language=Language.ZH_HANS))
    first = "我家宽带从前天开始就上不去网了，打了好几次10000号都没人管"
    turn = chat.say(first, nlu(first, category=Category.NETWORK_QUALITY, business=Business.BROADBAND,
                                datetime="前天", phone="10000"))
    # the hotline is a phone entity but not a contact number, so the phone is still asked for
    assert turn.replies == ["为了方便处理和回访，请留下您的联系电话。"]
    assert turn.action is None
    assert turn.slots["since"] == "前天"

    turn = chat.say("138 1234 5678", other("138 1234 5678", phone="138 1234 5678"))
    assert turn.replies == ["请问问题发生在什么地点？请尽量具体到街道、小区或楼号。"]
    turn = chat.say("朝阳区芳草地小区3号楼", other("朝阳区芳草地小区3号楼", location="朝阳区芳草地小区3号楼"))
    # `since` came with the first message: straight on to the wish
    assert turn.replies == ["请问您希望我们如何处理？例如尽快修复、退费或赔偿。"]
    turn = chat.say("尽快修好，这几天的月租要退给我", nlu("尽快修好，这几天的月租要退给我", remedy="尽快修好"))
    assert turn.action is None
    assert turn.buttons == ["是", "不对"]
    reply = turn.replies[0]
    assert reply.startswith("我为您整理的投诉信息如下：\n问题：我家宽带从前天开始")
    assert "联系电话：138****5678" in reply
    assert "地点：朝阳区芳草地小区3号楼" in reply
    assert "开始时间：前天" in reply
    assert "诉求：尽快修好" in reply

    turn = chat.say("是的", other("是的"))
    assert turn.action == "open_ticket"
    assert turn.slots["phone"] == "138 1234 5678"
    assert turn.slots["location"] == "朝阳区芳草地小区3号楼"
    assert turn.slots["since"] == "前天"
    assert turn.slots["wish"] == "尽快修好"
    assert "诉求：尽快修好" in turn.slots["summary"]
    # the flow is over: the next message starts afresh
    assert turn.state["flow"] is None and turn.state["slots"] == {}


def test_zh_hant_billing_complaint_skips_location_and_known_phone(bot: Bot) -> None:
    chat = Chat(bot, Known(has_phone=True, language=Language.ZH_HANT))
    first = "上個月帳單多扣了我68元的來電顯示費，我根本沒有開通過"
    turn = chat.say(first, nlu(first, category=Category.BILLING, business=Business.MOBILE,
                                language=Language.ZH_HANT, datetime="上個月"))
    # phone known, billing needs no location, since given: only the wish is missing
    assert turn.replies == ["請問您希望我們如何處理？例如盡快修復、退費或賠償。"]
    turn = chat.say("全額退費", nlu("全額退費", language=Language.ZH_HANT, remedy="全額退費"))
    assert turn.buttons == ["是", "不對"]
    assert "訴求：全額退費" in turn.replies[0]
    assert "聯絡電話" not in turn.replies[0]
    assert "地點" not in turn.replies[0]
    turn = chat.say("對", other("對", Language.ZH_HANT))
    assert turn.action == "open_ticket"
    assert turn.replies == ["好的，正在為您登記投訴，請稍候。"]


def test_english_complaint_with_everything_in_one_message_goes_straight_to_confirmation(bot: Bot) -> None:
    chat = Chat(bot, Known(has_phone=False, language=Language.EN))
    first = ("My mobile data has not worked since last Tuesday in the Atlanta area. "
             "Call me on (404) 555-0123, I want a credit for the days without service.")
    turn = chat.say(first, nlu(first, category=Category.NETWORK_QUALITY, business=Business.MOBILE,
                                language=Language.EN, datetime="last Tuesday", location="Atlanta area",
                                phone="(404) 555-0123", remedy="credit"))
    assert turn.buttons == ["Yes", "No"]
    assert turn.replies[0].startswith("Here is your complaint as I have it:\nProblem: My mobile data")
    assert "Contact phone: 404****0123" in turn.replies[0]
    assert "Where: Atlanta area" in turn.replies[0]
    turn = chat.say("Yes.", other("Yes.", Language.EN))
    assert turn.action == "open_ticket"
    assert turn.slots["wish"] == "credit"


def test_english_question_order_for_a_fault_repair(bot: Bot) -> None:
    chat = Chat(bot, Known(has_phone=False, language=Language.EN))
    first = "The technician never came to repair my landline and it is still dead"
    turn = chat.say(first, nlu(first, category=Category.FAULT_REPAIR, business=Business.FIXED_LINE,
                                language=Language.EN))
    asked = [turn.replies[0]]
    for answer in ["(404) 555-0123", "12 Peachtree Street", "about two weeks", "send someone to fix it"]:
        turn = chat.say(answer, other(answer, Language.EN))
        asked.append(turn.replies[0])
    assert asked[:4] == [
        "So that we can get back to you, what is your contact phone number?",
        "Where does the problem happen? Please give the street, building or area.",
        "When did the problem start?",
        "What would you like us to do, for example fix it, refund or credit you?",
    ]
    assert asked[4].startswith("Here is your complaint as I have it:")
    assert "Since: about two weeks" in asked[4]
    assert "You would like: send someone to fix it" in asked[4]


def test_no_at_confirmation_takes_a_correction_and_confirms_again(bot: Bot) -> None:
    chat = Chat(bot, Known(has_phone=True, language=Language.ZH_HANS))
    first = "昨天开始望京SOHO附近手机信号很差，电话老是掉线，请尽快处理"
    chat.say(first, nlu(first, category=Category.NETWORK_QUALITY, business=Business.MOBILE,
                        datetime="昨天", location="望京SOHO附近", remedy="尽快处理"))
    turn = chat.turns[-1]
    assert "地点：望京SOHO附近" in turn.replies[0]
    turn = chat.say("不对", other("不对"))
    assert turn.replies == ["好的，请直接告诉我需要更正或补充的内容。"]
    assert turn.action is None
    turn = chat.say("地点是酒仙桥路10号", other("地点是酒仙桥路10号", location="酒仙桥路10号"))
    assert "地点：酒仙桥路10号" in turn.replies[0]
    assert "望京SOHO附近" not in turn.replies[0].split("\n", 2)[2]  # only in the original story line
    turn = chat.say("确认", other("确认"))
    assert turn.action == "open_ticket"
    assert turn.slots["location"] == "酒仙桥路10号"


def test_no_with_the_correction_in_the_same_message(bot: Bot) -> None:
    chat = Chat(bot, Known(has_phone=True, language=Language.ZH_HANS))
    first = "昨天开始家里宽带断网，请尽快修复"
    chat.say(first, nlu(first, category=Category.FAULT_REPAIR, business=Business.BROADBAND,
                        datetime="昨天", remedy="尽快修复"))
    turn = chat.say("和平里小区5号楼", other("和平里小区5号楼", location="和平里小区5号楼"))
    assert turn.buttons == ["是", "不对"]
    text = "不对，是前天开始的"
    turn = chat.say(text, other(text, datetime="前天"))
    assert "开始时间：前天" in turn.replies[0]
    assert turn.buttons == ["是", "不对"]


def test_inquiry_suggestion_and_praise(bot: Bot) -> None:
    chat = Chat(bot, Known(language=Language.ZH_HANS, kb_answer="5G套餐可通过营业厅或APP办理，月费从59元起。"))
    q = "请问怎么办理5G套餐？"
    turn = chat.say(q, nlu(q, Kind.INQUIRY, None, Business.MOBILE))
    assert turn.replies == ["5G套餐可通过营业厅或APP办理，月费从59元起。\n如果还有疑问，可以回复“转人工”。"]
    assert turn.action is None
    turn = chat.say("宽带能不能移机？", nlu("宽带能不能移机？", Kind.INQUIRY, None, Business.BROADBAND), kb_answer=None)
    assert turn.replies == ["抱歉，这个问题我暂时无法准确回答。需要为您转接人工客服吗？回复“转人工”即可。"]
    assert turn.buttons == ["转人工"]
    s = "建议营业厅周末延长营业时间"
    turn = chat.say(s, nlu(s, Kind.SUGGESTION))
    assert (turn.action, turn.replies) == ("record", ["感谢您的宝贵建议！我们会记录下来并提交相关部门评估。"])
    assert turn.slots["summary"] == s
    p = "Your engineer Mike fixed my router in ten minutes, great job"
    turn = Chat(bot, Known(language=Language.EN)).say(p, nlu(p, Kind.PRAISE, None, language=Language.EN))
    assert (turn.action, turn.replies) == ("record", ["Thank you for your kind words. We will pass them on to the team."])


def test_greeting_first_then_complaint(bot: Bot) -> None:
    chat = Chat(bot, Known(has_phone=True, language=Language.ZH_HANS))
    turn = chat.say("你好", other("你好"))
    assert turn.replies[0].startswith("您好，这里是投诉受理中心")
    first = "你们给我开通了一个视频会员，每月扣15元，我从来没订过，要求退费"
    turn = chat.say(first, nlu(first, category=Category.UNAUTHORIZED_SERVICE, business=Business.VALUE_ADDED,
                                remedy="要求退费"))
    assert turn.replies == ["请问问题是从什么时候开始的？"]


def test_sms_short_form_asks_only_short_form_questions_and_skips_the_summary(bot: Bot) -> None:
    chat = Chat(bot, Known(has_phone=True, language=Language.ZH_HANS, short_form=True))
    first = "家里宽带断网两天了，报修没人来"
    turn = chat.say(first, nlu(first, category=Category.FAULT_REPAIR, business=Business.BROADBAND))
    # location is a short-form question for faults; since and wish are not asked over SMS
    assert turn.replies == ["请问问题发生在什么地点？请尽量具体到街道、小区或楼号。"]
    assert turn.started_complaint is True
    turn = chat.say("浦东新区张杨路500号", other("浦东新区张杨路500号"))
    assert turn.action == "open_ticket" and turn.buttons == []
    assert turn.slots["location"] == "浦东新区张杨路500号" and "since" not in turn.slots


def test_more_about_an_open_ticket_is_a_follow_up_not_a_new_dialogue(bot: Bot) -> None:
    chat = Chat(bot, Known(has_phone=True, language=Language.ZH_HANS, open_ticket_number="TS20261124000001"))
    text = "还有，昨天晚上又断网了两个小时"
    turn = chat.say(text, nlu(text, category=Category.NETWORK_QUALITY, business=Business.BROADBAND))
    assert turn.action == "follow_up" and turn.replies == [] and turn.started_complaint is False
    # an inquiry is still answered as one
    ask = "你们营业厅几点关门？"
    turn = chat.say(ask, nlu(ask, Kind.INQUIRY, None))
    assert turn.action is None and "暂时无法准确回答" in turn.replies[0]
