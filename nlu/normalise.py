"""Text normalisation for the NLU: language detection, script and width folding, social markup.

Two texts come out of `normalise`: `folded`, which has exactly the length of the original (so an
index into it is an index into the original text), and `features`, the text the classifiers see
(traditional converted to simplified with Taiwan/Hong Kong vocabulary mapped, mentions and URLs
replaced by placeholder words). Entity extraction always runs on the original text; the spans of
mentions, URLs and emoji reported here index the original text too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import opencc

from core.domain.labels import Language

# Weibo mentions stop at whitespace or punctuation; names may hold CJK, letters, digits, - and _
_MENTION = re.compile(r"[@＠][\w\u4e00-\u9fff\-]{1,30}")
_URL = re.compile(
    r"(?:https?://|www\.)[^\s\u3000，。！？、；：“”‘’（）()<>\[\]]+|\b[a-z0-9-]+\.(?:cn|com|hk|tw)/\S*",
    re.IGNORECASE,
)
# Weibo's bracketed emoticons, e.g. [怒] [抓狂] [赞] [doge]
_WEIBO_EMOTICON = re.compile(r"\[[\u4e00-\u9fff\w]{1,6}\]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# words that stay English inside Chinese messages and say nothing about the language
_LOANWORDS = frozenset(
    {
        "wifi",
        "app",
        "iptv",
        "sim",
        "vip",
        "ok",
        "apn",
        "pin",
        "puk",
        "esim",
        "volte",
        "id",
        "tv",
        "ios",
        "iphone",
        "android",
        "pk",
        "qq",
        "vpn",
        "dns",
        "pppoe",
        "ont",
        "gpon",
        "hd",
        "lte",
        "nr",
    }
)
# beyond this the text is a pasted log or an attack; the head says what the message is about
MAX_FEATURE_CHARS = 4000


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of markup found in the original text."""

    kind: str  # "mention", "url", "emoji"
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Normalised:
    """The views of one message text the NLU works with.

    `folded` and `spans` are computed on demand: the classifier needs neither, and the inbound
    path should not pay for them.
    """

    original: str
    features: str
    language: Language

    @property
    def folded(self) -> str:
        """Width-folded, lower-cased original; same length, so its offsets are original offsets."""
        return _lower_keep_length(fold_width(self.original))

    @property
    def spans(self) -> tuple[Span, ...]:
        """Mentions, URLs and emoji of the (first MAX_FEATURE_CHARS of the) original text."""
        return tuple(find_spans(self.original[:MAX_FEATURE_CHARS]))

    def of_kind(self, kind: str) -> list[Span]:
        """The markup spans of one kind, in text order."""
        return [s for s in self.spans if s.kind == kind]


_DICT_DIR = Path(opencc.__file__).parent / "dictionary"
# Taiwan and Hong Kong telecom words OpenCC's phrase list lacks, mapped to the mainland word
_EXTRA_PHRASES = {
    "機上盒": "機頂盒",
    "數據機": "光貓",
    "分享器": "路由器",
    "攜碼": "攜號",
    "吃到飽": "不限量",
    "帳單": "賬單",
    "張單": "賬單",
    "帳戶": "賬戶",
    "帳號": "賬號",
    "門市": "營業廳",
    "儲值": "充值",
    "門號": "號碼",
    "月費": "月租",
    "上網量": "流量",
    "數據用量": "流量",
    "市話": "固話",
    "家用電話": "座機",
}


def _read_dict(name: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in (_DICT_DIR / name).read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        if key and values:
            out[key] = values.split(" ")[0]
    return out


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, str], frozenset[str], frozenset[str], dict[str, list[tuple[str, str]]]]:
    """Character table trad->simp, trad-only and simp-only character sets, phrases by first char."""
    ts = {k: v for k, v in _read_dict("TSCharacters.txt").items() if len(k) == 1 and len(v) == 1}
    st = {k: v for k, v in _read_dict("STCharacters.txt").items() if len(k) == 1 and len(v) == 1}
    trad_only = frozenset(k for k, v in ts.items() if k != v)
    # a character that is also its own traditional form (后, 里, 面) says nothing about the script
    simp_only = frozenset(k for k, v in st.items() if k != v and k not in ts)
    phrases = {**_read_dict("TWPhrasesRev.txt"), **_EXTRA_PHRASES}
    by_first: dict[str, list[tuple[str, str]]] = {}
    for key, value in phrases.items():
        by_first.setdefault(key[0], []).append((key, value))
    for cands in by_first.values():
        cands.sort(key=lambda kv: -len(kv[0]))
    return {ord(k): v for k, v in ts.items()}, trad_only, simp_only, by_first


def to_simplified(text: str) -> str:
    """Traditional to simplified for features, Taiwan/Hong Kong vocabulary mapped to mainland words."""
    table, _, _, by_first = _tables()
    if not _convertible_pattern().search(text):
        return text
    out: list[str] = []
    i = 0
    # only where a phrase can start (a regex finds those in C), longest phrase first, left to right
    for m in _phrase_start_pattern().finditer(text):
        at = m.start()
        if at < i:
            continue  # inside a phrase already replaced
        for key, value in by_first[text[at]]:
            if text.startswith(key, at):
                out.append(text[i:at])
                out.append(value)
                i = at + len(key)
                break
    out.append(text[i:])
    return "".join(out).translate(table)


_WIDTH_TABLE = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)} | {0x3000: " "}


def fold_width(text: str) -> str:
    """Full-width ASCII and the ideographic space to their half-width forms; keeps the length."""
    return text.translate(_WIDTH_TABLE)


