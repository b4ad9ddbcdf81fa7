"""Running Rasa from its own venv: `rasa train nlu`, and `rasa run --enable-api` as a child process."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType

import httpx

from bots.rasa.environment import rasa_env, rasa_executable

logger = logging.getLogger(__name__)

MODEL_NAME = "complaintdesk"
DEFAULT_MODEL_DIR = Path("var/models/rasa")
DEFAULT_PROJECT_DIR = Path("var/rasa/project")
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5005


class RasaRunError(RuntimeError):
    """Rasa training or the Rasa server failed; the text carries the end of its log."""


def train_model(
    project_dir: Path,
    out_dir: Path,
    *,
    venv_dir: Path,
    model_name: str = MODEL_NAME,
    log_path: Path | None = None,
) -> Path:
    """Train the NLU model of a generated project; returns the path of the `.tar.gz` model."""
    project_dir = project_dir.resolve()
    out_dir = out_dir.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    cmd = [
        str(rasa_executable(venv_dir)), "train", "nlu",
        "--config", str(project_dir / "config.yml"),
        "--domain", str(project_dir / "domain.yml"),
        "--nlu", str(project_dir / "data"),
        "--out", str(out_dir),
        "--fixed-model-name", model_name,
    ]  # fmt: skip
    log_path = log_path or out_dir / f"{model_name}.train.log"
    with log_path.open("wb") as log:
        # cwd = project so Rasa's .rasa cache stays out of the product tree
        result = subprocess.run(  # noqa: S603 - fixed argv, no shell
            cmd, cwd=project_dir, env=rasa_env(), stdout=log, stderr=subprocess.STDOUT, check=False
        )
    model = out_dir / f"{model_name}.tar.gz"
    if result.returncode != 0 or not model.is_file():
        raise RasaRunError(f"rasa train nlu failed (exit {result.returncode}):\n{_tail(log_path)}")
    return model


def latest_model(model_dir: Path) -> Path:
    """The newest `.tar.gz` model in `model_dir`."""
    models = sorted(model_dir.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise FileNotFoundError(f"no Rasa model in {model_dir}: run `complaintdesk nlu rasa-train`")
    return models[-1]


def serve_command(model: Path, *, venv_dir: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> list[str]:
    """The argv of `rasa run --enable-api` for one model (NLU only, no action server)."""
    endpoints = Path(__file__).with_name("endpoints.yml")
    return [
        str(rasa_executable(venv_dir)), "run", "--enable-api",
        "--model", str(model.resolve()),
        "--interface", host, "--port", str(port),
        "--endpoints", str(endpoints),
    ]  # fmt: skip


def free_port(host: str = DEFAULT_HOST) -> int:
    """A TCP port nobody listens on right now, for tests and benches."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


class RasaServer:
    """A real `rasa run --enable-api` child process; `with RasaServer(...) as server:` waits for it."""

    def __init__(
        self,
        model: Path,
        *,
        venv_dir: Path,
        host: str = DEFAULT_HOST,
        port: int | None = None,
        log_path: Path | None = None,
        startup_timeout: float = 180.0,
    ) -> None:
        self.model = model
        self.venv_dir = venv_dir
        self.host = host
        self.port = port or free_port(host)
        self.log_path = log_path or model.with_suffix("").with_suffix(f".serve-{self.port}.log")
        self.startup_timeout = startup_timeout
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Base URL of the server's HTTP API."""
        return f"http://{self.host}:{self.port}"

    def start(self) -> None:
        """Start the process and block until the model is loaded (about 30 s here)."""
        cmd = serve_command(self.model, venv_dir=self.venv_dir, host=self.host, port=self.port)
        with self.log_path.open("wb") as log:
            self._process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
                cmd,
                env=rasa_env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                cwd=self.model.parent,
            )
        self._wait_ready()

    def _wait_ready(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + self.startup_timeout
        with httpx.Client(timeout=2.0) as client:
            while time.monotonic() < deadline:
                if self._process.poll() is not None:
                    raise RasaRunError(f"rasa run exited with {self._process.returncode}:\n{_tail(self.log_path)}")
                try:
                    status = client.get(f"{self.url}/status")
                    if status.status_code == 200 and status.json().get("model_file"):
                        return
                except httpx.HTTPError:
                    pass  # not listening yet
                time.sleep(0.5)
        self.stop()
        raise RasaRunError(f"rasa run not ready after {self.startup_timeout:.0f} s:\n{_tail(self.log_path)}")

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 20 s); safe to call twice."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    @property
    def running(self) -> bool:
        """True while the child process is alive."""
        return self._process is not None and self._process.poll() is None

    def __enter__(self) -> RasaServer:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def exec_server(model: Path, *, venv_dir: Path, host: str, port: int) -> None:
    """Replace this process with `rasa run` (for the CLI: signals and exit code go straight to Rasa)."""
    cmd = serve_command(model, venv_dir=venv_dir, host=host, port=port)
    os.execve(cmd[0], cmd, rasa_env())  # noqa: S606 - fixed argv from our own venv


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
