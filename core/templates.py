"""Customer-facing message templates in zh-Hans, zh-Hant and English."""

from __future__ import annotations

import string
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from core.domain.labels import Language, TicketStatus

TEMPLATES_FILE = Path(__file__).with_name("templates.yaml")
REPLY_LANGUAGES = (Language.ZH_HANS, Language.ZH_HANT, Language.EN)
REPLY_LANGUAGE_VALUES = frozenset(lang.value for lang in REPLY_LANGUAGES)

STATUS_NAMES: dict[TicketStatus, dict[Language, str]] = {
    TicketStatus.NEW: {Language.ZH_HANS: "已受理", Language.ZH_HANT: "已受理", Language.EN: "registered"},
    TicketStatus.DISPATCHED: {Language.ZH_HANS: "已派单", Language.ZH_HANT: "已派單", Language.EN: "dispatched"},
    TicketStatus.IN_PROGRESS: {Language.ZH_HANS: "处理中", Language.ZH_HANT: "處理中", Language.EN: "in progress"},
    TicketStatus.RETURNED: {Language.ZH_HANS: "重新派单中", Language.ZH_HANT: "重新派單中", Language.EN: "being re-assigned"},
    TicketStatus.REPLIED: {Language.ZH_HANS: "已回单", Language.ZH_HANT: "已回單", Language.EN: "answered by the department"},
    TicketStatus.REVIEWED: {Language.ZH_HANS: "审核完成", Language.ZH_HANT: "審核完成", Language.EN: "reviewed"},
    TicketStatus.CLOSED: {Language.ZH_HANS: "已结单", Language.ZH_HANT: "已結單", Language.EN: "closed"},
    TicketStatus.REOPENED: {Language.ZH_HANS: "重新处理中", Language.ZH_HANT: "重新處理中", Language.EN: "reopened"},
    TicketStatus.RECORDED: {Language.ZH_HANS: "已记录", Language.ZH_HANT: "已記錄", Language.EN: "recorded"},
    TicketStatus.INVALID: {Language.ZH_HANS: "无效", Language.ZH_HANT: "無效", Language.EN: "invalid"},
}


def reply_language(detected: Language | None, customer_language: str | None) -> Language:
    """The language to answer in: the message's, else the customer's, else simplified Chinese."""
    if detected in REPLY_LANGUAGES:
        return detected
    if customer_language in REPLY_LANGUAGE_VALUES:
        return Language(customer_language)
    return Language.ZH_HANS


@cache
def _templates() -> dict[str, dict[str, str]]:
    data: Any = yaml.safe_load(TEMPLATES_FILE.read_text(encoding="utf-8"))
    return {str(k): {str(lang): str(t) for lang, t in v.items()} for k, v in data.items()}


def check_templates() -> None:
    """Fail fast when a template lacks a language; called at start-up."""
    for name, by_lang in _templates().items():
        missing = [lang.value for lang in REPLY_LANGUAGES if lang.value not in by_lang]
        if missing:
            raise ValueError(f"template {name!r} lacks {', '.join(missing)}")
        for text in by_lang.values():
            list(string.Formatter().parse(text))  # raises on a malformed placeholder


def render(name: str, language: Language, **values: Any) -> str:
    """Fill template `name` in `language` with `values`."""
    lang = language if language in REPLY_LANGUAGES else Language.ZH_HANS
    return _templates()[name][lang.value].format(**values)


def format_deadline(due: datetime, zone: Any, language: Language) -> str:
    """A deadline as the customer reads it, in the operator's time zone."""
    local = due.astimezone(zone)
    if language is Language.EN:
        return local.strftime("%d %b %Y %H:%M")
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def status_name(status: TicketStatus, language: Language) -> str:
    """A ticket status in the customer's words."""
    return STATUS_NAMES[status].get(language, STATUS_NAMES[status][Language.ZH_HANS])
