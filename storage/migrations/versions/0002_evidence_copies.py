"""Evidence locker: where each blob's bytes are kept, content-addressed.

Revision ID: 0002
Revises: 0001

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "evidence_copies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("locker", sa.String(length=512), nullable=False),
        sa.Column("key", sa.String(length=512), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("kept_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["sha256"], ["blobs.sha256"], name=op.f("fk_evidence_copies_sha256_blobs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_copies")),
        sa.UniqueConstraint("sha256", "locker", name=op.f("uq_evidence_copies_sha256_locker")),
    )


def downgrade() -> None:
    op.drop_table("evidence_copies")
