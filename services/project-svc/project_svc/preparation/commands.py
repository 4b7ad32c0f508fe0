"""Commands of the preparation: risk assessments, pre-announcements, the decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from project_svc.preparation.domain import RiskLevel


@dataclass(frozen=True)
class RecordRiskAssessment:
    """记录社会稳定风险评估 / record a social-stability risk assessment."""

    project_id: str
    level: RiskLevel
    assessed_on: date
    summary: str


@dataclass(frozen=True)
class PublishPreAnnouncement:
    """发布征收预公告 / publish the pre-announcement (collective land)."""

    project_id: str
    published_on: date
    scope: str
    survey_until: date


@dataclass(frozen=True)
class RecordDecision:
    """记录征收决定 / the expropriation decision was made and announced."""

    project_id: str
    document_no: str
    decided_on: date
    announced_on: date
