"""Where mail bytes live on disk: raw .eml files for reprocessing and attachments with a size limit."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from channels.email.parsing import RawAttachment
from core.attachments import AttachmentStore as FileStore
from core.attachments import write_atomically
from core.domain.messages import Attachment

_REFUSED_TYPES = frozenset(
    {
        "application/zip",
        "application/x-zip-compressed",
        "application/x-rar-compressed",
        "application/vnd.rar",
        "application/x-7z-compressed",
        "application/x-msdownload",
        "application/vnd.android.package-archive",
    }
)
class RawMailStore:
    """Keeps every fetched mail as a .eml file and logs mail that was not turned into a message."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def keep(self, raw: bytes, message_id: str, received_at: datetime) -> str:
        """Store `raw` once (same Message-ID, same file); returns its path relative to the root."""
        digest = hashlib.sha256(message_id.encode("utf-8", "surrogateescape")).hexdigest()[:40]
        day = received_at.astimezone(UTC)
        ref = PurePosixPath("raw", f"{day:%Y}", f"{day:%m}", f"{day:%d}", f"{digest}.eml")
        path = self.root / ref
        if not path.exists():
            write_atomically(path, raw)
        return str(ref)

    def record(self, kind: str, entry: dict[str, Any]) -> None:
        """Append one line to `<root>/<kind>.jsonl` (ignored noise, rejected mail, bounces)."""
        self.root.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"at": datetime.now(UTC).isoformat(), **entry}, ensure_ascii=False)
        with (self.root / f"{kind}.jsonl").open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")

    def path(self, ref: str) -> Path:
        """The file behind a reference returned by `keep`."""
        return self.root / ref


class AttachmentStore:
    """The e-mail channel's rules over the shared attachment store: a size limit and no archives or
    executables; refused ones are recorded with a reason, not kept."""

    def __init__(self, root: Path, max_bytes: int, refused_extensions: tuple[str, ...]) -> None:
        self.files = FileStore(root)
        self.max_bytes = max_bytes
        self.refused_extensions = tuple(e.lower() for e in refused_extensions)

    def refusal(self, attachment: RawAttachment) -> str | None:
        """Why this attachment is not kept, or None when it is fine."""
        name = attachment.filename.lower()
        if name.endswith(self.refused_extensions) or attachment.content_type in _REFUSED_TYPES:
            return "refused_type: archives and executables are not accepted; please send the files themselves"
        if len(attachment.data) > self.max_bytes:
            return f"too_large: {len(attachment.data)} bytes, limit {self.max_bytes} bytes"
        return None

    def store(self, attachment: RawAttachment, *, refuse_all: str | None = None) -> Attachment:
        """Keep one attachment (content-addressed) or record why it was refused."""
        reason = refuse_all or self.refusal(attachment)
        size = len(attachment.data)
        if reason is not None:
            return Attachment(attachment.filename, attachment.content_type, size, None, reason)
        ref = self.files.put(attachment.data, attachment.filename)
        return Attachment(attachment.filename, attachment.content_type, size, ref, None)
