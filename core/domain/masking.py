"""Masking of personal numbers in lists and logs (policy §9: 138****5678)."""

from __future__ import annotations

import re

# a long run of digits, unless it is part of a ticket number (TS20261124000123) or other id
_DIGIT_RUN = re.compile(r"(?<![A-Za-z\d])\+?\d[\d\- ]{6,}\d")


def mask_number(value: str) -> str:
    """Keep the first three and last four digits of a phone or account number."""
    digits = [c for c in value if c.isdigit()]
    if len(digits) < 8:
        return "****"
    plain = "".join(digits)
    if plain.startswith("86") and len(plain) == 13:
        plain = plain[2:]
    return f"{plain[:3]}****{plain[-4:]}"


def mask_text(text: str) -> str:
    """Mask every long digit run in free text."""
    return _DIGIT_RUN.sub(lambda m: mask_number(m.group(0)), text)
