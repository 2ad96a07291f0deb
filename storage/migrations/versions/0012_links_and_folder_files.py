"""Article identity by the whole link, and the files of folder sources already read.

A hash of the canonical URL carries the articles' unique index:

Links were cut to 2,048 characters and unique as cut, so two links sharing their first 2,048
characters were one row. Links are now kept whole (TEXT) and ``canonical_hash`` (SHA-256 of the
whole canonical URL) is what is unique. ``first_party`` marks an article stored by a source on
the link's own site, which a copy from any other source (a republishing feed) never overrides.

``source_files`` keeps the size and modification time of each file a folder source has read,
so a poll reads only what is new or changed.

Revision ID: 0012
Revises: 0011
"""

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 1000


def _hash(url: str) -> str:
    # As storage.articles.url_key does; a migration keeps its own frozen copy.
    return hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()


def upgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("canonical_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("first_party", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    articles = sa.table(
        "articles",
        sa.column("id", sa.Integer()),
        sa.column("canonical_url", sa.String()),
        sa.column("canonical_hash", sa.String()),
    )
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(
            sa.select(articles.c.id, articles.c.canonical_url)
            .where(articles.c.canonical_url.is_not(None), articles.c.id > last)
            .order_by(articles.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            break
        for article_id, url in rows:
            bind.execute(
                articles.update()
                .where(articles.c.id == article_id)
                .values(canonical_hash=_hash(url))
            )
        last = rows[-1][0]
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_constraint("uq_articles_canonical_url", type_="unique")
        batch_op.alter_column(
            "url", existing_type=sa.String(length=2048), type_=sa.Text(), existing_nullable=True
        )
        batch_op.alter_column(
            "canonical_url",
            existing_type=sa.String(length=2048),
            type_=sa.Text(),
            existing_nullable=True,
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_articles_canonical_hash"), ["canonical_hash"]
        )
    op.create_table(
        "source_files",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=1024), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("mtime_ns", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_source_files_source_id_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source_id", "name", name=op.f("pk_source_files")),
    )


def downgrade() -> None:
    op.drop_table("source_files")
    articles = sa.table(
        "articles",
        sa.column("url", sa.Text()),
        sa.column("canonical_url", sa.Text()),
    )
    # Links longer than the old columns are cut as they were before this revision.
    op.execute(
        articles.update()
        .where(sa.func.length(articles.c.url) > 2048)
        .values(url=sa.func.substr(articles.c.url, 1, 2048))
    )
    op.execute(
        articles.update()
        .where(sa.func.length(articles.c.canonical_url) > 2048)
        .values(canonical_url=sa.func.substr(articles.c.canonical_url, 1, 2048))
    )
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_articles_canonical_hash"), type_="unique")
        batch_op.alter_column(
            "canonical_url",
            existing_type=sa.Text(),
            type_=sa.String(length=2048),
            existing_nullable=True,
        )
        batch_op.alter_column(
            "url", existing_type=sa.Text(), type_=sa.String(length=2048), existing_nullable=True
        )
        batch_op.create_unique_constraint("uq_articles_canonical_url", ["canonical_url"])
        batch_op.drop_column("first_party")
        batch_op.drop_column("canonical_hash")
