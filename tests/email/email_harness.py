"""Helpers of the e-mail tests: the fixture corpus, settings for loopback servers, an SMTP recorder."""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from channels.email.settings import EmailSettings
from tests.email.dovecot_server import PASSWORD, USER, DovecotServer

FIXTURES = Path(__file__).with_name("fixtures")
OUR_ADDRESS = "complaints@desk.example.com"
OUR_DOMAIN = "desk.example.com"


def fixture_bytes(name: str) -> bytes:
    """One raw mail of tests/email/fixtures."""
    return (FIXTURES / name).read_bytes()


def make_settings(tmp_path: Path, **overrides: Any) -> EmailSettings:
    """E-mail settings with storage in tmp_path; IMAP/SMTP come from overrides."""
    values: dict[str, Any] = {
        "mail_from": OUR_ADDRESS,
        "attachments_dir": tmp_path / "attachments",
        "mail_raw_dir": tmp_path / "mail",
        "imap_tls": False,
        "smtp_tls": "none",
        "imap_timeout_seconds": 5.0,
        "imap_idle_renew_seconds": 30.0,
        "imap_poll_seconds": 0.5,
        "imap_reconnect_min_seconds": 0.1,
        "imap_reconnect_max_seconds": 0.5,
        "smtp_timeout_seconds": 5.0,
    }
    values.update(overrides)
    return EmailSettings(**values)


def imap_settings(tmp_path: Path, server: DovecotServer, **overrides: Any) -> EmailSettings:
    """Settings that point the channel at the throwaway Dovecot."""
    values: dict[str, Any] = {
        "imap_host": "127.0.0.1",
        "imap_port": server.port,
        "imap_user": USER,
        "imap_password": PASSWORD,
    }
    values.update(overrides)
    return make_settings(tmp_path, **values)


@dataclass
class SmtpRecorder:
    """An aiosmtpd handler that records what it accepts and refuses on request."""

    received: list[EmailMessage] = field(default_factory=list)
    envelopes: list[Envelope] = field(default_factory=list)
    # recipient address → SMTP reply to RCPT TO, e.g. "550 5.1.1 no such user"
    rcpt_replies: dict[str, str] = field(default_factory=dict)
    data_reply: str | None = None

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        reply = self.rcpt_replies.get(address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.data_reply:
            return self.data_reply
        self.envelopes.append(envelope)
        raw = envelope.original_content or envelope.content or b""
        assert isinstance(raw, bytes)
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.received.append(parsed)
        return "250 2.0.0 Ok: queued"


@dataclass
class SmtpServer:
    port: int
    recorder: SmtpRecorder
    controller: Controller
