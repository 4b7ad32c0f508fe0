"""the lifecycle (DESIGN §7.1): risk assessments, pre-announcements, compensation plans with
their comments and hearings, the expropriation decision, households, valuation, agreements,
compensation decisions, land agreements, judicial procedures, demolitions, clearances and the
settlement request

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _id() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("project_id", sa.String(36), sa.ForeignKey("projects.id"), nullable=False),
    ]


def _made() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    ]


def _updated() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "risk_assessments",
        *_id(),
        sa.Column("level", sa.String(10), nullable=False),
        sa.Column("assessed_on", sa.Date, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        *_made(),
    )
    op.create_table(
        "pre_announcements",
        *_id(),
        sa.Column("published_on", sa.Date, nullable=False),
        sa.Column("scope", sa.Text, nullable=False),
        sa.Column("survey_until", sa.Date, nullable=False),
        *_made(),
    )
    op.create_table(
        "expropriation_decisions",
        *_id(),
        sa.Column("document_no", sa.String(100), nullable=False),
        sa.Column("decided_on", sa.Date, nullable=False),
        sa.Column("announced_on", sa.Date, nullable=False),
        *_made(),
        sa.UniqueConstraint("project_id"),
    )
    op.create_table(
        "compensation_plans",
        *_id(),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("standards", sa.JSON, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("comment_from", sa.Date, nullable=True),
        sa.Column("comment_until", sa.Date, nullable=True),
        sa.Column("approved_on", sa.Date, nullable=True),
        sa.Column("changes", sa.Text, nullable=True),
        *_made(),
        _updated(),
    )
    op.create_table(
        "plan_comments",
        *_id(),
        sa.Column("plan_id", sa.String(36), sa.ForeignKey("compensation_plans.id"), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("agrees", sa.Boolean, nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("submitted_on", sa.Date, nullable=False),
        *_made(),
    )
    op.create_table(
        "hearings",
        *_id(),
        sa.Column("plan_id", sa.String(36), sa.ForeignKey("compensation_plans.id"), nullable=False),
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        *_made(),
    )
    op.create_table(
        "households",
        *_id(),
        sa.Column("head_name", sa.String(100), nullable=False),
        sa.Column("id_number", sa.String(32), nullable=False),
        sa.Column("address", sa.String(500), nullable=False),
        sa.Column("members", sa.Integer, nullable=False),
        sa.Column("registered_area_m2", sa.String(32), nullable=False),
        sa.Column("unregistered", sa.JSON, nullable=False),
        sa.Column("persons", sa.JSON, nullable=False),
        sa.Column("moved_out_on", sa.Date, nullable=True),
        *_made(),
        _updated(),
    )
    op.create_table(
        "valuation_agency_selections",
        *_id(),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("candidates", sa.JSON, nullable=False),
        sa.Column("selected", sa.String(200), nullable=False),
        sa.Column("selected_on", sa.Date, nullable=False),
        *_made(),
    )
    op.create_table(
        "valuation_reports",
        *_id(),
        sa.Column("household_id", sa.String(36), sa.ForeignKey("households.id"), nullable=False),
        sa.Column("agency", sa.String(200), nullable=False),
        sa.Column("value_fen", sa.BigInteger, nullable=False),
        sa.Column("value_date", sa.Date, nullable=False),
        sa.Column("filed_on", sa.Date, nullable=False),
        *_made(),
    )
    op.create_table(
        "agreements",
        *_id(),
        sa.Column("household_id", sa.String(36), sa.ForeignKey("households.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("area_m2", sa.String(32), nullable=False),
        sa.Column("items", sa.JSON, nullable=False),
        sa.Column("total_fen", sa.BigInteger, nullable=False),
        sa.Column("signed_on", sa.Date, nullable=False),
        sa.Column("payment_due_on", sa.Date, nullable=False),
        sa.Column("move_out_deadline", sa.Date, nullable=False),
        sa.Column("entitled_area_m2", sa.String(32), nullable=True),
        sa.Column("promised_delivery_on", sa.Date, nullable=True),
        *_made(),
        # One agreement per household: concurrent signings make one (the constraint decides).
        sa.UniqueConstraint("household_id"),
    )
    op.create_table(
        "compensation_decisions",
        *_id(),
        sa.Column("household_id", sa.String(36), sa.ForeignKey("households.id"), nullable=False),
        sa.Column("area_m2", sa.String(32), nullable=False),
        sa.Column("items", sa.JSON, nullable=False),
        sa.Column("total_fen", sa.BigInteger, nullable=False),
        sa.Column("decided_on", sa.Date, nullable=False),
        sa.Column("move_out_deadline", sa.Date, nullable=False),
        *_made(),
        sa.UniqueConstraint("household_id"),
    )
    op.create_table(
        "land_agreements",
        *_id(),
        sa.Column("collective_organization", sa.String(200), nullable=False),
        sa.Column("area_mu", sa.String(32), nullable=False),
        sa.Column("amount_fen", sa.BigInteger, nullable=False),
        sa.Column("signed_on", sa.Date, nullable=False),
        *_made(),
    )
    op.create_table(
        "judicial_procedures",
        *_id(),
        sa.Column("household_id", sa.String(36), sa.ForeignKey("households.id"), nullable=False),
        sa.Column("court", sa.String(200), nullable=False),
        sa.Column("filed_on", sa.Date, nullable=False),
        *_made(),
    )
    op.create_table(
        "demolitions",
        *_id(),
        sa.Column("demolished_on", sa.Date, nullable=False),
        sa.Column("area_m2", sa.String(32), nullable=False),
        sa.Column("buildings", sa.Integer, nullable=False),
        sa.Column("household_ids", sa.JSON, nullable=False),
        sa.Column("contractor", sa.String(200), nullable=False),
        *_made(),
    )
    op.create_table(
        "clearances",
        *_id(),
        sa.Column("cleared_on", sa.Date, nullable=False),
        sa.Column("area_mu", sa.String(32), nullable=False),
        *_made(),
    )
    op.create_table(
        "settlements",
        *_id(),
        sa.Column("requested_on", sa.Date, nullable=False),
        *_made(),
        sa.UniqueConstraint("project_id"),
    )
    # Each step is listed and looked up by its project (or its plan, or its household).
    for table in (
        "risk_assessments",
        "pre_announcements",
        "compensation_plans",
        "households",
        "valuation_agency_selections",
        "valuation_reports",
        "agreements",
        "compensation_decisions",
        "land_agreements",
        "judicial_procedures",
        "demolitions",
        "clearances",
    ):
        op.create_index(f"ix_{table}_project_id", table, ["project_id"])
    for table in ("plan_comments", "hearings"):
        op.create_index(f"ix_{table}_plan_id", table, ["plan_id"])
    for table in ("valuation_reports", "judicial_procedures"):
        op.create_index(f"ix_{table}_household_id", table, ["household_id"])


def downgrade() -> None:
    for table in (
        "settlements",
        "clearances",
        "demolitions",
        "judicial_procedures",
        "land_agreements",
        "compensation_decisions",
        "agreements",
        "valuation_reports",
        "valuation_agency_selections",
        "households",
        "hearings",
        "plan_comments",
        "compensation_plans",
        "expropriation_decisions",
        "pre_announcements",
        "risk_assessments",
    ):
        op.drop_table(table)
