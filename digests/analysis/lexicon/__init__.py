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
    "CLAIM_NOUNS",
    "CLAUSE_ONLY_VERBS",
    "CREDIT_WORDS",
    "FEMALE_NOUNS",
    "HONORIFICS",
    "KINSHIP_NOUNS",
    "MALE_NOUNS",
    "NONPERSON_NOUNS",
    "ORG_NOUNS",
    "PERSON_PRONOUNS",
    "REPORT_VERBS",
    "SAYING_VERBS",
    "SPEECH_VERBS",
    "STATEMENT_NOUNS",
    "THING_HEADS",
    "TITLES",
    "TITLE_ABBREVIATIONS",
    "TRAILING_VERBS",
    "alternatives",
    "is_person_noun",
    "word_list",
    "word_set",
]

# Verbs that introduce what someone said, thinks or reported (lemmas).
SPEECH_VERBS = _words(
    """
    say tell add note state write report claim believe think argue insist warn explain
    announce declare stress emphasize emphasise suggest admit acknowledge confirm deny
    reply respond ask comment learn assert maintain conclude predict estimate recall
    reveal allege urge agree disclose observe remark point
    """
)

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

PERSON_PRONOUNS = _words(
    """
    he she him her
    """
)

# Verbs of stating (lemmas) whose subject is the source of what follows: reported speech.
# Beliefs, hopes and perceptions ("believe", "think", "hope", "learn") are not statements.
REPORT_VERBS = _words(
    """
    say tell add note state write report claim argue insist warn explain announce
    declare stress emphasize emphasise suggest admit acknowledge confirm deny reply
    respond comment assert maintain conclude reveal allege urge disclose remark testify
    recount recall concede vow pledge promise complain contend accuse blame criticize
    criticise condemn denounce praise cite describe plead ask demand post tweet notify
    inform identify reject scoff question wonder predict caution advise
    threaten boast quote decline refuse call joke counter elaborate remind defend
    observe yell shout scream outline
    reiterate assure lament applaud
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

# Nouns naming a statement; "X's statement said" gives the statement to X.
STATEMENT_NOUNS = _words(
    """
    statement letter report post posting tweet message warning bulletin video audio
    recording release announcement email memo note document affidavit complaint filing
    lawsuit interview speech news comment remark word notice
    advisory communique declaration study survey analysis review investigation
    editorial article story book column
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

# Words that mark a line as a photo credit or caption rather than running text.
CREDIT_WORDS = _words(
    """
    photo photos credit getty images reuters/ ap/
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


# Verb forms the small model often tags as nouns at the end of a sentence ("..., NYT notes.").
TRAILING_VERBS = _words(
    """
    says said notes noted reports reported writes wrote adds added claims claimed states stated
    tweeted posted
    """
)

# Nouns that carry what was said in a "that" clause: "his comments that ...".
CLAIM_NOUNS = _words(
    """
    comment comments statement remark claim allegation suggestion assertion charge rumor rumour
    warning promise pledge announcement insistence
    """
)

# Statement verbs that state something only with a clause ("wrote that ..."): with a plain
# object they are acts ("wrote 70 books", "posted the picture", "added 18 titles").
CLAUSE_ONLY_VERBS = _words(
    """
    write post tweet add tell note state say explain recall reply respond comment continue
    observe remark testify speak report reveal
    """
)

# Verbs of saying proper: "X said Y <verb> that Z" relays Y's statement ("disclosed" is an act).
SAYING_VERBS = _words(
    """
    say tell claim report state write add note explain insist argue warn announce confirm deny
    allege testify plead urge ask quote recount recall reply respond admit notify inform remind
    advise describe
    """
)

# Titles written short before a name ("Sgt.", "Cmdr"): a name never ends with one.
TITLE_ABBREVIATIONS = _words(
    """
    mr mrs ms dr prof rev sen sens rep gov gen col capt cmdr lt sgt det insp supt cpl pvt maj
    adm atty
    """
)
