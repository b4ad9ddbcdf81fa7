"""IMAP ingest against a real Dovecot: back-fill, IDLE, restarts, dropped and hung connections."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from channels.email.channel import EmailChannel
from channels.email.imap_sync import ImapSync, parse_cursor
from channels.email.intake import IntakeResult
from channels.email.settings import EmailSettings
from core.db.tables import Message
from core.domain.messages import InboundMessage
from core.errors import ChannelUnavailable
from core.services.desk import Desk
from core.services.inbound import InboundOutcome
from tests.email.dovecot_server import DovecotServer
from tests.email.email_harness import fixture_bytes, imap_settings

pytestmark = pytest.mark.integration

CUSTOMER_MAILS = [
    "foxmail_gbk_billing.eml",
    "big5_taiwan.eml",
    "qq_html_only.eml",
    "gmail_forward_en.eml",
    "outlook_attachments_gbk.eml",
]
# a bounded wait for something the server does asynchronously; never an assertion about speed
PATIENCE = 20.0


async def wait_until(predicate: Callable[[], bool], what: str) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + PATIENCE
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        await asyncio.sleep(0.05)


async def inbound_count(desk: Desk) -> int:
    async with desk.unit_of_work() as uow:
        query = select(func.count()).select_from(Message).where(Message.direction == "in")
        return int(await uow.session.scalar(query) or 0)


@asynccontextmanager
async def running(sync: ImapSync) -> AsyncIterator[asyncio.Task[None]]:
    sync.keep_outcomes = True
    task = asyncio.create_task(sync.run())
    try:
        yield task
    finally:
        sync.stop()
        try:
            await asyncio.wait_for(task, 15)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def settings_for(tmp_path: Path, dovecot: DovecotServer, **overrides: Any) -> EmailSettings:
    return imap_settings(tmp_path, dovecot, **overrides)


async def test_backfill_then_idle_push_flags_seen_only_after_storing(
    desk: Desk, tmp_path: Path, dovecot: DovecotServer
) -> None:
    dovecot.append(*(fixture_bytes(n) for n in CUSTOMER_MAILS[:3]))
    # polling is off the table: only an IDLE push can bring the fourth mail in
    sync = ImapSync(settings_for(tmp_path, dovecot, imap_idle_renew_seconds=120, imap_poll_seconds=600), desk)
    async with running(sync):
        await wait_until(lambda: sync.processed == 3, "the back-fill")
        await wait_until(lambda: sync.synced.is_set(), "the first pass")
        assert dovecot.flags() == {1: "\\Seen", 2: "\\Seen", 3: "\\Seen"}
        cursor = parse_cursor(await desk.get_cursor(sync.cursor_key))
        assert cursor is not None
        assert cursor[1] == 3
        await asyncio.sleep(0.3)  # let the loop enter IDLE
        dovecot.append(fixture_bytes(CUSTOMER_MAILS[3]))
        await wait_until(lambda: sync.processed == 4, "the IDLE push")
    assert sync.connects == 1
    assert [o.result for o in sync.outcomes] == [IntakeResult.SUBMITTED] * 4
    assert await inbound_count(desk) == 4
    assert dovecot.flags()[4] == "\\Seen"


async def test_restart_backfills_what_arrived_while_down_and_repeats_nothing(
    desk: Desk, tmp_path: Path, dovecot: DovecotServer
) -> None:
    settings = settings_for(tmp_path, dovecot)
    dovecot.append(fixture_bytes(CUSTOMER_MAILS[0]), fixture_bytes(CUSTOMER_MAILS[1]))
    first = ImapSync(settings, desk)
    async with running(first):
        await wait_until(lambda: first.processed == 2, "the first run")
    # a week of downtime: mail keeps arriving, some of it read by a human in webmail meanwhile
    dovecot.append(*(fixture_bytes(n) for n in CUSTOMER_MAILS[2:]))
    conn = dovecot.client()
    conn.select("INBOX")
    conn.uid("STORE", "3", "+FLAGS", "(\\Seen)")
    conn.logout()
    second = ImapSync(settings, desk)
    async with running(second):
        await wait_until(lambda: second.processed == 3, "the back-fill after restart")
        await wait_until(lambda: second.synced.is_set(), "the pass")
    assert [o.result for o in second.outcomes] == [IntakeResult.SUBMITTED] * 3
    assert await inbound_count(desk) == 5
    assert set(dovecot.flags().values()) == {"\\Seen"}


async def test_changed_uidvalidity_rereads_the_mailbox_without_duplicates(
    desk: Desk, tmp_path: Path, dovecot: DovecotServer
) -> None:
    settings = settings_for(tmp_path, dovecot)
    dovecot.append(*(fixture_bytes(n) for n in CUSTOMER_MAILS[:3]))
    first = ImapSync(settings, desk)
    async with running(first):
        await wait_until(lambda: first.processed == 3, "the first run")
    old = parse_cursor(await desk.get_cursor(first.cursor_key))
    assert old is not None

    dovecot.stop()
    dovecot.reset_uidvalidity(old[0] + 1000)
    dovecot.start()
    dovecot.append(fixture_bytes(CUSTOMER_MAILS[3]))

    second = ImapSync(settings, desk)
    async with running(second):
        await wait_until(lambda: second.processed == 4, "the re-sync")
    results = [o.result for o in second.outcomes]
    assert results.count(IntakeResult.DUPLICATE) == 3
    assert results.count(IntakeResult.SUBMITTED) == 1
    assert await inbound_count(desk) == 4
    assert parse_cursor(await desk.get_cursor(second.cursor_key)) == (old[0] + 1000, 4)


@pytest.mark.parametrize("how", ["kick", "kill"])
async def test_a_dropped_connection_reconnects_and_keeps_flowing(
    desk: Desk, tmp_path: Path, dovecot: DovecotServer, how: str
) -> None:
    sync = ImapSync(settings_for(tmp_path, dovecot), desk)
    dovecot.append(fixture_bytes(CUSTOMER_MAILS[0]))
    async with running(sync):
        await wait_until(lambda: sync.processed == 1, "the first mail")
        await asyncio.sleep(0.3)
        if how == "kick":
            dovecot.kick()  # the server says BYE
        else:
            assert dovecot.kill_imap_processes() >= 1  # the connection dies without a word
        dovecot.append(fixture_bytes(CUSTOMER_MAILS[1]))
        await wait_until(lambda: sync.processed == 2, "the mail after the drop")
        assert sync.connects >= 2
    assert await inbound_count(desk) == 2


async def test_server_down_for_a_while_then_back(desk: Desk, tmp_path: Path, dovecot: DovecotServer) -> None:
    sync = ImapSync(settings_for(tmp_path, dovecot), desk)
    async with running(sync):
        await wait_until(lambda: sync.synced.is_set(), "the first pass")
        dovecot.stop()
        await asyncio.sleep(1.0)  # several failed reconnects with backoff
        dovecot.start()
        dovecot.append(fixture_bytes(CUSTOMER_MAILS[2]))
        await wait_until(lambda: sync.processed == 1, "the mail after the outage")
    assert await inbound_count(desk) == 1


async def test_a_hung_idle_is_detected_and_replaced(desk: Desk, tmp_path: Path, dovecot: DovecotServer) -> None:
    settings = settings_for(tmp_path, dovecot, imap_idle_renew_seconds=1.0, imap_timeout_seconds=2.0)
    sync = ImapSync(settings, desk)
    stopped: list[int] = []
    try:
        async with running(sync):
            await wait_until(lambda: sync.synced.is_set(), "the first pass")
            await asyncio.sleep(0.3)
            # freeze the server process behind our connection: TCP stays up, nothing answers
            stopped = dovecot.imap_pids()
            assert stopped
            for pid in stopped:
                os.kill(pid, signal.SIGSTOP)
            dovecot.append(fixture_bytes(CUSTOMER_MAILS[4]))
            await wait_until(lambda: sync.processed == 1, "the mail after the hung IDLE")
            assert sync.connects >= 2
    finally:
        for pid in stopped:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


async def test_move_to_processed_folder_instead_of_flagging(desk: Desk, tmp_path: Path, dovecot: DovecotServer) -> None:
    sync = ImapSync(settings_for(tmp_path, dovecot, imap_processed_folder="Processed"), desk)
    dovecot.append(*(fixture_bytes(n) for n in CUSTOMER_MAILS[:2]))
    async with running(sync):
        await wait_until(lambda: sync.processed == 2, "two mails")
        await wait_until(lambda: dovecot.count("INBOX") == 0, "the move")
    assert dovecot.count("Processed") == 2


async def test_polling_fallback_without_idle(desk: Desk, tmp_path: Path, dovecot: DovecotServer) -> None:
    sync = ImapSync(settings_for(tmp_path, dovecot, imap_idle=False, imap_poll_seconds=0.2), desk)
    async with running(sync):
        await wait_until(lambda: sync.synced.is_set(), "the first pass")
        dovecot.append(fixture_bytes(CUSTOMER_MAILS[1]))
        await wait_until(lambda: sync.processed == 1, "the poll")
    assert await inbound_count(desk) == 1


class FailingStore:
    """Fault injection around the real desk: the store is down for the first `failures` submits."""

    def __init__(self, desk: Desk, failures: int, snapshot: Callable[[], Any] | None = None) -> None:
        self.desk = desk
        self.failures = failures
        self.snapshot = snapshot
        self.snapshots: list[Any] = []

    async def submit_inbound(self, msg: InboundMessage, *, cursor: tuple[str, str] | None = None) -> InboundOutcome:
        if self.failures:
            self.failures -= 1
            if self.snapshot is not None:
                self.snapshots.append(self.snapshot())
            raise ConnectionError("database is restarting")
        return await self.desk.submit_inbound(msg, cursor=cursor)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.desk, name)


async def test_nothing_is_flagged_or_skipped_while_the_store_fails(
    desk: Desk, tmp_path: Path, dovecot: DovecotServer
) -> None:
    settings = settings_for(tmp_path, dovecot)

    def snapshot() -> dict[int, str]:
        # what the mailbox looks like while the store is failing
        return dovecot.flags()

    store = FailingStore(desk, failures=2, snapshot=snapshot)
    sync = ImapSync(settings, store)  # type: ignore[arg-type]
    dovecot.append(fixture_bytes(CUSTOMER_MAILS[0]))
    async with running(sync):
        await wait_until(lambda: sync.processed == 1, "the retry after the store came back")
    assert len(store.snapshots) == 2
    for flags in store.snapshots:
        assert "\\Seen" not in flags[1]
    assert sync.connects >= 3  # each failure ended the session; the loop reconnected
    assert await inbound_count(desk) == 1
    assert dovecot.flags()[1] == "\\Seen"


async def test_bad_mail_in_the_mailbox_is_recorded_and_does_not_block_it(
    desk: Desk, tmp_path: Path, dovecot: DovecotServer
) -> None:
    settings = settings_for(tmp_path, dovecot)
    dovecot.append(
        fixture_bytes("missing_from.eml"),
        fixture_bytes("malformed_mime.eml"),
        fixture_bytes("dsn_bounce_postfix.eml"),
        fixture_bytes("autoreply_outlook_oof.eml"),
        fixture_bytes("zip_attachment.eml"),
    )
    sync = ImapSync(settings, desk)
    async with running(sync):
        await wait_until(lambda: sync.processed == 5, "five mails")
    assert [o.result for o in sync.outcomes] == [
        IntakeResult.REJECTED,
        IntakeResult.SUBMITTED,
        IntakeResult.BOUNCE,
        IntakeResult.IGNORED,
        IntakeResult.SUBMITTED,
    ]
    assert set(dovecot.flags().values()) == {"\\Seen"}
    assert await inbound_count(desk) == 2


async def test_a_30_mb_mail_is_fetched_in_part_and_recorded_with_a_reason(
    desk: Desk, tmp_path: Path, dovecot: DovecotServer
) -> None:
    mail = EmailMessage()
    mail["From"] = "Chen Wei <chen.wei@example.net>"
    mail["To"] = "complaints@desk.example.com"
    mail["Subject"] = "视频证据：营业厅拒绝销户"
    mail["Message-ID"] = "<video.30mb.20261124@example.net>"
    mail.set_content("营业厅工作人员拒绝给我办理销户，还态度恶劣，视频在附件里。")
    mail.add_attachment(os.urandom(30 * 1024 * 1024), maintype="video", subtype="mp4", filename="营业厅.mp4")
    raw = mail.as_bytes()
    dovecot.append(raw)
    # default limits: 25 MiB per mail, so only the first MiB (the text) is fetched
    sync = ImapSync(settings_for(tmp_path, dovecot), desk)
    async with running(sync):
        await wait_until(lambda: sync.processed == 1, "the big mail")
    async with desk.unit_of_work() as uow:
        stored = await uow.session.scalar(select(Message).where(Message.direction == "in"))
    assert stored is not None
    assert "拒绝给我办理销户" in stored.text
    (attachment,) = stored.attachments
    assert attachment["filename"] == "营业厅.mp4"
    assert attachment["storage_ref"] is None
    # the size is the server's RFC822.SIZE: the mail as stored, with CRLF line ends
    crlf_size = len(raw.replace(b"\n", b"\r\n"))
    assert attachment["refused_reason"] == f"mail_too_large: the mail is {crlf_size} bytes; only its text was fetched"
    assert stored.raw is not None
    assert stored.raw["truncated"] is True
    assert dovecot.flags() == {1: "\\Seen"}


async def test_channel_start_fails_fast_on_a_wrong_password(desk: Desk, tmp_path: Path, dovecot: DovecotServer) -> None:
    channel = EmailChannel(settings_for(tmp_path, dovecot, imap_password="wrong"), desk)
    with pytest.raises(ChannelUnavailable, match="login refused"):
        await channel.start()
    await channel.stop()


async def test_channel_start_and_stop_run_the_loop(desk: Desk, tmp_path: Path, dovecot: DovecotServer) -> None:
    channel = EmailChannel(settings_for(tmp_path, dovecot), desk)
    dovecot.append(fixture_bytes(CUSTOMER_MAILS[0]))
    await channel.start()
    try:
        await wait_until(lambda: channel.sync.processed == 1, "the channel's loop")
    finally:
        await channel.stop()
    assert await inbound_count(desk) == 1


async def test_a_mail_that_keeps_failing_is_set_aside_and_the_mailbox_flows_on(
    desk: Desk, tmp_path: Path, dovecot: DovecotServer
) -> None:
    settings = settings_for(tmp_path, dovecot)
    store = FailingStore(desk, failures=3)
    sync = ImapSync(settings, store)  # type: ignore[arg-type]
    dovecot.append(fixture_bytes(CUSTOMER_MAILS[0]), fixture_bytes(CUSTOMER_MAILS[1]))
    async with running(sync):
        await wait_until(lambda: sync.processed == 1, "the second mail")
    (entry,) = [json.loads(x) for x in (settings.mail_raw_dir / "rejected.jsonl").read_text().splitlines()]
    assert entry["uid"] == 1
    assert "database is restarting" in entry["reason"]
    assert (settings.mail_raw_dir / entry["eml"]).read_bytes().replace(b"\r\n", b"\n") == fixture_bytes(
        CUSTOMER_MAILS[0]
    ).replace(b"\r\n", b"\n")
    assert await inbound_count(desk) == 1
    # the set-aside mail stays unread in the mailbox, for a person to look at
    flags = dovecot.flags()
    assert "\\Seen" not in flags[1]
    assert flags[2] == "\\Seen"
