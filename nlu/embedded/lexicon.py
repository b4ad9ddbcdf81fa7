"""The telecom lexicon: cue words that name a line of business, in simplified Chinese and English.

The business head sees one extra indicator feature per business a message names, the category
head one per complaint nature it has words for; what the model learns about one cue word then
transfers to every other cue of the same group, including words the corpus never used.
Matching runs on the normalised feature text (simplified script,
Taiwan/Hong Kong vocabulary already mapped, lower case).
"""

from __future__ import annotations

import re

BUSINESS_CUES: dict[str, tuple[str, ...]] = {
    "mobile": (
        "手机",
        "号码",
        "流量",
        "话费",
        "短信",
        "漫游",
        "sim",
        "4g",
        "5g",
        "信号",
        "基站",
        "副卡",
        "携号",
        "停机",
        "复机",
        "合约机",
        "套餐",
        "彩信",
        "通话",
        "接不通",
        "打不出",
        "数据",
        "月费",
        "plan",
        "mobile",
        "cell",
        "cellular",
        "lte",
        "texts",
        "text message",
        "roaming",
        "prepaid",
        "top-up",
        "top up",
        "port-in",
        "number",
        "calls",
        "call",
        "voicemail",
        "carrier",
        "esim",
        "unlimited",
        "data",
        "phone",
        "handset",
        "coverage",
        "tower",
        "port out",
        "bars",
        "dropped call",
        "calls drop",
        "hotspot",
        "phone bill",
        "my phone",
        "my line",
    ),
    "broadband": (
        "宽带",
        "光纤",
        "光猫",
        "路由器",
        "网速",
        "wifi",
        "wi-fi",
        "断网",
        "测速",
        "兆",
        "千兆",
        "拨号",
        "网线",
        "上不了网",
        "光世代",
        "router",
        "broadband",
        "internet",
        "fiber",
        "fibre",
        "modem",
        "gateway",
        "mbps",
        "gbps",
        "gigabit",
        "ethernet",
        "speed",
        "speeds",
        "download",
        "upload",
        "latency",
        "mesh",
        "extender",
        "streaming speed",
        "ping",
        "wifi",
        "connection",
    ),
    "fixed_line": (
        "座机",
        "固话",
        "固定电话",
        "拨号音",
        "电话线",
        "家里电话",
        "家里的电话",
        "landline",
        "home phone",
        "dial tone",
    ),
    "tv": (
        "电视",
        "iptv",
        "机顶盒",
        "遥控器",
        "频道",
        "点播",
        "回看",
        "直播",
        "mod",
        "有线电视",
        "魔百和",
        "天翼高清",
        "cable tv",
        "cable box",
        "set-top",
        "dvr",
        "channels",
        "channel",
        "tv",
        "remote",
        "pay-per-view",
        "cable bill",
    ),
    "value_added": (
        "会员",
        "彩铃",
        "云盘",
        "和彩云",
        "咪咕",
        "视频会员",
        "音乐",
        "游戏",
        "包月",
        "增值",
        "app",
        "积分",
        "翼支付",
        "和包",
        "小额付费",
        "点数",
        "加值",
        "subscription",
        "premium",
        "streaming",
        "music",
        "game",
        "cloud",
        "ringback",
        "add-on",
        "app",
        "membership",
        "content",
    ),
}

