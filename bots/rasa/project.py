"""Generate the Rasa project (config, domain, NLU data) from the shared corpus in `nlu/data/`.

The shared corpus is Rasa NLU YAML already; the generator re-keys its examples by the Rasa
intent names of `bots.rasa.intents` (whatever label encoding the corpus uses), keeps entity
annotations, synonyms, regexes and lookup tables as they are, and copies the Jieba user
dictionary next to the config so the trained model is self-contained.
"""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bots.rasa.intents import Labels, labels_from_corpus

HERE = Path(__file__).parent
CONFIG_TEMPLATE = HERE / "config.yml"
DOMAIN_TEMPLATE = HERE / "domain.yml"
ENDPOINTS = HERE / "endpoints.yml"
# file names under the corpus folder taken as Jieba user dictionaries ("word [freq] [tag]" lines)
USER_DICT_GLOBS = ("*userdict*.txt", "*.dict", "jieba/*.txt")

# [text](entity), [text](entity:value), [text]{"entity": ...}
_ANNOTATION = re.compile(r"\[(?P<text>[^\]]*)\](?:\((?P<short>[^)]*)\)|(?P<json>\{[^}]*\}))")


@dataclass(frozen=True, slots=True)
class Example:
    """One training example: Rasa markup text (entity annotations kept) and its labels."""

    markup: str
    labels: Labels

    @property
    def text(self) -> str:
        """The plain message text, annotations removed."""
        return plain_text(self.markup)


@dataclass(slots=True)
class Corpus:
    """What the generator reads from the shared corpus."""

    examples: list[Example] = field(default_factory=list)
    synonyms: dict[str, list[str]] = field(default_factory=dict)
    regexes: dict[str, list[str]] = field(default_factory=dict)
    lookups: dict[str, list[str]] = field(default_factory=dict)
    user_dicts: list[Path] = field(default_factory=list)


def plain_text(markup: str) -> str:
    """Remove Rasa entity annotations from an example, keeping the annotated words."""
    return _ANNOTATION.sub(lambda m: m.group("text"), markup)


def load_corpus(source: Path | Iterable[Path]) -> Corpus:
    """Read every `*.yml`/`*.yaml` NLU file under `source` (a folder, a file or a list of them)."""
    paths = _nlu_files(source)
    if not paths:
        raise FileNotFoundError(f"no Rasa NLU YAML files in {source}")
    corpus = Corpus()
    for path in paths:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in document.get("nlu") or []:
            _add_item(corpus, item, path)
    roots = [source] if isinstance(source, Path) else list(source)
    for root in roots:
        if root.is_dir():
            for pattern in USER_DICT_GLOBS:
                corpus.user_dicts.extend(sorted(root.glob(pattern)))
    if not corpus.examples:
        raise ValueError(f"the corpus in {source} has no intent examples")
    return corpus


def _nlu_files(source: Path | Iterable[Path]) -> list[Path]:
    roots = [source] if isinstance(source, Path) else list(source)
    files: list[Path] = []
    for root in roots:
        if root.is_dir():
            files.extend(p for p in sorted(root.rglob("*")) if p.suffix in {".yml", ".yaml"})
        elif root.is_file():
            files.append(root)
    # only files that carry NLU data (the corpus folder may hold other YAML, e.g. a manifest)
    return [p for p in files if _has_nlu_key(p)]


def _has_nlu_key(path: Path) -> bool:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML: {exc}") from exc
    return isinstance(document, dict) and "nlu" in document


def _add_item(corpus: Corpus, item: dict[str, Any], path: Path) -> None:
    if "intent" in item:
        intent_meta = item.get("metadata") if isinstance(item.get("metadata"), dict) else None
        for markup, example_meta in _examples(item.get("examples")):
            meta = {**(intent_meta or {}), **(example_meta or {})}
            try:
                labels = labels_from_corpus(str(item["intent"]), meta)
            except ValueError as exc:
                raise ValueError(f"{path}: {exc}") from exc
            corpus.examples.append(Example(markup, labels))
    elif "synonym" in item:
        corpus.synonyms.setdefault(str(item["synonym"]), []).extend(m for m, _ in _examples(item.get("examples")))
    elif "regex" in item:
        corpus.regexes.setdefault(str(item["regex"]), []).extend(m for m, _ in _examples(item.get("examples")))
    elif "lookup" in item:
        corpus.lookups.setdefault(str(item["lookup"]), []).extend(m for m, _ in _examples(item.get("examples")))


def _examples(raw: Any) -> Iterator[tuple[str, dict[str, Any] | None]]:
    """Rasa allows a "- text" block string or a list of {text, metadata} mappings."""
    if isinstance(raw, str):
        for line in raw.splitlines():
            stripped = line.strip()
            if stripped.startswith("- "):
                yield stripped[2:].strip(), None
            elif stripped == "-":
                continue
    elif isinstance(raw, list):
        for entry in raw:
            if isinstance(entry, dict) and "text" in entry:
                meta = entry.get("metadata")
                yield str(entry["text"]).strip(), meta if isinstance(meta, dict) else None
            elif isinstance(entry, str):
                yield entry.strip(), None


def write_project(corpus: Corpus, out_dir: Path, *, epochs: int | None = None) -> Path:
    """Write config.yml, domain.yml, endpoints.yml and data/nlu.yml into `out_dir`; returns it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    data_dir = out_dir / "data"
    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir()

    config = yaml.safe_load(CONFIG_TEMPLATE.read_text(encoding="utf-8"))
    dict_dir = out_dir / "jieba"
    if dict_dir.exists():
        shutil.rmtree(dict_dir)
    for component in config["pipeline"]:
        if component["name"] == "JiebaTokenizer" and corpus.user_dicts:
            dict_dir.mkdir()
            for index, user_dict in enumerate(corpus.user_dicts):
                shutil.copyfile(user_dict, dict_dir / f"{index:02d}-{user_dict.name}")
            component["dictionary_path"] = str(dict_dir.resolve())
        if component["name"] == "DIETClassifier" and epochs is not None:
            component["epochs"] = epochs
    _dump(config, out_dir / "config.yml")

    by_intent: dict[str, list[str]] = defaultdict(list)
    for example in corpus.examples:
        by_intent[example.labels.intent()].append(example.markup)

    domain = yaml.safe_load(DOMAIN_TEMPLATE.read_text(encoding="utf-8"))
    domain["intents"] = sorted(by_intent)
    _dump(domain, out_dir / "domain.yml")
    shutil.copyfile(ENDPOINTS, out_dir / "endpoints.yml")

    nlu: list[dict[str, Any]] = []
    for intent in sorted(by_intent):
        nlu.append({"intent": intent, "examples": _block(_unique(by_intent[intent]))})
    for kind, table in (("synonym", corpus.synonyms), ("regex", corpus.regexes), ("lookup", corpus.lookups)):
        for name in sorted(table):
            nlu.append({kind: name, "examples": _block(_unique(table[name]))})
    _dump({"version": "3.1", "nlu": nlu}, data_dir / "nlu.yml")
    return out_dir


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


class _Block(str):
    """A string dumped as a YAML literal block, the way Rasa's own files write examples."""


def _block(lines: list[str]) -> _Block:
    # a multi-line example (a letter) would break the block; Rasa treats newlines as spaces anyway
    return _Block("".join(f"- {' '.join(line.split())}\n" for line in lines))


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Block, lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style="|")
)


def _dump(document: dict[str, Any], path: Path) -> None:
    path.write_text(
        yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000),
        encoding="utf-8",
    )
