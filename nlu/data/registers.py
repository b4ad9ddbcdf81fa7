"""How customers and agents dress a grievance: Weibo posts, letters, work orders, SMS, tweets.

Every function takes a random source, the core text (slots already filled, annotations already
in Rasa markup) and returns the full message in Rasa markup. Registers never change the labels:
they only add what real messages carry around the grievance (mentions, slang, contact numbers,
demands, threats, repeat markers).
"""

from __future__ import annotations

import random
import re

from nlu.data import slots

WEIBO_AT = ["@中国移动10086", "@中国电信", "@中国联通客服", "@中国移动", "@电信客服", "@联通小U", "@中国广电"]
WEIBO_TAG = ["#中国移动#", "#中国电信#", "#联通#", "#宽带#", "#投诉#", "#垃圾运营商#", "#维权#"]
WEIBO_ANGRY = [
    "气死我了",
    "真的服了",
    "无语了",
    "坑爹啊",
    "醉了",
    "吐了",
    "太坑了",
    "简直离谱",
    "什么破服务",
    "还有没有人管",
    "心态崩了",
    "忍无可忍",
]
ANGRY_EMOJI = ["😡", "🤬", "😤", "[怒]", "[抓狂]", "[哭]", "[怒骂]", "💢", "😠"]
HAPPY_EMOJI = ["👍", "👏", "❤️", "[赞]", "[给力]", "😊", "🌹", "[鼓掌]"]
ZH_DEMANDS = [
    "[退费](remedy)",
    "[赔偿](remedy)",
    "[尽快修复](remedy)",
    "[取消业务](remedy)",
    "[退还多收的费用](remedy)",
    "给个说法",
    "[全额退款](remedy)",
    "马上处理",
]
ZH_THREATS = [
    "再不处理我就去工信部投诉",
    "我已经打了12315",
    "不解决就找媒体曝光",
    "我会向通信管理局申诉",
    "准备找律师起诉你们",
    "去消协投诉你们",
]
ZH_REPEAT = ["又", "第三次反映了，", "已经是再次投诉了，", "之前已经反映过，", "这是我第二次投诉，"]
HANT_THREATS = [
    "再不處理我就去消基會申訴",
    "準備找律師",
    "再唔處理我就去消委會投訴",
    "我會向NCC檢舉",
    "找記者爆料",
]
HANT_DEMANDS = [
    "[退費](remedy)",
    "[賠償](remedy)",
    "[盡快修復](remedy)",
    "[取消服務](remedy)",
    "[全額退款](remedy)",
    "給個交代",
    "即刻處理",
]
EN_HANDLES = [
    "@VerizonSupport",
    "@ATTHelp",
    "@TMobileHelp",
    "@XfinitySupport",
    "@CMHK",
    "@HKTcare",
    "@SpectrumSupport",
    "@BTCare",
]
EN_ANGRY = [
    "unacceptable",
    "ridiculous",
    "this is a joke",
    "so done with you",
    "worst provider ever",
    "absolutely fed up",
    "seriously??",
    "what a scam",
]
EN_DEMANDS = [
    "I want a [refund](remedy)",
    "I expect a [credit](remedy)",
    "[cancel](remedy) my account",
    "[fix it](remedy)",
    "[refund](remedy) me now",
    "I want this [fixed](remedy) today",
]
EN_THREATS = [
    "filing a complaint with the FCC",
    "reporting you to the BBB",
    "talking to a lawyer",
    "contacting the attorney general",
    "going to the news with this",
    "I will sue",
]
EN_REPEAT = [
    "Again. ",
    "Third time reporting this. ",
    "Already reported this last week. ",
    "For the second time, ",
]


def _first_person_to_third(core: str) -> str:
    # a work order reports the customer's words in the third person
    for a, b in (("我们", "其"), ("我家", "其家"), ("我的", "其"), ("我", "其")):
        core = core.replace(a, b)
    return core


def _strip_end(core: str) -> str:
    return core.rstrip("。！？!?.， ")


# ---------------------------------------------------------------- simplified Chinese


