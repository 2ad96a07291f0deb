"""Generic word classes the rules rely on (kinds of words, never particular names)."""

from __future__ import annotations

import re
from collections.abc import Iterable


def alternatives(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first, so "sept" is not read as "sep"."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def word_set(text: str) -> frozenset[str]:
    """The words of ``text`` (separated by white space): how the lexicon writes a word class."""
    return frozenset(text.split())


def word_list(text: str) -> tuple[str, ...]:
    """The words of ``text`` in order, for classes whose order counts (numbers, ordinals)."""
    return tuple(text.split())


_words = word_set


__all__ = [
    "FEMALE_NOUNS",
    "HONORIFICS",
    "KINSHIP_NOUNS",
    "MALE_NOUNS",
    "NONPERSON_NOUNS",
    "ORG_NOUNS",
    "THING_HEADS",
    "TITLES",
    "TITLE_ABBREVIATIONS",
    "alternatives",
    "is_person_noun",
    "word_list",
    "word_set",
]


# Head nouns that make the proper noun after them an organisation: "company X", "union X".
ORG_NOUNS = _words(
    """
    company firm union agency ministry newspaper outlet channel station network council
    committee organization organisation department association federation corporation
    club team band magazine website daily airline fund foundation
    institute university school court party group bank paper tabloid portal
    service conglomerate startup manufacturer maker carrier brand label retailer chain
    automaker giant insurer lender studio government administration regime
    embassy militia movement faction charity organisation outfit
    """
)


# Courtesy titles and honorifics written before a name ("Mr.", "Dr", "Sir").
HONORIFICS = _words(
    """
    mr mrs ms miss mx dr sir dame lord lady madam mister
    """
)

# Offices and ranks that stand before a person's name ("President X", "Judge X", "Sgt. X").
TITLES = _words(
    """
    president vice premier minister chancellor senator sen sens rep representative
    congressman congresswoman governor gov mayor judge justice secretary chairman
    chairwoman chair ceo director spokesman spokeswoman spokesperson officer chief
    commander cmdr general gen colonel col captain capt lieutenant lt sergeant sgt
    detective det inspector constable sheriff ambassador envoy king queen prince
    princess emperor pope cardinal archbishop bishop rabbi imam rev reverend pastor
    father professor prof doctor coach manager analyst lawyer attorney prosecutor
    founder executive leader negotiator adviser advisor aide official head owner author
    actor actress singer star player striker midfielder defender goalkeeper driver
    reporter journalist editor correspondent photographer spokesmen activist candidate
    lawmaker legislator deputy commissioner superintendent dean principal teacher
    student veteran sailor soldier pilot boss magnate billionaire businessman
    businesswoman entrepreneur host presenter comedian rapper musician artist writer
    novelist poet producer economist scientist researcher expert historian engineer
    worker nurse surgeon physician resident witness victim suspect defendant plaintiff
    survivor champion mr mrs ms dr
    """
)

# Nouns that say a person is a man or a woman: in apposition, as a role, or before a name.
MALE_NOUNS = _words(
    """
    mr mister sir lord man boy father dad son husband brother uncle nephew grandfather
    grandson king prince emperor spokesman chairman congressman businessman actor
    boyfriend widower stepfather monk priest bishop pope fiance
    """
)
FEMALE_NOUNS = _words(
    """
    mrs ms miss madam dame lady woman girl mother mom mum daughter wife sister aunt
    niece grandmother granddaughter queen princess empress spokeswoman chairwoman
    congresswoman businesswoman actress girlfriend widow stepmother nun fiancee
    """
)


# Last words of names that are not people's: days, flights, stores, buildings, works, bodies.
THING_HEADS = _words(
    """
    day eve week flight store shop airport station street avenue road boulevard bridge
    hall center centre park square hospital clinic school academy university college
    institute corps group company inc ltd llc corp co plc corporation incorporated limited
    news times post journal
    herald tribune gazette house museum gallery stadium arena church mosque cathedral
    temple award awards prize cup open games championship league act law bill fund
    foundation festival tower building hotel theater theatre restaurant bar cafe river
    lake mountain island county city province state valley beach network channel radio
    tv magazine system program programme project service services agency department
    ministry office bureau board council committee commission court party union
    association society club team band motors airlines airways bank capital management
    partners holdings industries international media studios pictures records
    entertainment software technologies labs online app series show film movie album
    song book novel code treaty plan accord war summit conference crisis storm
    hurricane virus syndrome disease
    """
)


# Head nouns of descriptions that are never people: organisations and made things.
NONPERSON_NOUNS = ORG_NOUNS | _words(
    """
    system model vehicle car truck product device software plant factory app platform drug
    film show series book album song ship boat aircraft plane jet rocket satellite phone
    computer game programme program storm hurricane store shop venue building place city
    town village country region state province area site event holiday festival day flight
    route airport theater theatre hotel restaurant bar division unit subsidiary
    """
)

# Family relations: "his wife, Leila" introduces a person by a given name alone.
KINSHIP_NOUNS = _words(
    """
    father mother dad mom mum son daughter wife husband brother sister uncle aunt nephew niece
    grandfather grandmother grandson granddaughter cousin child children boyfriend girlfriend
    partner fiance fiancee widow widower stepfather stepmother stepson stepdaughter
    """
)

_AGENT_SUFFIXES = ("ian", "ist", "sman", "woman", "person", "eer")


def is_person_noun(lemma: str) -> bool:
    """A noun that names a person by office, trade or relation ("librarian", "his wife")."""
    word = lemma.lower().rstrip(".")
    if word in NONPERSON_NOUNS:
        return False
    return (
        word in TITLES
        or word in KINSHIP_NOUNS
        or word in HONORIFICS
        or (len(word) > 4 and word.endswith(_AGENT_SUFFIXES))
    )


# Titles written short before a name ("Sgt.", "Cmdr"): a name never ends with one.
TITLE_ABBREVIATIONS = _words(
    """
    mr mrs ms dr prof rev sen sens rep gov gen col capt cmdr lt sgt det insp supt cpl pvt maj
    adm atty
    """
)
