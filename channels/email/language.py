"""A cheap language guess for a mail body: simplified or traditional Chinese, English, or mixed."""

from __future__ import annotations

import re
from functools import lru_cache

from opencc import OpenCC

from core.domain.labels import Language

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@lru_cache(maxsize=2)
def _converter(config: str) -> OpenCC:
    return OpenCC(config)


def guess_language(text: str) -> Language | None:
    """zh-Hans, zh-Hant, en or mixed; None for text without letters or hanzi."""
    han = _HAN.findall(text)
    words = _LATIN_WORD.findall(text)
    if not han and not words:
        return None
    if not han:
        return Language.EN
    if len(words) > 3 * len(han):
        return Language.MIXED
    sample = "".join(han[:2000])
    # characters that change when converted to simplified are traditional, and vice versa
    to_simplified = sum(a != b for a, b in zip(sample, _converter("t2s").convert(sample), strict=False))
    to_traditional = sum(a != b for a, b in zip(sample, _converter("s2t").convert(sample), strict=False))
    return Language.ZH_HANT if to_simplified > to_traditional else Language.ZH_HANS
