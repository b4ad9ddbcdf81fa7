"""Twilio's webhooks: incoming SMS/MMS at /webhooks/twilio/sms and delivery status at /webhooks/twilio/status.

Both are signed with `X-Twilio-Signature`; a missing or wrong signature gets 403 and touches
nothing. Retries are harmless: the MessageSid is the provider id the desk deduplicates on.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from fastapi import APIRouter, Request, Response
from twilio.twiml.messaging_response import MessagingResponse

from channels.sms.intake import SaveMedia, collect_media, to_inbound
from channels.sms.opt_out import (
    CONDITIONAL_OPT_IN,
    TWILIO_OPT_OUT_TYPES,
    KeywordAction,
    classify_keyword,
    confirmation_text,
    normalise_keyword,
    twilio_confirms,
)
from channels.sms.payloads import TWILIO_OPTED_OUT_CODES, IncomingSms, parse_incoming, parse_status
from channels.sms.settings import INBOUND_PATH, STATUS_PATH, TwilioSettings
from channels.sms.signatures import is_valid_signature, signed_url
from core.domain.labels import Channel
from core.errors import InvalidInbound

if TYPE_CHECKING:
    from channels.sms.sender import TwilioSmsAdapter
    from core.services.desk import Desk

log = logging.getLogger(__name__)

TWIML = "application/xml"


def _twiml(reply: str | None = None) -> Response:
    response = MessagingResponse()
    if reply:
        response.message(reply)
    return Response(content=str(response), media_type=TWIML)


async def _signed_form(request: Request, settings: TwilioSettings, path: str) -> dict[str, str] | None:
    """The form fields when the signature is Twilio's, else None."""
    form = await request.form()
    params = {key: value for key, value in form.multi_items() if isinstance(value, str)}
    assert settings.public_url is not None
    url = signed_url(settings.public_url, path, request.url.query)
    valid = is_valid_signature(
        settings.auth_token,
        url,
        params,
        request.headers.get("X-Twilio-Signature"),
        signature_settings=request.headers.get("X-Twilio-Webhooks-Signature-Settings"),
    )
    if not valid:
        # no body in the log: it holds a phone number, and a forger's text is worth nothing
        log.warning("Twilio webhook %s refused: missing or wrong signature", path)
        return None
    if params.get("AccountSid") != settings.twilio_account_sid:
        log.warning("Twilio webhook %s refused: signed for another account", path)
        return None
    return params


async def _keyword_action(desk: Desk, sms: IncomingSms) -> KeywordAction | None:
    if sms.opt_out_type in TWILIO_OPT_OUT_TYPES:
        # Twilio Advanced Opt-Out already matched the keyword set configured in the console
        return TWILIO_OPT_OUT_TYPES[sms.opt_out_type]
    opted_out = False
    if normalise_keyword(sms.body) in CONDITIONAL_OPT_IN:
        opted_out = await desk.is_opted_out(Channel.SMS, sms.sender)
    return classify_keyword(sms.body, currently_opted_out=opted_out)


def build_router(
    desk: Desk,
    settings: TwilioSettings,
    *,
    sender: TwilioSmsAdapter | None = None,
    save_media: SaveMedia | None = None,
) -> APIRouter:
    """The Twilio webhook routes; `sender` and `save_media` let MMS media be fetched and stored."""
    if not settings.configured or not settings.public_url:
        raise ValueError("Twilio webhooks need account SID, auth token, sender and COMPLAINTDESK_PUBLIC_URL")
    router = APIRouter(tags=["twilio"])

    @router.post(INBOUND_PATH)
    async def incoming(request: Request) -> Response:
        """An SMS or MMS from a customer."""
        form = await _signed_form(request, settings, INBOUND_PATH)
        if form is None:
            return Response(status_code=403, content="invalid signature")
        try:
            sms = parse_incoming(form)
        except InvalidInbound as exc:
            log.warning("Twilio SMS refused: %s", exc)
            return Response(status_code=400, content=str(exc))

        action = await _keyword_action(desk, sms)
        attachments = ()
        if action is None:
            attachments = await collect_media(
                sms, fetcher=sender, save=save_media, max_bytes=settings.sms_max_media_bytes
            )
        message = to_inbound(
            sms,
            form,
            received_at=desk.clock.now(),
            attachments=attachments,
            max_text_chars=desk.policy.limits.max_text_chars,
            opt_out=None if action is None else action is KeywordAction.OPT_OUT,
        )
        try:
            outcome = await desk.submit_inbound(message)
        except InvalidInbound as exc:
            log.warning("SMS %s not accepted by the desk: %s", sms.message_sid, exc)
            return Response(status_code=400, content=str(exc))
        if outcome.duplicate:
            log.info("SMS %s was already stored (Twilio retry)", sms.message_sid)
        if action is not None:
            log.info("SMS %s: %s recorded", sms.message_sid, action.value)
            # a replayed keyword must not confirm twice; Twilio answers its own keywords, and a
            # second confirmation from us would be noise
            if not outcome.duplicate and not (sms.opt_out_type or twilio_confirms(sms.body)):
                return _twiml(confirmation_text(action, sms.body))
        # replies travel through the outbox and the REST API, so they are tracked: no TwiML reply
        return _twiml()

    @router.post(STATUS_PATH)
    async def status(request: Request) -> Response:
        """Twilio's delivery report for one of our messages."""
        form = await _signed_form(request, settings, STATUS_PATH)
        if form is None:
            return Response(status_code=403, content="invalid signature")
        try:
            callback = parse_status(form)
        except InvalidInbound as exc:
            log.warning("Twilio status callback refused: %s", exc)
            return Response(status_code=400, content=str(exc))
        if callback.status is None:
            log.warning("Twilio status %r for %s ignored", callback.twilio_status, callback.message_sid)
            return Response(status_code=204)
        if callback.error_code in TWILIO_OPTED_OUT_CODES and form.get("To"):
            await desk.set_opt_out(Channel.SMS, form["To"], True)
        known = await desk.record_delivery_status(
            Channel.SMS, callback.message_sid, callback.status, error=callback.error
        )
        if not known:
            # a later part of a split reply, or a message sent outside the desk
            log.info("Twilio status for unknown message %s acknowledged", callback.message_sid)
        return Response(status_code=204)

    return router
