"""Settings of the Rasa backend, from `COMPLAINTDESK_RASA_*` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict

from bots.rasa.runner import DEFAULT_HOST, DEFAULT_MODEL_DIR, DEFAULT_PORT, DEFAULT_PROJECT_DIR


class RasaSettings(BaseSettings):
    """Where the Rasa server is, how long to wait for it, where its venv and models live."""

    model_config = SettingsConfigDict(env_prefix="COMPLAINTDESK_RASA_", env_file=".env", extra="ignore")

    # the server the product asks (`POST {url}/model/parse`)
    url: str = "http://127.0.0.1:5005"
    # seconds for one parse; past it the message goes to the fallback (embedded) model
    timeout: float = 2.0
    # after a failure, skip Rasa for this many seconds so a dead server costs no latency per message
    retry_after: float = 30.0
    # Rasa's own Python 3.10 venv; None = ${XDG_CACHE_HOME:-~/.cache}/complaintdesk/rasa-3.6.21
    venv: Path | None = None
    # Python 3.10 to build the venv with; None = ~/.pyenv/versions/3.10.13 or python3.10 on PATH
    python: Path | None = None
    model_dir: Path = DEFAULT_MODEL_DIR
    project_dir: Path = DEFAULT_PROJECT_DIR
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    # DIET epochs; None = the value in bots/rasa/config.yml
    epochs: int | None = None
    # where RasaClassifier takes entities from: Rasa's DIET ("rasa") or the embedded model's
    # rule-based extractor ("extractor", better on phones and amounts, see README figures)
    entities: Literal["rasa", "extractor"] = "rasa"