def hans_plain(r: random.Random, core: str) -> str:
    """A chat message: the grievance, maybe a demand."""
    tail = r.choice(["", "", f"，要求{r.choice(ZH_DEMANDS)}", "，请尽快处理", "！"])
    return _strip_end(core) + tail


def hans_weibo(r: random.Random, core: str) -> str:
    """An angry Weibo post with mentions, a hashtag, slang and emoji."""
    parts = []
    if r.random() < 0.8:
        parts.append(r.choice(WEIBO_AT) + " ")
    if r.random() < 0.4:
        parts.append(r.choice(WEIBO_TAG))
    parts.append(_strip_end(core) + r.choice(["！！", "！！！", "，", "？？？"]))
    parts.append(r.choice(WEIBO_ANGRY) + r.choice(["", "！", "！！"]))
    if r.random() < 0.3:
        parts.append(r.choice(ZH_THREATS) + "！")
    parts.append(r.choice(ANGRY_EMOJI) * r.choice([1, 1, 2, 3]))
    return "".join(parts)


def hans_letter(r: random.Random, core: str) -> str:
    """A long, formal complaint letter or e-mail."""
    opener = r.choice(["尊敬的领导：您好！", "您好，", "尊敬的客服：", "致贵公司投诉部门："])
    who = r.choice(
        [
            f"我是贵公司的老用户，手机号码{slots.hans_phone(r)}。",
            "我是贵公司的用户，使用贵公司业务多年。",
            f"本人号码{slots.hans_phone(r)}，",
            "",
        ]
    )
    story = _strip_end(core) + "。"
    extra = r.choice(
        [
            "多次联系客服均未得到解决。",
            "给我的生活和工作带来了很大不便。",
            "客服只是说会反馈，之后再无下文。",
            f"{slots.hans_date(r)}我也打过电话反映。",
            "",
        ]
    )
    demand = f"现要求{r.choice(ZH_DEMANDS)}，" if r.random() < 0.7 else ""
    threat = r.choice(ZH_THREATS) + "。" if r.random() < 0.25 else ""
    close = r.choice(["望贵公司重视此事，给我一个合理的答复。", "恳请尽快处理，谢谢！", "希望贵公司能妥善解决。"])
    return opener + who + story + extra + demand + threat + close


def hans_workorder(r: random.Random, core: str) -> str:
    """An agent's work-order summary of a phone or walk-in complaint."""
    head = r.choice(
        [
            "客户来电反映：",
            "用户来电投诉，称",
            "【工单】客户",
            "营业厅受理：用户反映",
            f"客户{slots.hans_phone(r)}来电反映",
        ]
    )
    body = _strip_end(_first_person_to_third(core)) + "。"
    repeat = r.choice(["", "", f"重复投诉，前单号{slots.order(r)}。", "用户称已多次反映。"])
    want = r.choice(["客户诉求：", "用户要求"]) + r.choice(ZH_DEMANDS) + "。"
    mood = r.choice(["", "客户情绪激动，", "用户表示不满，"])
    threat = r.choice(ZH_THREATS).replace("我", "其") + "。" if r.random() < 0.2 else ""
    tail = r.choice(["请相关部门尽快处理。", "请核实处理并回复客户。", "已致歉，转后台处理。"])
    return head + body + repeat + mood + want + threat + tail


def hans_sms(r: random.Random, core: str) -> str:
    """An SMS in shorthand: short, no punctuation, urgent."""
    text = re.split(r"[，。！？]", _strip_end(core))[0]
    return text + r.choice([" 速回", " 怎么回事", " 赶紧处理", "", "？", " 急"])


def hans_repeat(r: random.Random, core: str) -> str:
    """A message reporting the same problem again."""
    marker = r.choice(ZH_REPEAT)
    return (
        (marker + _strip_end(core) + r.choice(["！", "，到底管不管？", "，还要我说几遍？"]))
        if marker != "又"
        else "又来了，" + _strip_end(core) + "！"
    )


# ---------------------------------------------------------------- traditional Chinese


