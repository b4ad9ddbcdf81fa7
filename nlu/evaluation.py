"""Scoring predictions against labelled data: accuracy, macro-F1, per-class P/R, confusion matrices.

`category` is scored on the messages whose gold kind is `complaint` (it is undefined elsewhere);
a complaint predicted as another kind counts as category `(none)`, i.e. wrong.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

FIELDS = ("kind", "category", "business")
NONE_LABEL = "(none)"


@dataclass
class FieldReport:
    """Scores of one field."""

    field: str
    n: int
    accuracy: float
    macro_f1: float
    labels: list[str]
    per_class: dict[str, dict[str, float]]  # label -> precision, recall, f1, support
    confusion: list[list[int]]  # rows gold, columns predicted, in `labels` order


@dataclass
class Report:
    """Scores of every field for one backend on one data set."""

    backend: str
    n: int
    fields: dict[str, FieldReport] = field(default_factory=dict)

    def summary(self) -> dict[str, float]:
        """The headline figures: accuracy and macro-F1 per field."""
        out: dict[str, float] = {}
        for name, r in self.fields.items():
            out[f"{name}_accuracy"] = round(r.accuracy, 4)
            out[f"{name}_macro_f1"] = round(r.macro_f1, 4)
        return out


def _label(value: Any) -> str:
    return NONE_LABEL if value in (None, "") else str(value)


def score_field(name: str, gold: Sequence[Any], pred: Sequence[Any]) -> FieldReport:
    """Scores of one field from parallel gold and predicted labels."""
    g = [_label(v) for v in gold]
    p = [_label(v) for v in pred]
    if not g:
        return FieldReport(name, 0, 0.0, 0.0, [], {}, [])
    gold_labels = sorted(set(g))
    labels = gold_labels + sorted(set(p) - set(g))
    # macro-F1 over the gold classes: a class the model invents should not dilute the average
    # with a zero it could never have earned, but predictions into it still cost recall
    macro = f1_score(
        g,
        p,
        labels=[lab for lab in gold_labels if lab != NONE_LABEL] or gold_labels,
        average="macro",
        zero_division=0,
    )
    prec, rec, f1, support = precision_recall_fscore_support(g, p, labels=labels, zero_division=0)
    per_class = {
        lab: {
            "precision": float(prec[i]),
            "recall": float(rec[i]),
            "f1": float(f1[i]),
            "support": int(support[i]),
        }
        for i, lab in enumerate(labels)
    }
    # counted by hand: scikit-learn warns (an error under our test settings) on one-label data
    index = {lab: i for i, lab in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for a, b in zip(g, p, strict=True):
        matrix[index[a]][index[b]] += 1
    return FieldReport(name, len(g), float(accuracy_score(g, p)), float(macro), labels, per_class, matrix)


def evaluate(gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]], *, backend: str = "") -> Report:
    """Score predicted rows against gold rows (same order, same ids)."""
    report = Report(backend=backend, n=len(gold))
    report.fields["kind"] = score_field("kind", [r.get("kind") for r in gold], [r.get("kind") for r in pred])
    complaints = [i for i, r in enumerate(gold) if r.get("kind") == "complaint"]
    report.fields["category"] = score_field(
        "category",
        [gold[i].get("category") for i in complaints],
        [pred[i].get("category") for i in complaints],
    )
    report.fields["business"] = score_field(
        "business", [r.get("business") for r in gold], [r.get("business") for r in pred]
    )
    return report


def format_report(report: Report) -> str:
    """The report as plain text: headline, per-class table and confusion matrix per field."""
    lines = [f"backend: {report.backend}   messages: {report.n}"]
    for name, r in report.fields.items():
        lines.append("")
        lines.append(f"== {name}: accuracy {r.accuracy:.3f}  macro-F1 {r.macro_f1:.3f}  (n={r.n})")
        lines.append(f"{'label':<22}{'precision':>10}{'recall':>10}{'f1':>8}{'support':>9}")
        for lab in r.labels:
            c = r.per_class[lab]
            lines.append(f"{lab:<22}{c['precision']:>10.3f}{c['recall']:>10.3f}{c['f1']:>8.3f}{c['support']:>9d}")
        lines.append("confusion (rows gold, columns predicted):")
        short = [lab[:6] for lab in r.labels]
        lines.append(" " * 22 + "".join(f"{s:>7}" for s in short))
        for lab, row in zip(r.labels, r.confusion, strict=True):
            lines.append(f"{lab:<22}" + "".join(f"{v:>7d}" for v in row))
    return "\n".join(lines)


def plot_confusion(report: Report, path: Path) -> Path | None:
    """A PNG with one confusion matrix per field; None when matplotlib (a dev extra) is missing."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    fig, axes = plt.subplots(1, len(report.fields), figsize=(7 * len(report.fields), 6.5))
    for ax, (name, r) in zip(axes, report.fields.items(), strict=True):
        ax.imshow(r.confusion or [[0]], cmap="Blues")
        ax.set_title(f"{name}  acc {r.accuracy:.2f}  macro-F1 {r.macro_f1:.2f}")
        ax.set_xticks(range(len(r.labels)), r.labels, rotation=60, ha="right", fontsize=8)
        ax.set_yticks(range(len(r.labels)), r.labels, fontsize=8)
        ax.set_xlabel("predicted")
        ax.set_ylabel("gold")
        for i, row in enumerate(r.confusion):
            for j, v in enumerate(row):
                if v:
                    ax.text(j, i, str(v), ha="center", va="center", fontsize=7)
    fig.suptitle(f"NLU confusion matrices ({report.backend}, n={report.n})")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
