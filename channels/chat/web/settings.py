"""Settings of the web chat widget, read from COMPLAINTDESK_* environment variables."""

from __future__ import annotations

import logging
import secrets

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

log = logging.getLogger(__name__)


class WebChatSettings(BaseSettings):
    """The widget is always on; these tune it. See channels/chat/web/README.md."""

    model_config = SettingsConfigDict(env_prefix="COMPLAINTDESK_", env_file=".env", extra="ignore")

    # signs visitor tokens; unset means a random key per process (visitors lose their thread on restart)
    webchat_secret: SecretStr | None = None
    # per visitor: at most `webchat_burst` messages at once, refilled at `webchat_rate` a second
    webchat_burst: int = Field(default=6, ge=1)
    webchat_rate: float = Field(default=0.5, gt=0)
    webchat_max_chars: int = Field(default=2000, ge=1)
    # sites allowed to open the socket (Origin header); empty allows any
    webchat_allowed_origins: list[str] = Field(default_factory=list)

    def signing_key(self) -> str:
        """The visitor-token key in clear, generated once per process when not configured."""
        if self.webchat_secret is None:
            log.warning("COMPLAINTDESK_WEBCHAT_SECRET is not set: visitor tokens last until restart")
            self.webchat_secret = SecretStr(secrets.token_urlsafe(32))
        return self.webchat_secret.get_secret_value()
