"""A local stand-in for the Telegram Bot API (https://core.telegram.org/bots/api).

It speaks `/bot<token>/<method>` with form, multipart or JSON parameters and answers in the Bot
API's envelope (`{"ok": true, "result": ...}` or `{"ok": false, "error_code": ..., "description":
..., "parameters": {"retry_after": n}}`). Updates pushed by a test are either queued for
`getUpdates` (long polling, with offsets confirmed as Telegram does) or posted to the webhook set
with `setWebhook`, carrying `X-Telegram-Bot-Api-Secret-Token`.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from tests.providers.http_server import ThreadedServer

BOT_ID = 7000000001
# parameters Telegram takes as JSON-serialised objects inside form fields
JSON_FIELDS = {
    "reply_markup",
    "reply_parameters",
    "allowed_updates",
    "entities",
    "caption_entities",
    "link_preview_options",
}


def ok(result: Any) -> JSONResponse:
    return JSONResponse({"ok": True, "result": result})


def error(code: int, description: str, **parameters: Any) -> JSONResponse:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return JSONResponse(body, status_code=code)


@dataclass
class SentByBot:
    """A message the bot sent through the stand-in."""

    method: str
    chat_id: int
    message_id: int
    text: str | None
    reply_markup: dict[str, Any] | None
    reply_to: int | None
    at: float


@dataclass
class TelegramStandIn:
    """State and controls of the Bot API stand-in; `url` is its base URL once started."""

    token: str = field(default_factory=lambda: f"{BOT_ID}:AA{secrets.token_urlsafe(30)}")
    url: str = ""
    pending: list[dict[str, Any]] = field(default_factory=list)
    sent: list[SentByBot] = field(default_factory=list)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    answered_callbacks: list[str] = field(default_factory=list)
    blocked: set[int] = field(default_factory=set)
    never_started: set[int] = field(default_factory=set)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    webhook_url: str = ""
    webhook_secret: str | None = None
    allowed_updates: list[str] | None = None
    _next_update_id: int = 815000001
    _next_message_id: dict[int, int] = field(default_factory=dict)
    _flood: list[tuple[str, int]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadedServer | None = None

    # -- controls -------------------------------------------------------------------------------

    def start(self, port: int = 0) -> TelegramStandIn:
        """Serve on a loopback port (a free one by default)."""
        self._server = ThreadedServer(self.app(), port=port).start()
        self.url = self._server.url
        return self

    def stop(self) -> None:
        """Stop serving."""
        if self._server is not None:
            self._server.stop()

    def reset(self) -> None:
        """Forget everything but the token (between tests)."""
        with self._lock:
            self.pending.clear()
            self.sent.clear()
            self.calls.clear()
            self.answered_callbacks.clear()
            self.blocked.clear()
            self.never_started.clear()
            self.files.clear()
            self._flood.clear()
            self._next_message_id.clear()
            self.webhook_url, self.webhook_secret, self.allowed_updates = "", None, None

    def flood_next(self, method: str, retry_after: int) -> None:
        """The next call of `method` answers 429 with `retry_after` seconds."""
        with self._lock:
            self._flood.append((method, retry_after))

    def add_file(self, file_id: str, file_path: str, data: bytes) -> None:
        """A file getFile can resolve and the file endpoint can serve."""
        with self._lock:
            self.files[file_id] = (file_path, data)

    def push_update(self, update: dict[str, Any]) -> httpx.Response | None:
        """Give the bot an update: queued for getUpdates, or posted to the webhook (its response returned)."""
        with self._lock:
            if "update_id" not in update:
                update = {"update_id": self._next_update_id, **update}
            self._next_update_id = max(self._next_update_id, update["update_id"] + 1)
            webhook, secret = self.webhook_url, self.webhook_secret
            if not webhook:
                self.pending.append(update)
                return None
        return self.post_to_webhook(update, secret=secret)

    def post_to_webhook(self, update: dict[str, Any], *, secret: str | None) -> httpx.Response:
        """POST one update to the webhook the way Telegram does, with `secret` as the header (None: none)."""
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        return httpx.post(
            self.webhook_url, content=json.dumps(update, ensure_ascii=False), headers=headers, timeout=30
        )

    def texts_to(self, chat_id: int) -> list[str | None]:
        """Texts the bot sent to `chat_id`, in order."""
        with self._lock:
            return [m.text for m in self.sent if m.chat_id == chat_id]

    # -- the API ----------------------------------------------------------------------------------

    def _message(self, chat_id: int, text: str | None, params: dict[str, Any], method: str) -> dict[str, Any]:
        with self._lock:
            message_id = self._next_message_id.get(chat_id, 100) + 1
            self._next_message_id[chat_id] = message_id
            reply_to = (params.get("reply_parameters") or {}).get("message_id") or params.get(
                "reply_to_message_id"
            )
            self.sent.append(
                SentByBot(
                    method, chat_id, message_id, text, params.get("reply_markup"), reply_to, time.monotonic()
                )
            )
        result: dict[str, Any] = {
            "message_id": message_id,
            "from": self._me(),
            "chat": {"id": chat_id, "first_name": "Customer", "type": "private"},
            "date": int(time.time()),
        }
        if text is not None:
            result["text" if method == "sendMessage" else "caption"] = text
        if params.get("reply_markup"):
            result["reply_markup"] = params["reply_markup"]
        return result

    @staticmethod
    def _me() -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "投诉受理 ComplaintDesk",
            "username": "complaintdesk_test_bot",
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _params(self, request: Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query_params)
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("application/json"):
            params.update(await request.json())
        elif request.method == "POST":
            form = await request.form()
            for key, value in form.multi_items():
                params[key] = value if isinstance(value, str) else await value.read()
        for key in JSON_FIELDS & params.keys():
            if isinstance(params[key], str):
                params[key] = json.loads(params[key])
        return params

    async def _get_updates(self, params: dict[str, Any]) -> Response:
        if self.webhook_url:
            return error(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 2.0)
        while True:
            with self._lock:
                # an offset confirms every update before it: Telegram forgets them
                self.pending[:] = [u for u in self.pending if u["update_id"] >= offset]
                ready = self.pending[:limit]
            if ready or time.monotonic() >= deadline:
                return ok(ready)
            await asyncio.sleep(0.05)

    def app(self) -> FastAPI:
        """The FastAPI app speaking the Bot API."""
        app = FastAPI()
        standin = self

        @app.api_route("/bot{token}/{method}", methods=["GET", "POST"])
        async def call(token: str, method: str, request: Request) -> Response:
            if token != standin.token:
                return error(401, "Unauthorized")
            params = await standin._params(request)
            with standin._lock:
                standin.calls.append((method, params))
                flood = next((f for f in standin._flood if f[0] == method), None)
                if flood is not None:
                    standin._flood.remove(flood)
            if flood is not None:
                return error(429, f"Too Many Requests: retry after {flood[1]}", retry_after=flood[1])
            handler = handlers.get(method)
            if handler is None:
                return error(404, "Not Found")
            return await handler(params)

        @app.get("/file/bot{token}/{file_path:path}")
        async def download(token: str, file_path: str) -> Response:
            if token != standin.token:
                return error(401, "Unauthorized")
            for path, data in standin.files.values():
                if path == file_path:
                    return Response(content=data, media_type="application/octet-stream")
            return error(404, "Not Found")

        async def get_me(params: dict[str, Any]) -> Response:
            return ok(standin._me())

        async def get_updates(params: dict[str, Any]) -> Response:
            return await standin._get_updates(params)

        async def set_webhook(params: dict[str, Any]) -> Response:
            url = params.get("url", "")
            if url and not url.startswith(("https://", "http://127.0.0.1")):
                return error(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
            with standin._lock:
                standin.webhook_url = url
                standin.webhook_secret = params.get("secret_token")
                standin.allowed_updates = params.get("allowed_updates")
            return ok(True)

        async def delete_webhook(params: dict[str, Any]) -> Response:
            with standin._lock:
                standin.webhook_url, standin.webhook_secret = "", None
                if str(params.get("drop_pending_updates", "")).lower() == "true":
                    standin.pending.clear()
            return ok(True)

        async def get_webhook_info(params: dict[str, Any]) -> Response:
            return ok(
                {
                    "url": standin.webhook_url,
                    "has_custom_certificate": False,
                    "pending_update_count": len(standin.pending),
                }
            )

        def sender(kind: str, text_field: str) -> Any:
            async def send(params: dict[str, Any]) -> Response:
                try:
                    chat_id = int(params["chat_id"])
                except (KeyError, ValueError):
                    return error(400, "Bad Request: chat not found")
                if chat_id in standin.blocked:
                    return error(403, "Forbidden: bot was blocked by the user")
                if chat_id in standin.never_started:
                    return error(403, "Forbidden: bot can't initiate conversation with a user")
                text = params.get(text_field)
                if kind == "sendMessage":
                    if not text:
                        return error(400, "Bad Request: message text is empty")
                    if len(text) > 4096:
                        return error(400, "Bad Request: message is too long")
                markup = params.get("reply_markup") or {}
                for row in markup.get("inline_keyboard", []):
                    for button in row:
                        if len(button.get("callback_data", "").encode()) > 64:
                            return error(400, "Bad Request: BUTTON_DATA_INVALID")
                return ok(standin._message(chat_id, text, params, kind))

            return send

        async def answer_callback_query(params: dict[str, Any]) -> Response:
            query_id = params.get("callback_query_id", "")
            with standin._lock:
                if query_id in standin.answered_callbacks:
                    return error(
                        400,
                        "Bad Request: query is too old and response timeout expired or query ID is invalid",
                    )
                standin.answered_callbacks.append(query_id)
            return ok(True)

        async def get_file(params: dict[str, Any]) -> Response:
            file_id = params.get("file_id", "")
            if file_id not in standin.files:
                return error(400, "Bad Request: invalid file_id")
            path, data = standin.files[file_id]
            if len(data) > 20 * 1024 * 1024:
                return error(400, "Bad Request: file is too big")
            return ok(
                {
                    "file_id": file_id,
                    "file_unique_id": "AgAD" + file_id[-8:],
                    "file_size": len(data),
                    "file_path": path,
                }
            )

        async def edit_reply_markup(params: dict[str, Any]) -> Response:
            return ok(True)

        handlers = {
            "getMe": get_me,
            "getUpdates": get_updates,
            "setWebhook": set_webhook,
            "deleteWebhook": delete_webhook,
            "getWebhookInfo": get_webhook_info,
            "sendMessage": sender("sendMessage", "text"),
            "sendPhoto": sender("sendPhoto", "caption"),
            "sendDocument": sender("sendDocument", "caption"),
            "answerCallbackQuery": answer_callback_query,
            "getFile": get_file,
            "editMessageReplyMarkup": edit_reply_markup,
        }
        return app
