"""Settings of the service, from `COMPLAINTDESK_*` environment variables and an optional `.env`.

Each channel package has its own settings class with the same prefix; this one holds what the
core service needs. The README's configuration table lists them all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COMPLAINTDESK_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///./var/complaintdesk.db"
    policy_file: Path | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    # bearer token for the ticket API; unset means the ticket API refuses everyone
    api_token: SecretStr | None = None
    nlu: Literal["baseline", "embedded", "rasa"] = "embedded"
    rasa_url: str = "http://127.0.0.1:5005"
    # the complaint bot answers the web widget, Telegram and SMS first (on: the product as designed;
    # off: every complaint on those channels opens a ticket at once, as e-mail ones do)
    bot: bool = True
    # another set of flow files (copy bots/flows and edit the wording); None: the shipped flows
    bot_flows_dir: Path | None = None
    models_dir: Path = Path("var/models")
    attachments_dir: Path = Path("var/attachments")
    # bring the schema up to date when the server starts (the embedded default wants this)
    auto_migrate: bool = True
    # run the outbox dispatcher inside `serve`; turn off when running `complaintdesk worker`s
    dispatcher: bool = True
    max_body_bytes: int = 1_000_000
    log_level: str = "INFO"
