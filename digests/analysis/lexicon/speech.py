"""Verbs of speech and report, and the nouns that carry what was said.

Each verb (lemma) is written once, in the row of the classes it belongs to; every set the rules
use is one class, or a union of classes, of these rows:

- ``report``: verbs of stating whose subject is the source of what follows: reported speech.
- ``speaks``: verbs of saying and of holding a view ("say", "believe", "estimate") whose subject
  speaks as a person does: evidence that a name is a person's. Acts of stance ("accuse",
  "praise", "vow", "decline") are as often an organisation's; counted as evidence, they made
  "SAG", "Kit Kat" and "Sean Casey Animal Rescue" people in the CNN and Multi-News corpora.
- ``saying``: verbs of saying proper: "X said Y <verb> that Z" relays Y's statement ("disclosed"
  is an act, not a relay).
- ``clause``: state something only with a clause ("wrote that ..."): with a plain object they
  are acts ("wrote 70 books", "posted the picture", "added 18 titles").
- ``quote``: attribute a quote but state nothing of their own ("read the letter", "quipped").
- ``publish``: make a statement public ("posted news of her withdrawal on Instagram").
- ``light``: with a statement noun, make it someone's ("made a statement", "gave an interview").
- ``comment``: what "declined to ..." refuses when it refuses a comment ("declined to comment",
  not "declined to bring charges").
- ``refusal``: declining.
- ``complement``: state nothing without a complement ("asked" a question, "called" for it).

Nouns are written the same way, in rows of their classes (see ``_NOUN_ROWS``).
"""

from __future__ import annotations

from digests.analysis.lexicon import word_set

__all__ = [
    "ATTRIBUTION_VERBS",
    "CLAIM_NOUNS",
    "CLAUSE_ONLY_VERBS",
    "COMMENT_VERBS",
    "ISSUE_VERBS",
    "NEEDS_COMPLEMENT",
    "PUBLISH_VERBS",
    "QUOTE_VERBS",
    "REFUSALS",
    "REPORT_VERBS",
    "REQUEST_NOUNS",
    "SAYING_FORMS",
    "SAYING_VERBS",
    "SOURCE_PREPOSITIONS",
    "SPEAKING_VERBS",
    "STATEMENT_NOUNS",
    "TRAILING_VERBS",
    "WORDS_NOUNS",
]

# (classes, verbs): every verb once.
_VERB_ROWS = (
    ("report speaks saying clause comment", "say respond"),
    ("report speaks saying clause", "add explain note recall reply report state tell"),
    ("report speaks saying clause light", "write"),
    ("report speaks saying", "admit allege announce argue claim deny insist urge warn"),
    ("report speaks saying comment", "confirm"),
    ("report speaks saying complement", "ask"),
    ("report speaks clause", "observe remark reveal"),
    ("report speaks clause comment", "comment"),
    (
        "report speaks",
        "acknowledge assert conclude declare disclose emphasise emphasize maintain predict"
        " stress suggest",
    ),
    ("speaks", "agree believe estimate learn point think"),
    ("report saying", "advise describe inform notify plead quote recount remind"),
    ("report saying clause", "testify"),
    (
        "report",
        "accuse applaud assure blame boast caution cite complain concede condemn contend counter"
        " criticise criticize demand denounce identify joke lament outline pledge praise promise"
        " reiterate reject scoff scream shout threaten vow wonder yell",
    ),
    ("report comment", "elaborate"),
    ("report complement", "call defend question"),
    ("report refusal", "decline refuse"),
    ("report clause publish complement", "post"),
    ("report clause publish", "tweet"),
    ("publish", "issue publish release send share"),
    ("light", "deliver give make put"),
    ("quote", "chant exclaim go quip read sing"),
    ("clause quote complement", "continue"),
    ("clause comment", "speak"),
    ("comment", "answer detail discuss"),
    ("complement", "order"),
)

# (classes, nouns): nouns naming a statement. ``statement``: "X's statement said" gives the
# statement to X; ``claim``: it carries what was said in a "that" clause ("his comments that
# ..."); ``words``: "those were the words of X"; ``request``: what "declined an interview
# request" declines.
_NOUN_ROWS = (
    ("statement claim words request", "comment"),
    ("statement claim words", "remark statement"),
    ("statement claim", "announcement warning"),
    ("statement words", "message word"),
    ("statement request", "interview"),
    (
        "statement",
        "account advisory affidavit analysis article audio book bulletin column communique"
        " complaint declaration document editorial email filing indictment investigation lawsuit"
        " letter memo news note notice page post posting profile recording release report review"
        " speech story study survey tweet video",
    ),
    (
        "claim",
        "allegation assertion charge claim comments insistence pledge promise rumor rumour"
        " suggestion",
    ),
    ("words", "line"),
    ("request", "invitation question request"),
)


def _class(rows: tuple[tuple[str, str], ...], name: str) -> frozenset[str]:
    return frozenset(w for classes, words in rows if name in classes.split() for w in words.split())


REPORT_VERBS = _class(_VERB_ROWS, "report")
SPEAKING_VERBS = _class(_VERB_ROWS, "speaks")
SAYING_VERBS = _class(_VERB_ROWS, "saying")
CLAUSE_ONLY_VERBS = _class(_VERB_ROWS, "clause")
QUOTE_VERBS = _class(_VERB_ROWS, "quote")
PUBLISH_VERBS = _class(_VERB_ROWS, "publish")
# "issued a warning", "released a report", "gave an interview": a statement made someone's.
ISSUE_VERBS = PUBLISH_VERBS | _class(_VERB_ROWS, "light")
COMMENT_VERBS = _class(_VERB_ROWS, "comment")
REFUSALS = _class(_VERB_ROWS, "refusal")
NEEDS_COMPLEMENT = _class(_VERB_ROWS, "complement")
# Every verb a quote's attribution may hang on: a statement, a view, or a quote's own verb.
ATTRIBUTION_VERBS = REPORT_VERBS | SPEAKING_VERBS | QUOTE_VERBS

STATEMENT_NOUNS = _class(_NOUN_ROWS, "statement")
CLAIM_NOUNS = _class(_NOUN_ROWS, "claim")
WORDS_NOUNS = _class(_NOUN_ROWS, "words")
REQUEST_NOUNS = _class(_NOUN_ROWS, "request")

# Prepositions that name a statement's source: "a letter from X", "comments of X", "by X".
SOURCE_PREPOSITIONS = word_set("from of by")

# Inflected forms of the commonest report verbs, for rules that read words rather than lemmas.
_FORMS = {
    "say": "says said",
    "tell": "tells told",
    "note": "notes noted",
    "report": "reports reported",
    "write": "writes wrote",
    "add": "adds added",
    "claim": "claims claimed",
    "state": "states stated",
    "tweet": "tweeted",
    "post": "posted",
}
# "say", "tell" in every form: what a summary sentence reporting speech says.
SAYING_FORMS = frozenset(
    form for verb in ("say", "tell") for form in (verb, *word_set(_FORMS[verb]))
)
# Forms the small model often tags as nouns at the end of a sentence ("..., NYT notes.").
TRAILING_VERBS = frozenset(
    form for verb, forms in _FORMS.items() if verb != "tell" for form in forms.split()
)
