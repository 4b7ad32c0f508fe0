"""``Prefer: wait=N`` (RFC 7240) and the in-process notifications a waiting request blocks
on: the consumer that commits an outcome wakes the waiters, no table polling.

Every wait-for-outcome endpoint follows the same script::

    with notifier.watch(key) as woken:          # register before the command commits
        state = await run_the_command()
        state = await wait_for_outcome(woken, wait, state, settled, reload)
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
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


def preference_applied(wait: float | None) -> dict[str, str]:
    """The ``Preference-Applied`` header for an honoured ``Prefer: wait``."""
    return {"Preference-Applied": f"wait={wait:g}"} if wait is not None else {}


class Notifier:
    """Wake every coroutine waiting on a key (e.g. a task order id)."""

    def __init__(self) -> None:
        self._waiters: defaultdict[str, set[asyncio.Event]] = defaultdict(set)

    @contextmanager
    def watch(self, key: str) -> Iterator[asyncio.Event]:
        """An event set by ``notify(key)``; register it before the state can change, so a
        notification in between is not lost."""
        ev = asyncio.Event()
        self._waiters[key].add(ev)
        try:
            yield ev
        finally:
            waiters = self._waiters.get(key)
            if waiters is not None:
                waiters.discard(ev)
                if not waiters:
                    del self._waiters[key]

    def notify(self, key: str) -> None:
        for ev in self._waiters.get(key, ()):
            ev.set()


async def wait_for_outcome(
    woken: asyncio.Event,
    seconds: float | None,
    state: T,
    settled: Callable[[T], bool],
    reload: Callable[[], Awaitable[T]],
) -> T:
    """Wait up to ``seconds`` until ``settled(state)``, reloading the state each time
    ``woken`` fires; the last state seen when settled or out of time."""
    if seconds is None:
        return state
    deadline = time.monotonic() + seconds
    while not settled(state):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        try:
            await asyncio.wait_for(woken.wait(), remaining)
        except TimeoutError:
            break
        woken.clear()
        state = await reload()
    if not settled(state):
        # the answer may have been committed where this process was not told (another
        # replica's consumer): look once more before answering "still pending"
        state = await reload()
    return state
