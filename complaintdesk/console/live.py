"""The live conversation list: one poller per process, however many agents are watching.

Pipeline, channels and handoff commands all bump `conversations.updated_at`, so a single cheap
query per interval sees every change, whichever process made it. The poller runs only while at
least one console page listens, and each listener keeps only the newest snapshot.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import TYPE_CHECKING

from complaintdesk.console.queries import conversation_rows

if TYPE_CHECKING:
    from core.services.desk import Desk

log = logging.getLogger(__name__)


class LiveFeed:
    def __init__(self, desk: Desk, interval: float) -> None:
        self.desk = desk
        self.interval = interval
        self._listeners: set[asyncio.Queue[str]] = set()
        self._task: asyncio.Task[None] | None = None
        self._latest: str | None = None

    def subscribe(self) -> asyncio.Queue[str]:
        """A queue that receives the list (JSON) each time it changes, starting with the current one."""
        queue: asyncio.Queue[str] = asyncio.Queue(maxsize=1)
        if self._latest is not None:
            queue.put_nowait(self._latest)
        self._listeners.add(queue)
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name="console-live-feed")
        return queue

    def unsubscribe(self, queue: asyncio.Queue[str]) -> None:
        """Stop sending to `queue`; the poller stops by itself when nobody listens."""
        self._listeners.discard(queue)

    async def _run(self) -> None:
        while self._listeners:
            try:
                payload = json.dumps({"conversations": await conversation_rows(self.desk)}, ensure_ascii=False)
            except Exception:
                log.exception("live conversation list query failed")
                payload = None
            if payload is not None and payload != self._latest:
                self._latest = payload
                for queue in list(self._listeners):
                    # a slow listener only needs the newest list, not every one in between
                    with contextlib.suppress(asyncio.QueueEmpty):
                        if queue.full():
                            queue.get_nowait()
                    queue.put_nowait(payload)
            await asyncio.sleep(self.interval)
        self._latest = None  # a later first listener must not get a stale list
