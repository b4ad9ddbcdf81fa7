"""The attachment store: files customers send, kept on disk by content hash.

Channels call `save(data, filename, content_type)` and keep the returned reference on the
message's attachment metadata; the same bytes sent twice are stored once.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from pathlib import Path

_UNSAFE = re.compile(r"[^\w.\-]+")


class AttachmentStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    async def save(self, data: bytes, filename: str, content_type: str) -> str:
        """Store `data`; returns a reference like `sha256/ab/abcdef…/invoice.pdf`."""
        return await asyncio.to_thread(self._save, data, filename)

    def _save(self, data: bytes, filename: str) -> str:
        digest = hashlib.sha256(data).hexdigest()
        # keep a readable name, but never let a sender choose the path
        name = _UNSAFE.sub("_", Path(filename or "attachment").name)[:100] or "attachment"
        ref = f"sha256/{digest[:2]}/{digest}/{name}"
        path = self.root / ref
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(path.suffix + ".part")
            tmp.write_bytes(data)
            tmp.replace(path)  # atomic: a crash never leaves half a file under the final name
        return ref

    def path(self, ref: str) -> Path:
        """Where a stored reference lives on disk."""
        resolved = (self.root / ref).resolve()
        if not resolved.is_relative_to(self.root.resolve()):
            raise ValueError("attachment reference escapes the store")
        return resolved
