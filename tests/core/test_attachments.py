"""The shared attachment store on a real disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.attachments import AttachmentStore

pytestmark = pytest.mark.unit


async def test_same_bytes_stored_once_under_a_safe_name(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path)
    data = b"%PDF-1.4 bill for 13812345678"
    first = await store.save(data, "../../账单 2026/11.pdf", "application/pdf")
    again = store.put(data, "other name.pdf")
    assert first.split("/")[:2] == again.split("/")[:2]  # one content address
    assert ".." not in first and first.endswith("11.pdf")
    assert store.path(first).read_bytes() == data
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 2  # two names, no temp files left


def test_references_cannot_escape_the_store(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="escapes"):
        AttachmentStore(tmp_path).path("../../etc/passwd")
