"""Per-visitor token buckets: a burst of messages is fine, a flood is refused with a wait time."""

from __future__ import annotations

import time
from collections.abc import Callable


class VisitorThrottle:
    """`admit(visitor)` returns 0 when the message may go, else the seconds to wait."""

    def __init__(self, burst: int, rate: float, clock: Callable[[], float] = time.monotonic,
                 max_visitors: int = 100_000) -> None:
        self.burst = burst
        self.rate = rate
        self._clock = clock
        self._max = max_visitors
        self._buckets: dict[str, tuple[float, float]] = {}  # visitor → (tokens, at)

    def admit(self, visitor: str) -> float:
        """Take one token for `visitor`, or say how long until one is free."""
        now = self._clock()
        tokens, at = self._buckets.get(visitor, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - at) * self.rate)
        if tokens < 1.0:
            self._buckets[visitor] = (tokens, now)
            return (1.0 - tokens) / self.rate
        if len(self._buckets) >= self._max and visitor not in self._buckets:
            # forget full buckets first: they are the visitors who have been quiet longest
            for key in [k for k, (t, _) in self._buckets.items() if t >= self.burst - 1][: self._max // 10 or 1]:
                del self._buckets[key]
        self._buckets[visitor] = (tokens - 1.0, now)
        return 0.0
