"""Credits, captions and copyright lines by their form: the one place each form is written.

Regexes over raw text, because these decisions are made on page lines before any parse (ingest
cleaning, ``furniture``) and on sentence texts (``credits``, summary candidates, event texts,
non-events); every word in them comes from the lexicon (``lexicon.page``). A form describes a
shape ("<picture> by X", "(Reporting by X; Editing by Y)", "X / Staff Photographer", "Name/Outlet"
alone on a line), never an outlet, an agency or a person.

The writer credits are a list of forms, each with the words (or signs) one of which every match
of it contains; the quick check that lets most sentences skip the long pattern is built from
those words, so a new form brings its own and the two cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from digests.analysis.lexicon import alternatives
from digests.analysis.lexicon.page import (
    ARTICLE_NOUNS,
    CONTRIBUTE_FORMS,
    CREDIT_ACTS,
    MEDIA_LABELS,
    PAGE_ACTIONS,
    PICTURE_AGENCIES,
    PICTURE_LABELS,
    PICTURE_NOUNS,
    REPORTER_ROLES,
    SOCIAL_NETWORKS,
    STAFF_QUALIFIERS,
    STAFF_ROLES,
    STAMP_LABELS,
    STILL_PICTURE_NOUNS,
)

__all__ = [
    "AGENCY_CREDIT",
    "CAPTION_BAR",
    "CAPTION_LABEL",
    "CONTRIBUTORS",
    "COPYRIGHT",
    "CREDIT",
    "CREDIT_ALONE",
    "CREDIT_LINE",
    "CREDIT_TRIGGER",
    "EDITING_PAREN",
    "EDITORS_NOTE",
    "MAX_CREDIT_WORDS",
    "PAREN_CREDIT",
    "PAREN_PICTURE",
    "PHOTOGRAPHER_PAREN",
    "PHOTO_CAPTION",
    "PHOTO_LABEL",
    "PICTURE_CREDIT",
    "TRAILING_CREDIT",
    "CreditForm",
    "is_credit",
]


def _any(words: object) -> str:
    return f"(?:{alternatives(words)})"  # type: ignore[arg-type]


# One to four capitalised words: the name a credit gives.
NAME = r"(?-i:[A-Z][\w.'’-]+)(?:\s+(?-i:[A-Z][\w.'’-]+)){0,3}"
_PICTURE = rf"{_any(PICTURE_NOUNS)}s?"
_ARTICLE = _any(ARTICLE_NOUNS)
_REPORTER = _any(REPORTER_ROLES)
_QUALIFIER = rf"(?:{_any(STAFF_QUALIFIERS)}\s+)?"
_NETWORK = _any(SOCIAL_NETWORKS)
_CONTACT = r"(?:\S+@|\+?\(?\d|e-?mail|phone)"
_WHOM = r"(?:him|her|them|us|(?-i:[A-Z])[^.]{0,60}?)"
_ADDRESSEE = r"(?:the\s+)?(?:reporter|editor|writer|(?-i:[A-Z]))"
_TO_THIS = rf"(?:to|for)\s+(?:this|the)\s+{_ARTICLE}"
_AT = r"(?:at|for|with)\b"


@dataclass(frozen=True, slots=True)
class CreditForm:
    """A form of credit: ``template`` with ``{anchor}`` standing for one of ``anchors``."""

    kind: str
    anchors: frozenset[str]
    template: str

    @property
    def pattern(self) -> str:
        return self.template.replace("{anchor}", _any(self.anchors))


def _form(kind: str, anchors: str | frozenset[str], template: str) -> CreditForm:
    """A credit form; its template must hold ``{anchor}`` once, so every match holds an anchor."""
    if template.count("{anchor}") != 1:
        raise ValueError(f"a credit form needs one {{anchor}} in its template: {template!r}")
    words = frozenset(anchors.split()) if isinstance(anchors, str) else anchors
    return CreditForm(kind, words, template)


# Credit and byline sentences: whoever they name wrote, edited or photographed the article.
_CREDIT_FORMS = (
    # "X, Y and Z contributed to this report", "... contributed reporting", "(Writing by X;
    # Editing by Y)", "Additional reporting by X"
    _form("contributors", CONTRIBUTE_FORMS, rf"\b{{anchor}}\b[^.]{{0,40}}\b{_TO_THIS}\b"),
    _form("contributors", "contributed", r"\b{anchor}\s+(?:reporting|research)\b"),
    _form("contributors", "contributing", r"^\W*{anchor}\s*(?:writers?|reporters?)?\s*:"),
    _form("contributors", CREDIT_ACTS, r"(?:^|[(;|—–-]\s*)\W*(?:additional\s+)?{anchor}\s+by\b"),
    _form("contributors", "assistance", r"^\W*with\s+{anchor}\s+(?:by|from)\b"),
    _form("byline", "by", rf"^\W*{{anchor}}\s+{NAME}\s*(?:[,|/–—-]|$)"),
    # "<Outlet>'s X reported from <City>", "correspondent X reported"
    _form("byline", "reported wrote reporting writing", rf"['’]s?\s+{NAME}\s+{{anchor}}\s+from\b"),
    _form("byline", "reported wrote", rf"\b{_REPORTER}s?\s+{NAME}\s+{{anchor}}\b"),
    # "X is a staff writer at <Outlet>", "(X / Staff Photographer)", "Photographer: X"
    _form("staff", STAFF_ROLES, rf"^\W*{NAME}\s+is\s+an?\s+{_QUALIFIER}{{anchor}}\s+{_AT}"),
    _form("staff", "/", rf"{{anchor}}\s*{_QUALIFIER}photographer\b"),
    _form("staff", "photographer", r"\b\w*{anchor}\s*:"),
    # "Credit: X", "(Photo: X)", "Photos by X", "Video courtesy of X"
    _form("picture", "credit", r"^\W*(?:photo\s+|image\s+)?{anchor}s?\s*:"),
    _form("picture", "photo image", r"\(\s*{anchor}s?\s*:"),
    _form("picture", "photo", r"\b{anchor}(?:graph)?s?\s+(?:by|courtesy)\b"),
    _form("picture", "video footage image", r"^\W*{anchor}s?\s+(?:by|courtesy)\b"),
    # "Editor's note: ...", "Note to readers: ..."
    _form("note", "editor", r"^\W*{anchor}['’]?s\s+note\b"),
    _form("note", "readers", r"^\W*note\s+to\s+{anchor}\b"),
    # "X may be reached at ...", "To reach the reporter ...", "Contact X at ..."
    _form("contact", "reached", rf"\b(?:may|can)\s+be\s+{{anchor}}\s+(?:at|by)\s+{_CONTACT}"),
    _form("contact", "reach contact", rf"^\W*to\s+{{anchor}}\s+{_ADDRESSEE}"),
    _form("contact", "contact", rf"^\W*{{anchor}}\s+{NAME}\s+at\b"),
    _form("contact", "write", rf"^\W*{{anchor}}\s+to\s+{NAME}\s+at\b"),
    _form("contact", "mail", rf"^\W*e-?{{anchor}}\s+{NAME}\s+at\b"),
    _form("contact", "follow", rf"\b{{anchor}}\s+{_WHOM}\s+on\s+{_NETWORK}"),
    _form("contact", "archive", r"^\W*read\s+more\s+from\s+[^.]{0,40}['’]s?\s+{anchor}"),
    # Tweet signatures: "— Name (@handle) March 3, 2015"
    _form("signature", "@", rf"[—–-]\s*{NAME}\s*\({{anchor}}\w+\)"),
    _form("signature", "@", r"\({anchor}\w+\)\s+(?-i:[A-Z])[a-z]+\.?\s+\d{1,2},\s+\d{4}"),
    # "Name / Outlet" alone: a photo credit
    _form("picture", "/", rf"^\W*\(?{NAME}\s*{{anchor}}\s*(?-i:[A-Z])[\w .&'’-]{{1,40}}\)?\s*$"),
)  # fmt: skip


def _compiled(forms: tuple[CreditForm, ...]) -> re.Pattern[str]:
    return re.compile("|".join(form.pattern for form in forms), re.IGNORECASE)


CREDIT = _compiled(_CREDIT_FORMS)
# A text without any form's anchor is no credit: most sentences skip the long pattern.
CREDIT_TRIGGER = re.compile(
    _any(sorted({anchor for form in _CREDIT_FORMS for anchor in form.anchors})), re.IGNORECASE
)
# Credit lines are short; a list of contributors may run long.
MAX_CREDIT_WORDS = 80
# The forms that name a report's contributors, and an editor's note, on their own.
CONTRIBUTORS = _compiled(tuple(f for f in _CREDIT_FORMS if f.kind == "contributors"))
EDITORS_NOTE = _compiled(tuple(f for f in _CREDIT_FORMS if f.kind == "note"))


def is_credit(text: str) -> bool:
    """Whether a sentence credits the article's writers, editors or photographers."""
    text = text.strip()
    if CREDIT_TRIGGER.search(text) is None or len(text.split()) > MAX_CREDIT_WORDS:
        return False
    return CREDIT.search(text) is not None


