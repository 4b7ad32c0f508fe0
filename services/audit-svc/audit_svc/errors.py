"""audit-svc's named refusals: each business refusal is its own problem type, declared by
the routes that can answer with it (RFC 9457)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from expro_shared.problems import Problem


class TreeSizeBeyondLog(Problem):
    """The log is not that large (yet): a proof or root of a size it has not reached."""

    SLUG: ClassVar[str] = "tree-size-beyond-log"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Tree size beyond the log"
    DESCRIPTION: ClassVar[str] = "日志尚无此规模 / the log has not reached the tree size asked for"

    log_size: int = Field(description="日志当前规模 / the number of records the log holds now")


class LeafNotInTree(Problem):
    """The record was sealed after the tree size asked for, so that tree cannot include it."""

    SLUG: ClassVar[str] = "leaf-not-in-tree"
    STATUS: ClassVar[int] = 409
    TITLE: ClassVar[str] = "Leaf not in the tree"
    DESCRIPTION: ClassVar[str] = "该记录不在此规模的树中 / the record was sealed after that tree size"

    leaf_index: int = Field(description="记录的叶序号 / the record's 0-based leaf index")
