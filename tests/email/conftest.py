"""Fixtures of the e-mail channel: a throwaway Dovecot and an aiosmtpd server on loopback."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.email.dovecot_server import DovecotServer, ensure_dovecot_installed, free_port
from tests.email.email_harness import SmtpRecorder, SmtpServer


@pytest.fixture(scope="session")
def dovecot_available() -> None:
    ensure_dovecot_installed()


@pytest.fixture
def dovecot(dovecot_available: None) -> Iterator[DovecotServer]:
    """A fresh Dovecot with an empty INBOX for one test, stopped afterwards."""
    root = Path(tempfile.mkdtemp(prefix="cd-dovecot-"))
    # Dovecot's unprivileged processes must be able to reach the config and the maildir
    os.chmod(root, 0o755)  # noqa: S103 - a throwaway test directory
    server = DovecotServer(root).start()
    try:
        yield server
    finally:
        server.cleanup()


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """aiosmtpd on a free loopback port, recording every accepted mail."""
    recorder = SmtpRecorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    server = SmtpServer(port, recorder, controller)
    try:
        yield server
    finally:
        # a test may have replaced the controller (a restarted server)
        server.controller.stop()
