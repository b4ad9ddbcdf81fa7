"""Telegram chat channel (python-telegram-bot 22): webhook or long polling, buttons, flood-limited sending."""

import os

# PTB 22 warns on every integer time period (RetryAfter.retry_after included) unless we opt in to
# the timedelta values of its next major version; we read them as timedelta throughout
os.environ.setdefault("PTB_TIMEDELTA", "true")
