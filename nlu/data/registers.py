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
# operator and complaint hashtags only: a tag naming a line of business (#宽带#) on a mobile
# complaint would teach a cue that contradicts the label
WEIBO_TAG = ["#中国移动#", "#中国电信#", "#联通#", "#投诉#", "#垃圾运营商#", "#维权#", "#黑猫投诉#", "#运营商#"]
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
# who a customer tweets at says something about the line of business (a cable company is not
# asked about a mobile line): handles by business, multi-service operators where the text is silent
_MULTI = ["@VerizonSupport", "@ATTHelp", "@BTCare", "@HKTcare"]
HANDLES_BY_BUSINESS = {
    "mobile": ["@TMobileHelp", "@CMHK", *_MULTI],
    "broadband": ["@XfinitySupport", "@SpectrumSupport", *_MULTI],
    "fixed_line": _MULTI,
    "tv": ["@XfinitySupport", "@SpectrumSupport", "@DIRECTVService", "@HKTcare"],
    "value_added": _MULTI,
    "unknown": _MULTI,
}
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


def hans_plain(r: random.Random, core: str, business: str = "unknown") -> str:
    """A chat message: the grievance, maybe a demand."""
    tail = r.choice(["", "", f"，要求{r.choice(ZH_DEMANDS)}", "，请尽快处理", "！"])
    return _strip_end(core) + tail


def hans_weibo(r: random.Random, core: str, business: str = "unknown") -> str:
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


def hans_letter(r: random.Random, core: str, business: str = "unknown") -> str:
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


def hans_workorder(r: random.Random, core: str, business: str = "unknown") -> str:
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


def hans_sms(r: random.Random, core: str, business: str = "unknown") -> str:
    """An SMS in shorthand: short, no punctuation, urgent."""
    text = re.split(r"[，。！？]", _strip_end(core))[0]
    return text + r.choice([" 速回", " 怎么回事", " 赶紧处理", "", "？", " 急"])


def hans_platform(r: random.Random, core: str, business: str = "unknown") -> str:
    """A post on a complaint platform: a form with the target, the problem and the demand."""
    target = r.choice(["中国移动", "中国电信", "中国联通", "某运营商", "中国广电", "移动公司"])
    problem = _strip_end(core)
    demand = r.choice(["退款", "赔偿损失", "道歉并退费", "解决问题", "给个说法", "取消业务并退费"])
    layout = r.choice(
        [
            f"【投诉对象】{target}【投诉问题】{problem}【投诉要求】{demand}",
            f"投诉对象：{target} 投诉问题：{problem} 投诉要求：{demand}",
            f"[投诉]{target}：{problem}。诉求：{demand}",
        ]
    )
    if r.random() < 0.4:
        layout += f"【涉诉金额】{slots.hans_amount(r)}"
    return layout


def hans_chat(r: random.Random, core: str, business: str = "unknown") -> str:
    """Several short chat lines typed in a row, as people send them to an app's online service."""
    parts = [p for p in re.split(r"[，。！？]", _strip_end(core)) if p]
    opener = r.choice(["在吗", "人工", "转人工", "你好", "客服"])
    closer = r.choice(["怎么回事", "能不能处理一下", "你们管不管", "给个解释", "？？"])
    return " ".join([opener, *parts, closer])


def hans_repeat(r: random.Random, core: str, business: str = "unknown") -> str:
    """A message reporting the same problem again."""
    marker = r.choice(ZH_REPEAT)
    return (
        (marker + _strip_end(core) + r.choice(["！", "，到底管不管？", "，还要我说几遍？"]))
        if marker != "又"
        else "又来了，" + _strip_end(core) + "！"
    )


# ---------------------------------------------------------------- traditional Chinese


def hant_plain(r: random.Random, core: str, business: str = "unknown") -> str:
    """A chat or forum message in traditional script."""
    return _strip_end(core) + r.choice(["", "，要求" + r.choice(HANT_DEMANDS), "，請盡快處理", "！", "，好扯"])


def hant_forum(r: random.Random, core: str, business: str = "unknown") -> str:
    """A PTT / LIHKG style rant."""
    pre = r.choice(["[抱怨] ", "[問卦] ", "", "真係頂唔順，", "有夠誇張，", "傻眼，"])
    post = r.choice(["，有人也這樣嗎", "，真的很扯", "，激嬲", "，無言", "，仆街", "，超火大"])
    threat = "，" + r.choice(HANT_THREATS) if r.random() < 0.25 else ""
    return pre + _strip_end(core) + post + threat + r.choice(["", "😡", "🙄", "💢"])


