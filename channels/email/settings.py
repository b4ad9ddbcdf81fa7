"""Settings of the e-mail channel, read from COMPLAINTDESK_* environment variables."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# archives and executables are refused: agents cannot open them safely and the complaint is the text
DEFAULT_REFUSED_EXTENSIONS = (
    ".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz",
    ".exe", ".com", ".bat", ".cmd", ".scr", ".msi", ".js", ".vbs", ".jar", ".ps1", ".apk",
)  # fmt: skip


class EmailSettings(BaseSettings):
    """Everything the e-mail channel needs; it is off unless IMAP host, user and password are set."""

    model_config = SettingsConfigDict(env_prefix="COMPLAINTDESK_", env_file=".env", extra="ignore")

    imap_host: str | None = None
    # 993 with implicit TLS; 143 only for a loopback server without TLS (STARTTLS is not supported)
    imap_port: int | None = None
    imap_user: str | None = None
    imap_password: SecretStr | None = None
    imap_tls: bool = True
    imap_mailbox: str = "INBOX"
    # empty: processed mail is flagged \Seen and stays in the mailbox; set: it is moved there
    imap_processed_folder: str | None = None
    imap_idle: bool = True
    # a server may drop an IDLE after 30 minutes (RFC 2177); we renew well before
    imap_idle_renew_seconds: float = Field(default=600.0, gt=0)
    # without IDLE (or when it is off) the mailbox is polled this often
    imap_poll_seconds: float = Field(default=60.0, gt=0)
    # every IMAP command, connect and login included, must answer within this time
    imap_timeout_seconds: float = Field(default=60.0, gt=0)
    # reconnect backoff after a failure: doubles from min to max, with jitter
    imap_reconnect_min_seconds: float = Field(default=1.0, gt=0)
    imap_reconnect_max_seconds: float = Field(default=300.0, gt=0)
    # UIDs fetched per round trip during a back-fill
    imap_batch_size: int = Field(default=50, ge=1, le=1000)

    smtp_host: str | None = None
    smtp_port: int | None = None
    smtp_user: str | None = None
    smtp_password: SecretStr | None = None
    # "ssl" implicit TLS (465), "starttls" (587), "none" only for a loopback relay
    smtp_tls: str = Field(default="starttls", pattern="^(ssl|starttls|none)$")
    smtp_timeout_seconds: float = Field(default=60.0, gt=0)
    # the complaint address customers write to; From of every reply
    mail_from: str | None = None
    mail_from_name: str = "客户投诉受理中心 Complaint Desk"
    # the right-hand side of our Message-IDs; default: the domain of mail_from
    mail_message_id_domain: str | None = None

    attachments_dir: Path = Path("var/attachments")
    # one attachment larger than this is not kept; it is recorded as refused so the customer is told
    attachment_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1)
    attachment_refused_extensions: tuple[str, ...] = DEFAULT_REFUSED_EXTENSIONS
    # a whole mail larger than this is fetched only in part (headers and the first text) and its
    # attachments are refused; it is still recorded
    mail_max_bytes: int = Field(default=25 * 1024 * 1024, ge=1024)
    mail_partial_fetch_bytes: int = Field(default=1024 * 1024, ge=1024)
    # every raw .eml is kept here for reprocessing; ignored and rejected mail too
    mail_raw_dir: Path = Path("var/mail")

    @property
    def imap_configured(self) -> bool:
        """True when the inbound side (IMAP) can run."""
        return bool(self.imap_host and self.imap_user and self.imap_password)

    @property
    def smtp_configured(self) -> bool:
        """True when the outbound side (SMTP) can run."""
        return bool(self.smtp_host and self.mail_from)

    @property
    def configured(self) -> bool:
        """True when the channel is on: IMAP settings and a From address are present."""
        return self.imap_configured and bool(self.mail_from)

    @property
    def effective_imap_port(self) -> int:
        """The IMAP port, defaulting by TLS mode."""
        return self.imap_port or (993 if self.imap_tls else 143)

    @property
    def effective_smtp_port(self) -> int:
        """The SMTP port, defaulting by TLS mode."""
        return self.smtp_port or {"ssl": 465, "starttls": 587, "none": 25}[self.smtp_tls]

    @property
    def message_id_domain(self) -> str:
        """The domain of our Message-IDs."""
        if self.mail_message_id_domain:
            return self.mail_message_id_domain
        if self.mail_from and "@" in self.mail_from:
            return self.mail_from.rsplit("@", 1)[1].strip(" >").lower()
        return "complaintdesk.invalid"

    def secret(self, name: str) -> str:
        """A password in clear ("imap_password" or "smtp_password"); empty when unset."""
        value: SecretStr | None = getattr(self, name)
        return value.get_secret_value() if value is not None else ""


def load_email_settings() -> EmailSettings | None:
    """The e-mail settings from the environment, or None when the channel is not configured."""
    settings = EmailSettings()
    return settings if settings.configured else None
