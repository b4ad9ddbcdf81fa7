"""The bot's flows as data: prompts, buttons, trigger words and questions read from `bots/flows/*.yaml`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from core.domain.labels import Language

FLOWS_DIR = Path(__file__).parent / "flows"
LANGUAGES: tuple[Language, ...] = (Language.ZH_HANS, Language.ZH_HANT, Language.EN)


class FlowError(ValueError):
    """A flow file is malformed (missing language, unknown prompt, duplicate name)."""


@dataclass(frozen=True, slots=True)
class Question:
    """One thing a valid complaint needs, asked when its slot is still empty."""

    slot: str
    prompt: str
    entity: str | None = None
    answer: str = "text"  # "text": any answer is taken; "phone": the answer must hold a number
    skip_when_known: str | None = None
    categories: frozenset[str] | None = None
    retry_prompt: str | None = None
    # asked on the SMS short form too (where every question costs the customer a message)
    short_form: bool = False


@dataclass(frozen=True, slots=True)
class VagueRule:
    """Words that make a short complaint too vague to record, and the clarifying prompt."""

    prompt: str
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FlowBook:
    """Everything the engine reads from the flow files, validated once at load."""

    prompts: dict[str, dict[str, str]]
    buttons: dict[str, dict[str, str]]
    questions: tuple[Question, ...]
    vague_rules: tuple[VagueRule, ...]
    vague_max_chars: dict[str, int]
    yes_words: frozenset[str]
    no_words: frozenset[str]
    handoff_words: tuple[str, ...]
    handoff_short_words: tuple[str, ...]
    short_max_chars: dict[str, int]
    greeting_words: tuple[str, ...]
    status_words: tuple[str, ...]
    ticket_pattern: re.Pattern[str]

    def prompt(self, name: str, language: Language, **values: str) -> str:
        """The prompt `name` in `language`, placeholders filled."""
        text = self.prompts[name][language.value]
        return text.format(**values) if values else text

    def button(self, name: str, language: Language) -> str:
        """The label of button `name` in `language`."""
        return self.buttons[name][language.value]


def _read(flows_dir: Path) -> dict[str, dict[str, Any]]:
    files = sorted(flows_dir.glob("*.yaml"))
    if not files:
        raise FlowError(f"no flow files in {flows_dir}")
    return {f.stem: yaml.safe_load(f.read_text(encoding="utf-8")) or {} for f in files}


def _merge_localised(docs: dict[str, dict[str, Any]], section: str) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for stem, doc in docs.items():
        for name, texts in (doc.get(section) or {}).items():
            if name in merged:
                raise FlowError(f"{section} {name!r} defined twice ({stem}.yaml)")
            missing = [lang.value for lang in LANGUAGES if not isinstance(texts, dict) or not texts.get(lang.value)]
            if missing:
                raise FlowError(f"{stem}.yaml: {section} {name!r} lacks {', '.join(missing)}")
            merged[name] = {lang.value: str(texts[lang.value]) for lang in LANGUAGES}
    return merged


def _words(values: Any) -> tuple[str, ...]:
    return tuple(str(v).casefold() for v in values or ())


def load_flows(flows_dir: Path | None = None) -> FlowBook:
    """Read and check every flow file in `flows_dir` (default: the shipped `bots/flows`)."""
    docs = _read(flows_dir or FLOWS_DIR)
    prompts = _merge_localised(docs, "prompts")
    buttons = _merge_localised(docs, "buttons")
    complaint = docs.get("complaint", {})
    conversation = docs.get("conversation", {})
    status = docs.get("status", {})
    questions = tuple(
        Question(
            slot=q["slot"],
            prompt=q["prompt"],
            entity=q.get("entity"),
            answer=q.get("answer", "text"),
            skip_when_known=q.get("skip_when_known"),
            categories=frozenset(q["categories"]) if q.get("categories") else None,
            retry_prompt=q.get("retry_prompt"),
            short_form=bool(q.get("short_form", False)),
        )
        for q in complaint.get("questions", [])
    )
    vague = complaint.get("vague", {})
    rules = tuple(VagueRule(prompt=r["prompt"], words=_words(r["words"])) for r in vague.get("rules", []))
    referenced = [q.prompt for q in questions] + [q.retry_prompt for q in questions if q.retry_prompt]
    referenced += [r.prompt for r in rules]
    unknown = sorted({name for name in referenced if name not in prompts})
    if unknown:
        raise FlowError(f"unknown prompts referenced: {', '.join(unknown)}")
    triggers = conversation.get("triggers", {})
    answers = complaint.get("answers", {})
    # YAML 1.1 reads a bare `yes:`/`no:` key as a boolean: an empty list here is a typo, not a choice
    for key in ("confirm_words", "refuse_words"):
        if not answers.get(key):
            raise FlowError(f"complaint.yaml: answers.{key} is missing or empty")
    if not triggers.get("handoff"):
        raise FlowError("conversation.yaml: triggers.handoff is missing or empty")
    return FlowBook(
        prompts=prompts,
        buttons=buttons,
        questions=questions,
        vague_rules=rules,
        vague_max_chars={str(k): int(v) for k, v in (vague.get("max_chars") or {}).items()},
        yes_words=frozenset(_words(answers.get("confirm_words"))),
        no_words=frozenset(_words(answers.get("refuse_words"))),
        handoff_words=_words(triggers.get("handoff")),
        handoff_short_words=_words(triggers.get("handoff_short")),
        short_max_chars={str(k): int(v) for k, v in (triggers.get("short_max_chars") or {}).items()},
        greeting_words=_words(triggers.get("greeting")),
        status_words=_words(status.get("triggers", {}).get("status")),
        ticket_pattern=re.compile(status.get("triggers", {}).get("ticket_pattern", r"(?!x)x")),
    )