def hant_plain(r: random.Random, core: str) -> str:
    """A chat or forum message in traditional script."""
    return _strip_end(core) + r.choice(["", "，要求" + r.choice(HANT_DEMANDS), "，請盡快處理", "！", "，好扯"])


def hant_forum(r: random.Random, core: str) -> str:
    """A PTT / LIHKG style rant."""
    pre = r.choice(["[抱怨] ", "[問卦] ", "", "真係頂唔順，", "有夠誇張，", "傻眼，"])
    post = r.choice(["，有人也這樣嗎", "，真的很扯", "，激嬲", "，無言", "，仆街", "，超火大"])
    threat = "，" + r.choice(HANT_THREATS) if r.random() < 0.25 else ""
    return pre + _strip_end(core) + post + threat + r.choice(["", "😡", "🙄", "💢"])


def hant_letter(r: random.Random, core: str) -> str:
    """A formal complaint e-mail in traditional script."""
    opener = r.choice(["您好：", "敬啟者：", "客服部門您好，"])
    who = r.choice([f"本人門號{slots.hant_phone(r)}，", "本人為貴公司多年用戶，", ""])
    demand = "，要求" + r.choice(HANT_DEMANDS) if r.random() < 0.7 else ""
    return (
        opener
        + who
        + _strip_end(core)
        + demand
        + "。"
        + r.choice(["請盡速回覆，謝謝。", "煩請處理。", "望貴公司正視此問題。"])
    )


def hant_repeat(r: random.Random, core: str) -> str:
    """The same problem, again."""
    return r.choice(["又來了，", "第三次反映了，", "已經反映過了，", "又係咁，"]) + _strip_end(core) + "！"


# ---------------------------------------------------------------- English


def en_plain(r: random.Random, core: str) -> str:
    """A chat or web-form message."""
    s = core[0].upper() + core[1:]
    return s + r.choice([".", ". " + r.choice(EN_DEMANDS) + ".", ". Please fix this.", "!"])


def en_tweet(r: random.Random, core: str) -> str:
    """A tweet at the operator's support handle."""
    handle = r.choice(EN_HANDLES)
    angry = r.choice(EN_ANGRY)
    threat = " " + r.choice(EN_THREATS) + "." if r.random() < 0.25 else ""
    tag = r.choice(["", " #fail", " #customerservice", " #neveragain"])
    return f"{handle} {core}. {angry}{threat}{tag} {r.choice([*ANGRY_EMOJI[:3], ''])}".strip()


def en_letter(r: random.Random, core: str) -> str:
    """A formal complaint e-mail."""
    opener = r.choice(["To whom it may concern,", "Dear Customer Service,", "Hello,"])
    who = r.choice(
        [
            f" My account number is {slots.en_account(r)}.",
            f" My number is {slots.en_phone(r)}.",
            " I have been a customer for over ten years.",
            "",
        ]
    )
    s = core[0].upper() + core[1:]
    extra = r.choice(
        [
            " I have called several times and nothing has changed.",
            " This has caused me real trouble.",
            f" I first raised this {slots.en_date(r)}.",
            "",
        ]
    )
    demand = " " + r.choice(EN_DEMANDS) + "." if r.random() < 0.7 else ""
    threat = " Otherwise I will be " + r.choice(EN_THREATS) + "." if r.random() < 0.25 else ""
    return f"{opener}{who} {s}.{extra}{demand}{threat} Regards"


def en_workorder(r: random.Random, core: str) -> str:
    """An agent's note of a call."""
    head = r.choice(["Cust called re:", "Customer states", "Caller reports", f"Cx {slots.en_phone(r)} called:"])
    core = re.sub(r"\bI\b", "they", core)
    core = re.sub(r"\bmy\b", "their", core)
    core = re.sub(r"\bme\b", "them", core)
    want = r.choice(
        [
            "Cust wants a [refund](remedy)",
            "Requesting a [credit](remedy)",
            "Wants the issue [fixed](remedy)",
            "Cust wants to [cancel](remedy)",
            "Asked for a [refund](remedy)",
            "Wants a [credit](remedy)",
        ]
    )
    closing = r.choice(["Escalated.", "Ticket raised.", "Apologised, sent to tier 2.", ""])
    return f"{head} {core}. {want}. {closing}".strip()


