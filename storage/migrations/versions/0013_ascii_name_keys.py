"""ASCII name keys: a name in another script is keyed by its transliteration ("Блінкен" is
"blinken"), so /who and /when find a person whatever script the name is typed or written in.

Keys are what the one name-normalising function (``digests.analysis.names.normalize_name``)
makes of a name, and a key of a key is itself: normalising the stored keys again brings them up
to date. Only keys with letters beyond ASCII change. Two aliases of one person that now share a
key become one; a person whose new key another person already has keeps the old one (people are
found by their aliases' keys). Downgrading leaves the keys as they are.

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ALIASES = sa.table(
    "person_aliases", sa.column("id", sa.Integer), sa.column("person_id"), sa.column("key")
)
_PEOPLE = sa.table("people", sa.column("id", sa.Integer), sa.column("key"))


def upgrade() -> None:
    # The one normalisation, not a copy frozen here: the keys must be what lookups compute.
    from digests.analysis.names import normalize_name

    bind = op.get_bind()
    rows = bind.execute(sa.select(_ALIASES.c.id, _ALIASES.c.person_id, _ALIASES.c.key)).all()
    taken = {(person_id, key) for _id, person_id, key in rows}
    for alias_id, person_id, key in rows:
        new = normalize_name(key) if key and not key.isascii() else key
        if new == key:
            continue
        if (person_id, new) in taken:
            bind.execute(sa.delete(_ALIASES).where(_ALIASES.c.id == alias_id))
        else:
            bind.execute(sa.update(_ALIASES).where(_ALIASES.c.id == alias_id).values(key=new))
            taken.add((person_id, new))
        taken.discard((person_id, key))
    people = bind.execute(sa.select(_PEOPLE.c.id, _PEOPLE.c.key)).all()
    keys = {key for _id, key in people}
    for person_id, key in people:
        new = normalize_name(key) if key and not key.isascii() else key
        if new != key and new not in keys:
            bind.execute(sa.update(_PEOPLE).where(_PEOPLE.c.id == person_id).values(key=new))
            keys.add(new)


def downgrade() -> None:
    # ASCII keys are keys the older code reads too (it only fails to transliterate queries).
    pass
