"""Words that place what a text tells in time: relative determiners, words of the past and the
future, anaphoric and vague words, modals, words of intent and scheduling, end points.

The date patterns (``dates.patterns``), their readings and the direction a sentence gives a date
(``dates.direction``) are built from these.
"""

from __future__ import annotations

from digests.analysis.lexicon import word_list, word_set

__all__ = [
    "ANAPHORIC_WORDS",
    "END_POINTS",
    "FUTURE_DETERMINERS",
    "FUTURE_MODALS",
    "FUTURE_WORDS",
    "LATER_MODALS",
    "PAST_DETERMINERS",
    "PAST_WORDS",
    "PROSPECTIVE_WORDS",
    "RECURRENCE_DETERMINERS",
    "SCHEDULING_VERBS",
    "VAGUE_WORDS",
]

# "last Friday", "the past year", "previous": the one before; "next", "coming": the one after.
PAST_DETERMINERS = word_list("last past previous")
FUTURE_DETERMINERS = word_list("next coming")
# Words of an expression that put its date in the past or the future, whatever the verb says.
PAST_WORDS = (*PAST_DETERMINERS, "ago", "since")
FUTURE_WORDS = (*FUTURE_DETERMINERS, "upcoming")
# "every Sunday", "each May": a recurrence, no date.
RECURRENCE_DETERMINERS = word_set("every each")
# Another expression's date ("that September", "the following year", "the same day") or a
# recurrence ("every May", "annual"): whatever the calendar words in it, no date of its own.
ANAPHORIC_WORDS = (
    word_set("that same previous following prior subsequent daily weekly monthly annually")
    | word_set("annual yearly")
    | RECURRENCE_DETERMINERS
)
# Vagueness: "recent years", "these days", "a few weeks", "centuries": no date at all.
VAGUE_WORDS = word_set("recent recently these those past few several century centuries millennium")

# Modals of the future, and "would": the future seen from a past moment ("said he would leave
# Thursday").
FUTURE_MODALS = word_set("will shall 'll wo might may should must")
LATER_MODALS = word_set("would 'd")
# Verbs whose object is a planned event, whose date a date beside the verb gives.
SCHEDULING_VERBS = word_set("plan schedule slate")
# Verbs and adjectives of planning and intent: a date they take in the present is that of what
# is planned ("is due in court Monday", "is set for Wednesday", "has been scheduled for June
# 3"), and an infinitive after them looks ahead ("planned to leave on Thursday").
PROSPECTIVE_WORDS = SCHEDULING_VERBS | word_set(
    "set due expect intend poise propose prepare want hope aim seek promise vow pledge threaten"
    " likely agree decide"
)
# Prepositions that make their date an end point: of a deadline or an offer ("by Jan. 14",
# "until Tuesday"), later than the verb they depend on.
END_POINTS = word_set("until till through by")
