"""Knowledge-base look-up for the bot's inquiries: the published article whose keywords the question names.

Scoring is deliberately plain (the length of every keyword found in the question, the title
counting as one keyword) so that a senior agent can predict which article answers: give an
article the words customers use. The customer's language wins ties; zh-Hans and zh-Hant articles
also answer each other's customers before an English one does.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import KnowledgeArticle
from core.domain.labels import Language

ANSWER_MAX_CHARS = 800
# a keyword this short ("5G" is two) must still count, but one letter would match everything
MIN_KEYWORD_CHARS = 2


def _score(article: KnowledgeArticle, folded: str) -> int:
    words = {str(k).casefold().strip() for k in article.keywords or []}
    words.add(article.title.casefold().strip())
    return sum(len(w) for w in words if len(w) >= MIN_KEYWORD_CHARS and w in folded)


def _language_rank(article_language: str, wanted: Language) -> int:
    if article_language == wanted.value:
        return 2
    chinese = {Language.ZH_HANS.value, Language.ZH_HANT.value}
    return 1 if article_language in chinese and wanted.value in chinese else 0


async def best_answer(session: AsyncSession, question: str, language: Language) -> str | None:
    """The body of the best-matching published article, clipped, or None when none matches."""
    folded = question.casefold()
    articles = (await session.scalars(select(KnowledgeArticle).where(KnowledgeArticle.published.is_(True)))).all()
    ranked = [(_score(a, folded), _language_rank(a.language, language), -a.id, a) for a in articles]
    ranked = [r for r in ranked if r[0] > 0]
    if not ranked:
        return None
    best = max(ranked, key=lambda r: r[:3])[3]
    body = best.body.strip()
    return body if len(body) <= ANSWER_MAX_CHARS else body[: ANSWER_MAX_CHARS - 1] + "…"


KB_LANGUAGES = frozenset({Language.ZH_HANS.value, Language.ZH_HANT.value, Language.EN.value})
MAX_TITLE = 256
MAX_BODY = 20_000
MAX_KEYWORDS = 30


def checked_article(language: object, title: object, body: object, keywords: object) -> tuple[str, str, str, list[str]]:
    """An article's fields cleaned up; ValueError naming the field when one is unusable."""
    if language not in KB_LANGUAGES:
        raise ValueError(f"language: {', '.join(sorted(KB_LANGUAGES))}")
    title = title.strip() if isinstance(title, str) else ""
    body = body.strip() if isinstance(body, str) else ""
    if not title or len(title) > MAX_TITLE:
        raise ValueError(f"title: 1 to {MAX_TITLE} characters")
    if not body or len(body) > MAX_BODY:
        raise ValueError(f"body: 1 to {MAX_BODY} characters")
    if not isinstance(keywords, list):
        raise ValueError("keywords: a list")
    words = [str(k).strip() for k in keywords if str(k).strip()][:MAX_KEYWORDS]
    return str(language), title, body, words


async def load_articles(session: AsyncSession, articles: list[dict[str, object]], now: datetime) -> tuple[int, int]:
    """Create or update articles by (language, title); returns (created, updated).

    Each item: `language` (zh-Hans, zh-Hant, en), `title`, `body`, optional `keywords` (list) and
    `published` (default true). A bad item raises ValueError naming its position and field, and
    nothing is written (the caller's transaction is not committed).
    """
    existing = {(a.language, a.title): a for a in (await session.scalars(select(KnowledgeArticle))).all()}
    created = updated = 0
    for i, item in enumerate(articles, 1):
        if not isinstance(item, dict):
            raise ValueError(f"article {i}: not a mapping")
        try:
            language, title, body, words = checked_article(
                item.get("language"), item.get("title"), item.get("body"), item.get("keywords") or [])
        except ValueError as exc:
            raise ValueError(f"article {i}: {exc}") from exc
        published = bool(item.get("published", True))
        found = existing.get((language, title))
        if found is None:
            session.add(KnowledgeArticle(language=language, title=title, body=body, keywords=words,
                                         published=published, created_at=now, updated_at=now))
            created += 1
        else:
            found.body, found.keywords, found.published, found.updated_at = body, words, published, now
            updated += 1
    return created, updated
