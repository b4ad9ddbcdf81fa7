"""The fitted model flattened into plain arrays for single-message inference.

scikit-learn's per-call overhead (input validation, sparse matrix building, three estimators per
calibrated head) costs milliseconds for one short text; the arithmetic itself is microseconds.
This module computes exactly the same TF-IDF vector and calibrated probabilities with a dict
lookup per n-gram and one dense row gather, which is what keeps the model in the inbound path
at thousands of messages per second. A unit test checks it against scikit-learn's own answers.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

_WHITESPACE = re.compile(r"\s\s+")
# a character n-gram as one integer: 21 bits per code point (+1, so no gram is a prefix of
# another's code), three characters fit in an int64; longer grams take the Python path
_BITS = 21
_MAX_CODED_N = 3


def gram_code(gram: str) -> int:
    """The integer a character n-gram of up to three characters is looked up by."""
    code = 0
    for ch in gram:
        code = (code << _BITS) | (ord(ch) + 1)
    return code


def _code_points(doc: str) -> np.ndarray:
    # utf-32 gives one code point per 4 bytes; surrogatepass keeps lone surrogates countable
    return np.frombuffer(doc.encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.int64) + 1


@dataclass
class _Block:
    """One TfidfVectorizer of the feature union."""

    analyzer: Any  # "char", "word", or a callable (jieba words)
    ngram_range: tuple[int, int]
    token_pattern: re.Pattern[str] | None
    vocabulary: dict[str, int]  # n-gram -> column in the union
    idf: np.ndarray  # by column within this block
    offset: int
    index: dict[str, tuple[int, float]] = field(default_factory=dict)  # n-gram -> (column, idf)

    codes: np.ndarray | None = None  # sorted n-gram codes of a char block (vectorised path)
    code_columns: np.ndarray | None = None
    code_idf: np.ndarray | None = None

    def __post_init__(self) -> None:
        # one dict lookup with plain floats beats two lookups and a numpy scalar per n-gram
        idf = self.idf.tolist()
        self.index = {g: (col, idf[col - self.offset]) for g, col in self.vocabulary.items()}
        if self.analyzer == "char" and self.ngram_range[1] <= _MAX_CODED_N and self.vocabulary:
            # character n-grams are counted and looked up as integers in numpy: a sort and a
            # binary search instead of a Python slice, hash and dict lookup per n-gram
            terms = list(self.vocabulary)
            codes = np.fromiter((gram_code(t) for t in terms), dtype=np.int64, count=len(terms))
            order = np.argsort(codes)
            self.codes = codes[order]
            columns = np.fromiter((self.vocabulary[t] for t in terms), dtype=np.int64, count=len(terms))[order]
            self.code_columns = columns
            self.code_idf = self.idf[columns - self.offset]

    def char_vector(self, doc: str) -> tuple[np.ndarray, np.ndarray]:
        """Columns and l2-normalised sublinear TF-IDF values of a (lower-cased) text's char n-grams."""
        assert self.codes is not None and self.code_columns is not None and self.code_idf is not None
        points = _code_points(_WHITESPACE.sub(" ", doc))
        lo, hi = self.ngram_range
        length = len(points)
        parts = []
        for n in range(lo, min(hi, length) + 1):
            code = points[: length - n + 1]
            for k in range(1, n):
                code = (code << _BITS) | points[k : length - n + 1 + k]
            parts.append(code)
        if not parts:
            return _EMPTY_INT, _EMPTY_FLOAT
        # np.unique(return_counts=True) by hand: its generality costs more than the sort itself
        codes = np.concatenate(parts) if len(parts) > 1 else parts[0].copy()
        codes.sort()
        first = np.empty(len(codes), dtype=bool)
        first[0] = True
        np.not_equal(codes[1:], codes[:-1], out=first[1:])
        starts = first.nonzero()[0]
        grams = codes[starts]
        ends = np.empty_like(starts)
        ends[:-1] = starts[1:]
        ends[-1] = len(codes)
        counts = ends - starts
        pos = self.codes.searchsorted(grams)
        pos[pos == len(self.codes)] = 0
        hit = self.codes[pos] == grams
        if not hit.any():
            return _EMPTY_INT, _EMPTY_FLOAT
        pos = pos[hit]
        counts = counts[hit]
        values = np.where(counts > 1, 1.0 + np.log(counts), 1.0) * self.code_idf[pos]
        return self.code_columns[pos], values / math.sqrt(float(values @ values))


