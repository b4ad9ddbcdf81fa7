"""The domain core imports nothing from the edges (conventions: cosmicpython's rule)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {"channels", "nlu", "bots", "complaintdesk", "fastapi", "starlette", "uvicorn", "telegram",
             "twilio", "aioimaplib", "aiosmtplib", "rasa", "httpx", "jieba", "sklearn"}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.unit
def test_core_imports_nothing_from_the_edges() -> None:
    leaks = {
        str(p.relative_to(ROOT)): sorted(imported_roots(p) & FORBIDDEN)
        for p in (ROOT / "core").rglob("*.py")
        if imported_roots(p) & FORBIDDEN
    }
    assert leaks == {}


@pytest.mark.unit
def test_the_check_itself_sees_imports(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text("import os\nfrom channels.email import x\nfrom . import y\n", encoding="utf-8")
    assert imported_roots(sample) == {"os", "channels"}
