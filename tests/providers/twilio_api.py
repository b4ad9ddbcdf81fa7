"""A local stand-in for Twilio: the REST API for messages (2010-04-01) and Twilio's signed webhooks.

It answers with Twilio's real JSON shapes and error bodies, checks basic auth, keeps the messages
it accepted, serves MMS media, and plays Twilio's side of the webhooks: it posts signed incoming
messages and status callbacks to our app, exactly as Twilio would.
"""

from __future__ import annotations

import asyncio
import base64
import re
import secrets
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

import httpx
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from twilio.request_validator import RequestValidator

from channels.sms.segments import count_segments
from tests.providers.http_server import ThreadedServer

API = "/2010-04-01"
E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
# a 1x1 JPEG, the body of every media file the stand-in serves
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////"
    "////////////////////////////wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAA"
    "AAAAAAAAD/2gAIAQEAAD8AKp//2Q=="
)


def new_sid(prefix: str) -> str:
    """A Twilio-style SID: two letters and 32 hex digits."""
    return prefix + secrets.token_hex(16)


def _rfc2822(moment: datetime) -> str:
    return format_datetime(moment, usegmt=False).replace("-0000", "+0000")


def twilio_error(status: int, code: int, message: str) -> JSONResponse:
    """Twilio's error body."""
    return JSONResponse(
        {
            "code": code,
            "message": message,
            "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status,
        },
        status_code=status,
    )


@dataclass
class SentMessage:
    """A message the stand-in accepted from our sender."""

    sid: str
    to: str
    body: str
    from_: str | None
    messaging_service_sid: str | None
    status_callback: str | None
    created: datetime
    status: str = "queued"

    def resource(self, account_sid: str) -> dict[str, Any]:
        """Twilio's Message resource JSON."""
        stamp = _rfc2822(self.created)
        return {
            "account_sid": account_sid,
            "api_version": "2010-04-01",
            "body": self.body,
            "date_created": stamp,
            "date_sent": None,
            "date_updated": stamp,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": self.from_,
            "messaging_service_sid": self.messaging_service_sid,
            "num_media": "0",
            "num_segments": str(count_segments(self.body).segments),
            "price": None,
            "price_unit": "USD",
            "sid": self.sid,
            "status": self.status,
            "subresource_uris": {"media": f"{API}/Accounts/{account_sid}/Messages/{self.sid}/Media.json"},
            "to": self.to,
            "uri": f"{API}/Accounts/{account_sid}/Messages/{self.sid}.json",
        }


@dataclass
class _Fault:
    status: int = 0
    code: int = 0
    message: str = ""
    hang_seconds: float = 0.0  # accept the message, then answer too late for the client


