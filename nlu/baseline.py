"""KeywordBaseline: an honest keyword classifier that fills the NLU port until a model is trained.

It is deliberately simple (substring lists, first match wins) and is named as a baseline in every
label it produces (`model: "keyword-baseline"`), so nobody mistakes it for the real model.
"""

from __future__ import annotations

import re
from datetime import datetime

from core.domain.labels import Business, Category, EntityType, Kind, Language
from core.domain.messages import Entity, NluResult

# characters that exist only in traditional script; enough of them mark zh-Hant
_TRADITIONAL = set(
    "們這個裡說話費實網絡認務辦態實際對問題與為後來時間號碼帳單錢線斷線訊號設備還沒處應該電視寬頻營業廳門"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]{2,}")

_COMPLAINT = [
    "投诉",
    "投訴",
    "不满",
    "不滿",
    "怎么回事",
    "搞什么",
    "太差",
    "垃圾",
    "坑",
    "骗",
    "騙",
    "退钱",
    "退費",
    "退费",
    "赔偿",
    "賠償",
    "要求",
    "为什么",
    "為什麼",
    "断网",
    "斷網",
    "没信号",
    "沒信號",
    "乱扣",
    "亂扣",
    "多扣",
    "扣费",
    "扣費",
    "complain",
    "unacceptable",
    "terrible",
    "worst",
    "refund",
    "ridiculous",
    "overcharged",
    "charged me",
    "not working",
    "down again",
    "no signal",
    "rude",
    "scam",
    "fix",
    "still no",
    "why did you",
]
_SUGGESTION = [
    "建议",
    "建議",
    "希望能",
    "希望可以",
    "能不能增加",
    "suggest",
    "it would be nice",
    "would be great if",
    "please consider",
]
_PRAISE = [
    "表扬",
    "表揚",
    "感谢",
    "感謝",
    "谢谢",
    "謝謝",
    "点赞",
    "給力",
    "给力",
    "thank",
    "great job",
    "kudos",
    "well done",
    "appreciate",
]
_INQUIRY = [
    "请问",
    "請問",
    "怎么办理",
    "如何",
    "多少钱",
    "多少錢",
    "查询",
    "查詢",
    "？",
    "?",
    "how do i",
    "how can i",
    "what is",
    "is there",
    "can i",
    "where is",
]

_CATEGORIES: list[tuple[Category, list[str]]] = [
    (
        Category.UNAUTHORIZED_SERVICE,
        [
            "没订",
            "沒訂",
            "未订购",
            "未訂購",
            "擅自开通",
            "擅自開通",
            "莫名其妙开通",
            "增值业务",
            "增值業務",
            "会员",
            "會員",
            "didn't sign up",
            "never ordered",
            "without my consent",
            "subscription i never",
        ],
    ),
    (
        Category.HARASSMENT_PRIVACY,
        ["骚扰", "騷擾", "推销电话", "推銷電話", "垃圾短信", "泄露", "洩露", "spam", "telemarketing", "leaked"],
    ),
    (Category.FAULT_REPAIR, ["报修", "報修", "维修", "維修", "修了", "师傅没来", "師傅沒來", "repair", "technician"]),
    (
        Category.INSTALLATION,
        ["安装", "安裝", "装机", "裝機", "移机", "移機", "拆机", "拆機", "installation", "install", "relocat"],
    ),
    (
        Category.SUSPENSION,
        ["停机", "停機", "复机", "復機", "被停", "suspended", "cut off my service", "disconnected my"],
    ),
    (
        Category.SERVICE_ATTITUDE,
        ["态度", "態度", "挂电话", "掛電話", "推诿", "推諉", "不耐烦", "不耐煩", "rude", "hung up", "attitude"],
    ),
    (
        Category.BILLING,
        [
            "扣费",
            "扣費",
            "乱扣",
            "亂扣",
            "多扣",
            "话费",
            "話費",
            "账单",
            "帳單",
            "费用",
            "費用",
            "收费",
            "收費",
            "月租",
            "退费",
            "退費",
            "bill",
            "charge",
            "fee",
            "overcharg",
            "refund",
            "invoice",
        ],
    ),
    (
        Category.NETWORK_QUALITY,
        [
            "信号",
            "訊號",
            "信號",
            "网速",
            "網速",
            "断网",
            "斷網",
            "掉线",
            "掉線",
            "卡顿",
            "卡頓",
            "打不通",
            "上不了网",
            "signal",
            "slow",
            "outage",
            "dropped",
            "no service",
            "internet is down",
            "connection",
        ],
    ),
    (Category.PRODUCT_QUALITY, ["光猫", "光貓", "路由器", "机顶盒", "機頂盒", "app", "router", "modem", "set-top"]),
    (
        Category.HANDLING_ERROR,
        [
            "办错",
            "辦錯",
            "没办",
            "沒辦",
            "承诺",
            "承諾",
            "携号转网",
            "攜號轉網",
            "套餐没改",
            "promised",
            "port",
            "wrong plan",
        ],
    ),
]

