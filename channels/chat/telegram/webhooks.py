"""Telegram's webhook: POST /webhooks/telegram with `X-Telegram-Bot-Api-Secret-Token`.

A missing or wrong secret gets 403. Anything Telegram sends with the right secret is acknowledged
with 200 once handled (or knowingly skipped), so Telegram does not redeliver it forever; only an
internal failure (database down) answers 500, and Telegram's redelivery is then deduplicated.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import TYPE_CHECKING

from fastapi import APIRouter, Request, Response

from channels.chat.telegram.settings import WEBHOOK_PATH

if TYPE_CHECKING:
    from channels.chat.telegram.adapter import TelegramAdapter

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name


def build_router(adapter: TelegramAdapter) -> APIRouter:
    """The webhook route; `adapter` must be started (its bot initialised) before traffic arrives."""
    secret = adapter.settings.secret
    if not secret:
        raise ValueError("the Telegram webhook needs COMPLAINTDESK_TELEGRAM_SECRET")
    router = APIRouter(tags=["telegram"])

    @router.post(WEBHOOK_PATH)
    async def webhook(request: Request) -> Response:
        """One update from Telegram."""
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            log.warning("Telegram webhook refused: missing or wrong secret token")
            return Response(status_code=403, content="invalid secret token")
        try:
            raw = json.loads(await request.body())
        except ValueError:
            return Response(status_code=400, content="body is not JSON")
        if not isinstance(raw, dict) or not isinstance(raw.get("update_id"), int):
            return Response(status_code=400, content="not a Telegram update")
        outcome = await adapter.process_update(raw)
        log.debug("Telegram update %s: %s", raw["update_id"], outcome)
        return Response(status_code=200)

    return router
