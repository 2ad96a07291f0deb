"""Forms of sentences a reader cannot take alone, as data: spaCy Matcher patterns and word classes.

One place for the vocabulary of ``readable`` (what a summary sentence must not be or lean on)
and ``headline`` (what a headline made from a lead leaves out). Every entry is a grammatical
form (a tag, a dependency, a determiner, a connective), never a word from a particular story.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ASIDE_DEPS",
    "CAPTION_TAGS",
    "CONNECTIVES",
    "DEFINITE",
    "DEMONSTRATIVES",
    "FINITE_TAGS",
    "IDENTIFYING_DEPS",
    "LIGHT_VERBS",
    "NAME_LABELS",
    "NUMBER_LABELS",
    "OPTIONAL_DEPS",
    "PERSONAL",
    "READER_ADDRESS",
    "THING_PRONOUNS",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Tags of a finite verb: a sentence without one is a fragment (a label, a name, a phrase).
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})

# Subjects that need someone or something named before them.
PERSONAL = _words("he she him his her hers")
THING_PRONOUNS = _words("they them their it its")
DEMONSTRATIVES = _words("this that these those")
DEFINITE = _words("the this that these those")
# Opening connectives that continue the sentence before ("But ...", "However, ...").
CONNECTIVES = _words(
    """
    but and so also however still yet meanwhile instead then later nevertheless moreover
    furthermore besides thus therefore likewise similarly otherwise nonetheless
    """
)
# Dependents that make a definite description say itself what it is: "the head of the
# Pentagon", "the man who fired", "the 25-year-old", "the firm's chief", "the Kyiv court".
IDENTIFYING_DEPS = _words("prep relcl acl appos nummod poss")

# Entity labels that name a participant, and those that count or measure.
NAME_LABELS = _words("PERSON ORG GPE NORP FAC LOC EVENT PRODUCT LAW WORK_OF_ART")
NUMBER_LABELS = _words("CARDINAL MONEY PERCENT QUANTITY")
# Verbs too general to say what a fact is about (their arguments do).
LIGHT_VERBS = _words("be have do make take get go come give")

# Order or address to the reader, outside quote marks: "Watch ...", "Send us your photos",
# "You can see highlights on ...".
READER_ADDRESS: list[list[dict[str, Any]]] = [
    [{"IS_SENT_START": True, "TAG": "VB", "DEP": "ROOT"}],
    [{"IS_SENT_START": True, "LOWER": "please"}, {"TAG": "VB"}],
    [{"LOWER": {"IN": ["you", "your", "yours", "yourself", "yourselves"]}}],
]

# A photo caption written as a sentence: a named subject doing something in the bare present
# at a dated moment ("<Name> waves a flag during a rally Tuesday"): the tags of its verb (not
# a verb of reporting, ``lexicon.REPORT_VERBS``, nor a light verb).
CAPTION_TAGS = frozenset({"VBZ", "VBP", "VBG"})

# What a headline made from a lead leaves out, first to last: asides and attributions always
# (appositions, non-restrictive clauses, adverbial and parenthetical clauses, interjections),
# then optional modifiers only while it is longer than a headline.
ASIDE_DEPS = _words("appos relcl advcl parataxis intj dislocated meta npadvmod")
OPTIONAL_DEPS = _words("advmod prep acl agent")
