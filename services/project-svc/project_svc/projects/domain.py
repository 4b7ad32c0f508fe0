"""Pure rules of projects (no I/O): a project's status."""

from __future__ import annotations

from enum import StrEnum


class ProjectStatus(StrEnum):
    """项目状态 / project status."""

    REGISTERED = "registered"  # 已登记
    BUDGETED = "budgeted"  # 预算已批准
