"""The SMS channel adapter: sends replies through Twilio's REST API without blocking the event loop."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import httpx
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from channels.sms.payloads import TWILIO_OPTED_OUT_CODES
from channels.sms.segments import fit_message
from channels.sms.settings import TwilioSettings
from channels.sms.twilio_http import HttpxTwilioClient
from core.domain.identities import normalise_phone
from core.domain.labels import Channel, DeliveryStatus
from core.domain.messages import DeliveryReceipt, OutboundMessage
from core.errors import ChannelUnavailable, PermanentFailure, RetryLater

if TYPE_CHECKING:
    from core.services.desk import Desk

log = logging.getLogger(__name__)

_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
# Twilio error codes that will not change on retry: bad or unreachable numbers, blocked regions,
# bodies Twilio refuses; everything else 4xx is permanent too, these are named for the log
PERMANENT_CODES = {
    21211: "invalid 'To' number",
    21408: "region not enabled for this account",
    21610: "recipient replied STOP",
    21612: "no route to this number",
    21614: "'To' is not a mobile number",
    21617: "body exceeds 1600 characters",
    30007: "carrier filtered the message",
}


@dataclass
class _Progress:
    """Parts of one reply already accepted by Twilio, kept across the dispatcher's retries."""

    sids: list[str] = field(default_factory=list)
    # a part whose request may have reached Twilio although we got no answer
    uncertain_since: datetime | None = None


