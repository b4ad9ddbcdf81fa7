"""Knowledge-base look-up for the bot's inquiries: the published article whose keywords the question names.

Scoring is deliberately plain (the length of every keyword found in the question, the title
counting as one keyword) so that a senior agent can predict which article answers: give an
article the words customers use. The customer's language wins ties; zh-Hans and zh-Hant articles
also answer each other's customers before an English one does.
"""

from __future__ import annotations

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
