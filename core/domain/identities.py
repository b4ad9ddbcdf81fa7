"""Normal forms of customer identities, so one phone number written two ways is one identity."""

from __future__ import annotations

import re

from core.domain.labels import IdentityKind
from core.domain.messages import Identity

_NOT_DIGITS = re.compile(r"[^\d+]")
_CN_MOBILE = re.compile(r"1[3-9]\d{9}")


def normalise_phone(value: str) -> str:
    """E.164 where we can tell the country: 138-1234-5678 and +86 138 1234 5678 are one number."""
    raw = _NOT_DIGITS.sub("", value.strip())
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    if raw.startswith("+"):
        return raw
    if _CN_MOBILE.fullmatch(raw):
        return "+86" + raw
    if raw.startswith("86") and _CN_MOBILE.fullmatch(raw[2:]):
        return "+" + raw
    if len(raw) == 10 and raw[0] in "23456789":  # a North American number without +1
        return "+1" + raw
    return raw


def normalise(identity: Identity) -> Identity:
    """The stored form of an identity."""
    value = identity.value.strip()
    if identity.kind is IdentityKind.PHONE:
        value = normalise_phone(value)
    elif identity.kind is IdentityKind.EMAIL:
        value = value.lower()
    return Identity(identity.kind, value)
