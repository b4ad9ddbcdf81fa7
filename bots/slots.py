"""Slot filling: complaint details taken from NLU entities and from answers to the pending question."""

from __future__ import annotations

import re
import unicodedata

from core.domain.messages import Entity

SLOT_MAX_CHARS = 200  # one detail; a pasted essay is kept in the description, not in a slot
DESCRIPTION_MAX_CHARS = 1000
# service hotlines are phone entities (taxonomy §4) but never the customer's contact number
HOTLINES = frozenset({"10000", "10010", "10086", "10060", "95555", "12315", "12300"})
_PHONE_IN_TEXT = re.compile(r"\+?\(?\d[\d\s\-()]{5,18}\d")


def letters(text: str) -> str:
    """The letters and digits of `text`, case-folded: what length limits and word matches count."""
    return "".join(ch for ch in text.casefold() if unicodedata.category(ch)[0] in {"L", "N"})


def bare(text: str) -> str:
    """`text` case-folded with punctuation and symbols dropped and spaces squeezed, for whole-answer matches."""
    kept = "".join(ch if unicodedata.category(ch)[0] in {"L", "N"} else " " for ch in text.casefold())
    return " ".join(kept.split())


def clip(text: str, limit: int = SLOT_MAX_CHARS) -> str:
    """`text` stripped and cut to `limit` characters (with an ellipsis when cut)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def contact_phone(text: str) -> str | None:
    """The phone number in `text` when it can be a customer's contact (7 to 15 digits, not a hotline)."""
    digits = re.sub(r"\D", "", text)
    if "*" in text or digits in HOTLINES or not 7 <= len(digits) <= 15:
        return None
    return text.strip()


def phone_in_answer(text: str) -> str | None:
    """A contact number written anywhere in a free-text answer ("我的电话是138 1234 5678")."""
    for match in _PHONE_IN_TEXT.finditer(text):
        found = contact_phone(match.group(0))
        if found:
            return found
    return None


def mask_phone(phone: str) -> str:
    """`13812345678` as `138****5678` (policy §9): summaries may be shown on shared screens."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 7:
        return phone
    return digits[:3] + "****" + digits[-4:]


def fill_from_entities(slots: dict[str, str], entities: tuple[Entity, ...], wanted: dict[str, str]) -> list[str]:
    """Fill empty slots from entities (`wanted` maps entity type to slot); returns the slots filled."""
    filled: list[str] = []
    for entity in entities:
        slot = wanted.get(entity.type.value)
        if slot is None or slots.get(slot):
            continue
        value = contact_phone(entity.text) if slot == "phone" else clip(entity.text)
        if value:
            slots[slot] = value
            filled.append(slot)
    return filled
