"""Slot fillers for the corpus generator; each returns Rasa entity markup like `[50元](amount)`.

Phone numbers use reserved-looking or random digits; nothing here is a real customer's number.
"""

from __future__ import annotations

import random

_CN_DIGITS = "零一二三四五六七八九"


def _mark(text: str, entity: str) -> str:
    return f"[{text}]({entity})"


def _cn_number(n: int) -> str:
    # 1..999 in Chinese numerals, the way customers write amounts (一百二十, 三十八)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += _CN_DIGITS[hundreds] + "百"
        if tens == 0 and ones:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else _CN_DIGITS[tens]) + "十"
    if ones:
        out += _CN_DIGITS[ones]
    return out or "零"


def _mobile(r: random.Random) -> str:
    return r.choice(["13", "15", "18", "17", "19"]) + str(r.randint(0, 9)) + f"{r.randint(0, 99999999):08d}"


def hans_phone(r: random.Random) -> str:
    """A mainland number in one of the ways customers write it."""
    m = _mobile(r)
    text = r.choice(
        [
            m,
            m,
            f"{m[:3]}-{m[3:7]}-{m[7:]}",
            f"+86 {m[:3]} {m[3:7]} {m[7:]}",
            f"{m[:3]}****{m[7:]}",
            f"{m[:3]}****{m[9:]}",
            f"010-{r.randint(60000000, 89999999)}",
            f"0755-{r.randint(20000000, 89999999)}",
        ]
    )
    return _mark(text, "phone")


def hant_phone(r: random.Random) -> str:
    """A Taiwan or Hong Kong number."""
    text = r.choice(
        [
            f"09{r.randint(10, 99)}-{r.randint(100, 999)}-{r.randint(100, 999)}",
            f"09{r.randint(10000000, 99999999)}",
            f"{r.choice('5679')}{r.randint(100, 999)} {r.randint(1000, 9999)}",
            f"+852 {r.choice('5679')}{r.randint(1000000, 9999999)}",
        ]
    )
    return _mark(text, "phone")


def en_phone(r: random.Random) -> str:
    """A US-style number in the 555 range."""
    area = r.choice(["404", "212", "312", "646", "415", "713"])
    line = f"{r.randint(100, 199):04d}"
    text = r.choice([f"({area}) 555-{line}", f"{area}-555-{line}", f"+1 {area} 555 {line}", f"{area}.555.{line}"])
    return _mark(text, "phone")


def hans_amount(r: random.Random) -> str:
    """An amount: 50元, 5块钱, ￥128, 一百二十元, 话费 decimals."""
    n = r.choice([5, 8, 10, 15, 19, 20, 29, 30, 38, 49, 50, 59, 68, 88, 99, 100, 120, 128, 150, 199, 200, 300, 580])
    text = r.choice(
        [
            f"{n}元",
            f"{n}块",
            f"{n}块钱",
            f"￥{n}",
            f"{n}.{r.randint(1, 99):02d}元",
            f"{_cn_number(n)}元",
            f"{_cn_number(n)}块",
            f"{n}多块",
        ]
    )
    return _mark(text, "amount")


def hant_amount(r: random.Random) -> str:
    """An amount in NT$ or HK$."""
    n = r.choice([99, 120, 199, 299, 399, 499, 599, 688, 999, 1200])
    text = r.choice([f"NT${n}", f"{n}元", f"${n}", f"港幣{n}", f"{n}蚊", f"HK${n}"])
    return _mark(text, "amount")


def en_amount(r: random.Random) -> str:
    """An amount in dollars or pounds."""
    n = r.choice([5, 9.99, 12, 15, 20, 25, 35, 45.5, 60, 65, 79.99, 120, 200, 350])
    num = f"{n:.2f}" if isinstance(n, float) else str(n)
    text = r.choice([f"${num}", f"${num}", f"{num} dollars", f"£{num}", f"USD {num}"])
    return _mark(text, "amount")


def hans_date(r: random.Random) -> str:
    """A point in time: absolute or relative."""
    text = r.choice(
        [
            "昨天",
            "前天",
            "上周一",
            "上周五",
            "今天早上",
            "昨天下午三点",
            "前天晚上八点",
            "上个月",
            "这个月1号",
            f"{r.randint(1, 12)}月{r.randint(1, 28)}号",
            f"{r.randint(1, 12)}月{r.randint(1, 28)}日",
            f"2026年{r.randint(1, 11)}月{r.randint(1, 28)}日",
            f"2026-{r.randint(1, 11):02d}-{r.randint(1, 28):02d}",
        ]
    )
    return _mark(text, "datetime")