_EMPTY_INT = np.zeros(0, dtype=np.int64)
_EMPTY_FLOAT = np.zeros(0, dtype=np.float64)


@dataclass
class _Head:
    """A calibrated linear head: decision = x.W + b, then per-class sigmoid, then normalise."""

    classes: list[str]
    columns: slice  # this head's columns in the shared weight matrix
    intercept: np.ndarray
    cue_weights: np.ndarray | None  # (cue columns x classes) for the head's lexicon indicators
    find_cues: Callable[[str], list[int]] | None
    a: np.ndarray
    b: np.ndarray


class CompiledModel:
    """Inference-only copy of an EmbeddedModel's vectoriser and heads."""

    def __init__(
        self,
        vectoriser: Any,
        heads: dict[str, Any],
        cues: Mapping[str, tuple[Callable[[str], list[int]], int]] | None = None,
        cue_weight: float = 0.5,
    ) -> None:
        cues = cues or {}
        self.cue_weight = cue_weight
        self.blocks: list[_Block] = []
        offset = 0
        for _, vec in vectoriser.transformer_list:
            pattern = re.compile(vec.token_pattern) if vec.analyzer == "word" else None
            vocab = {term: offset + col for term, col in vec.vocabulary_.items()}
            self.blocks.append(
                _Block(vec.analyzer, tuple(vec.ngram_range), pattern, vocab, vec.idf_.astype(np.float64), offset)
            )
            offset += len(vec.vocabulary_)
        self.n_features = offset
        weights = []
        self.heads: dict[str, _Head] = {}
        col = 0
        for name, head in heads.items():
            if not hasattr(head, "calibrated_classifiers_"):
                if len(head.classes_) != 1:
                    raise ValueError(f"head {name} is not a calibrated linear model")
                # a one-label head (tiny corpus): any constant sigmoid normalises to certainty
                weights.append(np.zeros((offset, 1)))
                self.heads[name] = _Head(
                    classes=[str(head.classes_[0])], columns=slice(col, col + 1), intercept=np.zeros(1),
                    cue_weights=None, find_cues=None, a=np.zeros(1), b=np.zeros(1),
                )  # fmt: skip
                col += 1
                continue
            calibrated = head.calibrated_classifiers_
            if len(calibrated) != 1:
                raise ValueError("compile needs CalibratedClassifierCV(ensemble=False)")
            svm = calibrated[0].estimator
            calibrators = calibrated[0].calibrators
            # a two-label head has one decision column (the second label's), as in scikit-learn
            n = 1 if len(head.classes_) == 2 else len(head.classes_)
            coef = svm.coef_.T.astype(np.float64)
            find, width = cues.get(name, (None, 0))
            weights.append(coef[:offset])
            self.heads[name] = _Head(
                classes=[str(c) for c in head.classes_],
                columns=slice(col, col + n),
                intercept=np.asarray(svm.intercept_, dtype=np.float64),
                cue_weights=coef[offset : offset + width] if width else None,
                find_cues=find,
                a=np.array([c.a_ for c in calibrators], dtype=np.float64),
                b=np.array([c.b_ for c in calibrators], dtype=np.float64),
            )
            col += n
        # one dense (features x all classes) matrix: a message's decision values for every head
        # are then one gather of the rows its n-grams hit
        self.weights = np.ascontiguousarray(np.hstack(weights))
        # the per-class constants of every head side by side, so calibration is one vector op
        self.intercepts = np.concatenate([h.intercept for h in self.heads.values()])
        self.a = np.concatenate([h.a for h in self.heads.values()])
        self.b = np.concatenate([h.b for h in self.heads.values()])

    def _vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Columns and values of the text's TF-IDF row (each block l2-normalised, as the union)."""
        col_parts: list[np.ndarray] = []
        val_parts: list[np.ndarray] = []
        doc = text.lower()
        for block in self.blocks:
            if block.codes is not None:
                cols, vals = block.char_vector(doc)
                if len(cols):
                    col_parts.append(cols)
                    val_parts.append(vals)
                continue
            if callable(block.analyzer):
                # scikit-learn hands a callable analyzer the text as it is, without lower-casing
                grams = block.analyzer(text)
            elif block.analyzer == "char":
                doc_c = _WHITESPACE.sub(" ", doc)
                grams: list[str] = []
                lo, hi = block.ngram_range
                for n in range(lo, hi + 1):
                    grams.extend(doc_c[i : i + n] for i in range(len(doc_c) - n + 1))
            else:
                assert block.token_pattern is not None
                tokens = block.token_pattern.findall(doc)
                if not tokens:
                    continue
                lo, hi = block.ngram_range
                grams = []
                for n in range(lo, hi + 1):
                    grams.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
            get = block.index.get
            hits = [(entry, c) for g, c in Counter(grams).items() if (entry := get(g)) is not None]
            if not hits:
                continue
            vals = [(1.0 + math.log(c)) * idf if c > 1 else idf for (_, idf), c in hits]
            norm = math.sqrt(math.fsum([v * v for v in vals]))
            col_parts.append(np.array([col for (col, _), _ in hits], dtype=np.int64))
            val_parts.append(np.array(vals, dtype=np.float64) / norm)
        if not col_parts:
            return _EMPTY_INT, _EMPTY_FLOAT
        if len(col_parts) == 1:
            return col_parts[0], val_parts[0]
        return np.concatenate(col_parts), np.concatenate(val_parts)

    def _sigmoids(self, text: str) -> list[float]:
        columns, values = self._vector(text)
        # a text with no known n-gram scores by the intercepts alone
        decision = values @ self.weights[columns] + self.intercepts
        for head in self.heads.values():
            if head.cue_weights is not None and head.find_cues is not None:
                hits = head.find_cues(text)
                if hits:
                    decision[head.columns] += self.cue_weight * head.cue_weights[hits].sum(axis=0)
        # scikit-learn's _SigmoidCalibration: p = 1 / (1 + exp(a*d + b)), then normalised per head
        result: list[float] = (1.0 / (1.0 + np.exp(self.a * decision + self.b))).tolist()
        return result

    def predict_best(self, text: str) -> dict[str, tuple[str, float]]:
        """The most probable label and its probability per head: predict_proba's argmax, cheaper."""
        p = self._sigmoids(text)
        out: dict[str, tuple[str, float]] = {}
        for name, head in self.heads.items():
            part = p[head.columns]
            if len(head.classes) == 2:
                second = part[0]
                # ties go to the first class, as max() over predict_proba's dict does
                out[name] = (head.classes[1], second) if second > 1.0 - second else (head.classes[0], 1.0 - second)
                continue
            total = sum(part)
            if total <= 0:
                out[name] = (head.classes[0], 1.0 / len(part))
                continue
            best = max(range(len(part)), key=part.__getitem__)
            out[name] = (head.classes[best], part[best] / total)
        return out

    def predict_proba(self, text: str) -> dict[str, dict[str, float]]:
        """Calibrated class probabilities per head for one normalised feature text."""
        p = self._sigmoids(text)
        out: dict[str, dict[str, float]] = {}
        for name, head in self.heads.items():
            part = p[head.columns]
            if len(head.classes) == 2:
                out[name] = {head.classes[0]: 1.0 - part[0], head.classes[1]: part[0]}
                continue
            total = sum(part)
            out[name] = (
                {c: v / total for c, v in zip(head.classes, part, strict=True)}
                if total > 0
                else {c: 1.0 / len(part) for c in head.classes}
            )
        return out
