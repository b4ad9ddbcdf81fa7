"""Deployment files stay valid: the compose file, the image recipe, the quick-start script."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.unit
def test_compose_runs_the_service_on_postgresql() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    desk = compose["services"]["desk"]
    assert desk["environment"]["COMPLAINTDESK_DATABASE_URL"].startswith("postgresql://")
    assert desk["depends_on"]["db"]["condition"] == "service_healthy"
    assert compose["services"]["db"]["image"].startswith("postgres:")
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert '"complaintdesk", "serve"' in dockerfile
    for package in ("core", "channels", "nlu", "bots", "complaintdesk"):
        assert f"COPY {package} {package}" in dockerfile


@pytest.mark.integration
def test_compose_file_validates_with_docker_compose() -> None:
    if shutil.which("docker-compose"):
        cmd = ["docker-compose", "config", "-q"]
    else:
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, check=False) if shutil.which("docker") else None
        if probe is None or probe.returncode != 0:
            pytest.skip("neither docker-compose nor the docker compose plugin is installed")
        cmd = ["docker", "compose", "config", "-q"]
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


@pytest.mark.unit
def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "./run test" in readme and "./run serve" in readme
    assert "./run test" in ci
