"""The training corpus: Rasa 3.x NLU YAML under nlu/data/, read into labelled examples.

Intent scheme (see nlu/data/README.md): `complaint__<category>` for complaints, the bare kind
for everything else; the business is block-level metadata (`metadata: {business: ...}`), so one
set of examples trains the kind/category model and the business model alike.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from core.domain.labels import Business, Category, Kind

DATA_DIR = Path(__file__).parent / "data"
INTENT_SEP = "__"
# [text](entity), [text](entity:value), [text]{"entity": ..., "value": ...}
_MARKUP = re.compile(r"\[(?P<text>[^\]]+?)\](?:\((?P<entity>[^:)]+?)(?::(?P<value>[^)]+))?\)|(?P<json>\{[^}]+\}))")


@dataclass(frozen=True, slots=True)
class Annotation:
    """An entity annotated in a corpus example, offsets into the plain text."""

    type: str
    start: int
    end: int
    text: str
    value: str | None = None


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled training text."""

    text: str
    kind: Kind
    category: Category | None
    business: Business
    language: str = ""
    entities: tuple[Annotation, ...] = field(default_factory=tuple)

    @property
    def intent(self) -> str:
        """The Rasa intent this example belongs to."""
        return intent_name(self.kind, self.category)


def intent_name(kind: Kind | str, category: Category | str | None) -> str:
    """`complaint__billing` for a complaint, the kind itself otherwise."""
    kind = Kind(kind)
    if kind is Kind.COMPLAINT:
        return f"{kind.value}{INTENT_SEP}{Category(category or Category.OTHER).value}"
    return kind.value


def labels_of_intent(intent: str) -> tuple[Kind, Category | None]:
    """The (kind, category) an intent name encodes; unknown names are `other`."""
    head, _, tail = intent.partition(INTENT_SEP)
    try:
        kind = Kind(head)
    except ValueError:
        return Kind.OTHER, None
    if kind is not Kind.COMPLAINT:
        return kind, None
    try:
        return kind, Category(tail)
    except ValueError:
        return kind, Category.OTHER


def parse_markup(marked: str) -> tuple[str, tuple[Annotation, ...]]:
    """Plain text and entity annotations from Rasa's `[text](entity)` markup."""
    plain: list[str] = []
    found: list[Annotation] = []
    pos = 0
    length = 0
    for m in _MARKUP.finditer(marked):
        before = marked[pos : m.start()]
        plain.append(before)
        length += len(before)
        text = m.group("text")
        if m.group("json"):
            try:
                spec = json.loads(m.group("json"))
            except json.JSONDecodeError:
                spec = {}
            entity, value = spec.get("entity"), spec.get("value")
        else:
            entity, value = m.group("entity"), m.group("value")
        if entity:
            found.append(Annotation(str(entity), length, length + len(text), text, value))
        plain.append(text)
        length += len(text)
        pos = m.end()
    plain.append(marked[pos:])
    return "".join(plain), tuple(found)


def _examples_of_block(block: dict[str, object]) -> Iterable[str]:
    raw = block.get("examples", "")
    if isinstance(raw, str):
        for line in raw.splitlines():
            line = line.strip()
            if line.startswith("- "):
                yield line[2:].strip()
    elif isinstance(raw, list):
        for item in raw:
            if isinstance(item, dict) and "text" in item:
                yield str(item["text"]).strip()


def load_file(path: Path) -> list[Example]:
    """Examples of one NLU YAML file; blocks that are not intents (lookups, regexes) are skipped."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: list[Example] = []
    for block in doc.get("nlu", []) or []:
        if not isinstance(block, dict) or "intent" not in block:
            continue
        kind, category = labels_of_intent(str(block["intent"]))
        meta = block.get("metadata") or {}
        try:
            business = Business(meta.get("business", Business.UNKNOWN))
        except ValueError:
            business = Business.UNKNOWN
        language = str(meta.get("language", ""))
        for marked in _examples_of_block(block):
            text, entities = parse_markup(marked)
            if text:
                out.append(Example(text, kind, category, business, language, entities))
    return out


def load_corpus(data_dir: Path = DATA_DIR) -> list[Example]:
    """Every example of every `*.yml` file under `data_dir`, in a stable order."""
    out: list[Example] = []
    for path in sorted(data_dir.rglob("*.yml")):
        out.extend(load_file(path))
    return out


def corpus_files(data_dir: Path = DATA_DIR) -> list[Path]:
    """The YAML files a model is trained from (their content decides whether a model is stale)."""
    return sorted(data_dir.rglob("*.yml"))


def to_yaml(examples: Iterable[tuple[str, str, str, str]]) -> str:
    """NLU YAML for (marked_text, intent, business, language) tuples, one block per label set."""
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for marked, intent, business, language in examples:
        text = " ".join(marked.split())
        if text:
            groups[(intent, business, language)].append(text)
    lines = ['version: "3.1"', "nlu:"]
    for (intent, business, language), texts in groups.items():
        lines.append(f"- intent: {intent}")
        lines.append("  metadata:")
        lines.append(f"    business: {business}")
        if language:
            lines.append(f"    language: {language}")
        lines.append("  examples: |")
        lines.extend(f"    - {t}" for t in texts)
    return "\n".join(lines) + "\n"