# more words that name a line of business (English ones matched on stems, see CueMatcher)
_MORE_BUSINESS_CUES: dict[str, tuple[str, ...]] = {
    "mobile": (
        "手机卡", "电话卡", "手机号", "流量包", "不限量", "基地台", "副号", "老人机", "打电话",
        "sms", "mms", "texting", "airtime", "minutes", "sim card", "a line", "new line", "second line",
        "wrong line", "dead zone", "signal", "reception",
    ),
    "broadband": (
        "宽带账号", "移机", "拆机", "装机", "1000m", "500m", "300m",
        "装维", "报修", "报障", "维修", "故障单", "外线",
        "技术员", "安装人员", "障碍",
        "wi-fi", "internet service", "home internet", "fiber optic", "install", "installer", "technician",
        "outage", "repair", "fault", "crew",
    ),
    "fixed_line": ("家用电话", "市话", "home number", "house phone", "junction box", "landline number"),
    "tv": ("电视盒", "机顶", "tv box", "tv service", "cable package", "sports package", "movie package"),
    "value_added": (
        "会员费", "铃音", "手机阅读", "游戏包", "视频包", "客户端", "网上营业厅", "掌上营业厅", "免密支付",
        "支付账户", "sp业务", "来电答铃", "串流", "云端", "加值服务",
        "website", "account page", "web portal", "email service", "ringtone", "horoscope", "device protection",
        "insurance", "content charge",
    ),
}
BUSINESS_CUES = {name: (*cues, *_MORE_BUSINESS_CUES.get(name, ())) for name, cues in BUSINESS_CUES.items()}

CATEGORY_CUES: dict[str, tuple[str, ...]] = {
    "billing": (
        "扣费",
        "扣了",
        "扣我",
        "多扣",
        "乱扣",
        "收费",
        "费用",
        "账单",
        "帐单",
        "月租",
        "违约金",
        "退费",
        "退款",
        "退钱",
        "发票",
        "充值",
        "到账",
        "余额",
        "欠费",
        "涨价",
        "多收",
        "漫游费",
        "超出",
        "超了",
        "元",
        "块",
        "charge",
        "charged",
        "bill",
        "billed",
        "fee",
        "fees",
        "refund",
        "invoice",
        "overcharge",
        "price",
        "autopay",
        "payment",
        "balance",
        "late fee",
        "credit",
        "$",
    ),
    "unauthorized_service": (
        "没订",
        "未订购",
        "没办过",
        "没申请",
        "不是我订",
        "莫名其妙开通",
        "被开通",
        "开通了",
        "退订",
        "自动续费",
        "没同意",
        "没经过我同意",
        "偷偷",
        "捆绑",
        "从来没",
        "never signed up",
        "without my consent",
        "without asking",
        "never ordered",
        "never requested",
        "did not authorize",
        "unauthorized",
        "free trial",
        "never asked",
        "without my permission",
        "subscribed",
    ),
    "network_quality": (
        "信号",
        "没信号",
        "网速",
        "卡顿",
        "卡",
        "掉线",
        "断线",
        "断网",
        "打不通",
        "听不清",
        "杂音",
        "发不出",
        "收不到",
        "慢",
        "转圈",
        "缓冲",
        "上不了网",
        "signal",
        "coverage",
        "slow",
        "speed",
        "drops",
        "dropped",
        "buffering",
        "outage",
        "down",
        "no service",
        "static",
        "lag",
        "freezing",
        "mbps",
        "bars",
    ),
    "fault_repair": (
        "报修",
        "报障",
        "维修",
        "修好",
        "修复",
        "障碍",
        "师傅没来",
        "没人来修",
        "工单",
        "又坏",
        "又断",
        "repair",
        "fixed",
        "technician",
        "tech",
        "ticket",
        "reported",
        "still broken",
        "broke again",
    ),
    "installation": (
        "安装",
        "装机",
        "移机",
        "拆机",
        "上门安装",
        "新装",
        "开通",
        "迁移",
        "install",
        "installation",
        "installer",
        "move",
        "moved",
        "transfer",
        "disconnect",
        "new service",
        "activation",
    ),
    "service_attitude": (
        "态度",
        "挂断",
        "挂了",
        "挂我电话",
        "推诿",
        "踢皮球",
        "不耐烦",
        "爱答不理",
        "转人工",
        "骂",
        "呵斥",
        "回电",
        "rude",
        "hung up",
        "attitude",
        "transferred",
        "on hold",
        "human",
        "callback",
        "call back",
        "condescending",
        "yelled",
        "ignored",
    ),
    "handling_error": (
        "办错",
        "没办",
        "说好的",
        "承诺",
        "答应",
        "营业员",
        "业务员",
        "携号转网",
        "携号",
        "过户",
        "补卡",
        "录错",
        "改套餐",
        "没生效",
        "没改",
        "骗",
        "promised",
        "told me",
        "sales",
        "rep said",
        "port",
        "wrong",
        "never applied",
        "not applied",
        "mistake",
        "store said",
    ),
    "product_quality": (
        "光猫",
        "路由器",
        "机顶盒",
        "死机",
        "重启",
        "闪退",
        "坏了",
        "黑屏",
        "报错",
        "发热",
        "app",
        "遥控器",
        "手机坏",
        "router",
        "modem",
        "box",
        "crash",
        "crashes",
        "reboot",
        "reboots",
        "overheat",
        "overheats",
        "freezes",
        "remote",
        "dvr",
        "gateway",
        "extender",
        "extenders",
        "battery",
        "screen",
        "esim",
        "app",
        "website",
        "device",
        "defective",
    ),
    "suspension": (
        "停机",
        "停了",
        "复机",
        "开机",
        "关停",
        "停号",
        "停用",
        "停话",
        "实名",
        "suspended",
        "shut off",
        "cut off",
        "disconnected",
        "restore",
        "restored",
        "suspension",
        "deactivated",
    ),
    "harassment_privacy": (
        "营销",
        "推销",
        "骚扰",
        "广告",
        "泄露",
        "诈骗",
        "个人信息",
        "身份证",
        "隐私",
        "退订了还",
        "marketing",
        "spam",
        "robocall",
        "telemarketing",
        "leak",
        "leaked",
        "breach",
        "privacy",
        "stop calling",
        "opted out",
        "opt out",
        "my data",
        "my id",
    ),
}

