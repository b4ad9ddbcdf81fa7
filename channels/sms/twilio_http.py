"""An httpx transport for the twilio SDK: async, one long-lived pool, and a configurable API base URL.

The SDK builds absolute `https://api.twilio.com/...` URLs; rewriting the origin here is what points
it at COMPLAINTDESK_TWILIO_API_URL (a regional edge, a proxy, or the test stand-in). We also skip
the SDK's request logging, which would write phone numbers into our logs.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit, urlunsplit

import httpx
from twilio.http import AsyncHttpClient
from twilio.http.response import Response

from channels.sms.settings import TWILIO_API_URL

_logger = logging.getLogger(__name__)


class HttpxTwilioClient(AsyncHttpClient):  # type: ignore[misc]
    """The SDK's async HTTP client interface on top of one shared `httpx.AsyncClient`."""

    def __init__(self, client: httpx.AsyncClient, *, api_url: str = TWILIO_API_URL, timeout: float = 15.0):
        super().__init__(_logger, True, timeout)
        self._client = client
        self._api = urlsplit(api_url.rstrip("/"))

    def rewrite(self, url: str) -> str:
        """`url` with Twilio's origin replaced by the configured API URL."""
        parts = urlsplit(url)
        if parts.netloc.endswith("twilio.com"):
            path = self._api.path + parts.path
            return urlunsplit((self._api.scheme, self._api.netloc, path, parts.query, parts.fragment))
        return url

    async def request(
        self,
        method: str,
        uri: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - the SDK's interface
        allow_redirects: bool = False,
    ) -> Response:
        """Send one request for the SDK and hand back its Response type."""
        response = await self._client.request(
            method.upper(),
            self.rewrite(uri),
            params=params,  # type: ignore[arg-type]
            data=data,
            headers=headers,
            auth=auth,
            timeout=timeout or self.timeout,
            follow_redirects=allow_redirects,
        )
        return Response(response.status_code, response.text, response.headers)
