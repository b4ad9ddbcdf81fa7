"""The short complaint summary the customer confirms before a ticket is opened."""

from __future__ import annotations

from bots.definitions import FlowBook
from bots.slots import mask_phone
from core.domain.labels import Language

SUMMARY_ORDER = ("description", "phone", "location", "since", "wish")


def complaint_summary(book: FlowBook, slots: dict[str, str], language: Language) -> str:
    """One line per filled slot, in a fixed order, in the customer's language."""
    lines = []
    for slot in SUMMARY_ORDER:
        value = slots.get(slot)
        if not value:
            continue
        if slot == "phone":
            value = mask_phone(value)
        lines.append(book.prompt(f"line_{slot}", language, value=value))
    return "\n".join(lines)