# More cue words per complaint nature: everyday English for each grievance (matched on word
# stems, so one spelling covers drop/drops/dropped/dropping) and Chinese words customers and
# agents use that the lists above lack.
_MORE_CATEGORY_CUES: dict[str, tuple[str, ...]] = {
    "billing": (
        "扣钱", "乱收费", "收了我", "退还", "多交", "返还", "计费", "资费", "价格", "贵了",
        "overcharged", "surcharge", "statement", "prorated", "overage", "double charged", "paid",
        "cost", "pricing", "price increase", "charges", "billing",
    ),
    "unauthorized_service": (
        "订购", "订了", "开通了个", "被开", "被订", "没授权", "未经", "自己开通", "包月", "扣费业务",
        "never authorized", "never agreed", "without consent", "without my knowledge", "third party",
        "signed me up", "enrolled", "opted in", "did not ask for", "didn't ask for", "never asked for",
        "never subscribed", "auto-renew", "add-on", "added",
    ),
    "network_quality": (
        "无服务", "没有信号", "信号差", "网络差", "网络不好", "延迟", "丢包", "打不出去", "接不通",
        "no signal", "dead zone", "reception", "drop", "not going through", "can't connect",
        "latency", "packet loss", "cuts out", "cut out", "choppy", "echo", "3g", "lte", "no bars",
        "won't load", "not loading", "slow speeds",
    ),
    "fault_repair": (
        "故障", "报了修", "派单", "上门维修", "修了", "没修好", "维修人员", "检修",
        "fault", "repaired", "appointment", "tech", "crew", "outage ticket", "not fixed",
    ),
    "installation": (
        "装宽带", "装好", "装上", "安装师傅", "预约安装", "新办", "开户", "接通", "拉线",
        "activate", "activated", "hookup", "set up", "connect", "disconnection", "new line",
    ),
    "service_attitude": (
        "态度恶劣", "敷衍", "推脱", "不理", "凶", "嘲笑", "排队", "打不进", "没人接", "人工",
        "supervisor", "manager", "laughed", "unprofessional", "disrespectful", "dismissive",
        "never called back", "script", "hang up", "rude", "attitude", "snippy",
    ),
    "handling_error": (
        "弄错", "搞错", "录入", "登记错", "输错", "没处理", "未生效", "错误", "误操作", "宣传",
        "by mistake", "mistake", "error", "quoted", "misled", "misleading", "lied", "processed",
        "order", "ported", "porting", "trade-in", "entered", "wrong account", "wrong plan",
    ),
    "product_quality": (
        "app", "官网", "页面", "卡死", "失灵", "自动重启", "质量", "设备", "客户端", "掌上营业厅",
        "defective", "faulty", "glitch", "bug", "freeze", "battery", "page", "button", "login",
        "log in", "firmware",
    ),
    "suspension": (
        "冻结", "单停", "双停", "封号", "停我", "被停", "恢复", "停掉", "关停了",
        "suspend", "barred", "blocked", "restricted", "frozen", "reconnect", "turned off",
        "shut down",
    ),
    "harassment_privacy": (
        "推广", "轰炸", "贷款", "信息泄露", "资料", "个人资料", "推销电话", "营销短信", "骚扰电话",
        "promo", "promotional", "telemarketer", "telemarketers", "sales call", "do not call",
        "unsubscribe", "personal information", "my info", "my details", "phishing", "sim swap",
        "identity", "my address",
    ),
}
CATEGORY_CUES = {name: (*cues, *_MORE_CATEGORY_CUES.get(name, ())) for name, cues in CATEGORY_CUES.items()}

