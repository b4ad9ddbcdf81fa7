"""Knowledge-base articles: answers for agents (and later for the bot's inquiries)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from core.db.tables import KnowledgeArticle
from core.errors import NotFound
from core.services.knowledge import checked_article

if TYPE_CHECKING:
    from core.services.desk import Desk



def _as_dict(a: KnowledgeArticle) -> dict[str, Any]:
    return {"id": a.id, "language": a.language, "title": a.title, "body": a.body, "keywords": list(a.keywords),
            "published": a.published, "updated_at": a.updated_at.isoformat()}


async def list_articles(desk: Desk) -> list[dict[str, Any]]:
    """Every article, newest change first."""
    async with desk.unit_of_work() as uow:
        rows = (await uow.session.scalars(select(KnowledgeArticle).order_by(KnowledgeArticle.updated_at.desc()))).all()
    return [_as_dict(a) for a in rows]


async def get_article(desk: Desk, article_id: int) -> dict[str, Any]:
    """One article; NotFound when there is none."""
    async with desk.unit_of_work() as uow:
        row = await uow.session.get(KnowledgeArticle, article_id)
    if row is None:
        raise NotFound(f"article {article_id}")
    return _as_dict(row)


async def save_article(desk: Desk, article_id: int | None, *, staff_id: int, language: str, title: str, body: str,
                       keywords: list[str], published: bool) -> int:
    """Create (article_id None) or update an article; ValueError on empty or oversized fields."""
    language, title, body, keywords = checked_article(language, title, body, keywords)
    now = desk.clock.now()
    async with desk.unit_of_work() as uow:
        if article_id is None:
            row = KnowledgeArticle(language=language, title=title, body=body, keywords=keywords, published=published,
                                   updated_by=staff_id, created_at=now, updated_at=now)
            uow.session.add(row)
        else:
            found = await uow.session.get(KnowledgeArticle, article_id)
            if found is None:
                raise NotFound(f"article {article_id}")
            row = found
            row.language, row.title, row.body, row.keywords, row.published = language, title, body, keywords, published
            row.updated_by, row.updated_at = staff_id, now
        await uow.session.flush()
        await uow.commit()
        return row.id
