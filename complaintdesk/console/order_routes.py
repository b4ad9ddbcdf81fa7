"""Work-order operations from the ticket page (policy §4): dispatch, accept, urge, return, reply,
review, close, second dispatch, and the regulator-appeal and complex tracks entered by staff.

Who may do what, and in which state, is decided by `core.workflow` (roles and the state machine);
a refusal comes back on the ticket page with its reason and nothing changed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from starlette.responses import RedirectResponse, Response

from complaintdesk.console.context import Console
from complaintdesk.console.roles import StaffMember
from core.errors import ComplaintDeskError
from core.workflow import orders
from core.workflow.roles import Actor

Form = dict[str, str]


def _opt(form: Form, key: str) -> str | None:
    return form.get(key) or None


# operation → how to call it with the form's fields (the core checks role, state and required text)
OPERATIONS: dict[str, Callable[[Form], tuple[Callable[..., Awaitable[Any]], dict[str, Any]]]] = {
    "dispatch": lambda f: (orders.dispatch, {"department": _opt(f, "department")}),
    "accept": lambda f: (orders.accept, {}),
    "urge": lambda f: (orders.urge, {"note": _opt(f, "note")}),
    "return": lambda f: (orders.return_order, {"reason": f.get("reason", "")}),
    "reply": lambda f: (orders.reply, {"cause": f.get("cause", ""), "result": f.get("result", ""),
                                       "prevention": f.get("prevention", ""),
                                       "justification": f.get("justification") or "justified",
                                       "commitment": _opt(f, "commitment")}),
    "approve": lambda f: (orders.review, {"approve": True, "note": _opt(f, "note")}),
    "reject": lambda f: (orders.review, {"approve": False, "note": _opt(f, "note")}),
    "close": lambda f: (orders.close, {}),
    "second_dispatch": lambda f: (orders.second_dispatch, {"department": _opt(f, "department"),
                                                           "note": _opt(f, "note")}),
    "appeal": lambda f: (orders.register_appeal, {}),
    "appeal_preprocessed": lambda f: (orders.appeal_preprocessed, {"note": f.get("note", "")}),
    "complex": lambda f: (orders.mark_complex, {"reason": f.get("reason", "")}),
}


def actor_of(user: StaffMember) -> Actor:
    return Actor(user.id, user.role, user.department_code)


def add_order_routes(router: APIRouter, console: Console) -> None:
    """Mount `POST /console/tickets/{number}/order` on `router`."""
    desk = console.desk

    @router.post("/tickets/{number}/order", include_in_schema=False)
    async def operate(request: Request, number: str) -> Response:
        session, raw = await console.require_post(request)
        form = {k: str(v).strip() for k, v in raw.items()}
        build = OPERATIONS.get(form.get("op", ""))
        if build is None:
            raise HTTPException(422, "unknown operation")
        fn, kwargs = build(form)
        try:
            async with desk.unit_of_work() as uow:
                await orders.operate(uow.session, number, actor_of(session.user), fn, policy=desk.policy,
                                     calendar=desk.calendar, now=desk.clock.now(), **kwargs)
                await uow.commit()
        except ComplaintDeskError as exc:
            # refused: nothing was committed; say why on the ticket page
            return RedirectResponse(f"/console/tickets/{number}?refused={_quote(str(exc))}", status_code=303)
        return RedirectResponse(f"/console/tickets/{number}?done={form['op']}", status_code=303)


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text[:300])
