"""Knowledge-base pages: everyone reads, senior agents, supervisors and admins edit."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from complaintdesk.console.context import Console
from complaintdesk.console.knowledge import get_article, list_articles, save_article
from complaintdesk.console.roles import EDITS_KNOWLEDGE
from core.errors import NotFound


def add_knowledge_routes(router: APIRouter, console: Console) -> None:
    """Mount the knowledge-base list and editor on `router`."""
    desk = console.desk

    @router.get("/kb", include_in_schema=False)
    async def articles(request: Request) -> Response:
        session = await console.require(request)
        return console.render(request, "kb_list.html", session, articles=await list_articles(desk),
                              can_edit=session.user.may(EDITS_KNOWLEDGE))

    @router.get("/kb/new", include_in_schema=False)
    async def new_article(request: Request) -> Response:
        session = await console.require(request, EDITS_KNOWLEDGE)
        return console.render(request, "kb_edit.html", session, article=None, error=None)

    @router.get("/kb/{article_id}", include_in_schema=False)
    async def edit_article(request: Request, article_id: int) -> Response:
        session = await console.require(request, EDITS_KNOWLEDGE)
        try:
            article = await get_article(desk, article_id)
        except NotFound as exc:
            raise HTTPException(404, str(exc)) from exc
        return console.render(request, "kb_edit.html", session, article=article, error=None)

    @router.post("/kb/new", include_in_schema=False)
    async def create(request: Request) -> Response:
        return await save(request, None)

    @router.post("/kb/{article_id}", include_in_schema=False)
    async def update(request: Request, article_id: int) -> Response:
        return await save(request, article_id)

    async def save(request: Request, article_id: int | None) -> Response:
        session, form = await console.require_post(request, EDITS_KNOWLEDGE)
        fields = {
            "language": str(form.get("language", "zh-Hans")),
            "title": str(form.get("title", "")),
            "body": str(form.get("body", "")),
            "keywords": str(form.get("keywords", "")).replace("，", ",").split(","),
            "published": form.get("published") == "on",
        }
        try:
            await save_article(desk, article_id, staff_id=session.user.id, **fields)  # type: ignore[arg-type]
        except ValueError as exc:
            article = {"id": article_id, **fields}
            return console.render(request, "kb_edit.html", session, status=422, article=article, error=str(exc))
        except NotFound as exc:
            raise HTTPException(404, str(exc)) from exc
        return RedirectResponse("/console/kb", status_code=303)
