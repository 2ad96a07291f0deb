"""The analysis stored whole: sentence offsets, and each event's range end and date expression.

Sentences keep the character span they had in the analysed text (they were guessed on the way
back); events keep the last period of a range, the temporal expression and its span (a range
showed only its start). Rows stored before this are left empty here and filled when the analyser
version that writes them runs again.

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("article_sentences") as batch:
        batch.add_column(sa.Column("start_char", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("end_char", sa.Integer(), nullable=True))
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("until_start", sa.Date(), nullable=True))
        batch.add_column(sa.Column("until_precision", sa.String(length=8), nullable=True))
        batch.add_column(sa.Column("expression", sa.Text(), nullable=True))
        batch.add_column(sa.Column("expression_start", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("expression_end", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        for column in (
            "expression_end",
            "expression_start",
            "expression",
            "until_precision",
            "until_start",
        ):
            batch.drop_column(column)
    with op.batch_alter_table("article_sentences") as batch:
        batch.drop_column("end_char")
        batch.drop_column("start_char")
