"""Credit and byline sentences of a parsed article: the names in them are not news.

"CNN's X, Y and Z contributed to this report", "(Writing by X; Editing by Y)", "<Outlet>'s X
reported from <City>", "By X", "(X / Staff Photographer)", "Credit: X / <Outlet>", "Editor's
note": whoever they name wrote, edited or photographed the article, and said nothing in it. The
forms are ``page_forms``' (the same that ingestion knows); this module finds them in a document.
"""

from __future__ import annotations

from spacy.tokens import Doc

from digests.analysis import docindex
from digests.analysis.page_forms import is_credit

__all__ = ["credit_starts"]


def credit_starts(doc: Doc) -> frozenset[int]:
    """Start tokens of the credit and byline sentences of ``doc``."""
    text = docindex.text(doc)
    return frozenset(
        s.start for s in docindex.sentences(doc) if is_credit(text[s.start_char : s.end_char])
    )
