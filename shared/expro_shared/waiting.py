"""``Prefer: wait=N`` (RFC 7240) and the in-process notifications a waiting request
blocks on: the consumer that commits an outcome wakes the waiters, no table polling."""

from __future__ import annotations

import asyncio
import re
from collections import defaultdict

MAX_WAIT_SECONDS = 30.0
_WAIT_RE = re.compile(r"(?:^|[,;\s])wait\s*=\s*\"?(\d+(?:\.\d+)?)\"?", re.IGNORECASE)


def parse_prefer_wait(prefer: str | None) -> float | None:
    """Seconds asked for by ``Prefer: wait=N`` (capped at 30), or None."""
    if not prefer:
        return None
    m = _WAIT_RE.search(prefer)
    if not m:
        return None
    return min(float(m.group(1)), MAX_WAIT_SECONDS)


class Notifier:
    """Wake every coroutine waiting on a key (e.g. a task order id)."""

    def __init__(self) -> None:
        self._waiters: defaultdict[str, set[asyncio.Event]] = defaultdict(set)

    def waiter(self, key: str) -> asyncio.Event:
        """Register before checking state, so a notification in between is not lost."""
        ev = asyncio.Event()
        self._waiters[key].add(ev)
        return ev

    def discard(self, key: str, ev: asyncio.Event) -> None:
        waiters = self._waiters.get(key)
        if waiters is not None:
            waiters.discard(ev)
            if not waiters:
                del self._waiters[key]

    def notify(self, key: str) -> None:
        for ev in self._waiters.get(key, ()):
            ev.set()
