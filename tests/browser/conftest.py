"""Browser tests: real headless Chromium (Debian's `chromium` package) driven by Playwright.

On a fresh machine the package (and a CJK font, so Chinese in screenshots is readable) is
installed here, once per run, with apt-get (root needed); `playwright install` is never used. Screenshots go to var/screenshots/ (or
$COMPLAINTDESK_SCREENSHOTS) so a reviewer can look at them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(os.environ.get("COMPLAINTDESK_SCREENSHOTS", Path(__file__).parents[2] / "var" / "screenshots"))


def _install_chromium() -> None:
    missing = [pkg for pkg, path in (("chromium", CHROMIUM), ("fonts-wqy-zenhei", CJK_FONT)) if not path.exists()]
    if not missing:
        return
    apt = shutil.which("apt-get")
    if apt is None or os.geteuid() != 0:
        if CHROMIUM.exists():
            return  # without the font the tests still run; screenshots show boxes for Chinese
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([apt, "update", "-qq"], check=True, timeout=600, env=env)
    subprocess.run([apt, "install", "-y", "-qq", *missing], check=True, timeout=1200, env=env)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    _install_chromium()
    return CHROMIUM


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
async def browser(chromium_path: Path) -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        chromium = await pw.chromium.launch(executable_path=str(chromium_path), args=ARGS, headless=True)
        try:
            yield chromium
        finally:
            await chromium.close()
