"""Article time on mentions and quotes, indexed with the person; a covering mentions index.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SEEN = (
    "(SELECT COALESCE(articles.published_at, articles.fetched_at) FROM articles "
    "WHERE articles.id = {table}.article_id)"
)


def upgrade() -> None:
    for table in ("mentions", "quotes"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("seen_at", sa.DateTime(timezone=True), nullable=True))
            batch_op.drop_index(f"ix_{table}_person_id")
            batch_op.create_index(f"ix_{table}_person_id_seen_at", ["person_id", "seen_at"])
        op.execute(f"UPDATE {table} SET seen_at = {_SEEN.format(table=table)}")
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_mentions_article_id_person_id_count", ["article_id", "person_id", "count"]
        )


def downgrade() -> None:
    with op.batch_alter_table("mentions", schema=None) as batch_op:
        batch_op.drop_index("ix_mentions_article_id_person_id_count")
    for table in ("mentions", "quotes"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{table}_person_id_seen_at")
            batch_op.create_index(f"ix_{table}_person_id", ["person_id"])
            batch_op.drop_column("seen_at")
