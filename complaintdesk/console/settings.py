"""Settings of the agent console, read from COMPLAINTDESK_* environment variables."""

from __future__ import annotations

import logging
import secrets

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

log = logging.getLogger(__name__)


class ConsoleSettings(BaseSettings):
    """See complaintdesk/console/README.md."""

    model_config = SettingsConfigDict(env_prefix="COMPLAINTDESK_", env_file=".env", extra="ignore")

    # signs the session cookie; unset means a random key per process (everyone logs in again on restart)
    console_secret: SecretStr | None = None
    console_session_hours: float = Field(default=12.0, gt=0)
    # set on when the console is served over HTTPS (it should be, outside a laptop)
    console_secure_cookies: bool = False
    # how often the live list looks for changed conversations
    console_live_interval: float = Field(default=1.0, gt=0)
    # login lock-out: this many failed logins within the window lock the account (e-mail) ...
    console_login_account_limit: int = Field(default=5, ge=1)
    # ... and this many lock the client address, whatever e-mails were tried
    console_login_ip_limit: int = Field(default=20, ge=1)
    console_login_window_minutes: float = Field(default=15.0, gt=0)

    def signing_key(self) -> str:
        """The cookie key in clear, generated once per process when not configured."""
        if self.console_secret is None:
            log.warning("COMPLAINTDESK_CONSOLE_SECRET is not set: console sessions end on restart")
            self.console_secret = SecretStr(secrets.token_urlsafe(32))
        return self.console_secret.get_secret_value()