def hant_date(r: random.Random) -> str:
    """A point in time in Taiwan or Hong Kong usage."""
    text = r.choice(
        [
            "昨天",
            "前天",
            "上禮拜三",
            "琴日",
            "尋日",
            "上個月",
            f"{r.randint(1, 12)}月{r.randint(1, 28)}號",
            f"{r.randint(1, 12)}月{r.randint(1, 28)}日",
            "今朝",
        ]
    )
    return _mark(text, "datetime")


def en_date(r: random.Random) -> str:
    """A point in time in English."""
    month = r.choice(["Jan", "March", "Oct", "November", "Sept"])
    text = r.choice(
        [
            "yesterday",
            "last Tuesday",
            "last week",
            "this morning",
            "last month",
            f"{month} {r.randint(1, 28)}",
            f"{month} {r.randint(1, 28)}th",
            f"{r.randint(1, 12)}/{r.randint(1, 28)}",
            "on Monday",
        ]
    )
    return _mark(text, "datetime")


def order(r: random.Random) -> str:
    """A work-order or ticket id."""
    text = r.choice(
        [
            str(r.randint(10**17, 10**18 - 1)),
            f"T-2026-{r.randint(1, 999999):06d}",
            f"GD{r.randint(10**11, 10**12 - 1)}",
            str(r.randint(10**11, 10**12 - 1)),
        ]
    )
    return _mark(text, "order_id")


def en_account(r: random.Random) -> str:
    """An account number."""
    text = r.choice(
        [
            f"8499 {r.randint(1000, 9999)} {r.randint(1000, 9999)} {r.randint(1000, 9999)}",
            str(r.randint(10**9, 10**10 - 1)),
        ]
    )
    return _mark(text, "account")


HANS_PLACES = [
    "朝阳区望京西园三区",
    "海淀区学院路",
    "天河区体育西路",
    "浦东张江",
    "我们小区",
    "学校宿舍",
    "新小区5号楼",
    "芒市大街",
    "县城老街",
    "城中村",
    "公司楼下",
    "龙华新区",
]
HANT_PLACES = ["板橋", "觀塘", "沙田第一城", "將軍澳", "台中西屯", "新竹竹北", "旺角", "高雄鳳山"]
EN_PLACES = [
    "my neighborhood",
    "the Atlanta area",
    "downtown Chicago",
    "Mong Kok",
    "Elm Street",
    "my building",
    "the north side of town",
]

HANS_VAS = [
    "视频彩铃",
    "咪咕视频会员",
    "爱奇艺会员",
    "腾讯视频会员",
    "天翼云盘会员",
    "和彩云",
    "沃音乐",
    "手机报",
    "游戏包月",
    "阅读包月",
    "彩铃",
    "5G视频会员",
]
HANT_VAS = ["影音加值服務", "小額付費", "來電答鈴", "雲端硬碟", "遊戲點數包", "音樂串流服務"]
EN_VAS = [
    "a video streaming add-on",
    "Premium Music",
    "a cloud storage plan",
    "a ringback tone service",
    "a game subscription",
    "device protection",
]


def place(r: random.Random, lang: str) -> str:
    """A location, annotated."""
    pool = {"zh-Hans": HANS_PLACES, "zh-Hant": HANT_PLACES, "en": EN_PLACES}[lang]
    return _mark(r.choice(pool), "location")


def fill(r: random.Random, text: str, lang: str) -> str:
    """Fill every slot of a bank line for a language."""
    fillers = {
        "zh-Hans": {"amt": hans_amount, "date": hans_date, "phone": hans_phone},
        "zh-Hant": {"amt": hant_amount, "date": hant_date, "phone": hant_phone},
        "en": {"amt": en_amount, "date": en_date, "phone": en_phone},
    }[lang]
    vas = {"zh-Hans": HANS_VAS, "zh-Hant": HANT_VAS, "en": EN_VAS}[lang]
    while "{" in text:
        start = text.index("{")
        end = text.index("}", start)
        name = text[start + 1 : end]
        if name in fillers:
            value = fillers[name](r)
        elif name == "order":
            value = order(r)
        elif name == "place":
            value = place(r, lang)
        elif name == "vas":
            value = r.choice(vas)
        elif name == "acct":
            value = en_account(r)
        elif name == "n":
            value = str(r.randint(1000, 9999))
        else:
            raise KeyError(name)
        text = text[:start] + value + text[end + 1 :]
    return text
