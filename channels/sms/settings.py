"""Settings of the Twilio SMS channel, read from COMPLAINTDESK_* environment variables."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

TWILIO_API_URL = "https://api.twilio.com"
INBOUND_PATH = "/webhooks/twilio/sms"
STATUS_PATH = "/webhooks/twilio/status"


class TwilioSettings(BaseSettings):
    """Everything the SMS channel needs; the channel is off unless SID, token and sender are set."""

    model_config = SettingsConfigDict(env_prefix="COMPLAINTDESK_", env_file=".env", extra="ignore")

    # the base URL Twilio calls, as Twilio sees it (behind a reverse proxy: the proxy's URL);
    # signatures are computed over it, so it must match the URL configured in the Twilio console
    public_url: str | None = None
    twilio_account_sid: str | None = None
    twilio_auth_token: SecretStr | None = None
    # an E.164 number (+12025550143) or a Messaging Service SID (MG...)
    twilio_from: str | None = None
    twilio_api_url: str = TWILIO_API_URL
    # budget for one outbound SMS; a longer text is shortened with a link or split into numbered parts
    sms_max_segments: int = Field(default=3, ge=1, le=10)
    # Twilio concatenates at most 1600 characters; anything longer is kept whole in `raw` only
    sms_max_inbound_chars: int = Field(default=1600, ge=160)
    # bytes of one MMS media file we download; larger files are recorded as refused
    sms_max_media_bytes: int = Field(default=5_000_000, ge=1)
    sms_http_timeout: float = Field(default=15.0, gt=0)

    @property
    def configured(self) -> bool:
        """True when account SID, auth token and sender are all set."""
        return bool(self.twilio_account_sid and self.twilio_auth_token and self.twilio_from)

    @property
    def auth_token(self) -> str:
        """The auth token in clear, for the SDK and the signature validator."""
        if self.twilio_auth_token is None:
            raise ValueError("COMPLAINTDESK_TWILIO_AUTH_TOKEN is not set")
        return self.twilio_auth_token.get_secret_value()

    @property
    def uses_messaging_service(self) -> bool:
        """True when the sender is a Messaging Service rather than a phone number."""
        return bool(self.twilio_from and self.twilio_from.startswith("MG"))

    def public_endpoint(self, path: str) -> str:
        """The public URL Twilio uses for one of our webhook paths."""
        if not self.public_url:
            raise ValueError("COMPLAINTDESK_PUBLIC_URL is not set")
        return self.public_url.rstrip("/") + path

    @property
    def status_callback_url(self) -> str | None:
        """Where Twilio posts delivery status, or None without a public URL."""
        return self.public_endpoint(STATUS_PATH) if self.public_url else None


def load_twilio_settings() -> TwilioSettings | None:
    """The SMS settings from the environment, or None when the channel is not configured."""
    settings = TwilioSettings()
    return settings if settings.configured else None
