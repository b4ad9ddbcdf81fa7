"""Write nlu/data/generated.yml from the phrase banks: `uv run python -m nlu.data.generate`.

Deterministic (fixed seed), so a re-run gives the same file unless the banks changed.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

from opencc import OpenCC

from nlu.corpus import intent_name, parse_markup, to_yaml
from nlu.data import bank_en, bank_hans, bank_hant, registers, slots
from nlu.entities import extract

BUSINESS = {"m": "mobile", "b": "broadband", "f": "fixed_line", "t": "tv", "v": "value_added", "u": "unknown"}
OUT = Path(__file__).parent / "generated.yml"
SEED = 2026
# renders per bank line: complaints get more, they carry eleven categories
COMPLAINT_RENDERS = {"zh-Hans": 5, "zh-Hant": 4, "en": 5}
OTHER_RENDERS = 4
# share of simplified renders also emitted in traditional script (Taiwan or Hong Kong vocabulary)
CONVERTED_SHARE = 0.3


# entity types whose spans follow the rule-based extractor (nlu/entities): the corpus marks what
# `extract` finds, so the Rasa model learns the same spans the embedded path returns (hotlines
# such as 10086 are phones, 要求退费 is one remedy, "Monday" without its "on"); order ids,
# accounts and places keep the markup written in the slots
ALIGNED_TYPES = frozenset({"phone", "amount", "datetime", "remedy"})
_EXTRACT_AT = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def align_entities(marked: str) -> str:
    """The example with phone, amount, datetime and remedy markup replaced by the extractor's spans."""
    text, annotations = parse_markup(marked)
    spans = [(a.start, a.end, a.type, a.value) for a in annotations if a.type not in ALIGNED_TYPES]
    for entity in extract(text, _EXTRACT_AT):
        kind = entity.type.value
        piece = text[entity.start : entity.end]
        if kind not in ALIGNED_TYPES or "[" in piece or "]" in piece:
            continue
        if all(entity.end <= start or entity.start >= end for start, end, _, _ in spans):
            spans.append((entity.start, entity.end, kind, None))
    out: list[str] = []
    pos = 0
    for start, end, kind, value in sorted(spans):
        out.append(text[pos:start])
        out.append(f"[{text[start:end]}]({kind}{':' + value if value else ''})")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _lines(block: str) -> list[tuple[str, str]]:
    out = []
    for line in block.strip().splitlines():
        code, _, text = line.partition("|")
        out.append((BUSINESS[code.strip()], text.strip()))
    return out


def generate() -> list[tuple[str, str, str, str, str]]:
    """(marked text, intent, business, language, source line id) for the whole generated corpus.

    The source line id groups every render of one bank line, so a benchmark can hold out whole
    grievances instead of re-dressed copies of sentences it trained on.
    """
    r = random.Random(SEED)
    to_tw, to_hk = OpenCC("s2twp"), OpenCC("s2hk")
    seen: set[str] = set()
    rows: list[tuple[str, str, str, str, str]] = []
    group = ""

    def add(text: str, intent: str, business: str, lang: str) -> None:
        key = align_entities(" ".join(text.split()))
        if key and key not in seen:
            seen.add(key)
            rows.append((key, intent, business, lang, group))

    banks = {"zh-Hans": bank_hans, "zh-Hant": bank_hant, "en": bank_en}
    for lang, bank in banks.items():
        regs = registers.COMPLAINT_REGISTERS[lang]
        for category, block in bank.COMPLAINTS.items():
            intent = intent_name("complaint", category)
            for n, (business, line) in enumerate(_lines(block)):
                group = f"{lang}/{category}/{n}"
                chosen = r.sample(regs, k=min(COMPLAINT_RENDERS[lang], len(regs)))
                for register in chosen:
                    text = register(r, slots.fill(r, line, lang), business)
                    add(text, intent, business, lang)
                    if (
                        lang == "zh-Hans"
                        and register in (registers.hans_plain, registers.hans_letter, registers.hans_workorder)
                        and r.random() < CONVERTED_SHARE
                    ):
                        add((to_tw if r.random() < 0.6 else to_hk).convert(text), intent, business, "zh-Hant")
        for kind, block in (
            ("inquiry", bank.INQUIRIES),
            ("suggestion", bank.SUGGESTIONS),
            ("praise", bank.PRAISE),
            ("other", bank.OTHERS),
        ):
            for n, (business, line) in enumerate(_lines(block)):
                group = f"{lang}/{kind}/{n}"
                renders = 1 if kind == "other" and len(line) < 6 else OTHER_RENDERS
                for _ in range(renders):
                    text = registers.soft(r, slots.fill(r, line, lang), lang, kind, business)
                    add(text, kind, business, lang)
                    if lang == "zh-Hans" and r.random() < CONVERTED_SHARE:
                        add(to_tw.convert(text), kind, business, "zh-Hant")
    return rows


USERDICT = Path(__file__).parent / "telecom_userdict.txt"
# telecom words jieba's general dictionary splits wrongly; Rasa's JiebaTokenizer loads this file
EXTRA_WORDS = (
    "携号转网",
    "停机保号",
    "障碍申告",
    "装维师傅",
    "光猫",
    "机顶盒",
    "融合套餐",
    "副卡",
    "合约机",
    "违约金",
    "流量包",
    "日租包",
    "营业厅",
    "工单号",
    "复机",
    "销号",
    "拆机",
    "移机",
    "提速包",
    "视频彩铃",
    "增值业务",
    "实名认证",
    "10086",
    "10000",
    "10010",
    "工信部",
    "通信管理局",
    "消协",
)


def userdict_lines() -> list[str]:
    """`word frequency tag` lines: the Chinese cue words of the lexicon, bank products and extras."""
    from nlu.embedded.lexicon import BUSINESS_CUES, CATEGORY_CUES

    words: dict[str, None] = {}
    for table in (BUSINESS_CUES, CATEGORY_CUES):
        for cues in table.values():
            for word in cues:
                if not word.isascii() and len(word) >= 2:
                    words[word] = None
    for word in (*slots.HANS_VAS, *EXTRA_WORDS):
        words[word] = None
    return [f"{word} 2000 n" for word in words]


def main() -> None:
    """Regenerate generated.yml and the jieba user dictionary; print how many examples each label got."""
    USERDICT.write_text("\n".join(userdict_lines()) + "\n", encoding="utf-8")
    rows = generate()
    header = "# Generated by nlu/data/generate.py from the phrase banks; edit the banks, not this file.\n"
    OUT.write_text(header + to_yaml(row[:4] for row in rows), encoding="utf-8")
    counts: dict[str, int] = {}
    for _, _, _, lang, _ in rows:
        counts[lang] = counts.get(lang, 0) + 1
    print(f"{len(rows)} examples -> {OUT} {counts}")


if __name__ == "__main__":
    main()