def hant_letter(r: random.Random, core: str, business: str = "unknown") -> str:
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


def hant_workorder(r: random.Random, core: str, business: str = "unknown") -> str:
    """A Taiwan or Hong Kong agent's note of a call or a counter visit."""
    head = r.choice(["客戶來電反映：", "用戶致電投訴，表示", "門市受理：客戶反映", "【工單】客戶表示", "客人致電話"])
    body = _strip_end(core)
    for a, b in (("我哋", "其"), ("我們", "其"), ("我家", "其家"), ("我的", "其"), ("我", "其")):
        body = body.replace(a, b)
    want = r.choice(["客戶要求", "用戶要求", "客人要求"]) + r.choice(HANT_DEMANDS) + "。"
    tail = r.choice(["請相關單位儘速處理。", "已致歉並轉後台處理。", "請協助查明回覆客戶。", ""])
    return head + body + "。" + want + tail


def hant_social(r: random.Random, core: str, business: str = "unknown") -> str:
    """A comment on an operator's Facebook fan page or a Threads post."""
    at = r.choice(["@中華電信", "@台灣大哥大", "@遠傳電信", "@CSL", "@3HK", "@SmarTone", "@中嘉寬頻", ""])
    mood = r.choice(["真的很誇張", "超傻眼", "到底在幹嘛", "有冇搞錯", "氣死", "很無言", "爛透了"])
    tail = r.choice(["", "！", "！！", "😤", "🙄", "#客服", "#申訴"])
    return f"{at} {_strip_end(core)}，{mood}{tail}".strip()


def hant_repeat(r: random.Random, core: str, business: str = "unknown") -> str:
    """The same problem, again."""
    return r.choice(["又來了，", "第三次反映了，", "已經反映過了，", "又係咁，"]) + _strip_end(core) + "！"


# ---------------------------------------------------------------- English


def en_plain(r: random.Random, core: str, business: str = "unknown") -> str:
    """A chat or web-form message."""
    s = core[0].upper() + core[1:]
    return s + r.choice([".", ". " + r.choice(EN_DEMANDS) + ".", ". Please fix this.", "!"])


def en_tweet(r: random.Random, core: str, business: str = "unknown") -> str:
    """A tweet at the support handle of an operator that sells that line of business."""
    handle = r.choice(HANDLES_BY_BUSINESS.get(business, EN_HANDLES))
    angry = r.choice(EN_ANGRY)
    threat = " " + r.choice(EN_THREATS) + "." if r.random() < 0.25 else ""
    tag = r.choice(["", " #fail", " #customerservice", " #neveragain"])
    return f"{handle} {core}. {angry}{threat}{tag} {r.choice([*ANGRY_EMOJI[:3], ''])}".strip()


def en_letter(r: random.Random, core: str, business: str = "unknown") -> str:
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


def en_workorder(r: random.Random, core: str, business: str = "unknown") -> str:
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


def en_sms(r: random.Random, core: str, business: str = "unknown") -> str:
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


def en_forum(r: random.Random, core: str, business: str = "unknown") -> str:
    """A post on a forum or a review site: a title, the story, a verdict."""
    title = r.choice(
        [
            "Avoid this company.",
            "PSA:",
            "Rant:",
            "One star.",
            "Is this normal?",
            "Need advice:",
            "Update:",
            "Long time customer here.",
        ]
    )
    s = core[0].upper() + core[1:]
    verdict = r.choice(
        [
            " Anyone else dealing with this?",
            " Support is useless.",
            " Would not recommend.",
            " Not sure what to do next.",
            " Switching providers as soon as I can.",
            "",
        ]
    )
    return f"{title} {s}.{verdict}"


def en_formal(r: random.Random, core: str, business: str = "unknown") -> str:
    """A written complaint to the company or a consumer body, in the first person, formal."""
    opener = r.choice(
        [
            "I am writing to file a formal complaint.",
            "I wish to complain about the following.",
            "This is a complaint about my service.",
            "I am submitting this complaint because I have been unable to resolve the matter.",
        ]
    )
    s = core[0].upper() + core[1:]
    history = r.choice(
        [
            f" I contacted customer service on {slots.en_date(r)} and was told it would be handled.",
            " I have called multiple times and each time I am told something different.",
            f" My account number is {slots.en_account(r)}.",
            "",
        ]
    )
    ask = r.choice(
        [
            " I am requesting a full [refund](remedy) of the charges.",
            " I would like the problem [fixed](remedy) and a written explanation.",
            " I request that my service be restored and my account corrected.",
            " I ask that you [cancel](remedy) the service without penalty.",
            "",
        ]
    )
    return f"{opener} {s}.{history}{ask}"