_TOKEN = re.compile(r"[a-z0-9][a-z0-9+'-]*")
_VOWEL = re.compile(r"[aeiouy]")


def _stems(text: str) -> list[str]:
    """The stemmed English tokens of a text; both heads' matchers ask for the same message in turn."""
    global _last
    last = _last  # one read of a (text, stems) pair: safe when threads interleave
    if last[0] is text:
        return last[1]
    cache = _STEM_CACHE
    out = []
    for token in _TOKEN.findall(text):
        stemmed = cache.get(token)
        if stemmed is None:
            stemmed = stem(token)
            if len(cache) < 100_000:  # bounded: a flood of random tokens must not grow it forever
                cache[token] = stemmed
        out.append(stemmed)
    _last = (text, out)
    return out


_STEM_CACHE: dict[str, str] = {}
_last: tuple[str | None, list[str]] = (None, [])


def stem(word: str) -> str:
    """A light English stem (drops, dropped, dropping -> drop) for matching cue words."""
    if word.endswith("'s"):
        word = word[:-2]  # router's -> router
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith(("ies", "ied")) and len(word) > 4:
        return word[:-3] + "y"
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and _VOWEL.search(word[: -len(suffix)]):
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and (word[-1] not in "lszr" or word.endswith("ell")):
                word = word[:-1]
            return word.rstrip("e") if len(word) > 3 else word
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
        return word[:-1] if word.endswith("e") and len(word) > 3 else word
    return word[:-1] if word.endswith("e") and len(word) > 3 else word
_ASCII_ALNUM = re.compile(r"[a-z0-9]")


# English phrases in which a business cue word names how the customer reached us, not what the
# complaint is about: "Cust called re:", "the phone rep", "my account number" are no more about a
# mobile line than about broadband. Their tokens are removed before the English cues are matched.
BUSINESS_NOT_CUES: tuple[str, ...] = (
    "cust call", "customer call", "caller call", "call back", "callback", "call center", "call centre",
    "call them", "call you", "call me", "call us", "call customer", "call support", "call again",
    "call the", "call your", "call every", "call several", "call multiple", "call twice", "call three",
    "call a", "call and", "call to complain", "call to ask", "call to",
    "phone rep", "phone support", "phone agent", "phone line was busy", "on the phone", "by phone",
    "over the phone", "phone call", "phone queue",
    "account number", "reference number", "ticket number", "case number", "order number",
    "confirmation number", "tracking number", "complaint number", "number of",
)


