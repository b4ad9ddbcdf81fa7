"""IMAP ingest: UID-based sync with a durable cursor, IDLE with polling fallback, reconnect with backoff.

The cursor `imap:<user>/<mailbox>` holds "<UIDVALIDITY>:<last processed UID>" in one value, so
it can never pair a new UIDVALIDITY with an old UID. It advances in the desk's transaction with
the message it covers; a mail is flagged \\Seen (or moved) only after that commit. If the server
changes UIDVALIDITY the whole mailbox is read again: the desk is idempotent on Message-ID, so the
re-sync stores nothing twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import re
import socket
import ssl
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import aioimaplib

from channels.email.intake import DeskPort, IntakeOutcome, MailIntake
from channels.email.settings import EmailSettings

log = logging.getLogger(__name__)
T = TypeVar("T")

_UIDVALIDITY = re.compile(rb"\[UIDVALIDITY (\d+)\]")
_FETCH_META = re.compile(rb"UID (\d+)|RFC822\.SIZE (\d+)|INTERNALDATE \"([^\"]+)\"")
# a mail that makes the intake fail this often (while the desk itself answers) is set aside
MAX_ATTEMPTS_PER_MAIL = 3


class ImapError(Exception):
    """The IMAP session cannot go on; the loop reconnects with backoff."""


class ImapAuthError(ImapError):
    """The server refused our login: a configuration problem, not a passing one."""


class ImapTimeout(ImapError):
    """A command did not answer in time (a hung IDLE, a half-open connection)."""


class ImapConnectionLost(ImapError):
    """The server closed the connection (BYE, restart, network loss)."""


@dataclass(frozen=True, slots=True)
class FetchedMeta:
    uid: int
    size: int
    internal_date: datetime | None


def _internal_date(value: bytes | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value.decode().strip(), "%d-%b-%Y %H:%M:%S %z")
    except ValueError:
        return None


def _parse_fetch_meta(line: bytes) -> FetchedMeta | None:
    uid = size = None
    date = None
    for match in _FETCH_META.finditer(line):
        if match.group(1):
            uid = int(match.group(1))
        elif match.group(2):
            size = int(match.group(2))
        elif match.group(3):
            date = _internal_date(match.group(3))
    return FetchedMeta(uid, size or 0, date) if uid is not None else None


def parse_cursor(value: str | None) -> tuple[int, int] | None:
    """(uidvalidity, last uid) from a stored cursor value, or None."""
    if not value or ":" not in value:
        return None
    validity, _, uid = value.partition(":")
    try:
        return int(validity), int(uid)
    except ValueError:
        return None


class ImapSession:
    """One logged-in, selected IMAP connection with a timeout around every step."""

    def __init__(self, settings: EmailSettings) -> None:
        self.settings = settings
        self.timeout = settings.imap_timeout_seconds
        self._lost = asyncio.Event()
        self.client: aioimaplib.IMAP4 | None = None
        self.uidvalidity = 0
        self._idle_refused = False

    def _on_lost(self, exc: Exception | None) -> None:
        self._lost.set()

    async def _call(self, awaitable: Awaitable[T], within: float | None = None) -> T:
        """Await one IMAP step, failing on timeout or on a dropped connection."""
        task: asyncio.Future[T] = asyncio.ensure_future(awaitable)
        lost: asyncio.Future[Any] = asyncio.ensure_future(self._lost.wait())
        waiters: set[asyncio.Future[Any]] = {task, lost}
        try:
            done, _ = await asyncio.wait(waiters, timeout=within or self.timeout, return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:
            task.cancel()
            raise
        finally:
            lost.cancel()
        if task in done:
            try:
                return task.result()
            except (TimeoutError, aioimaplib.CommandTimeout) as exc:
                raise ImapTimeout(f"IMAP command timed out: {exc}") from exc
            except aioimaplib.Abort as exc:
                raise ImapError(f"IMAP command aborted: {exc}") from exc
        task.cancel()
        if lost in done:
            raise ImapConnectionLost("the IMAP server closed the connection")
        raise ImapTimeout(f"no IMAP answer within {within or self.timeout:.0f} s")

    async def open(self) -> None:
        """Connect, log in and select the mailbox; ImapAuthError when the login is refused."""
        s = self.settings
        context = ssl.create_default_context() if s.imap_tls else None
        self.client = aioimaplib.IMAP4(
            host=s.imap_host or "",
            port=s.effective_imap_port,
            timeout=self.timeout,
            conn_lost_cb=self._on_lost,
            ssl_context=context,
        )
        try:
            await self._call(self.client.wait_hello_from_server())
        except OSError as exc:
            raise ImapConnectionLost(f"cannot connect to {s.imap_host}:{s.effective_imap_port}: {exc}") from exc
        _enable_keepalive(self.client)
        response = await self._call(self.client.login(s.imap_user or "", s.secret("imap_password")))
        if response.result != "OK":
            raise ImapAuthError(f"IMAP login refused for {s.imap_user}: {_text(response)}")
        if s.imap_processed_folder:
            # CREATE answers NO when the folder exists; that is fine
            await self._call(self.client.create(s.imap_processed_folder))
        response = await self._call(self.client.select(s.imap_mailbox))
        if response.result != "OK":
            raise ImapError(f"cannot select {s.imap_mailbox}: {_text(response)}")
        for line in response.lines:
            match = _UIDVALIDITY.search(line) if isinstance(line, bytes | bytearray) else None
            if match:
                self.uidvalidity = int(match.group(1))
        if not self.uidvalidity:
            raise ImapError("the server sent no UIDVALIDITY")

    async def close(self) -> None:
        """Log out politely if we can; never raises."""
        client, self.client = self.client, None
        if client is None:
            return
        try:
            if not self._lost.is_set():
                await asyncio.wait_for(client.logout(), 5)
        except Exception:
            log.debug("IMAP logout failed", exc_info=True)
        transport = getattr(client.protocol, "transport", None)
        if transport is not None:
            transport.close()

    @property
    def _client(self) -> aioimaplib.IMAP4:
        if self.client is None:
            raise ImapConnectionLost("not connected")
        return self.client

    def has(self, capability: str) -> bool:
        return self.client is not None and self.client.has_capability(capability)

    async def uids_after(self, last_uid: int) -> list[int]:
        """UIDs above `last_uid`, ascending (`n:*` also answers the highest UID, filtered here)."""
        response = await self._call(self._client.uid_search(f"UID {last_uid + 1}:*", charset=None))
        if response.result != "OK":
            raise ImapError(f"UID SEARCH failed: {_text(response)}")
        uids: set[int] = set()
        for line in response.lines[:-1]:
            if isinstance(line, bytes | bytearray):
                uids.update(int(tok) for tok in line.split() if tok.isdigit())
        return sorted(uid for uid in uids if uid > last_uid)

    async def metas(self, uids: list[int]) -> dict[int, FetchedMeta]:
        """Size and INTERNALDATE of some UIDs, in one round trip."""
        uid_set = ",".join(str(u) for u in uids)
        response = await self._call(self._client.uid("fetch", uid_set, "(UID RFC822.SIZE INTERNALDATE)"))
        if response.result != "OK":
            raise ImapError(f"UID FETCH failed: {_text(response)}")
        metas = {}
        for line in response.lines:
            if isinstance(line, bytes) and b"FETCH" in line:
                meta = _parse_fetch_meta(line)
                if meta is not None:
                    metas[meta.uid] = meta
        return metas

    async def body(self, uid: int, *, limit: int | None = None, size_hint: int = 0) -> bytes | None:
        """The raw mail (or its first `limit` bytes), without setting \\Seen; None if it is gone."""
        section = f"BODY.PEEK[]<0.{limit}>" if limit else "BODY.PEEK[]"
        # a big mail needs more than one command timeout to arrive; allow 256 KB/s at worst
        allowance = self.timeout + (limit or size_hint) / 262_144
        response = await self._call(self._client.uid("fetch", str(uid), f"(UID {section})"), allowance)
        if response.result != "OK":
            raise ImapError(f"UID FETCH {uid} failed: {_text(response)}")
        for line in response.lines:
            if isinstance(line, bytearray):
                return bytes(line)
        return None

    async def mark_processed(self, uid: int) -> None:
        """Flag \\Seen, or move to the processed folder; the message is already committed."""
        folder = self.settings.imap_processed_folder
        if not folder:
            response = await self._call(self._client.uid("store", str(uid), "+FLAGS.SILENT", r"(\Seen)"))
        elif self.has("MOVE"):
            response = await self._call(self._client.uid("move", str(uid), folder))
        else:
            response = await self._call(self._client.uid("copy", str(uid), folder))
            if response.result == "OK":
                await self._call(self._client.uid("store", str(uid), "+FLAGS.SILENT", r"(\Seen \Deleted)"))
                if self.has("UIDPLUS"):
                    response = await self._call(self._client.uid("expunge", str(uid)))
        if response.result != "OK":
            # the message is stored; a missing flag is cosmetic and must not block the mailbox
            log.warning("could not mark UID %s processed: %s", uid, _text(response))

    async def wait_for_news(self, stop: asyncio.Event) -> None:
        """Return when the mailbox may have changed: an IDLE push, the IDLE renewal, or a poll tick."""
        s = self.settings
        if s.imap_idle and self.has("IDLE") and not self._idle_refused:
            client = self._client
            try:
                idle = await self._call(client.idle_start(timeout=s.imap_idle_renew_seconds))
            except ImapError as exc:
                if isinstance(exc, ImapConnectionLost | ImapTimeout):
                    raise
                # a server that advertises IDLE but refuses it: poll on this connection instead
                log.warning("the server refused IDLE (%s); polling every %.0f s", exc, s.imap_poll_seconds)
                self._idle_refused = True
                return
            stopper = asyncio.ensure_future(stop.wait())
            lost = asyncio.ensure_future(self._lost.wait())
            push = asyncio.ensure_future(client.wait_server_push(timeout=s.imap_idle_renew_seconds + 5))
            try:
                # the library ends the wait itself at the renewal time; a silent server beyond
                # that (plus slack) is a hung connection
                await asyncio.wait(
                    {push, stopper, lost},
                    timeout=s.imap_idle_renew_seconds + self.timeout,
                    return_when=asyncio.FIRST_COMPLETED,
                )
                if self._lost.is_set():
                    raise ImapConnectionLost("the IMAP server closed the connection during IDLE")
                if push.done() and push.exception() is not None:
                    raise ImapTimeout(f"IDLE wait failed: {push.exception()!r}")
            finally:
                for waiter in (push, stopper, lost):
                    if not waiter.done():
                        waiter.cancel()
                if not self._lost.is_set() and client.has_pending_idle():
                    client.idle_done()
            # DONE must end the IDLE command; if the server does not answer it is hung
            await self._call(asyncio.shield(idle))
        else:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), s.imap_poll_seconds)
            if not stop.is_set():
                await self._call(self._client.noop())


def _enable_keepalive(client: aioimaplib.IMAP4) -> None:
    """TCP keepalive, so a peer that vanished (NAT timeout, pulled cable) is noticed within ~2 minutes.

    Without it a half-open connection in IDLE is only found at the next IDLE renewal.
    """
    transport = getattr(client.protocol, "transport", None)
    sock = transport.get_extra_info("socket") if transport is not None else None
    if sock is None:
        return
    with contextlib.suppress(OSError, AttributeError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 60)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 15)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, 4)


def _text(response: Any) -> str:
    lines = getattr(response, "lines", []) or []
    return " / ".join(
        bytes(line).decode("utf-8", "replace") for line in lines[-2:] if isinstance(line, bytes | bytearray)
    )


class ImapSync:
    """The long-running ingest loop of one mailbox."""

    def __init__(self, settings: EmailSettings, desk: DeskPort, intake: MailIntake | None = None) -> None:
        self.settings = settings
        self.desk = desk
        self.intake = intake or MailIntake(desk, settings)
        self.cursor_key = f"imap:{settings.imap_user}/{settings.imap_mailbox}"[:256]
        self.stop_event = asyncio.Event()
        self.session: ImapSession | None = None
        self._failures: dict[int, int] = {}
        # counters for operators and tests
        self.connects = 0
        self.processed = 0
        self.outcomes: list[IntakeOutcome] = []
        self.keep_outcomes = False
        self.synced = asyncio.Event()  # set after each completed sync pass

    async def connect(self) -> ImapSession:
        """A fresh, selected session; raises ImapAuthError on wrong credentials."""
        session = ImapSession(self.settings)
        log.debug("connecting to %s:%s", self.settings.imap_host, self.settings.effective_imap_port)
        try:
            await session.open()
        except BaseException:
            await session.close()
            raise
        self.connects += 1
        return session

    async def sync(self, session: ImapSession) -> int:
        """Ingest every mail above the cursor, oldest first; returns how many were processed."""
        stored = parse_cursor(await self.desk.get_cursor(self.cursor_key))
        last_uid = 0
        if stored is not None and stored[0] == session.uidvalidity:
            last_uid = stored[1]
        elif stored is not None:
            log.warning(
                "UIDVALIDITY of %s changed (%s → %s): reading the whole mailbox again",
                self.settings.imap_mailbox,
                stored[0],
                session.uidvalidity,
            )
        uids = await session.uids_after(last_uid)
        count = 0
        batch = self.settings.imap_batch_size
        for start in range(0, len(uids), batch):
            chunk = uids[start : start + batch]
            metas = await session.metas(chunk)
            for uid in chunk:
                if self.stop_event.is_set():
                    return count
                meta = metas.get(uid) or FetchedMeta(uid, 0, None)
                await self._one(session, meta)
                count += 1
        return count

    async def _one(self, session: ImapSession, meta: FetchedMeta) -> None:
        cursor = (self.cursor_key, f"{session.uidvalidity}:{meta.uid}")
        too_big = meta.size > self.settings.mail_max_bytes
        raw = await session.body(
            meta.uid, limit=self.settings.mail_partial_fetch_bytes if too_big else None, size_hint=meta.size
        )
        if raw is None:  # expunged between SEARCH and FETCH
            await self.desk.set_cursor(*cursor)
            return
        try:
            outcome = await self.intake.ingest(
                raw,
                cursor=cursor,
                received_at=meta.internal_date,
                truncated_size=meta.size if too_big else None,
            )
        except Exception as exc:
            failures = self._failures.get(meta.uid, 0) + 1
            self._failures[meta.uid] = failures
            if failures < MAX_ATTEMPTS_PER_MAIL:
                raise
            # the desk answers cursor calls but this mail keeps failing: set it aside, keep flowing
            log.exception("UID %s failed %s times; recorded as rejected", meta.uid, failures)
            ref = self.intake.raw_store.keep(
                raw, f"uid:{session.uidvalidity}:{meta.uid}", meta.internal_date or datetime.now(UTC)
            )
            self.intake.raw_store.record("rejected", {"uid": meta.uid, "eml": ref, "reason": f"intake failed: {exc!r}"})
            await self.desk.set_cursor(*cursor)
            return
        self._failures.pop(meta.uid, None)
        self.processed += 1
        if self.keep_outcomes:
            self.outcomes.append(outcome)
        await session.mark_processed(meta.uid)

    async def run(self) -> None:
        """Sync, wait for news, sync again; reconnect with backoff after any IMAP failure."""
        delay = self.settings.imap_reconnect_min_seconds
        while not self.stop_event.is_set():
            session: ImapSession | None = None
            try:
                session = await self.connect()
                self.session = session
                while not self.stop_event.is_set():
                    await self.sync(session)
                    # a full pass worked: the next failure starts the backoff afresh
                    delay = self.settings.imap_reconnect_min_seconds
                    self.synced.set()
                    await session.wait_for_news(self.stop_event)
            except asyncio.CancelledError:
                raise
            except ImapAuthError:
                log.error("IMAP login refused; retrying in %.0f s", self.settings.imap_reconnect_max_seconds)
                delay = self.settings.imap_reconnect_max_seconds
            except Exception as exc:
                log.warning("IMAP session ended (%s: %s); reconnecting in %.1f s", type(exc).__name__, exc, delay)
            finally:
                self.session = None
                if session is not None:
                    await session.close()
                log.debug("IMAP session closed")
            if self.stop_event.is_set():
                break
            jittered = delay * random.uniform(0.8, 1.2)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stop_event.wait(), jittered)
            delay = min(delay * 2, self.settings.imap_reconnect_max_seconds)

    def stop(self) -> None:
        """Ask the loop to finish after the mail it is on."""
        self.stop_event.set()
