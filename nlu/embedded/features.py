"""Feature extraction for the embedded model: character n-grams plus English word n-grams.

Character 1-3 grams need no segmenter, so they load instantly and cope with slang, typos and
Cantonese characters a dictionary does not know; English words add whole-word cues that character
grams spread thin. Jieba words (with the telecom user dictionary) are an option (`jieba=True`,
COMPLAINTDESK_NLU_JIEBA=1): a little more accurate, about a second more start-up; see ADR 0002.
"""

from __future__ import annotations

import logging
import re
import threading
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

# English words of two or more characters ("5g" is left to the character n-grams)
ENGLISH_WORD = r"(?u)\b[a-z][a-z0-9'+-]+\b"


_USERDICT = Path(__file__).resolve().parents[1] / "data" / "telecom_userdict.txt"
_jieba_ready = threading.Lock()
_jieba_loaded = False


def _jieba() -> Any:
    """jieba with the telecom user dictionary, loaded once per process (about half a second)."""
    global _jieba_loaded
    with warnings.catch_warnings():
        # jieba's source has invalid escape sequences and imports pkg_resources: third-party noise
        warnings.simplefilter("ignore")
        import jieba

    with _jieba_ready:
        if not _jieba_loaded:
            jieba.setLogLevel(logging.WARNING)
            jieba.initialize()
            if _USERDICT.exists():
                with _USERDICT.open("rb") as fh:
                    jieba.load_userdict(fh)
            _jieba_loaded = True
    return jieba


def jieba_words(text: str) -> list[str]:
    """Jieba words of the Chinese runs of a normalised text (English has its own word features)."""
    return [w for w in _jieba().lcut(text) if w.strip() and not w.isascii()]


def build_vectoriser(*, jieba: bool = False, texts: Sequence[str] = ()) -> FeatureUnion:
    """The TF-IDF feature union the model heads share.

    Given the training texts, a word block with nothing to learn from (no English, no Chinese) is
    left out: scikit-learn refuses an empty vocabulary.
    """
    english = not texts or any(re.search(ENGLISH_WORD, t) for t in texts)
    chinese = not texts or any(not t.isascii() for t in texts)
    parts: list[tuple[str, TfidfVectorizer]] = [
        (
            "chars",
            TfidfVectorizer(
                analyzer="char",
                ngram_range=(1, 3),
                sublinear_tf=True,
                min_df=2,
                max_features=120_000,
                dtype=_float32(),
            ),
        ),
    ]
    if english:
        words = TfidfVectorizer(
            analyzer="word",
            ngram_range=(1, 2),
            sublinear_tf=True,
            min_df=1,
            token_pattern=ENGLISH_WORD,
            dtype=_float32(),
        )
        parts.append(("words", words))
    if jieba and chinese:
        parts.append(("jieba", TfidfVectorizer(analyzer=jieba_words, sublinear_tf=True, min_df=1, dtype=_float32())))
    return FeatureUnion(parts)


def _float32() -> type:
    import numpy as np

    return np.float32
