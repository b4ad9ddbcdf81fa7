"""Log in, log out, switch language."""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlparse

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from complaintdesk.console.accounts import authenticate
from complaintdesk.console.context import LANG_COOKIE, LOGIN_PATH, Console
from complaintdesk.console.i18n import LANGUAGES, translate
from complaintdesk.console.sessions import COOKIE
from complaintdesk.console.throttle import Lock, LoginThrottle, client_key, normalise_email

LOGIN_CSRF_COOKIE = "cd_login_csrf"


def add_auth_routes(router: APIRouter, console: Console) -> None:
    """Mount the login, logout and language routes on `router`."""
    secure = console.settings.console_secure_cookies
    throttle = LoginThrottle.from_settings(console.desk, console.settings)

    def refused(request: Request, lock: Lock, token: str, email: str) -> Response:
        # the password was not checked (or was wrong): say how long, and that the right one waits too
        message = translate(f"login_locked_{lock.scope}", console.language(request)).format(minutes=lock.minutes)
        response = console.render(request, "login.html", None, status=429, login_csrf=token, failed=False,
                                  locked=message, email=email)
        response.headers["Retry-After"] = str(lock.retry_after)
        return response

    @router.get("/login", include_in_schema=False)
    async def login_form(request: Request) -> Response:
        # before login there is no session: the form's token is checked against a cookie (double submit)
        token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(24)
        response = console.render(request, "login.html", None, login_csrf=token, failed=False)
        response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", secure=secure,
                            path=LOGIN_PATH)
        return response

    @router.post("/login", include_in_schema=False)
    async def login(request: Request, email: str = Form(max_length=320), password: str = Form(max_length=1024),
                    csrf: str = Form(max_length=128)) -> Response:
        cookie = request.cookies.get(LOGIN_CSRF_COOKIE) or ""
        user = None
        # a request without the form's token checks no password, so it counts towards no lock-out
        if cookie and hmac.compare_digest(cookie.encode(), csrf.encode()):
            account, ip = normalise_email(email), client_key(request.client.host if request.client else None)
            lock = await throttle.begin(account, ip)
            if lock is not None:
                return refused(request, lock, cookie, email)
            user = await authenticate(console.desk, email, password)
            if user is None:
                lock = await throttle.failed(account, ip)
                if lock is not None:
                    return refused(request, lock, cookie, email)
            else:
                await throttle.succeeded(account)
        if user is None:
            return console.render(request, "login.html", None, status=401, login_csrf=cookie or secrets.token_urlsafe(24),
                                  failed=True, email=email)
        value, _csrf = await console.sessions.open(user)
        response = RedirectResponse("/console/conversations" if user.role.value != "department_staff"
                                    else "/console/tickets", status_code=303)
        response.set_cookie(COOKIE, value, httponly=True, samesite="lax", secure=secure, path="/console",
                            max_age=int(console.sessions.lifetime.total_seconds()))
        response.delete_cookie(LOGIN_CSRF_COOKIE, path=LOGIN_PATH)
        return response

    @router.post("/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        session, _ = await console.require_post(request)
        await console.sessions.close(session.session_id)
        response = RedirectResponse(LOGIN_PATH, status_code=303)
        response.delete_cookie(COOKIE, path="/console")
        return response

    @router.get("/lang/{code}", include_in_schema=False)
    async def switch_language(request: Request, code: str) -> Response:
        referer = request.headers.get("referer") or "/console/"
        # only ever redirect within the console, whatever the Referer says
        target = urlparse(referer).path if urlparse(referer).path.startswith("/console") else "/console/"
        response = RedirectResponse(target, status_code=303)
        if code in LANGUAGES:
            response.set_cookie(LANG_COOKIE, code, samesite="lax", secure=secure, path="/console",
                                max_age=365 * 24 * 3600)
        return response
