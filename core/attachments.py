"""The attachment store: files customers send, kept on disk by content hash.

Every channel keeps attachment bytes here (`put`, or `save` from async code) and records the
returned reference on the message's attachment metadata; the same bytes sent twice are stored once.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import tempfile
from pathlib import Path, PurePosixPath

_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


def safe_filename(name: str, limit: int = 120) -> str:
    """A file name safe on any disk: no separators or control characters, not too long."""
    cleaned = _UNSAFE.sub("_", name).strip(" .") or "attachment"
    if len(cleaned) > limit:
        stem, dot, ext = cleaned.rpartition(".")
        cleaned = (stem[: limit - len(ext) - 1] + "." + ext) if dot and len(ext) <= 10 else cleaned[:limit]
    return cleaned


def write_atomically(path: Path, data: bytes) -> None:
    """Write via a temp file and rename, so a crash never leaves a half-written file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class AttachmentStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def put(self, data: bytes, filename: str) -> str:
        """Store `data`; returns a reference like `ab/abcdef…/invoice.pdf` (relative to the root)."""
        digest = hashlib.sha256(data).hexdigest()
        # keep a readable name, but never let a sender choose the path
        ref = str(PurePosixPath(digest[:2], digest, safe_filename(Path(filename or "attachment").name)))
        path = self.root / ref
        if not path.exists():
            write_atomically(path, data)
        return ref

    async def save(self, data: bytes, filename: str, content_type: str) -> str:
        """`put` from async code (the signature channels' `save_media` callbacks take)."""
        return await asyncio.to_thread(self.put, data, filename)

    def path(self, ref: str) -> Path:
        """Where a stored reference lives on disk."""
        resolved = (self.root / ref).resolve()
        if not resolved.is_relative_to(self.root.resolve()):
            raise ValueError("attachment reference escapes the store")
        return resolved