def en_sms(r: random.Random, core: str) -> str:
    """A text in shorthand."""
    s = core.lower()
    for a, b in (
        (" you ", " u "),
        (" your ", " ur "),
        (" please", " pls"),
        (" are ", " r "),
        (" for ", " 4 "),
    ):
        s = s.replace(a, b)
    return s + r.choice([" pls fix asap", " wtf", "", " ??", " fix it"])


def en_repeat(r: random.Random, core: str) -> str:
    """The same problem, again."""
    return r.choice(EN_REPEAT) + core[0].upper() + core[1:] + "."


COMPLAINT_REGISTERS = {
    "zh-Hans": [hans_plain, hans_weibo, hans_letter, hans_workorder, hans_sms, hans_repeat],
    "zh-Hant": [hant_plain, hant_forum, hant_letter, hant_repeat],
    "en": [en_plain, en_tweet, en_letter, en_workorder, en_sms, en_repeat],
}


# ---------------------------------------------------------------- non-complaints


OTHER_TAILS = ["", "", "~", "!", "😂", "🤣", "[哈哈]", "[doge]", "...", "？", "👋", "[吃瓜]"]


def chatter(r: random.Random, text: str, lang: str) -> str:
    """Chit-chat, spam and noise as it arrives: sometimes at an operator's account, with emoji."""
    if r.random() < 0.3:
        handle = r.choice(EN_HANDLES) if lang == "en" else r.choice(WEIBO_AT)
        text = f"{handle} {text}"
    return text + r.choice(OTHER_TAILS)


def soft(r: random.Random, text: str, lang: str, kind: str) -> str:
    """A polite or casual frame for a question, suggestion or compliment."""
    if kind == "other":
        return chatter(r, text, lang)
    if lang == "en":
        pre = {
            "inquiry": ["", "Hi, ", "Quick question: ", "Hello, "],
            "suggestion": ["", "Just a thought: ", "Feedback: "],
            "praise": ["", "Just wanted to say ", ""],
        }.get(kind, [""])
        post = {
            "praise": ["", " 👍", " Thanks!", " ❤️"],
            "inquiry": ["", "?", " thanks"],
            "suggestion": ["", ". Thanks", "."],
        }.get(kind, [""])
        if kind == "praise" and r.random() < 0.3:
            return r.choice(EN_HANDLES) + " " + text + r.choice(post)
        return r.choice(pre) + text + r.choice(post)
    pre_zh = {
        "inquiry": ["", "你好，", "您好，", "麻烦问下，", "请问"],
        "suggestion": ["", "提个建议：", "个人建议，", "希望"],
        "praise": ["", "必须表扬一下，", "点赞！", ""],
    }.get(kind, [""])
    post_zh = {
        "praise": ["", "👍", "[赞]", "，谢谢！", "，辛苦了"],
        "inquiry": ["", "，谢谢", "？"],
        "suggestion": ["", "，谢谢", "。"],
    }.get(kind, [""])
    if lang == "zh-Hant":
        pre_zh = [
            p.replace("你好", "你好")
            .replace("请问", "請問")
            .replace("麻烦问下", "想問一下")
            .replace("提个建议", "提個建議")
            .replace("个人建议", "個人建議")
            .replace("点赞", "按讚")
            for p in pre_zh
        ]
        post_zh = [p.replace("谢谢", "謝謝").replace("辛苦了", "辛苦了") for p in post_zh]
    if kind == "praise" and lang == "zh-Hans" and r.random() < 0.3:
        return r.choice(WEIBO_AT) + " " + text + r.choice(HAPPY_EMOJI)
    if kind == "inquiry" and text.startswith(("请问", "請問")):
        return text + r.choice(post_zh)
    return r.choice(pre_zh) + text + r.choice(post_zh)
