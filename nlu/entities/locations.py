"""Places: Chinese addresses (芒市大街, 某小区3号楼2单元, XX路XX号), known places, English "in X"/"X area"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from core.domain.labels import EntityType
from nlu.entities.gazetteer import EN_NOT_PLACES, EN_PLACES, ZH_PLACES, word_set
from nlu.entities.spans import Candidate

# Characters that end a place name on its left: particles, pronouns, verbs of going and living.
# A name is the run of other characters before a suffix, so "我家住在芒市大街" yields 芒市大街.
_STOP = (
    "的在住到去从是了与及或我你他她它们这那个说就也都还又很太被把给让对向往于近位址处"
    "该此每各所其附要求请想需没不无有啊吧呢吗呀哦嗯里边上下逛条整个些啥跑走来回过连谢感和跟及司"
)
_NAME_CLASS = rf"(?:(?![{_STOP}])[\u4e00-\u9fffXx×某])"
_NUM = r"(?:[0-9]{1,5}|[一二三四五六七八九十]{1,3}|[Xx×]{1,3}|某)"
# suffixes, longest first; the lookaheads drop words that merely end in a suffix character
_SUFFIX = (
    r"(?:大街|大道|街道|胡同|小区|花园|家园|新村|公寓|大厦|广场|号院"
    r"|园(?!区|长|丁)|路(?!由|费|况|线|径|过)|街(?!坊)|巷|苑|村|镇|乡(?!下)"
    r"|(?<![盲专误郊片社地])区(?!别|分|域|号)|县|(?<![门超城都上])市(?!场|值|民)|省(?!钱|心|份))"
)
_UNIT = rf"{_NAME_CLASS}{{1,4}}?{_SUFFIX}"
_TAIL = rf"(?:{_NUM}(?:号楼|号院|栋|幢|座|单元|室|层|楼|号|弄))"
_CHAIN = re.compile(rf"(?:{_UNIT})+{_TAIL}*")
# building parts on their own: 3号楼, 3号楼2单元, 2单元301室
_BUILDING = re.compile(rf"(?<![0-9]){_NUM}(?:号楼|栋|幢|单元)(?:{_TAIL})*")

# whole units that are ordinary words, not places
_GENERIC = word_set(
    "全村 本村 全镇 全县 本县 地区 城区 市区 盲区 专区 误区 服务区 覆盖区 郊区 山区 片区 园区 本区 全区"
    " 各区 城市 超市 门市 上市 都市 本市 全市 线路 网路 电路 道路 马路 一路 思路"
    " 套路 出路 公路 街道 乡村 农村 社区 小区 本省 全省 外省 外地 省 市 区 县"
    " 公园 花园 家园 校园 乐园 园 后街 老街 小巷 花园 广场 大厦 公寓 号院 新村"
    " 家园 村 镇 乡 苑 巷 路 街 大街 大道"
)
_UNIT_SPLIT = re.compile(_UNIT)
_COMPOUNDS = frozenset({"小区", "花园", "家园", "新村", "公寓", "大厦", "广场", "苑"})

_ZH_PLACE = re.compile("|".join(sorted(ZH_PLACES, key=len, reverse=True)))
_EN_PLACE_NAMES = "|".join(re.escape(p) for p in sorted(EN_PLACES, key=len, reverse=True))
_EN_KNOWN = re.compile(
    rf"(?<![A-Za-z])(?:(?:downtown|uptown|north|south|east|west|greater|central)\s+)?(?:{_EN_PLACE_NAMES})"
    r"(?:,\s*[A-Z]{2}(?![A-Za-z]))?(?:\s+area)?(?![A-Za-z])",
)
_CAP = r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}"
_EN_IN = re.compile(rf"(?<![A-Za-z])(?:in|near|around|outside)\s+(?P<place>{_CAP})(?![A-Za-z])")
_EN_AREA = re.compile(rf"(?<![A-Za-z])(?P<place>{_CAP})\s+area(?![A-Za-z])")
_EN_STREET = re.compile(
    r"(?<![0-9A-Za-z])[0-9]{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}"
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Lane|Ln|Way|Court|Ct|Place|Pl)\.?(?![A-Za-z])"
)
# without a house number only the unambiguous words: "Dr" may be a doctor, "Way" a way
_EN_NAMED_STREET = re.compile(
    r"(?<![0-9A-Za-z])(?P<name>(?:[A-Z][a-z]+\s+){1,2})(?:Street|Avenue|Road|Boulevard|Lane)(?![A-Za-z])"
)


def _chain_start(text: str, start: int, end: int) -> int | None:
    """Where the chain really starts once leading generic units (小区, 城市) are dropped."""
    pos = start
    units: list[str] = []
    for unit in _UNIT_SPLIT.finditer(text, start, end):
        if unit.start() != pos:
            break
        if unit.group(0) not in _GENERIC:
            return pos
        units.append(unit.group(0))
        pos = unit.end()
    # only generic units: still a place when a building part follows (小区3号楼) or when generic
    # words name a compound together (花园小区), not when one stands alone (我们小区)
    if pos < end or (len(units) >= 2 and units[-1] in _COMPOUNDS):
        return start
    return None


# every suffix of _SUFFIX ends in one of these: a text without any has no address chain
_SUFFIX_ENDS = frozenset("街道同区园村寓厦场院路巷苑镇乡县市省")


def _zh(folded: str) -> Iterator[tuple[int, int]]:
    for m in _CHAIN.finditer(folded) if not _SUFFIX_ENDS.isdisjoint(folded) else ():
        begin = m.start()
        # 家 belongs to names (李家村, 王家庄) but 我家 is "my home"
        if folded[begin] == "家" and begin > 0 and folded[begin - 1] in "我你他她们":
            begin += 1
        start = _chain_start(folded, begin, m.end())
        if start is not None:
            yield start, m.end()
    if "号楼" in folded or "栋" in folded or "幢" in folded or "单元" in folded:
        for m in _BUILDING.finditer(folded):
            yield m.start(), m.end()
    for m in _ZH_PLACE.finditer(folded):
        yield m.start(), m.end()


def _en(folded: str) -> Iterator[tuple[int, int]]:
    for m in _EN_KNOWN.finditer(folded):
        yield m.start(), m.end()
    for pattern in (_EN_IN, _EN_AREA):
        for m in pattern.finditer(folded):
            words = m.group("place").split()
            if words[0] in EN_NOT_PLACES:
                continue
            yield m.start("place"), m.end() if pattern is _EN_AREA else m.end("place")
    for m in _EN_STREET.finditer(folded):
        yield m.start(), m.end()
    for m in _EN_NAMED_STREET.finditer(folded):
        words = m.group("name").split()
        # "The Main Street": the article is not part of the name
        while words and words[0] in EN_NOT_PLACES:
            words.pop(0)
        if words:
            yield folded.index(words[0], m.start()), m.end()


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Touching or overlapping spans become one place: 北京 + 朝阳区建国路88号."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


_LATIN = re.compile(r"[A-Za-z]")


def find_locations(folded: str, original: str) -> Iterator[Candidate]:
    """Location candidates; the value is the place as written (folded to simplified/half-width)."""
    spans = [*_zh(folded)] if not folded.isascii() else []  # Chinese places need a Chinese suffix or name
    if _LATIN.search(folded):
        spans.extend(_en(folded))
    for start, end in _merge(spans):
        yield Candidate(EntityType.LOCATION, start, end, folded[start:end])