def _lower_keep_length(text: str) -> str:
    # str.lower() changes the length of a few characters (İ); keep offsets exact instead
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2190-\u21ff\u2300-\u23ff\u3297\u3299]")


def is_emoji(ch: str) -> bool:
    """True for pictographic emoji and symbols customers use as emotion markers."""
    code = ord(ch)
    return (
        0x1F300 <= code <= 0x1FAFF
        or 0x2600 <= code <= 0x27BF
        or 0x1F000 <= code <= 0x1F2FF
        or (unicodedata.category(ch) == "So" and code > 0x2000)
    )


def find_spans(text: str) -> list[Span]:
    """Mentions, URLs and emoji (pictographs and Weibo [emoticons]) with original offsets."""
    spans: list[Span] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in (("url", _URL), ("mention", _MENTION), ("emoji", _WEIBO_EMOTICON)):
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            # an e-mail address is not a mention
            if kind == "mention" and m.start() > 0 and text[m.start() - 1].isalnum():
                continue
            spans.append(Span(kind, m.start(), m.end(), m.group()))
            taken.append((m.start(), m.end()))
    for m in _EMOJI.finditer(text):
        i = m.start()
        if not any(s <= i < e for s, e in taken):
            spans.append(Span("emoji", i, i + 1, m.group()))
    spans.sort(key=lambda s: s.start)
    return spans


def script_counts(text: str) -> tuple[int, int, int]:
    """(Han characters, traditional-only characters, simplified-only characters)."""
    han = len(_HAN.findall(text))
    if not han:
        return 0, 0, 0
    trad_re, simp_re = _script_patterns()
    # both character sets hold Han characters only, so the text itself can be searched
    return han, len(trad_re.findall(text)), len(simp_re.findall(text))


@lru_cache(maxsize=1)
def _convertible_pattern() -> re.Pattern[str]:
    _, trad_only, _, by_first = _tables()
    return re.compile("[" + re.escape("".join(sorted(set(trad_only) | set(by_first)))) + "]")


@lru_cache(maxsize=1)
def _phrase_start_pattern() -> re.Pattern[str]:
    _, _, _, by_first = _tables()
    return re.compile("[" + re.escape("".join(sorted(by_first))) + "]")


@lru_cache(maxsize=1)
def _script_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    # a character class counts in C what a Python loop over characters would count slowly
    _, trad_only, simp_only, _ = _tables()
    # only characters _HAN counts (not the supplementary planes), so a search of the whole text
    # counts exactly what a search of its Han characters would
    trad = sorted(c for c in trad_only if _HAN.fullmatch(c))
    simp = sorted(c for c in simp_only if _HAN.fullmatch(c))
    return re.compile("[" + re.escape("".join(trad)) + "]"), re.compile("[" + re.escape("".join(simp)) + "]")


def detect_language(text: str) -> Language:
    """zh-Hans, zh-Hant, en or mixed; text without letters counts as zh-Hans, the desk's default."""
    plain = _strip_markup(text)
    han, trad, simp = script_counts(plain)
    words = [w.lower() for w in _LATIN_WORD.findall(plain)]
    english = [w for w in words if w not in _LOANWORDS] if han else words
    # a Chinese word is about 1.5 characters long; compare like with like
    zh_units = han / 1.5
    en_units = float(len(english))
    if zh_units == 0 and en_units == 0:
        return Language.ZH_HANS
    if zh_units and en_units >= 3 and min(zh_units, en_units) / (zh_units + en_units) >= 0.3:
        return Language.MIXED
    if en_units > zh_units:
        return Language.EN
    return Language.ZH_HANT if trad > simp else Language.ZH_HANS


def _may_have_url(text: str) -> bool:
    # every URL form needs a dot or "://": most Chinese messages skip the URL scan
    return "." in text or "://" in text


def _may_have_mention(text: str) -> bool:
    return "@" in text or "＠" in text


def _strip_markup(text: str) -> str:
    if _may_have_url(text):
        text = _URL.sub(" ", text)
    if _may_have_mention(text):
        text = _MENTION.sub(" ", text)
    return text


def _features_text(text: str) -> str:
    text = fold_width(text[:MAX_FEATURE_CHARS])
    if _may_have_url(text):
        text = _URL.sub(" 网址 ", text)
    if _may_have_mention(text):
        text = _MENTION.sub(" @提及 ", text)
    text = to_simplified(text)
    text = unicodedata.normalize("NFKC", text)
    text = _lower_keep_length(text)
    # "!!!!!!" and "？？？？" say the same as two of them
    text = _REPEATED_MARK.sub(r"\1\1", text)
    return _SPACES.sub(" ", text).strip()


_REPEATED_MARK = re.compile(r"([!?！？。.~～])\1{2,}")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> Normalised:
    """All views of one message; never raises on odd input (control characters, surrogates)."""
    text = clean_input(text)
    return Normalised(original=text, features=_features_text(text), language=detect_language(text[:MAX_FEATURE_CHARS]))


def clean_input(text: object) -> str:
    """A str from whatever came in: bytes decoded leniently, lone surrogates replaced."""
    if isinstance(text, bytes | bytearray):
        text = bytes(text).decode("utf-8", errors="replace")
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    # lone surrogates (from broken JSON) make later encoding raise; replace them one for one
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    return text


# C0/C1 control characters except tab and line breaks, and the replacement character
_GARBAGE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")


def looks_binary(text: str) -> bool:
    """True when the text is mostly control or replacement characters (a pasted file, garbage)."""
    if not text:
        return False
    sample = text[:2000]
    return len(_GARBAGE.findall(sample)) / len(sample) > 0.2
