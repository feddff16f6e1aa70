"""Initial schema: units, blobs, object versions, parse cache, extractions, runs, scores.

Revision ID: 0001
Revises: (none)

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=True),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_blobs")),
    )
    op.create_table(
        "manual_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("unit_code", sa.String(length=64), nullable=False),
        sa.Column("indicator", sa.String(length=32), nullable=False),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("points", sa.Float(), nullable=False),
        sa.Column("method", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("superseded_by", sa.Integer(), nullable=True),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["superseded_by"],
            ["manual_scores.id"],
            name=op.f("fk_manual_scores_superseded_by_manual_scores"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_manual_scores")),
        sa.UniqueConstraint("source", name=op.f("uq_manual_scores_source")),
    )
    op.create_index(
        op.f("ix_manual_scores_year_unit_code_indicator"),
        "manual_scores",
        ["year", "unit_code", "indicator"],
        unique=False,
    )
    op.create_table(
        "parsed_texts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("parser_version", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("error_code", sa.String(length=32), nullable=True),
        sa.Column("page_count", sa.Integer(), nullable=True),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parsed_texts")),
        sa.UniqueConstraint(
            "sha256", "parser_version", name=op.f("uq_parsed_texts_sha256_parser_version")
        ),
    )
    op.create_table(
        "runs",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("flow_run_id", sa.String(length=64), nullable=True),
        sa.Column("rules_hash", sa.String(length=64), nullable=True),
        sa.Column("extraction_rules_hash", sa.String(length=64), nullable=True),
        sa.Column("extractor_version", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("score_set_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runs")),
    )
    op.create_index(op.f("ix_runs_year_status"), "runs", ["year", "status"], unique=False)
    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_units")),
        sa.UniqueConstraint("code", name=op.f("uq_units_code")),
    )
    op.create_table(
        "extractions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("extractor_version", sa.String(length=32), nullable=False),
        sa.Column("rules_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("doc_type", sa.String(length=64), nullable=True),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name=op.f("fk_extractions_run_id_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_extractions")),
        sa.UniqueConstraint(
            "sha256",
            "extractor_version",
            "rules_hash",
            name=op.f("uq_extractions_sha256_extractor_version_rules_hash"),
        ),
    )
    op.create_table(
        "object_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store", sa.String(length=512), nullable=False),
        sa.Column("key", sa.String(length=1024), nullable=False),
        sa.Column("etag", sa.String(length=128), nullable=False),
        sa.Column("version_id", sa.String(length=256), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("last_modified", sa.DateTime(timezone=True), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("unit_code", sa.String(length=64), nullable=True),
        sa.Column("rejected_reason", sa.Text(), nullable=True),
        sa.Column("first_seen_run_id", sa.String(length=32), nullable=True),
        sa.Column("last_seen_run_id", sa.String(length=32), nullable=True),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["first_seen_run_id"],
            ["runs.id"],
            name=op.f("fk_object_versions_first_seen_run_id_runs"),
        ),
        sa.ForeignKeyConstraint(
            ["last_seen_run_id"], ["runs.id"], name=op.f("fk_object_versions_last_seen_run_id_runs")
        ),
        sa.ForeignKeyConstraint(
            ["sha256"], ["blobs.sha256"], name=op.f("fk_object_versions_sha256_blobs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_object_versions")),
        sa.UniqueConstraint(
            "store",
            "key",
            "etag",
            "version_id",
            name=op.f("uq_object_versions_store_key_etag_version_id"),
        ),
    )
    op.create_index(op.f("ix_object_versions_sha256"), "object_versions", ["sha256"], unique=False)
    op.create_index(
        op.f("ix_object_versions_store_year_unit_code"),
        "object_versions",
        ["store", "year", "unit_code"],
        unique=False,
    )
    op.create_table(
        "score_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.String(length=32), nullable=False),
        sa.Column("rules_hash", sa.String(length=64), nullable=False),
        sa.Column("extraction_rules_hash", sa.String(length=64), nullable=False),
        sa.Column("extractor_version", sa.String(length=32), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name=op.f("fk_score_sets_run_id_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_sets")),
        sa.UniqueConstraint("year", "digest", name=op.f("uq_score_sets_year_digest")),
    )
    op.create_table(
        "elements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("extraction_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["extraction_id"],
            ["extractions.id"],
            name=op.f("fk_elements_extraction_id_extractions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_elements")),
        sa.UniqueConstraint("extraction_id", "name", name=op.f("uq_elements_extraction_id_name")),
    )
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("extraction_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["extraction_id"],
            ["extractions.id"],
            name=op.f("fk_findings_extraction_id_extractions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_findings")),
        sa.UniqueConstraint("extraction_id", "seq", name=op.f("uq_findings_extraction_id_seq")),
    )
    op.create_table(
        "scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("score_set_id", sa.Integer(), nullable=False),
        sa.Column("unit_code", sa.String(length=64), nullable=False),
        sa.Column("indicator", sa.String(length=32), nullable=False),
        sa.Column("indicator_name", sa.String(length=200), nullable=False),
        sa.Column("points", sa.Float(), nullable=True),
        sa.Column("max_points", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("rule", sa.String(length=64), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("auto_points", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["score_set_id"],
            ["score_sets.id"],
            name=op.f("fk_scores_score_set_id_score_sets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scores")),
        sa.UniqueConstraint(
            "score_set_id",
            "unit_code",
            "indicator",
            name=op.f("uq_scores_score_set_id_unit_code_indicator"),
        ),
    )
    op.create_table(
        "score_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("score_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("object_version_id", sa.Integer(), nullable=True),
        sa.Column("extraction_id", sa.Integer(), nullable=True),
        sa.Column("element", sa.String(length=128), nullable=True),
        sa.Column("finding_code", sa.String(length=64), nullable=True),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("paragraph", sa.Integer(), nullable=True),
        sa.Column("searched", sa.JSON(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("points", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["extraction_id"],
            ["extractions.id"],
            name=op.f("fk_score_evidence_extraction_id_extractions"),
        ),
        sa.ForeignKeyConstraint(
            ["object_version_id"],
            ["object_versions.id"],
            name=op.f("fk_score_evidence_object_version_id_object_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["score_id"],
            ["scores.id"],
            name=op.f("fk_score_evidence_score_id_scores"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_evidence")),
        sa.UniqueConstraint("score_id", "seq", name=op.f("uq_score_evidence_score_id_seq")),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("score_evidence")
    op.drop_table("scores")
    op.drop_table("findings")
    op.drop_table("elements")
    op.drop_table("score_sets")
    op.drop_index(op.f("ix_object_versions_store_year_unit_code"), table_name="object_versions")
    op.drop_index(op.f("ix_object_versions_sha256"), table_name="object_versions")
    op.drop_table("object_versions")
    op.drop_table("extractions")
    op.drop_table("units")
    op.drop_index(op.f("ix_runs_year_status"), table_name="runs")
    op.drop_table("runs")
    op.drop_table("parsed_texts")
    op.drop_index(op.f("ix_manual_scores_year_unit_code_indicator"), table_name="manual_scores")
    op.drop_table("manual_scores")
    op.drop_table("blobs")