class TwilioSmsAdapter:
    """`ChannelAdapter` for SMS: one Twilio client per process, opened at start, closed at stop."""

    channel = Channel.SMS

    def __init__(self, settings: TwilioSettings, *, desk: Desk | None = None) -> None:
        if not settings.configured:
            raise ValueError("the SMS channel needs account SID, auth token and sender")
        self.settings = settings
        self._desk = desk
        self._http: httpx.AsyncClient | None = None
        self._client: Client | None = None
        # idempotency key -> progress; in memory, so a resend after a restart can repeat a part
        self._progress: dict[str, _Progress] = {}

    async def start(self) -> None:
        """Open the HTTP pool and check the credentials (wrong ones fail here, not at the first send)."""
        self._http = httpx.AsyncClient(timeout=self.settings.sms_http_timeout)
        transport = HttpxTwilioClient(
            self._http, api_url=self.settings.twilio_api_url, timeout=self.settings.sms_http_timeout
        )
        self._client = Client(
            self.settings.twilio_account_sid, self.settings.auth_token, http_client=transport
        )
        try:
            await self._client.api.v2010.accounts(self.settings.twilio_account_sid).fetch_async()
        except TwilioRestException as exc:
            if exc.status in (401, 403, 404):
                await self.stop()
                raise ChannelUnavailable(
                    f"Twilio rejected the account credentials (HTTP {exc.status})"
                ) from exc
            log.warning("Twilio account check failed with HTTP %s; continuing", exc.status)
        except httpx.HTTPError as exc:
            # an unreachable provider is not a configuration error: sends are retried later
            log.warning("Twilio unreachable at start (%s); sends will be retried", type(exc).__name__)

    async def stop(self) -> None:
        """Close the HTTP pool."""
        if self._http is not None:
            await self._http.aclose()
        self._http = None
        self._client = None

    async def send(self, message: OutboundMessage) -> DeliveryReceipt:
        """Send one reply, split or shortened to the segment budget; the first part's SID is the receipt."""
        if self._client is None:
            raise ChannelUnavailable("the SMS channel is not started")
        recipient = normalise_phone(message.recipient)
        if not _E164.match(recipient):
            raise PermanentFailure("recipient is not a phone number in E.164 form")
        if self._desk is not None and await self._desk.is_opted_out(Channel.SMS, recipient):
            raise PermanentFailure("recipient opted out of SMS")
        parts = fit_message(
            message.text,
            self.settings.sms_max_segments,
            full_text_url=message.options.get("full_text_url"),
        )
        progress = self._progress.setdefault(message.idempotency_key, _Progress())
        for index, body in enumerate(parts):
            if index < len(progress.sids):
                continue  # accepted on an earlier attempt
            try:
                sid = await self._send_part(recipient, body, progress)
            except PermanentFailure:
                # no retry will come for this key: do not keep its progress forever
                self._progress.pop(message.idempotency_key, None)
                raise
            progress.sids.append(sid)
        del self._progress[message.idempotency_key]
        detail = None if len(progress.sids) == 1 else "parts: " + ",".join(progress.sids)
        return DeliveryReceipt(progress.sids[0], status=DeliveryStatus.SENT, detail=detail)

    async def _send_part(self, recipient: str, body: str, progress: _Progress) -> str:
        assert self._client is not None
        if progress.uncertain_since is not None:
            # the previous attempt may have been accepted: adopt that message instead of a twin
            existing = await self._find_sent(recipient, body, progress.uncertain_since)
            if existing is not None:
                progress.uncertain_since = None
                return existing
        sender = (
            {"messaging_service_sid": self.settings.twilio_from}
            if self.settings.uses_messaging_service
            else {"from_": self.settings.twilio_from}
        )
        started = datetime.now(UTC)
        try:
            created = await self._client.messages.create_async(
                to=recipient,
                body=body,
                status_callback=self.settings.status_callback_url,
                **sender,
            )
        except TwilioRestException as exc:
            raise await self._delivery_error(exc, recipient) from exc
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            # the request never reached Twilio: retrying cannot double the message
            raise ChannelUnavailable(f"Twilio unreachable: {type(exc).__name__}") from exc
        except httpx.HTTPError as exc:
            # sent but unanswered: Twilio may have accepted it, so the retry looks first
            if progress.uncertain_since is None:
                progress.uncertain_since = started
            raise RetryLater(f"no answer from Twilio: {type(exc).__name__}", delay=5) from exc
        progress.uncertain_since = None
        return str(created.sid)

    async def _find_sent(self, recipient: str, body: str, since: datetime) -> str | None:
        """The SID of a message to `recipient` with `body` created since `since`, if Twilio has one."""
        assert self._client is not None
        try:
            recent = await self._client.messages.list_async(to=recipient, limit=20)
        except (TwilioRestException, httpx.HTTPError) as exc:
            reason = f"cannot check Twilio for an earlier attempt: {type(exc).__name__}"
            raise RetryLater(reason, delay=5) from exc
        for item in recent:
            created_at = item.date_created
            if item.body == body and (created_at is None or created_at >= since - timedelta(minutes=1)):
                return str(item.sid)
        return None

    async def _delivery_error(self, exc: TwilioRestException, recipient: str) -> Exception:
        """The error of our set that a Twilio API error means."""
        code = exc.code if isinstance(exc.code, int) else None
        text = f"Twilio {code or exc.status}: {PERMANENT_CODES.get(code or 0) or exc.msg}"
        if code in TWILIO_OPTED_OUT_CODES:
            # Twilio's own opt-out list says no: record it in ours so results go another way
            if self._desk is not None:
                await self._desk.set_opt_out(Channel.SMS, recipient, True)
            return PermanentFailure(text)
        if exc.status == 429 or code == 20429:
            return RetryLater(text, delay=10)
        if exc.status in (401, 403):
            return ChannelUnavailable(text)
        if exc.status >= 500:
            return RetryLater(text)
        return PermanentFailure(text)

    async def fetch_media(self, url: str, max_bytes: int) -> tuple[bytes, str] | None:
        """Download one MMS media file (Twilio may require our credentials); None when too large."""
        if self._http is None:
            raise ChannelUnavailable("the SMS channel is not started")
        transport = HttpxTwilioClient(self._http, api_url=self.settings.twilio_api_url)
        target = transport.rewrite(url)
        auth = (self.settings.twilio_account_sid or "", self.settings.auth_token)
        async with self._http.stream("GET", target, auth=auth, follow_redirects=True) as response:
            response.raise_for_status()
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    return None
                chunks.append(chunk)
            content_type = response.headers.get("content-type", "application/octet-stream")
        return b"".join(chunks), content_type.split(";")[0].strip()
