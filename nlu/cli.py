"""`complaintdesk nlu ...`: train, predict, eval and export-feedback (plus Rasa's commands when present).

Heavy imports (scikit-learn, the model) happen inside the commands, so mounting this group
costs the `complaintdesk` command nothing.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

MODELS_ENV = "COMPLAINTDESK_MODELS_DIR"
_backend_option = click.option(
    "--backend",
    type=click.Choice(["embedded", "rasa"]),
    default="embedded",
    show_default=True,
    help="Which NLU backend answers.",
)
_models_option = click.option(
    "--models-dir",
    type=click.Path(path_type=Path),
    envvar=MODELS_ENV,
    default=Path("var/models"),
    show_default=True,
    help=f"Where the embedded model file lives (env {MODELS_ENV}).",
)
_rasa_option = click.option(
    "--rasa-url",
    envvar="COMPLAINTDESK_RASA_URL",
    default=None,
    help="Rasa server (env COMPLAINTDESK_RASA_URL, default http://127.0.0.1:5005).",
)


@click.group("nlu")
def nlu() -> None:
    """The NLU model: train, predict, evaluate, export agent corrections."""


@nlu.command("train")
@_models_option
@click.option(
    "--data-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Corpus folder [default: nlu/data].",
)
@click.option(
    "--jieba/--no-jieba",
    default=None,
    help="Add jieba word features (env COMPLAINTDESK_NLU_JIEBA; default off, see ADR 0002).",
)
def train_command(models_dir: Path, data_dir: Path | None, jieba: bool | None) -> None:
    """Train the embedded model from the corpus and save it under the models folder."""
    from nlu.embedded.classifier import jieba_wanted
    from nlu.embedded.model import MODEL_FILE, save, train

    model = train(data_dir, jieba=jieba_wanted() if jieba is None else jieba)
    path = models_dir / MODEL_FILE
    save(model, path)
    click.echo(f"trained {model.name} on {model.trained_examples} examples in {model.train_seconds:.1f} s -> {path}")


def _read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise click.ClickException(f"{path}:{number}: not JSON ({exc.msg})") from exc
            if not isinstance(row, dict) or "text" not in row:
                raise click.ClickException(f'{path}:{number}: expected an object with "text"')
            yield number, row


def _open(backend: str, models_dir: Path, rasa_url: str | None) -> Any:
    from nlu.backends import BackendUnavailable, open_backend

    try:
        return open_backend(backend, models_dir=models_dir, rasa_url=rasa_url)
    except BackendUnavailable as exc:
        raise click.ClickException(str(exc)) from exc


def _predict_rows(
    backend: str, models_dir: Path, rasa_url: str | None, rows: list[dict[str, Any]], received_at: datetime
) -> list[dict[str, Any]]:
    from nlu.backends import classify_texts

    classifier = _open(backend, models_dir, rasa_url)
    results = classify_texts(classifier, [str(r.get("text") or "") for r in rows], received_at=received_at)
    out = []
    for row, result in zip(rows, results, strict=True):
        data = result.to_json()
        out.append(
            {
                "id": row.get("id"),
                "kind": data["kind"],
                "category": data["category"],
                "business": data["business"],
                "entities": data["entities"],
                "confidence": data["confidence"],
                "language": data["language"],
                "model": data["model"],
                "risk_signals": data["risk_signals"],
                "repeat_signals": data["repeat_signals"],
            }
        )
    return out


def _received_at(value: str | None) -> datetime:
    if not value:
        return datetime.now(UTC)
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@nlu.command("predict")
@click.argument("in_path", metavar="IN.jsonl", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("out_path", metavar="OUT.jsonl", type=click.Path(dir_okay=False, path_type=Path))
@_backend_option
@_models_option
@_rasa_option
@click.option("--received-at", default=None, help="ISO time relative dates resolve against [default: now].")
def predict_command(
    in_path: Path,
    out_path: Path,
    backend: str,
    models_dir: Path,
    rasa_url: str | None,
    received_at: str | None,
) -> None:
    """Label every {"id", "text"} line of IN.jsonl into OUT.jsonl."""
    rows = [row for _, row in _read_jsonl(in_path)]
    predictions = _predict_rows(backend, models_dir, rasa_url, rows, _received_at(received_at))
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with out_path.open("w", encoding="utf-8") as fh:
        for p in predictions:
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    click.echo(f"{len(predictions)} messages labelled by {backend} -> {out_path}", err=True)


@nlu.command("eval")
@click.argument("data_path", metavar="DATA.jsonl", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_backend_option
@_models_option
@_rasa_option
@click.option(
    "--png",
    "png_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the confusion matrices as a PNG [default: DATA.<backend>.confusion.png].",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the full report as JSON.",
)
def eval_command(
    data_path: Path,
    backend: str,
    models_dir: Path,
    rasa_url: str | None,
    png_path: Path | None,
    json_path: Path | None,
) -> None:
    """Score a backend on labelled lines: accuracy, macro-F1, per-class P/R, confusion matrices."""
    from dataclasses import asdict

    from nlu.evaluation import evaluate, format_report, plot_confusion

    gold = [row for _, row in _read_jsonl(data_path)]
    pred = _predict_rows(backend, models_dir, rasa_url, gold, _received_at(None))
    report = evaluate(gold, pred, backend=backend)
    click.echo(format_report(report))
    png = plot_confusion(report, png_path or data_path.with_suffix(f".{backend}.confusion.png"))
    click.echo(f"\nconfusion matrices: {png}" if png else "\n(matplotlib not installed: no PNG)", err=True)
    if json_path:
        json_path.write_text(json.dumps(asdict(report), ensure_ascii=False, indent=1), encoding="utf-8")


@nlu.command("export-feedback")
@click.option(
    "--input",
    "input_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help='JSON lines {"text", "kind", "category", "business"} [default: the nlu_feedback table].',
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the YAML here (e.g. nlu/data/feedback-2026-11.yml) [default: stdout].",
)
@click.option(
    "--database-url",
    envvar="COMPLAINTDESK_DATABASE_URL",
    default="sqlite:///./var/complaintdesk.db",
    show_default=True,
    help="Database holding the agents' corrections.",
)
def export_feedback_command(input_path: Path | None, out_path: Path | None, database_url: str) -> None:
    """Export agent label corrections as corpus YAML for retraining."""
    from nlu.feedback import feedback_examples, to_corpus_yaml

    rows = [row for _, row in _read_jsonl(input_path)] if input_path else _feedback_rows(database_url)
    document = to_corpus_yaml(rows)
    if out_path:
        out_path.write_text(document, encoding="utf-8")
        click.echo(
            f"{len(feedback_examples(rows))} corrections -> {out_path}; then `complaintdesk nlu train`",
            err=True,
        )
    else:
        sys.stdout.write(document)


def _feedback_rows(database_url: str) -> list[dict[str, Any]]:
    import asyncio

    from sqlalchemy import select

    from core.db.engine import create_engine
    from core.db.tables import NluFeedback

    async def read() -> list[dict[str, Any]]:
        engine = create_engine(database_url)
        try:
            async with engine.connect() as conn:
                result = await conn.execute(
                    select(NluFeedback.text, NluFeedback.kind, NluFeedback.category, NluFeedback.business).order_by(
                        NluFeedback.created_at, NluFeedback.id
                    )
                )
                return [dict(r._mapping) for r in result]
        finally:
            await engine.dispose()

    return asyncio.run(read())


def _mount_rasa() -> None:
    # the Rasa helper's commands (rasa-train, rasa-serve) join this group when their package is here
    try:
        from nlu.rasa_cli import register
    except ImportError:
        return
    register(nlu)


_mount_rasa()
