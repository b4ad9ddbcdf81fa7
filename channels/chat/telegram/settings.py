"""Settings of the Telegram channel, read from COMPLAINTDESK_* environment variables."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

TELEGRAM_API_URL = "https://api.telegram.org"
WEBHOOK_PATH = "/webhooks/telegram"
# the update types we act on; others are not even requested from Telegram
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]


class TelegramSettings(BaseSettings):
    """Everything the Telegram channel needs; the channel is off without a bot token."""

    model_config = SettingsConfigDict(env_prefix="COMPLAINTDESK_", env_file=".env", extra="ignore")

    public_url: str | None = None
    telegram_token: SecretStr | None = None
    # webhook mode: Telegram sends it in X-Telegram-Bot-Api-Secret-Token (1-256 of A-Z a-z 0-9 _ -)
    telegram_secret: SecretStr | None = None
    telegram_api_url: str = TELEGRAM_API_URL
    telegram_mode: Literal["webhook", "polling"] = "webhook"
    telegram_poll_timeout: int = Field(default=30, ge=0, le=50)
    # Telegram's flood limits: one message a second in a chat, about thirty a second overall
    telegram_chat_interval: float = Field(default=1.0, ge=0)
    telegram_global_rate: int = Field(default=30, ge=1)
    # a send that would wait longer than this is handed back to the outbox as RetryLater
    telegram_max_wait: float = Field(default=5.0, ge=0)
    # the Bot API serves files up to 20 MB to bots
    telegram_max_file_bytes: int = Field(default=20 * 1024 * 1024, ge=1)

    @model_validator(mode="after")
    def _webhook_needs_url_and_secret(self) -> TelegramSettings:
        if self.telegram_token and self.telegram_mode == "webhook":
            if not self.public_url:
                raise ValueError("webhook mode needs COMPLAINTDESK_PUBLIC_URL")
            if not self.telegram_secret:
                raise ValueError("webhook mode needs COMPLAINTDESK_TELEGRAM_SECRET")
        return self

    @property
    def configured(self) -> bool:
        """True when a bot token is set."""
        return self.telegram_token is not None and bool(self.telegram_token.get_secret_value())

    @property
    def token(self) -> str:
        """The bot token in clear."""
        if self.telegram_token is None:
            raise ValueError("COMPLAINTDESK_TELEGRAM_TOKEN is not set")
        return self.telegram_token.get_secret_value()

    @property
    def secret(self) -> str | None:
        """The webhook secret in clear, if any."""
        return self.telegram_secret.get_secret_value() if self.telegram_secret else None

    @property
    def webhook_url(self) -> str:
        """The URL Telegram posts updates to."""
        if not self.public_url:
            raise ValueError("COMPLAINTDESK_PUBLIC_URL is not set")
        return self.public_url.rstrip("/") + WEBHOOK_PATH


def load_telegram_settings() -> TelegramSettings | None:
    """The Telegram settings from the environment, or None when the channel is not configured."""
    settings = TelegramSettings()
    return settings if settings.configured else None