# A picture's noun with a credit word: "photo by X", "video courtesy of X", "image via X".
_BY_PICTURE = rf"{_PICTURE}\s+(?:by|via|courtesy|credit)\b"
# A picture's credit: a label ("Photo:", "Credit:", "Source:", "Image courtesy of X /") opening
# the text or after a mark, or a picture's noun with a credit word. On a page line the label must
# open it: "Rare photos: ..." may be a headline.
PICTURE_CREDIT = re.compile(
    rf"(?:^|[.(\[|/·•—–-]\s*)(?:{_PICTURE}|credits?|source)\b\s*"
    rf"(?:by\b|via\b|courtesy(?:\s+of)?\b)?\s*[:/©]|{_BY_PICTURE}",
    re.IGNORECASE,
)
# A photo's label inside a sentence, wherever it stands: "Hide Caption 3 of 23 Photos: The ...".
# Only "photo" is a label anywhere: "image:" and "picture:" open prose ("the bigger picture:").
PHOTO_LABEL = re.compile(r"\bphoto(?:graph)?s?\s*(?:by\b|:)", re.IGNORECASE)
# An agency credit by its name (``PICTURE_AGENCIES``): "Getty Images House Speaker ...".
AGENCY_CREDIT = re.compile(rf"\b{_any(PICTURE_AGENCIES)}\b", re.IGNORECASE)
# "© 2015 X", "(c) X": a copyright line.
COPYRIGHT = re.compile(r"©|\(c\)\s", re.IGNORECASE)
# A parenthesis about a picture: "(AP Photo/Evan Vucci)", "(Photo: X)", "(Credit: X)": the
# date in its sentence is a picture's, and an event's text leaves it out.
PAREN_PICTURE = re.compile(rf"\s*\((?:[^()]*\b{_PICTURE}\b|\s*credits?\s*:)[^()]*\)", re.IGNORECASE)
# A parenthesis opening with a picture's noun or a credit: "(Photo: X", "(Video courtesy X".
PAREN_CREDIT = re.compile(rf"\(\s*(?:{_PICTURE}|credits?)\b", re.IGNORECASE)
# A short line opening with a credit word: "Courtesy of ...", "Photo by ...", "File photo".
CREDIT_LINE = re.compile(
    rf"^(?:courtesy|credits?|(?:{_any(PICTURE_LABELS)}\s+)?{_PICTURE}|caption)\b"
    r"|^source\s*:",
    re.IGNORECASE,
)
# Labels a page template puts for a caption or a player, opening a line whatever its length:
# "Image copyright X Image caption Y", "Media playback is unsupported on your device",
# "Enlarge this image", "Share this article".
CAPTION_LABEL = re.compile(
    rf"^(?:(?:{_PICTURE}|media)\s+{_any(MEDIA_LABELS)}"
    rf"|{_any(PAGE_ACTIONS)}\s+(?:this\s+)?(?:{_PICTURE}|{_ARTICLE}|caption))\b",
    re.IGNORECASE,
)
# A credit closing a caption: "(AP Photo/Evan Vucci)", "REUTERS/Eric Thayer", "(CNN/YouTube)",
# "(Published Friday, Feb. 27, 2015)".
TRAILING_CREDIT = re.compile(
    rf"(?:\((?:[^()/]{{1,60}}/[^()]{{1,60}}|(?i:{_any(STAMP_LABELS)})\b[^()]{{0,60}}"
    r"|(?:[A-Z][\w.'’&-]*\s*){1,5})\)"
    r"|\b[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}/[A-Z][\w.'’ -]{1,40})\s*(?:\([^()]{1,40}\))?$"
)
# A caption, a bar, then its credit: "A policeman stands guard. | Reuters".
CAPTION_BAR = re.compile(r"""[.!?"”]\s+\|\s+[A-Z]""")
# "Brendan McDermid/Reuters", "Rich Fury/<Agency> Images for Citi": a credit alone on its line.
CREDIT_ALONE = re.compile(
    r"^[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s*/\s*[A-Z][\w.'’&-]*(?:\s+[\w.'’&-]+){0,4}$"
)
# An agency's photo caption: "FILE - In this Jan. 29, 2006, file photo, ...".
PHOTO_CAPTION = re.compile(
    rf"^FILE\s*[-–—]|^(?:in\s+)?this\s+(?:[\w.,]+\s+){{0,6}}?(?:file\s+)?{_any(STILL_PICTURE_NOUNS)}\b",
    re.IGNORECASE,
)
# "(Reporting by A; Editing by B)", "(Writing by A)" inside a line.
EDITING_PAREN = re.compile(
    rf"\s*\((?:[^()]{{0,80}}?\b{_any(CREDIT_ACTS)}\s+by\b[^()]{{0,120}})\)", re.IGNORECASE
)
# "(Name / Staff Photographer)", "(Name / Contributor)" inside a line.
PHOTOGRAPHER_PAREN = re.compile(
    r"\s*\((?:[A-Z][\w.'’-]*\s+){1,4}/\s*(?:[\w.'’-]+\s*){0,3}"
    rf"(?:{_PICTURE}|{_any(STAFF_ROLES)}|{_any(STAFF_QUALIFIERS)})\)",
    re.IGNORECASE,
)