_BUSINESS: list[tuple[Business, list[str]]] = [
    (
        Business.VALUE_ADDED,
        ["会员", "會員", "增值", "彩铃", "彩鈴", "云盘", "雲端", "视频包", "membership", "subscription", "cloud"],
    ),
    (Business.TV, ["iptv", "电视", "電視", "机顶盒", "機頂盒", "tv", "set-top"]),
    (
        Business.BROADBAND,
        [
            "宽带",
            "寬帶",
            "寬頻",
            "光纤",
            "光纖",
            "光猫",
            "wifi",
            "broadband",
            "fibre",
            "fiber",
            "router",
            "home internet",
        ],
    ),
    (Business.FIXED_LINE, ["固话", "固話", "座机", "座機", "landline"]),
    (
        Business.MOBILE,
        ["手机", "手機", "流量", "5g", "4g", "短信", "漫游", "漫遊", "sim", "mobile", "cell", "phone plan", "data"],
    ),
]

_THREATS = [
    "工信部",
    "通信管理局",
    "消协",
    "消協",
    "12315",
    "315",
    "媒体",
    "媒體",
    "曝光",
    "记者",
    "記者",
    "律师",
    "律師",
    "起诉",
    "起訴",
    "法院",
    "fcc",
    "bbb",
    "attorney general",
    "lawyer",
    "sue",
    "news",
]
_REPEATS = ["又", "再次", "第三次", "第二次", "already reported", "third time", "again"]

_PHONE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?!\d)")
_AMOUNT = re.compile(r"(?:[￥¥$]\s?\d+(?:\.\d+)?|\d+(?:\.\d+)?\s?(?:元|块钱|块|塊|dollars?))")


def detect_language(text: str) -> Language:
    """zh-Hant when traditional-only characters appear, zh-Hans for other Chinese, else en."""
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    if cjk == 0:
        return Language.EN
    if latin > cjk:
        return Language.MIXED
    return Language.ZH_HANT if sum(ch in _TRADITIONAL for ch in text) >= 2 else Language.ZH_HANS


def _first(text: str, table: list[tuple[Category, list[str]]] | list[tuple[Business, list[str]]]) -> object:
    for label, words in table:
        if any(w in text for w in words):
            return label
    return None


class KeywordBaseline:
    """The NLU port filled by keyword lists; see the module docstring."""

    name = "keyword-baseline"

    async def classify(self, text: str, *, received_at: datetime) -> NluResult:
        lowered = text.lower()[:5000]
        language = detect_language(lowered)
        if any(w in lowered for w in _COMPLAINT):
            kind = Kind.COMPLAINT
        elif any(w in lowered for w in _PRAISE):
            kind = Kind.PRAISE
        elif any(w in lowered for w in _SUGGESTION):
            kind = Kind.SUGGESTION
        elif any(w in lowered for w in _INQUIRY):
            kind = Kind.INQUIRY
        elif _first(lowered, _CATEGORIES) is not None:
            # "my broadband is down" with no angry words is still a fault report
            kind = Kind.COMPLAINT
        else:
            kind = Kind.OTHER
        category = _first(lowered, _CATEGORIES) if kind is Kind.COMPLAINT else None
        if kind is Kind.COMPLAINT and category is None:
            category = Category.OTHER
        business = _first(lowered, _BUSINESS) or Business.UNKNOWN
        entities = [
            Entity(EntityType.PHONE, m.group(0), m.start(), m.end(), re.sub(r"\D", "", m.group(0)))
            for m in _PHONE.finditer(text)
        ]
        entities += [Entity(EntityType.AMOUNT, m.group(0), m.start(), m.end()) for m in _AMOUNT.finditer(text)]
        entities.sort(key=lambda e: e.start)
        assert category is None or isinstance(category, Category)
        assert isinstance(business, Business)
        return NluResult(
            kind=kind,
            category=category,
            business=business,
            entities=tuple(entities),
            language=language,
            # keyword hits carry no calibrated probability: a flat, visibly low confidence
            confidence={"kind": 0.5, "category": 0.5 if category else 0.0, "business": 0.5},
            model=self.name,
            risk_signals=tuple(w for w in _THREATS if w in lowered),
            repeat_signals=tuple(w for w in _REPEATS if w in lowered),
        )
