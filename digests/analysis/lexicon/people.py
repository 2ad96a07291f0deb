"""Words for people: offices and ranks, honorifics, relations, and what says a man or a woman.

Each word is written once, in the row of the classes it belongs to; every set the rules use is a
class of these rows:

- ``office``: an office, rank, trade or part in the news that stands before a person's name or
  describes them ("President X", "Judge X", "Sgt. X", "the negotiator", "a witness").
- ``honorific``: a courtesy title ("Mr.", "Dr", "Sir"): how a name is addressed, never a role.
- ``abbreviation``: a title written short ("Sgt.", "Cmdr"): a name never ends with one.
- ``kinship``: a family relation ("his wife, Leila" introduces a person by a given name alone).
- ``male``, ``female``: the word says a man or a woman, in apposition, as a role or before a name.
"""

from __future__ import annotations

from digests.analysis.lexicon import word_set
from digests.analysis.lexicon.things import NONPERSON_NOUNS

__all__ = [
    "FEMALE_NOUNS",
    "FEMALE_PRONOUNS",
    "HONORIFICS",
    "KINSHIP_NOUNS",
    "MALE_NOUNS",
    "MALE_PRONOUNS",
    "NAME_PARTICLES",
    "NAME_SUFFIXES",
    "OFFICES",
    "TITLE_ABBREVIATIONS",
    "is_person_noun",
]

# (classes, words): every word once.
_ROWS = (
    (
        "office",
        "activist adviser advisor aide ambassador analyst archbishop artist attorney author"
        " billionaire boss candidate captain cardinal ceo chair champion chancellor chief coach"
        " colonel comedian commander commissioner constable correspondent dean defendant defender"
        " deputy detective director doctor driver economist editor engineer entrepreneur envoy"
        " executive expert founder general goalkeeper governor head historian host imam inspector"
        " journalist judge justice lawmaker lawyer leader legislator lieutenant magnate manager"
        " mayor midfielder minister musician negotiator novelist nurse officer official owner"
        " pastor photographer physician pilot plaintiff player poet premier presenter president"
        " principal producer professor prosecutor rabbi rapper reporter representative researcher"
        " resident reverend sailor scientist secretary senator sergeant sheriff singer soldier"
        " spokesmen spokesperson star striker student superintendent surgeon survivor suspect"
        " teacher veteran vice victim witness worker writer",
    ),
    (
        "office male",
        "actor bishop businessman chairman congressman emperor king pope prince spokesman",
    ),
    ("office female", "actress businesswoman chairwoman congresswoman princess queen spokeswoman"),
    ("office male kinship", "father"),
    (
        "office abbreviation",
        "adm atty capt cmdr col cpl det gen gov insp lt maj prof pvt rep rev sen sens sgt supt",
    ),
    ("honorific abbreviation", "dr"),
    ("honorific abbreviation male", "mr"),
    ("honorific abbreviation female", "mrs ms"),
    ("honorific male", "lord mister sir"),
    ("honorific female", "dame lady madam miss"),
    ("honorific", "mx"),
    (
        "kinship male",
        "boyfriend brother dad fiance grandfather grandson husband nephew son stepfather uncle"
        " widower",
    ),
    (
        "kinship female",
        "aunt daughter fiancee girlfriend granddaughter grandmother mom mother mum niece sister"
        " stepmother widow wife",
    ),
    ("kinship", "child children cousin partner stepdaughter stepson"),
    ("male", "boy man monk priest"),
    ("female", "empress girl nun woman"),
)  # fmt: skip


def _class(name: str) -> frozenset[str]:
    return frozenset(
        w for classes, words in _ROWS if name in classes.split() for w in words.split()
    )


OFFICES = _class("office")
HONORIFICS = _class("honorific")
TITLE_ABBREVIATIONS = _class("abbreviation")
KINSHIP_NOUNS = _class("kinship")
MALE_NOUNS = _class("male")
FEMALE_NOUNS = _class("female")

MALE_PRONOUNS = word_set("he him his himself")
FEMALE_PRONOUNS = word_set("she her hers herself")
# Lower-case words inside names: "Ursula von der Leyen", "Ahmed bin Salman".
NAME_PARTICLES = word_set("de van von da al bin der den la le el")
# Generational suffixes end a name without being its surname ("Martin Luther King Jr.").
NAME_SUFFIXES = word_set("jr sr ii iii iv")

# Endings of nouns for a person by trade: "librarian", "activist", "chairman", "engineer".
_AGENT_SUFFIXES = ("ian", "ist", "sman", "woman", "person", "eer")


def is_person_noun(lemma: str) -> bool:
    """A noun that names a person by office, trade or relation ("librarian", "his wife")."""
    word = lemma.lower().rstrip(".")
    if word in NONPERSON_NOUNS:
        return False
    return (
        word in OFFICES
        or word in KINSHIP_NOUNS
        or word in HONORIFICS
        or (len(word) > 4 and word.endswith(_AGENT_SUFFIXES))
    )
