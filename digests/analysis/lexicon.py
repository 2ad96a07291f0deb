"""Generic word classes the rules rely on (kinds of words, never particular names)."""

from __future__ import annotations

__all__ = [
    "CREDIT_WORDS",
    "ORG_NOUNS",
    "PERSON_PRONOUNS",
    "SPEECH_VERBS",
]

# Verbs that introduce what someone said, thinks or reported (lemmas).
SPEECH_VERBS = frozenset(
    {
        "say",
        "tell",
        "add",
        "note",
        "state",
        "write",
        "report",
        "claim",
        "believe",
        "think",
        "argue",
        "insist",
        "warn",
        "explain",
        "announce",
        "declare",
        "stress",
        "emphasize",
        "emphasise",
        "suggest",
        "admit",
        "acknowledge",
        "confirm",
        "deny",
        "reply",
        "respond",
        "ask",
        "comment",
        "learn",
        "assert",
        "maintain",
        "conclude",
        "predict",
        "estimate",
        "recall",
        "reveal",
        "allege",
        "urge",
        "agree",
        "disclose",
        "observe",
        "remark",
        "point",
    }
)

# Head nouns that make the proper noun after them an organisation: "company X", "union X".
ORG_NOUNS = frozenset(
    {
        "company",
        "firm",
        "union",
        "agency",
        "ministry",
        "newspaper",
        "outlet",
        "channel",
        "station",
        "network",
        "council",
        "committee",
        "organization",
        "organisation",
        "department",
        "association",
        "federation",
        "corporation",
        "club",
        "team",
        "band",
        "broadcaster",
        "magazine",
        "website",
        "daily",
        "airline",
        "operator",
        "fund",
        "foundation",
        "institute",
        "university",
        "school",
        "court",
        "party",
        "group",
        "bank",
        "publisher",
        "paper",
        "tabloid",
        "portal",
        "service",
        "conglomerate",
        "startup",
        "manufacturer",
        "maker",
        "carrier",
        "brand",
        "label",
    }
)

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})

# Words that mark a line as a photo credit or caption rather than running text.
CREDIT_WORDS = frozenset({"photo", "photos", "credit", "getty", "images", "reuters/", "ap/"})
