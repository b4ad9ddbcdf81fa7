"""Rasa's own Python 3.10 virtual environment: where it lives, and building it once.

Rasa 3.6.21 needs Python 3.10 and pins (TensorFlow 2.12, pydantic 1, SQLAlchemy 1.4) that clash
with the product's 3.11 venv, so it gets a venv of its own in a cache directory outside the clone:
CI starts from a fresh clone on the same machine and reuses it. A marker file written after a
successful install makes creation idempotent; a file lock keeps two processes (a test run and a
CLI call) from building it at the same time.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

logger = logging.getLogger(__name__)

RASA_VERSION = "3.6.21"
CONSTRAINTS = Path(__file__).with_name("constraints.txt")
MARKER_NAME = ".complaintdesk-installed"
# the requirement the venv is built from; jieba is an extra of rasa, needed by JiebaTokenizer
REQUIREMENT = f"rasa[jieba]=={RASA_VERSION}"


class RasaEnvironmentError(RuntimeError):
    """Rasa's venv cannot be built or used; the text says what to do."""


def default_venv_dir() -> Path:
    """`COMPLAINTDESK_RASA_VENV`, else `${XDG_CACHE_HOME:-~/.cache}/complaintdesk/rasa-3.6.21`."""
    override = os.environ.get("COMPLAINTDESK_RASA_VENV")
    if override:
        return Path(override).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache).expanduser() / "complaintdesk" / f"rasa-{RASA_VERSION}"


def find_python310() -> str:
    """The Python 3.10 interpreter to build the venv with (`COMPLAINTDESK_RASA_PYTHON` wins)."""
    candidates = [
        os.environ.get("COMPLAINTDESK_RASA_PYTHON"),
        str(Path.home() / ".pyenv" / "versions" / "3.10.13" / "bin" / "python"),
        shutil.which("python3.10"),
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise RasaEnvironmentError(
        "Rasa 3.6.21 needs Python 3.10: install it (e.g. `pyenv install 3.10.13`) or point "
        "COMPLAINTDESK_RASA_PYTHON at a python3.10 executable"
    )


def rasa_executable(venv_dir: Path) -> Path:
    """The `rasa` entry point inside the venv."""
    return venv_dir / "bin" / "rasa"


def install_fingerprint() -> str:
    """What the marker records: a changed constraints file means the venv must be rebuilt."""
    digest = hashlib.sha256(CONSTRAINTS.read_bytes()).hexdigest()[:16]
    return f"{REQUIREMENT} constraints={digest}\n"


def is_ready(venv_dir: Path) -> bool:
    """True when the venv was fully installed from the current constraints."""
    marker = venv_dir / MARKER_NAME
    return (
        marker.is_file()
        and marker.read_text(encoding="utf-8") == install_fingerprint()
        and rasa_executable(venv_dir).is_file()
    )


def ensure_venv(venv_dir: Path | None = None, *, python: str | None = None) -> Path:
    """Return Rasa's venv, building it first when missing or stale (about 1.5 minutes here)."""
    venv_dir = (venv_dir or default_venv_dir()).expanduser().resolve()
    if is_ready(venv_dir):
        return venv_dir
    venv_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = venv_dir.parent / f".{venv_dir.name}.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        # another process may have finished the install while we waited for the lock
        if is_ready(venv_dir):
            return venv_dir
        _build(venv_dir, python or find_python310())
    return venv_dir


def _build(venv_dir: Path, python: str) -> None:
    """Create the venv from scratch; an interrupted earlier attempt has no marker and is removed."""
    if venv_dir.exists():
        logger.warning("removing incomplete Rasa venv at %s", venv_dir)
        shutil.rmtree(venv_dir)
    started = time.monotonic()
    logger.warning("building Rasa %s venv at %s (takes a few minutes)", RASA_VERSION, venv_dir)
    _run([python, "-m", "venv", str(venv_dir)], "create the venv")
    pip = [str(venv_dir / "bin" / "python"), "-m", "pip", "--disable-pip-version-check", "--no-input"]
    _run([*pip, "install", "-c", str(CONSTRAINTS), REQUIREMENT], f"pip install {REQUIREMENT}")
    _run([str(rasa_executable(venv_dir)), "--version"], "run `rasa --version`", env=rasa_env())
    (venv_dir / MARKER_NAME).write_text(install_fingerprint(), encoding="utf-8")
    logger.warning("Rasa venv ready in %.0f s", time.monotonic() - started)


def _run(cmd: list[str], what: str, env: dict[str, str] | None = None) -> None:
    """Run an install step, echoing its output to stderr so a slow install shows progress."""
    result = subprocess.run(  # noqa: S603 - fixed argv, no shell
        cmd, stdout=sys.stderr, stderr=subprocess.STDOUT, env=env, check=False
    )
    if result.returncode != 0:
        raise RasaEnvironmentError(
            f"could not {what} (exit {result.returncode}); see the output above. Rasa's venv needs "
            "Python 3.10 and PyPI access; delete the venv directory to start over"
        )


def rasa_env() -> dict[str, str]:
    """Environment for Rasa processes: no telemetry (no internet here), quieter TensorFlow."""
    env = dict(os.environ)
    env.update(
        {
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "PYTHONWARNINGS": "ignore",
            # never let the product's venv leak into Rasa's interpreter
            "PYTHONNOUSERSITE": "1",
        }
    )
    for key in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"):
        env.pop(key, None)
    return env
