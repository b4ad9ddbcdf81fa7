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
        language, title, body = item.get("language"), item.get("title"), item.get("body")
        if language not in KB_LANGUAGES:
            raise ValueError(f"article {i}: language must be one of {', '.join(sorted(KB_LANGUAGES))}")
        if not isinstance(title, str) or not title.strip() or len(title) > 256:
            raise ValueError(f"article {i}: title must be 1 to 256 characters")
        if not isinstance(body, str) or not body.strip():
            raise ValueError(f"article {i}: body is empty")
        keywords = item.get("keywords") or []
        if not isinstance(keywords, list):
            raise ValueError(f"article {i}: keywords must be a list")
        words = [str(k).strip() for k in keywords if str(k).strip()]
        published = bool(item.get("published", True))
        found = existing.get((str(language), title.strip()))
        if found is None:
            session.add(KnowledgeArticle(language=language, title=title.strip(), body=body.strip(), keywords=words,
                                         published=published, created_at=now, updated_at=now))
            created += 1
        else:
            found.body, found.keywords, found.published, found.updated_at = body.strip(), words, published, now
            updated += 1
    return created, updated