def en_repeat(r: random.Random, core: str, business: str = "unknown") -> str:
    """The same problem, again."""
    return r.choice(EN_REPEAT) + core[0].upper() + core[1:] + "."


COMPLAINT_REGISTERS = {
    "zh-Hans": [hans_plain, hans_weibo, hans_letter, hans_workorder, hans_sms, hans_repeat, hans_platform, hans_chat],
    "zh-Hant": [hant_plain, hant_forum, hant_letter, hant_repeat, hant_workorder, hant_social],
    "en": [en_plain, en_tweet, en_letter, en_workorder, en_sms, en_repeat, en_forum, en_formal],
}


# ---------------------------------------------------------------- non-complaints


OTHER_TAILS = ["", "", "~", "!", "😂", "🤣", "[哈哈]", "[doge]", "...", "？", "👋", "[吃瓜]"]


def chatter(r: random.Random, text: str, lang: str) -> str:
    """Chit-chat, spam and noise as it arrives: sometimes at an operator's account, with emoji."""
    if r.random() < 0.3:
        handle = r.choice(EN_HANDLES) if lang == "en" else r.choice(WEIBO_AT)
        text = f"{handle} {text}"
    return text + r.choice(OTHER_TAILS)


# agents log questions, ideas and thanks as work orders too; the same register then carries every
# kind, so the model cannot learn the kind from the frame
NOTE_HEADS = {
    "zh-Hans": {
        "inquiry": ["客户来电咨询：", "用户咨询", "【咨询】客户询问"],
        "suggestion": ["客户建议：", "用户来电提出建议：", "【建议】客户希望"],
        "praise": ["客户来电表扬：", "用户致电感谢，称", "【表扬】客户表示"],
    },
    "zh-Hant": {
        "inquiry": ["客戶來電詢問：", "用戶查詢", "【查詢】客戶詢問"],
        "suggestion": ["客戶建議：", "用戶來電提出建議：", "【建議】客戶希望"],
        "praise": ["客戶來電表揚：", "用戶致電感謝，表示", "【表揚】客戶表示"],
    },
    "en": {
        "inquiry": ["Cust called asking:", "Caller enquiry:", "Customer asks"],
        "suggestion": ["Customer suggestion:", "Caller suggests:", "Feedback logged:"],
        "praise": ["Caller wanted to pass on thanks:", "Compliment logged:", "Customer called to say"],
    },
}
NOTE_SHARE = 0.15


def note(r: random.Random, text: str, lang: str, kind: str) -> str:
    """An agent's note of a question, suggestion or compliment."""
    head = r.choice(NOTE_HEADS[lang][kind])
    if lang == "en":
        body = re.sub(r"\bmy\b", "their", re.sub(r"\bI\b", "they", text))
        return f"{head} {body}".strip()
    body = text
    for a, b in (("我们", "其"), ("我們", "其"), ("我家", "其家"), ("我的", "其"), ("我", "其")):
        body = body.replace(a, b)
    return head + body + r.choice(["", "。", "。已答复。" if lang == "zh-Hans" else "。已回覆。"])


def soft(r: random.Random, text: str, lang: str, kind: str, business: str = "unknown") -> str:
    """A polite or casual frame for a question, suggestion or compliment."""
    if kind == "other":
        return chatter(r, text, lang)
    if r.random() < NOTE_SHARE:
        return note(r, text, lang, kind)
    if lang == "en" and kind == "inquiry" and r.random() < 0.2:
        return r.choice(HANDLES_BY_BUSINESS.get(business, EN_HANDLES)) + " " + text + r.choice(["?", "", " thanks"])
    if lang == "zh-Hans" and kind in ("inquiry", "suggestion") and r.random() < 0.2:
        return r.choice(WEIBO_AT) + " " + text
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
            return r.choice(HANDLES_BY_BUSINESS.get(business, EN_HANDLES)) + " " + text + r.choice(post)
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
