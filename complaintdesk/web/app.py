"""The ASGI application: health, the API, and (mounted by their packages) channel web hooks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import text
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import Response

from complaintdesk.bootstrap import Runtime, build_runtime
from complaintdesk.console import build_console_router
from complaintdesk.settings import Settings
from complaintdesk.web.api import router as api_router


class BodyGuard(BaseHTTPMiddleware):
    """Refuse bodies over the limit before reading them (413) and JSON that is not UTF-8 (400)."""

    def __init__(self, app: Any, max_bytes: int) -> None:
        super().__init__(app)
        self.max_bytes = max_bytes

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            return JSONResponse({"detail": f"body larger than {self.max_bytes} bytes"}, 413)
        if request.headers.get("content-type", "").startswith("application/json"):
            body = await request.body()
            if len(body) > self.max_bytes:
                return JSONResponse({"detail": f"body larger than {self.max_bytes} bytes"}, 413)
            try:
                body.decode("utf-8")
            except UnicodeDecodeError as exc:
                return JSONResponse({"detail": f"body is not valid UTF-8 (byte {exc.start})"}, 400)
        return await call_next(request)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for err in exc.errors():
        if err.get("type") == "json_invalid":
            return JSONResponse({"detail": "body is not valid JSON (or not UTF-8)"}, status.HTTP_400_BAD_REQUEST)
        where = ".".join(str(p) for p in err["loc"] if p != "body") or "body"
        problems.append({"field": where, "problem": err["msg"]})
    return JSONResponse({"detail": problems}, 422)


def create_app(settings: Settings | None = None, runtime: Runtime | None = None) -> FastAPI:
    """The web app; with `runtime` given (tests) it uses that instead of building one."""
    settings = settings or (runtime.settings if runtime else Settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = runtime is None
        rt = runtime or await build_runtime(settings)
        app.state.runtime = rt
        for router in rt.routers:
            app.include_router(router)
        app.include_router(build_console_router(rt.desk, adapters=rt.adapters))
        if own:
            await rt.start_background()
        try:
            yield
        finally:
            if own:
                await rt.close()

    app = FastAPI(
        title="complaintdesk",
        version="0.1.0",
        description="Complaint desk for telecom operators: messages in, tickets and replies out.",
        lifespan=lifespan,
    )
    app.add_middleware(BodyGuard, max_bytes=settings.max_body_bytes)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.include_router(api_router)

    @app.get("/healthz", tags=["ops"])
    async def healthz(request: Request) -> JSONResponse:
        """Liveness and database reachability."""
        rt: Runtime = request.app.state.runtime
        try:
            async with rt.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception as exc:
            return JSONResponse({"status": "degraded", "database": str(exc)[:200]}, status.HTTP_503_SERVICE_UNAVAILABLE)
        return JSONResponse({"status": "ok", "database": "ok", "nlu": rt.desk.classifier.name})

    return app
