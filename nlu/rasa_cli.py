"""`complaintdesk nlu rasa-train` and `complaintdesk nlu rasa-serve`.

The `nlu` click group calls `register(group)`; `rasa_commands` lists the same commands for a
group that prefers to add them itself.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from bots.rasa.environment import RasaEnvironmentError, ensure_venv
from bots.rasa.project import load_corpus, write_project
from bots.rasa.runner import RasaRunError, exec_server, latest_model, train_model
from bots.rasa.settings import RasaSettings

# the shared corpus, wherever the command is run from
DEFAULT_CORPUS = Path(__file__).parent / "data"


@click.command("rasa-train")
@click.option(
    "--corpus",
    type=click.Path(exists=True, path_type=Path),
    default=DEFAULT_CORPUS,
    help="Shared training corpus (Rasa NLU YAML files) [default: nlu/data].",
)
@click.option(
    "--out",
    "model_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Model folder [default: COMPLAINTDESK_RASA_MODEL_DIR or var/models/rasa].",
)
@click.option(
    "--project-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Where the generated Rasa project goes [default: var/rasa/project].",
)
@click.option("--epochs", type=click.IntRange(min=1), default=None, help="DIET epochs [default: bots/rasa/config.yml].")
@click.option(
    "--venv",
    type=click.Path(path_type=Path),
    default=None,
    help="Rasa's venv [default: COMPLAINTDESK_RASA_VENV or ~/.cache/complaintdesk/rasa-3.6.21].",
)
def rasa_train(
    corpus: Path, model_dir: Path | None, project_dir: Path | None, epochs: int | None, venv: Path | None
) -> None:
    """Build Rasa's venv if missing, generate the Rasa project from the corpus, train the NLU model."""
    settings = RasaSettings()
    started = time.monotonic()
    try:
        venv_dir = ensure_venv(venv or settings.venv, python=str(settings.python) if settings.python else None)
        data = load_corpus(corpus)
        project = write_project(data, project_dir or settings.project_dir, epochs=epochs or settings.epochs)
        click.echo(f"generated Rasa project in {project} ({len(data.examples)} examples); training ...")
        model = train_model(project, model_dir or settings.model_dir, venv_dir=venv_dir)
    except (RasaEnvironmentError, RasaRunError, FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Rasa model: {model} ({time.monotonic() - started:.0f} s)")


@click.command("rasa-serve")
@click.option(
    "--model",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Model file [default: newest in the model folder].",
)
@click.option("--host", default=None, help="Interface [default: 127.0.0.1; the API has no auth].")
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Port [default: 5005].")
@click.option("--venv", type=click.Path(path_type=Path), default=None, help="Rasa's venv.")
def rasa_serve(model: Path | None, host: str | None, port: int | None, venv: Path | None) -> None:
    """Run `rasa run --enable-api` on loopback with the trained model (foreground)."""
    settings = RasaSettings()
    try:
        venv_dir = ensure_venv(venv or settings.venv, python=str(settings.python) if settings.python else None)
        model = model or latest_model(settings.model_dir)
    except (RasaEnvironmentError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from exc
    host, port = host or settings.host, port or settings.port
    click.echo(f"serving {model} at http://{host}:{port} (POST /model/parse)", err=True)
    exec_server(model, venv_dir=venv_dir, host=host, port=port)


rasa_commands: list[click.Command] = [rasa_train, rasa_serve]


def register(group: click.Group) -> None:
    """Add the Rasa commands to the `nlu` group."""
    for command in rasa_commands:
        group.add_command(command)
