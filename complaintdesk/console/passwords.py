"""Staff passwords, hashed with argon2id (argon2-cffi's defaults follow RFC 9106)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10
_hasher = PasswordHasher()
# compared against when the e-mail is unknown, so a wrong e-mail costs as long as a wrong password
_DUMMY = _hasher.hash("not-a-real-password-just-timing")


def hash_password(password: str) -> str:
    """An argon2id hash of `password`; refuses passwords shorter than MIN_LENGTH."""
    if len(password) < MIN_LENGTH:
        raise ValueError(f"password: at least {MIN_LENGTH} characters")
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when `password` matches `stored_hash` (None: unknown user, still spends the time)."""
    try:
        return _hasher.verify(stored_hash or _DUMMY, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False
