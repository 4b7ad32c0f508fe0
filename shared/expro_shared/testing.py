"""Test support for handler tests: a unit of work that keeps everything in memory.

A service's fake unit of work is ``class FakeUoW(InMemoryUnitOfWork, TheServiceUoW)`` with
fake repositories assigned in ``__init__``: handlers run unchanged, and a test reads what
they emitted from ``uow.emitted`` and whether they committed from ``uow.committed``.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from expro_shared.db import UnitOfWork
from expro_shared.events.envelope import CloudEvent


class InMemoryUnitOfWork(UnitOfWork):
    committed = False

    def __init__(self, *, source: str, actor: str = "tester", **_: Any) -> None:
        super().__init__(None, source=source, actor=actor)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        return None

    def _stage(self, ev: CloudEvent, topic: str) -> None:
        return None

    async def commit(self) -> None:
        self.committed = True

    async def rollback(self) -> None:
        self.emitted.clear()
