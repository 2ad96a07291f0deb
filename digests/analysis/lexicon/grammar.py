"""The labels of the parse that several rules read, named once for what they mean to the rules.

spaCy's English labels: ClearNLP dependencies, Universal parts of speech, Penn tags, OntoNotes
entity types.
"""

from __future__ import annotations

__all__ = [
    "CLAUSE_SUBJECT_DEPS",
    "NOT_SPEAKER_LABELS",
    "PLACE_LABELS",
    "RELATIVE_TAGS",
    "SUBJECT_DEPS",
    "VERBAL",
]

# A verb's subject, active or passive.
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# What gives a clause a subject of its own: also a clause as subject, or an expletive "it".
CLAUSE_SUBJECT_DEPS = SUBJECT_DEPS | {"csubj", "csubjpass", "expl"}
# Verbs and auxiliaries: what heads a clause.
VERBAL = frozenset({"VERB", "AUX"})
# Relative pronouns ("who", "which", "that"): a subject that stands for its antecedent.
RELATIVE_TAGS = frozenset({"WP", "WDT"})
# Entities that are places.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Entities that never name a speaker: amounts, times, laws, and a nationality or party ("the
# Russian" is a person described, resolved or nobody, never a name).
NOT_SPEAKER_LABELS = frozenset(
    {"NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "LAW"}
)