@dataclass
class TwilioStandIn:
    """The stand-in's state and controls; `url` is its base URL once started."""

    account_sid: str = field(default_factory=lambda: new_sid("AC"))
    auth_token: str = field(default_factory=lambda: secrets.token_hex(16))
    unsubscribed: set[str] = field(default_factory=set)
    sent: list[SentMessage] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)
    url: str = ""
    _faults: list[_Fault] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadedServer | None = None

    # -- controls -------------------------------------------------------------------------------

    def start(self) -> TwilioStandIn:
        """Serve on a free loopback port."""
        self._server = ThreadedServer(self.app()).start()
        self.url = self._server.url
        return self

    def stop(self) -> None:
        """Stop serving."""
        if self._server is not None:
            self._server.stop()

    def reset(self) -> None:
        """Forget messages, faults and opt-outs (between tests)."""
        with self._lock:
            self.sent.clear()
            self.requests.clear()
            self._faults.clear()
            self.unsubscribed.clear()

    def fail_next(self, status: int, code: int, message: str) -> None:
        """The next message create answers with this Twilio error."""
        with self._lock:
            self._faults.append(_Fault(status, code, message))

    def hang_next(self, seconds: float) -> None:
        """The next message create is accepted but answered only after `seconds`."""
        with self._lock:
            self._faults.append(_Fault(hang_seconds=seconds))

    def signature(self, url: str, params: dict[str, str]) -> str:
        """The X-Twilio-Signature Twilio computes for a webhook."""
        return str(RequestValidator(self.auth_token).compute_signature(url, params))

    def post_webhook(
        self,
        url: str,
        params: dict[str, str],
        *,
        signature: str | None = "valid",
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """POST a form to our app the way Twilio does; signature "valid" signs it, None sends none."""
        sent_headers = {"User-Agent": "TwilioProxy/1.1", "I-Twilio-Idempotency-Token": secrets.token_hex(16)}
        sent_headers.update(headers or {})
        if signature == "valid":
            sent_headers["X-Twilio-Signature"] = self.signature(url, params)
        elif signature is not None:
            sent_headers["X-Twilio-Signature"] = signature
        return httpx.post(url, data=params, headers=sent_headers, timeout=30)

    def send_status(self, sid: str, status: str, *, error_code: int | None = None) -> httpx.Response:
        """Move one of our messages to `status` and call its status callback, signed."""
        with self._lock:
            message = next(m for m in self.sent if m.sid == sid)
            message.status = status
        if not message.status_callback:
            raise AssertionError(f"message {sid} was sent without a status callback")
        params = {
            "AccountSid": self.account_sid,
            "ApiVersion": "2010-04-01",
            "From": message.from_ or "+12025550143",
            "MessageSid": sid,
            "MessageStatus": status,
            "SmsSid": sid,
            "SmsStatus": status,
            "To": message.to,
        }
        if message.messaging_service_sid:
            params["MessagingServiceSid"] = message.messaging_service_sid
        if error_code is not None:
            params["ErrorCode"] = str(error_code)
        return self.post_webhook(message.status_callback, params)

    # -- the API ----------------------------------------------------------------------------------

    def _authorised(self, request: Request, account_sid: str) -> bool:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return False
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        return user == self.account_sid == account_sid and password == self.auth_token

    def app(self) -> FastAPI:
        """The FastAPI app speaking Twilio's REST API."""
        app = FastAPI()
        standin = self

        @app.middleware("http")
        async def record(request: Request, call_next: Any) -> Response:
            with standin._lock:
                standin.requests.append((request.method, request.url.path))
            response: Response = await call_next(request)
            return response

        @app.get(API + "/Accounts/{account_sid}.json")
        async def account(account_sid: str, request: Request) -> Response:
            if not standin._authorised(request, account_sid):
                return twilio_error(401, 20003, "Authenticate")
            return JSONResponse(
                {
                    "sid": account_sid,
                    "friendly_name": "complaintdesk test",
                    "status": "active",
                    "type": "Full",
                    "auth_token": standin.auth_token,
                    "owner_account_sid": account_sid,
                    "date_created": _rfc2822(datetime(2024, 1, 5, tzinfo=UTC)),
                    "date_updated": _rfc2822(datetime(2024, 1, 5, tzinfo=UTC)),
                    "uri": f"{API}/Accounts/{account_sid}.json",
                    "subresource_uris": {},
                }
            )

        @app.post(API + "/Accounts/{account_sid}/Messages.json")
        async def create(account_sid: str, request: Request) -> Response:
            if not standin._authorised(request, account_sid):
                return twilio_error(401, 20003, "Authenticate")
            form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
            with standin._lock:
                fault = standin._faults.pop(0) if standin._faults else None
            if fault is not None and fault.status:
                return twilio_error(fault.status, fault.code, fault.message)
            to = form.get("To", "")
            if not E164.match(to):
                return twilio_error(400, 21211, f"Invalid 'To' Phone Number: {to}")
            body = form.get("Body", "")
            if not body:
                return twilio_error(400, 21602, "Message body is required.")
            if len(body) > 1600:
                return twilio_error(
                    400, 21617, "The concatenated message body exceeds the 1600 character limit."
                )
            if not form.get("From") and not form.get("MessagingServiceSid"):
                return twilio_error(400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required")
            if to in standin.unsubscribed:
                return twilio_error(400, 21610, "Attempt to send to unsubscribed recipient")
            message = SentMessage(
                sid=new_sid("SM"),
                to=to,
                body=body,
                from_=form.get("From"),
                messaging_service_sid=form.get("MessagingServiceSid"),
                status_callback=form.get("StatusCallback"),
                created=datetime.now(UTC),
                status="accepted" if form.get("MessagingServiceSid") else "queued",
            )
            with standin._lock:
                standin.sent.append(message)
            if fault is not None and fault.hang_seconds:
                # accepted, but the answer comes after the client gave up
                await asyncio.sleep(fault.hang_seconds)
            return JSONResponse(message.resource(account_sid), status_code=201)

        @app.get(API + "/Accounts/{account_sid}/Messages.json")
        async def listing(account_sid: str, request: Request) -> Response:
            if not standin._authorised(request, account_sid):
                return twilio_error(401, 20003, "Authenticate")
            to = request.query_params.get("To")
            size = int(request.query_params.get("PageSize", "50"))
            with standin._lock:
                found = [m for m in reversed(standin.sent) if to is None or m.to == to][:size]
            uri = f"{API}/Accounts/{account_sid}/Messages.json?PageSize={size}&Page=0"
            return JSONResponse(
                {
                    "messages": [m.resource(account_sid) for m in found],
                    "end": max(len(found) - 1, 0),
                    "first_page_uri": uri,
                    "next_page_uri": None,
                    "page": 0,
                    "page_size": size,
                    "previous_page_uri": None,
                    "start": 0,
                    "uri": uri,
                }
            )

        @app.get(API + "/Accounts/{account_sid}/Messages/{message_sid}/Media/{media_sid}")
        async def media(account_sid: str, message_sid: str, media_sid: str, request: Request) -> Response:
            if not standin._authorised(request, account_sid):
                return twilio_error(401, 20003, "Authenticate")
            return Response(content=JPEG, media_type="image/jpeg")

        return app
