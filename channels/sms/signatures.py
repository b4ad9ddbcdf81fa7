"""Checking `X-Twilio-Signature` over the public URL Twilio called, with the twilio SDK's validator."""

from __future__ import annotations

from collections.abc import Mapping

from twilio.request_validator import RequestValidator, get_signature_algorithm


def signed_url(public_base: str, path: str, query: str) -> str:
    """The URL Twilio signed: our public base, the webhook path, and the query string it called."""
    url = public_base.rstrip("/") + path
    return f"{url}?{query}" if query else url


def is_valid_signature(
    auth_token: str,
    url: str,
    params: Mapping[str, str],
    signature: str | None,
    *,
    signature_settings: str | None = None,
) -> bool:
    """True when `signature` is Twilio's signature of `url` plus `params` under `auth_token`."""
    if not signature:
        return False
    algorithm = get_signature_algorithm(signature_settings)
    return bool(RequestValidator(auth_token).validate(url, dict(params), signature, algorithm))
