"""Login lock-out: too many failed logins for one account, or from one address, within a window.

The counts live in the `login_failures` table, so every process serving the console sees the same
ones. An attempt is written *before* its password is checked and deleted when the password was
right: parallel guesses see each other's rows and cannot slip past the limit while the slow hash
runs. A locked attempt is refused without checking the password, so the right one is refused too
until the window has passed. A successful login clears its account's rows (not its address's:
logging in to one's own account must not reset the count of guesses at others).
"""

from __future__ import annotations

import ipaddress
import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, delete, select

from core.db.tables import LoginFailure

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from complaintdesk.console.settings import ConsoleSettings
    from core.services.desk import Desk

log = logging.getLogger(__name__)
# rows are kept this long (or the window, if longer): enough to look into an attack, no longer
RETENTION = timedelta(days=1)
# an IPv6 client usually holds a whole /64: count the network, not each of its addresses
IPV6_PREFIX = 64


@dataclass(frozen=True)
class Lock:
    """A refused login: which limit was reached and for how long."""

    scope: str  # "account" or "ip"
    retry_after: int  # seconds, for the Retry-After header

    @property
    def minutes(self) -> int:
        """The wait in whole minutes, rounded up, for the message."""
        return max(1, math.ceil(self.retry_after / 60))


def normalise_email(email: str) -> str:
    """The e-mail as counted: stripped and case-folded (LI.NA@… and li.na@… are one account)."""
    return email.strip().casefold()[:320]


def client_key(host: str | None) -> str:
    """The address counted for a client: the IPv4 address, or the IPv6 /64 network."""
    if not host:
        return "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host[:64]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False))
    return str(address)


def mask_email(email: str) -> str:
    """For logs (policy §9: no personal data): li***@desk.example.cn."""
    local, at, domain = email.partition("@")
    return f"{local[:2]}***@{domain}" if at else f"{email[:2]}***"


def mask_ip(key: str) -> str:
    """For logs: the network, not the host (203.0.113.x; 2001:db8:…)."""
    if ":" in key:
        return ":".join(key.split(":")[:2]) + ":…"
    parts = key.split(".")
    return ".".join([*parts[:3], "x"]) if len(parts) == 4 else "…"


class LoginThrottle:
    """Counts failed console logins in the database and says when a login is locked."""

    def __init__(self, desk: Desk, *, account_limit: int, ip_limit: int, window: timedelta) -> None:
        self.desk = desk
        self.account_limit = account_limit
        self.ip_limit = ip_limit
        self.window = window

    @classmethod
    def from_settings(cls, desk: Desk, settings: ConsoleSettings) -> LoginThrottle:
        """The throttle with the limits of `settings` (COMPLAINTDESK_CONSOLE_LOGIN_*)."""
        return cls(desk, account_limit=settings.console_login_account_limit,
                   ip_limit=settings.console_login_ip_limit,
                   window=timedelta(minutes=settings.console_login_window_minutes))

    async def begin(self, email: str, ip: str) -> Lock | None:
        """Before the password is checked: the lock if one holds, else None with the attempt recorded."""
        now = self.desk.clock.now()
        async with self.desk.unit_of_work() as uow:
            lock = await self._lock(uow.session, email, ip, now)
            if lock is not None:
                log.info("console login refused (locked %s, %ss left): %s from %s", lock.scope, lock.retry_after,
                         mask_email(email), mask_ip(ip))
                return lock
            uow.session.add(LoginFailure(email=email, ip=ip, at=now))
            # pruning on each write keeps the table to about a day of attempts, without a job
            await uow.session.execute(delete(LoginFailure).where(LoginFailure.at < now - max(RETENTION, self.window)))
            await uow.commit()
        return None

    async def failed(self, email: str, ip: str) -> Lock | None:
        """The password was wrong (the attempt's row stays): the lock this failure started, if any."""
        now = self.desk.clock.now()
        log.warning("console login failed: %s from %s", mask_email(email), mask_ip(ip))
        async with self.desk.unit_of_work() as uow:
            lock = await self._lock(uow.session, email, ip, now)
        if lock is not None:
            limit = self.account_limit if lock.scope == "account" else self.ip_limit
            log.warning("console login locked (%s) for %s min after %d failures: %s from %s", lock.scope,
                        lock.minutes, limit, mask_email(email), mask_ip(ip))
        return lock

    async def succeeded(self, email: str) -> None:
        """The password was right: the account's count starts again."""
        async with self.desk.unit_of_work() as uow:
            await uow.session.execute(delete(LoginFailure).where(LoginFailure.email == email))
            await uow.commit()

    async def _lock(self, session: AsyncSession, email: str, ip: str, now: datetime) -> Lock | None:
        locks = [
            lock for lock in (
                await self._scope(session, "account", LoginFailure.email == email, self.account_limit, now),
                await self._scope(session, "ip", LoginFailure.ip == ip, self.ip_limit, now),
            ) if lock is not None
        ]
        return max(locks, key=lambda lock: lock.retry_after) if locks else None

    async def _scope(self, session: AsyncSession, scope: str, which: ColumnElement[bool], limit: int,
                     now: datetime) -> Lock | None:
        # the newest `limit` failures in the window: the lock lasts until the oldest of them leaves it
        times = (await session.scalars(
            select(LoginFailure.at).where(which, LoginFailure.at > now - self.window)
            .order_by(LoginFailure.at.desc()).limit(limit)
        )).all()
        if len(times) < limit:
            return None
        until = times[-1] + self.window
        return Lock(scope, max(1, math.ceil((until - now).total_seconds())))
