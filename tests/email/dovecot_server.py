"""A throwaway Dovecot IMAP server on loopback: own config dir, passwd-file user, maildir in tmp.

Installs Debian's dovecot-imapd when the binary is missing (the tests need a real IMAP server:
IDLE, UIDVALIDITY and dropped connections behave as in production only against one).
"""

from __future__ import annotations

import contextlib
import imaplib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

DOVECOT = "/usr/sbin/dovecot"
DOVEADM = "/usr/bin/doveadm"
USER = "complaints@desk.example.com"
PASSWORD = "s3cret-imap-pw"


def ensure_dovecot_installed() -> None:
    """apt-get install dovecot-imapd when Dovecot is missing (needs root, as on the CI image)."""
    if Path(DOVECOT).exists():
        return
    if os.geteuid() != 0:
        raise RuntimeError("Dovecot is not installed and we are not root: apt-get install dovecot-imapd")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    lock = ["-o", "DPkg::Lock::Timeout=600"]
    subprocess.run(["apt-get", *lock, "update", "-qq"], check=True, env=env, capture_output=True)
    subprocess.run(["apt-get", *lock, "install", "-y", "-q", "dovecot-imapd"], check=True, env=env, capture_output=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class DovecotServer:
    """One Dovecot instance with one user; start(), stop(), kick(), and helpers to fill the mailbox."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.config = root / "dovecot.conf"
        self.mail_root = root / "mail"
        if os.geteuid() == 0:
            # Dovecot refuses to serve mail as root; the throwaway user's files belong to nobody
            entry = pwd.getpwnam("nobody")
            self.mail_uid, self.mail_gid = entry.pw_uid, entry.pw_gid
            self.login_user, self.internal_user = "dovenull", "dovecot"
        else:
            self.mail_uid, self.mail_gid = os.getuid(), os.getgid()
            name = pwd.getpwuid(os.getuid()).pw_name
            self.login_user = self.internal_user = name
        self._write_config()

    @property
    def maildir(self) -> Path:
        return self.mail_root / USER

    def _write_config(self) -> None:
        for sub in ("run", "state", "mail", "home"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        (self.root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        for sub in ("mail", "home"):
            os.chown(self.root / sub, self.mail_uid, self.mail_gid)
        self.config.write_text(
            f"""
base_dir = {self.root}/run
state_dir = {self.root}/state
log_path = {self.root}/dovecot.log
info_log_path = {self.root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {self.login_user}
default_internal_user = {self.internal_user}
first_valid_uid = 1
mail_location = maildir:{self.mail_root}/%u
mail_fsync = never
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.root}/passwd
}}
userdb {{
  driver = static
  args = uid={self.mail_uid} gid={self.mail_gid} home={self.root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
protocol imap {{
  imap_idle_notify_interval = 2 mins
}}
"""
        )

    def start(self) -> DovecotServer:
        """Start Dovecot in the foreground as our child and wait until it answers."""
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 0.5) as s:
                if s.recv(100).startswith(b"* OK"):
                    return self
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        log = (self.root / "dovecot.log").read_text() if (self.root / "dovecot.log").exists() else ""
        raise RuntimeError(f"Dovecot did not start on port {self.port}:\n{log[-3000:]}")

    def stop(self) -> None:
        """Stop Dovecot and every process it started, abruptly (as a crash or a power cut would)."""
        if self.process is None:
            return
        # the whole process group: master, login and imap processes; a clean shutdown takes a
        # second per test and a throwaway instance has nothing to save
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        # imap processes outlive the master for a moment; wait until the port is free again
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
            except OSError:
                break
            time.sleep(0.05)
        self.process = None

    def kick(self) -> None:
        """Disconnect every session of the user, as a server restart or an admin would."""
        subprocess.run([DOVEADM, "-c", str(self.config), "kick", USER], check=True, capture_output=True)

    def imap_pids(self) -> list[int]:
        """Process ids of the imap processes of this instance (one per client connection)."""
        pids = []
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ")
                stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # fields after the command: state, ppid, pgrp; our master leads its own process group
            if self.process and int(stat[2]) == self.process.pid and cmdline.startswith(b"dovecot/imap "):
                pids.append(int(proc.name))
        return pids

    def kill_imap_processes(self) -> int:
        """SIGKILL the imap processes serving our user: the connection dies without a BYE."""
        killed = 0
        for pid in self.imap_pids():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
                killed += 1
        return killed

    def reset_uidvalidity(self, new_value: int) -> None:
        """Give INBOX a new UIDVALIDITY (as after a server migration); Dovecot must be stopped."""
        uidlist = self.maildir / "dovecot-uidlist"
        lines = uidlist.read_text().splitlines()
        header = lines[0].split()
        header = [f"V{new_value}" if part.startswith("V") else part for part in header]
        uidlist.write_text("\n".join([" ".join(header), *lines[1:]]) + "\n")
        for index in self.maildir.glob("dovecot.index*"):
            index.unlink()
        os.chown(uidlist, self.mail_uid, self.mail_gid)

    # -- filling and inspecting the mailbox ------------------------------------------------------

    def client(self) -> imaplib.IMAP4:
        conn = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        conn.login(USER, PASSWORD)
        return conn

    def append(self, *mails: bytes, mailbox: str = "INBOX") -> None:
        """APPEND mails as an MTA's delivery would, each getting the next UID."""
        conn = self.client()
        try:
            for raw in mails:
                status, data = conn.append(mailbox, "", imaplib.Time2Internaldate(time.time()), raw)
                if status != "OK":
                    raise RuntimeError(f"APPEND failed: {data!r}")
        finally:
            conn.logout()

    def deliver_to_maildir(self, raw: bytes, name: str) -> None:
        """Drop a mail straight into the maildir's new/ (as an LDA does); fast for bulk loads."""
        new = self.maildir / "new"
        if not new.exists():
            for sub in ("new", "cur", "tmp"):
                (self.maildir / sub).mkdir(parents=True, exist_ok=True)
                os.chown(self.maildir / sub, self.mail_uid, self.mail_gid)
            os.chown(self.maildir, self.mail_uid, self.mail_gid)
        path = new / name
        path.write_bytes(raw)
        os.chown(path, self.mail_uid, self.mail_gid)

    def flags(self, mailbox: str = "INBOX") -> dict[int, str]:
        """UID → FLAGS string of every mail in `mailbox`."""
        conn = self.client()
        try:
            conn.select(mailbox, readonly=True)
            _typ, data = conn.uid("FETCH", "1:*", "(UID FLAGS)")
            result: dict[int, str] = {}
            for item in data:
                if not item:
                    continue
                text = item.decode() if isinstance(item, bytes) else item[0].decode()
                if "UID" in text:
                    uid = int(text.split("UID ")[1].split()[0].rstrip(")"))
                    result[uid] = text.split("FLAGS (")[1].split(")")[0]
            return result
        finally:
            conn.logout()

    def count(self, mailbox: str = "INBOX") -> int:
        conn = self.client()
        try:
            _typ, data = conn.select(mailbox, readonly=True)
            return int(data[0] or 0)
        finally:
            conn.logout()

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