# A number given as a contact ("本人号码138…", "My number is +1 415…", "客户138…来电") says how
# to reach the customer, not which line of business the complaint is about: the complaint
# registers add such frames to every label. The frame's words are dropped before matching.
CONTACT_FRAME = re.compile(
    r"(?:本人|我的|联系|回电|客户)?(?:手机号码|手机号|号码|门号|电话|手机)(?:是|为|:)?\s*(?=\+?\d)"
    r"|\b(?:my |our |the |their |contact |callback )?(?:phone |cell |mobile |contact )?number(?: is|:)\s*(?=\+?[\d(])"
)


class CueMatcher:
    """Which groups of a cue table a text names.

    Chinese cues are substring tests; English cues are whole tokens or token sequences, so "mod"
    does not fire inside "model" nor "sue" inside "issue". Plain `in` tests and a set lookup per
    token keep this at a few microseconds per message. `not_cues` are English phrases whose
    tokens are dropped before matching (see BUSINESS_NOT_CUES).
    """

    def __init__(
        self, table: dict[str, tuple[str, ...]], not_cues: tuple[str, ...] = (), frame: re.Pattern[str] | None = None
    ) -> None:
        self.frame = frame
        self.not_cues = [f" {' '.join(stem(w) for w in phrase.split())} " for phrase in not_cues]
        # a text holding none of these stems cannot hold a not-cue: skip the phrase scan
        self.not_cue_starts = {phrase.split()[0] for phrase in self.not_cues}
        self.names = list(table)
        self.substrings: list[tuple[str, int]] = []
        # substring cues by first character: a text is only tested for cues whose first
        # character it holds (a set intersection), not for every cue of the table
        self.by_first: dict[str, list[tuple[str, int]]] = {}
        self.tokens: dict[str, set[int]] = {}
        self.phrases: list[tuple[str, int]] = []
        for index, words in enumerate(table.values()):
            for word in words:
                if not word.isascii() or not word[0].isalnum():
                    self.substrings.append((word, index))
                    self.by_first.setdefault(word[0], []).append((word, index))
                elif " " in word:
                    self.phrases.append((f" {' '.join(stem(w) for w in word.split())} ", index))
                else:
                    self.tokens.setdefault(stem(word), set()).add(index)

    def __call__(self, text: str) -> list[int]:
        """Indexes (into `names`) of the groups the text has a cue for."""
        if self.frame is not None:
            text = self.frame.sub(" ", text)
        by_first = self.by_first
        found = {index for ch in by_first.keys() & set(text) for word, index in by_first[ch] if word in text}
        if _ASCII_ALNUM.search(text):
            tokens = _stems(text)
            if self.not_cues and not self.not_cue_starts.isdisjoint(tokens):
                tokens = self._without_not_cues(tokens)
            for token in tokens:
                hit = self.tokens.get(token)
                if hit:
                    found |= hit
            if self.phrases and len(tokens) > 1:
                joined = f" {' '.join(tokens)} "
                found |= {index for phrase, index in self.phrases if phrase in joined}
        return sorted(found)

    def _without_not_cues(self, tokens: list[str]) -> list[str]:
        # "|" keeps the words either side of a removed phrase from forming a phrase cue together
        joined = f" {' '.join(tokens)} "
        for phrase in self.not_cues:
            if phrase in joined:
                joined = joined.replace(phrase, " | ")
        return joined.split()


business_cues = CueMatcher(BUSINESS_CUES, BUSINESS_NOT_CUES, CONTACT_FRAME)
category_cues = CueMatcher(CATEGORY_CUES)
BUSINESS_COLUMNS = business_cues.names
CATEGORY_COLUMNS = category_cues.names
