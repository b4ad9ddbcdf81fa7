"""The shared attachment store on a real disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.attachments import AttachmentStore

pytestmark = pytest.mark.unit


def test_same_bytes_stored_once_under_a_safe_name(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path)
    data = b"%PDF-1.4 bill for 13812345678"
    first = store.put(data, "../../账单 2026/11.pdf")
    again = store.put(data, "other name.pdf")
    assert first.split("/")[:2] == again.split("/")[:2]  # one content address
    assert ".." not in first and first.endswith("11.pdf")
    assert store.path(first).read_bytes() == data
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 2  # two names, no temp files left


async def test_save_is_put_for_async_callers(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path)
    ref = await store.save(b"\x89PNG screenshot", "signal.png", "image/png")
    assert ref == store.put(b"\x89PNG screenshot", "signal.png")


def test_references_cannot_escape_the_store(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="escapes"):
        AttachmentStore(tmp_path).path("../../etc/passwd")
