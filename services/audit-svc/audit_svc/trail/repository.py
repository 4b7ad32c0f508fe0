"""Queries of the trail: the chain head, the sealed records, and the whole chain for
verification. Repositories read and stage; they never commit."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, desc, func, tuple_, type_coerce
from sqlalchemy import select as sa_select
from sqlmodel import col, select

from audit_svc.trail.domain import Link, NodeKey
from audit_svc.trail.tables import AuditRecordRow, ChainHeadRow, CheckpointRow, MerkleNodeRow
from expro_shared.db import Repository, insert_rows, one_of
from expro_shared.pagination import Keyset

#: The chain is ordered by ``seq`` alone, so the cursor is the last seq returned (opaque to clients).
PAGES = Keyset((col(AuditRecordRow.seq),))
#: Checkpoints in the order the log grew.
CHECKPOINT_PAGES = Keyset((col(CheckpointRow.tree_size),))
HEAD_ID = 1


class AuditRecordRepository(Repository):
    async def head(self, *, lock: bool = False) -> ChainHeadRow:
        """The chain head (seeded by the first migration); ``lock`` serialises sealing, and
        re-reads the row so a writer that waited for the lock sees the head just committed."""
        head = await self._first(select(ChainHeadRow).where(ChainHeadRow.id == HEAD_ID), lock=lock)
        if head is None:
            raise LookupError("the chain head is missing: it is seeded by the first migration")
        return head  # type: ignore[no-any-return]

    async def get(self, event_id: str) -> AuditRecordRow | None:
        """The record that sealed the event ``event_id``."""
        return await self._first(select(AuditRecordRow).where(AuditRecordRow.event_id == event_id))  # type: ignore[no-any-return]

    async def page(self, filters: dict[str, Any], cursor: str | None, limit: int) -> list[Any]:
        """Records in chain order after ``cursor``, ``limit + 1`` of them (to know if more exist)."""
        stmt = select(AuditRecordRow)
        for name, value in filters.items():
            if value is not None:
                stmt = stmt.where(getattr(AuditRecordRow, name) == value)
        return await self._all(PAGES.apply(stmt, cursor, limit))

    async def append(self, records: list[dict[str, Any]]) -> None:
        """Append records (column → value) to the chain as one multi-row INSERT: sealing a
        fetched batch builds no ORM object per record."""
        await insert_rows(self.session, AuditRecordRow.__table__, records)  # type: ignore[attr-defined]

    async def append_nodes(self, nodes: list[tuple[int, int, str]]) -> None:
        """Store completed subtrees ``(level, position, hash)`` in one multi-row INSERT."""
        rows = [{"level": level, "position": position, "hash": h} for level, position, h in nodes]
        await insert_rows(self.session, MerkleNodeRow.__table__, rows)  # type: ignore[attr-defined]

    async def stored(self, keys: set[NodeKey]) -> dict[NodeKey, str]:
        """The stored hashes of the complete subtrees ``keys`` (level 0: the records' leaf
        hashes, leaf ``i`` being seq ``i + 1``): at most two indexed queries of O(log n) rows.
        A key the log does not hold is missing from the answer."""
        found: dict[NodeKey, str] = {}
        leaves = [position + 1 for level, position in keys if level == 0]
        if leaves:
            seq, leaf = col(AuditRecordRow.seq), col(AuditRecordRow.leaf_hash)
            leaf_stmt = sa_select(seq, leaf).where(one_of(seq, leaves, self.dialect))
            found.update({(0, s - 1): h for s, h in (await self._execute(leaf_stmt)).all()})
        inner = sorted(k for k in keys if k[0] > 0)
        if inner:
            level, position = col(MerkleNodeRow.level), col(MerkleNodeRow.position)
            node_stmt = sa_select(level, position, col(MerkleNodeRow.hash)).where(tuple_(level, position).in_(inner))
            found.update({(lv, p): h for lv, p, h in (await self._execute(node_stmt)).all()})
        return found

    async def add_checkpoint(self, row: CheckpointRow) -> bool:
        """Store a checkpoint unless one of its size exists (the same note: Ed25519 signing
        is deterministic); False then."""
        return await self._insert_unless_taken(row)

    async def latest_checkpoint(self) -> CheckpointRow | None:
        stmt = select(CheckpointRow).order_by(desc(col(CheckpointRow.tree_size))).limit(1)
        return await self._first(stmt)  # type: ignore[no-any-return]

    async def checkpoint(self, tree_size: int) -> CheckpointRow | None:
        return await self._first(select(CheckpointRow).where(CheckpointRow.tree_size == tree_size))  # type: ignore[no-any-return]

    async def checkpoint_page(self, cursor: str | None, limit: int) -> list[Any]:
        """Checkpoints in the order the log grew, after ``cursor``, ``limit + 1`` of them."""
        return await self._all(CHECKPOINT_PAGES.apply(select(CheckpointRow), cursor, limit))

    async def sealed_ids(self, event_ids: list[str]) -> set[str]:
        """Which of ``event_ids`` the chain holds already."""
        stmt = sa_select(col(AuditRecordRow.event_id)).where(
            one_of(col(AuditRecordRow.event_id), event_ids, self.dialect)
        )
        return set((await self._execute(stmt)).scalars())

    async def events_of(
        self, types: tuple[str, ...], subject: str | None = None, batch: int = 5000
    ) -> AsyncIterator[list[tuple[str, str]]]:
        """``(event_type, payload)`` of every record of ``types`` (of one ``subject`` when
        given), in chain order, a keyset batch at a time (the indexed ``event_type`` and
        ``subject`` narrow the read)."""
        table = AuditRecordRow.__table__.c  # type: ignore[attr-defined]
        after = 0
        while True:
            stmt = (
                sa_select(table.seq, table.event_type, table.payload)
                .where(one_of(table.event_type, list(types), self.dialect), table.seq > after)
                .order_by(table.seq)
                .limit(batch)
            )
            if subject is not None:
                stmt = stmt.where(table.subject == subject)
            rows = (await self._execute(stmt)).all()
            yield [(kind, payload) for _, kind, payload in rows]
            if len(rows) < batch:
                return
            after = rows[-1][0]
            del rows  # the walk is done with it: one batch in memory at a time, not two

    async def count_by_source(self) -> dict[str, int]:
        """How many records each producing service has on the trail."""
        source = col(AuditRecordRow.source)
        stmt = sa_select(source, func.count()).group_by(source).order_by(source)
        return {s: n for s, n in (await self._execute(stmt)).all()}

    async def snapshot(self) -> None:
        """Make the rest of this transaction's reads one consistent snapshot (head and every
        record alike); call it before the first read.

        PostgreSQL needs REPEATABLE READ for that; SQLite's ``BEGIN IMMEDIATE`` already is one."""
        if self.dialect == "postgresql":
            await self.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})

    async def whole_chain(self, batch: int = 5000) -> AsyncIterator[Iterator[Link]]:
        """Every record in chain order as plain links (no ORM objects), read in keyset
        batches and handed on a batch at a time: a long chain never sits in memory, and the
        walk pays one async step per batch, not per record. Each link is built as the walk
        reaches it (a list of a batch's links would outlive the walk and cost the collector)."""
        table = AuditRecordRow.__table__.c  # type: ignore[attr-defined]
        names = ("seq", "event_id", "event_type", "source", "subject", "actor", "event_time", "payload")
        columns = [table[n] for n in (*names, "prev_hash", "hash", "leaf_hash")]
        # SQLite keeps times as text, which SQLAlchemy parses with a regular expression per
        # row; read the text and let datetime.fromisoformat (C) parse it, a third of the walk.
        sqlite = self.dialect == "sqlite"
        if sqlite:
            columns[6] = type_coerce(table.event_time, String)
        after = 0
        while True:
            stmt = sa_select(*columns).where(table.seq > after).order_by(table.seq).limit(batch)
            rows = (await self._execute(stmt)).all()
            if sqlite:
                yield (
                    Link(seq, event_id, event_type, source, subject, actor, _utc(when), payload, prev, digest, leaf)
                    for seq, event_id, event_type, source, subject, actor, when, payload, prev, digest, leaf in rows
                )
            else:
                yield (Link(*row) for row in rows)
            if len(rows) < batch:
                return
            after = rows[-1][0]
            del rows  # the walk is done with it: one batch in memory at a time, not two


def _utc(stored: str) -> datetime:
    """A time as SQLite stores it (UTC, naive text) as an aware datetime."""
    return datetime.fromisoformat(stored).replace(tzinfo=UTC)
