"""X-Twilio-Signature checking over the public URL, with the SDK's validator."""

from __future__ import annotations

import pytest
from twilio.request_validator import RequestValidator

from channels.sms.signatures import is_valid_signature, signed_url
from tests.sms.conftest import AUTH_TOKEN, form_fixture

pytestmark = pytest.mark.unit

URL = "https://desk.example.com/webhooks/twilio/sms"


def test_signed_url_joins_base_path_and_query() -> None:
    assert signed_url("https://desk.example.com/", "/webhooks/twilio/sms", "") == URL
    assert signed_url("https://desk.example.com/cd", "/webhooks/twilio/sms", "a=1") == (
        "https://desk.example.com/cd/webhooks/twilio/sms?a=1"
    )


def test_valid_sha1_signature_and_the_explicit_port_variant() -> None:
    form = form_fixture("inbound_sms_zh_billing.json")
    signature = RequestValidator(AUTH_TOKEN).compute_signature(URL, form)
    assert is_valid_signature(AUTH_TOKEN, URL, form, signature)
    # Twilio sometimes signs with the default port spelled out
    with_port = RequestValidator(AUTH_TOKEN).compute_signature(
        "https://desk.example.com:443/webhooks/twilio/sms", form
    )
    assert is_valid_signature(AUTH_TOKEN, URL, form, with_port)


def test_sha256_when_twilio_announces_it() -> None:
    form = form_fixture("inbound_sms_zh_billing.json")
    signature = RequestValidator(AUTH_TOKEN).compute_signature(URL, form, "HMAC_SHA256")
    assert is_valid_signature(AUTH_TOKEN, URL, form, signature, signature_settings="algorithm=HMAC_SHA256")
    assert not is_valid_signature(AUTH_TOKEN, URL, form, signature)  # read as SHA-1 it is wrong


@pytest.mark.parametrize("signature", [None, "", "x" * 28])
def test_missing_or_garbage(signature: str | None) -> None:
    assert not is_valid_signature(AUTH_TOKEN, URL, form_fixture("inbound_sms_td.json"), signature)


def test_one_changed_field_breaks_it() -> None:
    form = form_fixture("inbound_sms_td.json")
    signature = RequestValidator(AUTH_TOKEN).compute_signature(URL, form)
    assert not is_valid_signature(AUTH_TOKEN, URL, dict(form, Body="恢复"), signature)
    assert not is_valid_signature(AUTH_TOKEN, URL, dict(form, Extra="1"), signature)
