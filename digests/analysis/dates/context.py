"""What the parse says of a date expression: its direction in time, and whether it dates an event.

Direction comes from the verb the expression depends on: past tense and perfects put it in the
past; "will", modals and infinitives ("plans to leave on Thursday") in the future; verbs of
scheduling ("is set for", "is due", "was scheduled") make their date a future one. A date is no
event when its form says it names something else: a number inside a name or address ("at 1820
Harbor Road", "a 1987 <make> <model>"), a count ("2000 people"), a copyright line, a weekday
inside a title ("<Network> News Sunday"), a recurrence ("every Sunday", "Sunday service"), a
generic "today's" (a present-tense statement about "today's cities"), or a photo caption (a
present-tense line of its own: "A boy holds his sister's hand Friday.").
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from digests.analysis.dates.calendar import WEEKDAYS, Direction

__all__ = ["NonEvent", "direction_of", "non_event"]

# Verbs and adjectives of planning and intent: a date they take in the present is that of what
# is planned ("is due in court Monday", "is set for Wednesday", "has been scheduled for June
# 3"), and an infinitive after them looks ahead ("planned to leave on Thursday").
_PROSPECTIVE = frozenset(
    {
        "plan",
        "schedule",
        "set",
        "due",
        "expect",
        "slate",
        "intend",
        "poise",
        "propose",
        "prepare",
        "want",
        "hope",
        "aim",
        "seek",
        "promise",
        "vow",
        "pledge",
        "threaten",
        "likely",
        "agree",
        "decide",
    }
)
_FUTURE_MODALS = frozenset({"will", "shall", "'ll", "wo", "might", "may", "should", "must"})
# "would": the future seen from a past moment ("said he would leave Thursday").
_LATER_MODALS = frozenset({"would", "'d"})
# Prepositions (and adjectives) that make their date an end point: of a deadline or an offer
# ("by Jan. 14", "until Tuesday", "payable Dec. 7"), later than the verb they depend on.
_END_POINTS = frozenset({"until", "till", "through", "by"})
_VERBAL = frozenset({"VERB", "AUX"})
_NAME_LABELS = frozenset({"ORG", "WORK_OF_ART", "FAC", "PRODUCT", "EVENT"})
_PRESENT = frozenset({"VBZ", "VBP"})
# A verbless line with at most this many words besides its date is a stamp, not a sentence.
_STAMP_WORDS = 2
_PICTURE_WORDS = frozenset({"photo", "photograph", "picture", "image", "video", "footage"})
# A photo credit in parentheses: "(AP Photo/Evan Vucci)", "(Photo: Reuters)".
_PHOTO_CREDIT = re.compile(
    r"\([^()]*\b(?:" + "|".join(sorted(_PICTURE_WORDS)) + r")s?\b[^()]*\)", re.IGNORECASE
)


class NonEvent:
    """Why a date expression dates no event (the reasons, as short names)."""

    NAME = "name or address"
    COUNT = "count"
    CREDIT = "copyright or credit"
    TITLE = "title"
    RECURRENCE = "recurrence"
    GENERIC = "generic today"
    CAPTION = "caption"
    STAMP = "date stamp"
    COMPARISON = "comparison baseline"


# Parts of a day: "Thursday morning" is one time expression, headed by "morning".
PARTS_OF_DAY = frozenset({"morning", "afternoon", "evening", "night", "noon", "midnight", "dawn"})


def _expression_root(span: Span) -> Token:
    """The span's root, or the part of day it modifies ("Thursday" in "Thursday morning")."""
    root = span.root
    while root.head.i != root.i and root.head.lower_ in PARTS_OF_DAY:
        root = root.head
    return root


def _outside_head(span: Span) -> Token:
    """The first token above the expression: what the whole of it depends on."""
    head = _expression_root(span)
    while (
        span.start <= head.i < span.end or head.lower_ in PARTS_OF_DAY
    ) and head.head.i != head.i:
        head = head.head
    return head


def _auxiliaries(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("aux", "auxpass")]


def _present_tense(verb: Token) -> bool:
    """Simple present, present progressive or present perfect: "is set", "has been scheduled"."""
    auxiliaries = _auxiliaries(verb)
    if auxiliaries:
        return auxiliaries[0].tag_ in _PRESENT
    return verb.tag_ in _PRESENT


def _verb_direction(verb: Token) -> Direction | None:
    """The direction a verb's tense and auxiliaries give, or None to ask its head."""
    auxiliaries = _auxiliaries(verb)
    words = {a.lower_ for a in auxiliaries}
    have = [a for a in auxiliaries if a.lemma_ == "have"]
    if words & _FUTURE_MODALS:
        return Direction.PAST if have else Direction.FUTURE
    if words & _LATER_MODALS:
        return Direction.PAST if have else Direction.LATER
    prospective = verb.lemma_.lower() in _PROSPECTIVE
    if prospective and _present_tense(verb):
        return Direction.FUTURE
    if prospective and verb.tag_ == "VBN" and not auxiliaries:
        return None  # "a summit set for April": as the clause around it says
    if any(a.tag_ == "TO" for a in auxiliaries):
        if have:
            return Direction.PAST
        if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _PROSPECTIVE:
            # "plans to leave on Thursday"; "had been due to expire Friday" may be over.
            holder = verb.head if verb.head.pos_ in _VERBAL else verb.head.head
            return Direction.UNKNOWN if _past_perfect(holder) else Direction.FUTURE
        if verb.dep_ in ("acl", "relcl") and not _ranked(verb.head):
            return Direction.LATER  # "an event to be held on October 12"
        return None  # "staged celebrations to mark the entry on Friday": the head's time
    if have:
        return Direction.PAST
    if any(a.tag_ == "VBD" for a in auxiliaries):
        return Direction.PAST
    if any(a.tag_ in _PRESENT for a in auxiliaries):
        return Direction.PRESENT
    if verb.tag_ in ("VBD", "VBN"):
        return Direction.PAST  # "said Friday", "the decision, announced Wednesday"
    if verb.tag_ == "VBP" and _singular_subject(verb):
        # "Weakness ... hurt the composite": a bare form after a singular subject is a past
        # tense that looks like the base form (hurt, cut, set, put).
        return Direction.PAST
    if verb.tag_ in _PRESENT:
        return Direction.PRESENT
    return None


def _ranked(noun: Token) -> bool:
    """ "The first countries to accede": an infinitive after a rank tells no time of its own."""
    return any(
        c.dep_ in ("amod", "nummod")
        and (
            c.tag_ == "JJS"
            or c.ent_type_ == "ORDINAL"
            or c.lower_ in ("first", "last", "only", "next")
        )
        for c in noun.children
    )


def _singular_subject(verb: Token) -> bool:
    return any(
        c.dep_ == "nsubj"
        and c.tag_ in ("NN", "NNP")
        and not any(g.dep_ == "conj" for g in c.children)
        for c in verb.children
    )


def _comparison(span: Span, path: list[Token]) -> bool:
    """ "Up from 14% a year ago", "than a year earlier": the same period before, not an event."""
    for token in path:
        lemma = token.lemma_.lower()
        if lemma in ("than", "compare"):
            return True
        if lemma == "from" and any(
            not span.start <= c.i < span.end
            and (c.like_num or any(g.like_num or g.tag_ == "$" for g in c.children))
            for c in token.children
            if c.dep_ == "pobj"
        ):
            return True
        if token.pos_ in _VERBAL:
            return False
    return False


def _path(span: Span) -> list[Token]:
    """The tokens from the expression up to its sentence's root."""
    token = _outside_head(span)
    path = [token]
    while token.head.i != token.i and len(path) < 24:
        token = token.head
        path.append(token)
    return path


def direction_of(span: Span) -> Direction:
    """Where the text puts the date of ``span``: past, present, future, or unknown."""
    path = _path(span)
    root = _expression_root(span)
    if span.start > 0 and span.doc[span.start - 1].lower_ == "since":
        return Direction.PAST  # whatever the parse made of "since"
    # "the Oct. 23 slaying", "the Jan. 14 deadline": a date naming an event by its day tells
    # nothing of its own direction; the nearest occurrence is the one meant.
    if root.dep_ in ("poss", "compound", "nmod") and root.head.i >= span.end:
        return Direction.UNKNOWN
    # Below the verb: an end point ("until 9 a.m. Tuesday", "by Jan. 14", "extended to Nov.
    # 20", "payable Dec. 7") is later than the verb; a noun on the way ("a ceremony on March
    # 12") makes the date that noun's.
    end_point = through_noun = seen_preposition = False
    for index, token in enumerate(path):
        if token.pos_ in _VERBAL:
            break
        if token.pos_ == "ADJ" and (index == 0 or token.dep_ in ("advcl", "amod", "appos")):
            # "payable Dec. 7", "effective Feb. 1", "payable Dec. 7 to stock of record Nov. 22"
            # (not a predicate: "was responsible for a drop on Wednesday").
            end_point = True
        elif token.pos_ == "ADP":
            word = token.lower_
            if not seen_preposition and (
                word in _END_POINTS or (word == "to" and token.head.pos_ in _VERBAL)
            ):
                end_point = True
            seen_preposition = True
        elif token.pos_ in ("NOUN", "PROPN") and not span.start <= token.i < span.end:
            through_noun = True
    found, verb = _verb_on(path)
    if verb is not None and _across_quote(span, verb):
        # A quotation's tense is the speaker's: "Wechsler on Thursday: ``... is inaccurate''".
        return Direction.UNKNOWN
    below = path if verb is None else path[: path.index(verb) + 1]
    if any(t.lower_ == "since" and t.dep_ in ("prep", "advmod", "mark") for t in below):
        return Direction.PAST
    if verb is not None and _present_perfect(verb) and found is not Direction.FUTURE:
        # A present perfect takes no date of its own ("*has left on Monday"): a date below it
        # bounds the time up to now ("has fluctuated ... from $29.75 in March"), or belongs to
        # a noun ("has invited them to a ceremony on March 12"), or is a deadline ("has given
        # them until Tuesday").
        if end_point:
            return Direction.LATER
        if through_noun and not any(c.lower_ == "since" for c in verb.children):
            return Direction.UNKNOWN
        return Direction.PAST
    if end_point and found in (Direction.PAST, Direction.UNKNOWN) and not _past_perfect(verb):
        # "postponed until Tuesday": later than the verb (but "had not called him a suspect
        # until Thursday" is all in the past).
        return Direction.LATER
    return found


_QUOTE_MARKS = re.compile(r"``|''|[\"“”«»„]")


def _across_quote(span: Span, verb: Token) -> bool:
    """True when a quotation opens or closes between the date and its verb."""
    doc = span.doc
    low, high = sorted((span.start, verb.i))
    between = doc[low:high].text if high > low else ""
    return len(_QUOTE_MARKS.findall(between)) % 2 == 1


def _verb_on(path: list[Token]) -> tuple[Direction, Token | None]:
    """The direction of the first verb on ``path`` that tells one, and that verb."""
    for token in path:
        if token.pos_ in _VERBAL and (step := _verb_direction(token)) is not None:
            return step, token
    return Direction.UNKNOWN, None


def _present_perfect(verb: Token) -> bool:
    auxiliaries = _auxiliaries(verb)
    return bool(auxiliaries) and auxiliaries[0].lemma_ == "have" and auxiliaries[0].tag_ in _PRESENT


def _past_perfect(verb: Token | None) -> bool:
    return verb is not None and any(
        a.lemma_ == "have" and a.tag_ == "VBD" for a in _auxiliaries(verb)
    )


def _year_number(span: Span) -> Token | None:
    for token in span:
        if token.like_num and token.shape_ == "dddd":
            return token
    return None


def _is_weekday(token: Token) -> bool:
    return token.lower_.rstrip(".") in WEEKDAYS or token.lower_.rstrip("s") in WEEKDAYS


def _preceding_entity(span: Span) -> Span | None:
    """The name entity ending right before ``span``, if any."""
    doc = span.doc
    end = span.start
    if end == 0 or doc[end - 1].ent_type_ not in _NAME_LABELS:
        return None
    start = end - 1
    while start > 0 and doc[start].ent_iob_ != "B":
        start -= 1
    return doc[start:end]


def non_event(
    span: Span, direction: Direction, text: str, *, sent: Span | None = None
) -> str | None:
    """Why ``span`` dates no event (a :class:`NonEvent` reason), or None when it may date one.

    ``text`` is the document's text (``doc.text``, read once by the caller), ``sent`` the
    span's sentence when the caller has it.
    """
    doc = span.doc
    sent = span.sent if sent is None else sent
    head = _outside_head(span)
    year = _year_number(span)
    if year is not None and len(span) == 1:
        # "1820 Harbor Road", "a 1987 <make> <model>": a number inside a proper name.
        if year.dep_ in ("nummod", "compound") and year.head.i > year.i:
            owner = year.head
            dated_name = owner.ent_type_ in ("EVENT", "LAW") or any(
                c.dep_ == "det" and c.lower_ == "the" for c in owner.children
            )
            if owner.tag_ in ("NNP", "NNPS") and not dated_name:
                return NonEvent.NAME
            if year.head.tag_ == "NNS" and not any(
                c.dep_ in ("det", "poss") for c in year.head.children
            ):
                return NonEvent.COUNT  # "2000 people"
        if year.i > 0 and doc[year.i - 1].text in ("$", "#", "No.", "no."):
            return NonEvent.COUNT
        if year.i + 1 < len(doc) and doc[year.i + 1].lower_ in ("%", "percent", "per"):
            return NonEvent.COUNT
    if span.label_ == "EVENT" or span.root.ent_type_ == "EVENT":
        root = span.root
        if (
            root.dep_ in ("compound", "nmod", "amod")
            and root.head.i >= span.end
            and root.head.pos_ == "NOUN"
        ):
            return NonEvent.RECURRENCE  # "Christmas sales": the season, not the day
    sentence = text[sent.start_char : sent.end_char]
    before = [t.lower_ for t in doc[sent.start : span.start]]
    if "©" in sentence or "copyright" in before or "(c)" in sentence.lower():
        return NonEvent.CREDIT
    if not any(t.pos_ in _VERBAL for t in sent):
        others = sum(t.is_alpha and not span.start <= t.i < span.end for t in sent)
        at_edge = sent.start == 0 or sent.end == len(doc)
        stamp = (others == 0 and at_edge) or (others <= _STAMP_WORDS and _own_line(sent, text))
    else:
        stamp = False
    if stamp:
        # A line "September 5, 2014" or "[UPDATE August 23, 2016]": a stamp, not a sentence.
        return NonEvent.STAMP
    if _dates_a_picture(span) or _credited(sent, sentence):
        # "This Nov. 16, 2015 file photo ...", "... in Washington, Thursday, Feb. 16, 2017.
        # (AP Photo/...)": the date of a picture, told in a caption.
        return NonEvent.CAPTION
    if any(t.lower_ in ("every", "each") for t in span) or (
        span.start > 0 and doc[span.start - 1].lower_ in ("every", "each")
    ):
        return NonEvent.RECURRENCE
    offset = any(t.lower_ in ("ago", "earlier") for t in span)
    if offset and _comparison(span, _path(span)):
        return NonEvent.COMPARISON
    weekdays = [t for t in span if _is_weekday(t)]
    if weekdays:
        day = weekdays[0]
        if day.lower_.endswith("s") and day.lower_.rstrip("s") in WEEKDAYS:
            return NonEvent.RECURRENCE  # "on Sundays"
        if day.head.lower_.rstrip("s") in PARTS_OF_DAY and day.head.tag_ == "NNS":
            return NonEvent.RECURRENCE  # "on Monday and Tuesday nights"
        owner = day.head
        if day.dep_ == "compound" and owner.i > span.end - 1 and owner.i > day.i:
            has_owner = any(
                c.dep_ in ("poss", "det") and c.lower_ not in ("a", "an") for c in owner.children
            )
            tense, _ = _verb_on(_path(span))  # the clause's own, whatever the date's
            if owner.tag_ in ("NNP", "NNPS") and not any(c.dep_ == "poss" for c in owner.children):
                return NonEvent.TITLE  # "The Sunday Times"
            if not has_owner and tense is Direction.PRESENT:
                return NonEvent.RECURRENCE  # "attends Sunday service"
        if any(
            c.dep_ == "compound" and c.tag_ in ("NNP", "NNPS") and c.i < day.i for c in day.children
        ):
            return NonEvent.TITLE  # "<Network> News Sunday" parsed as one name
        named = _preceding_entity(span)
        if (
            named is not None
            and named.root.dep_ == "pobj"
            and not any(t.dep_ == "det" for t in named)
            and (named.start == 0 or span.doc[named.start - 1].dep_ != "det")
        ):
            return NonEvent.TITLE  # "appeared on <Network> News Sunday"
        if direction is Direction.PRESENT and _is_caption(sent, head, text):
            return NonEvent.CAPTION
    if span.root.lower_ == "today" and span.root.dep_ == "poss":
        tense, _ = _verb_on(_path(span))
        if tense in (Direction.PRESENT, Direction.UNKNOWN):
            return NonEvent.GENERIC  # "life in today's cities"
    return None


def _credited(sent: Span, sentence: str) -> bool:
    """A caption's sentence: a photo credit in it or right after it ("(AP Photo/...)")."""
    if "(" in sentence and _PHOTO_CREDIT.search(sentence):
        return True
    doc = sent.doc
    return sent.end < len(doc) and bool(_PHOTO_CREDIT.match(doc[sent.end : sent.end + 40].text))


def _dates_a_picture(span: Span) -> bool:
    """The date of a photo or video: "This Nov. 16, 2015 file photo", "a photo taken Friday"."""
    doc = span.doc
    if any(t.lower_ in _PICTURE_WORDS for t in doc[span.end : span.end + 2]):
        return True
    token = _outside_head(span)
    for _ in range(3):
        if token.lower_ in _PICTURE_WORDS:
            return True
        if token.pos_ in _VERBAL and token.lemma_ != "take":
            return False
        if token.head.i == token.i:
            return False
        token = token.head
    return False


def _line_of(sent: Span, text: str) -> str:
    """The line (paragraph) of ``text`` that holds the sentence."""
    before = text.rfind("\n", 0, sent.start_char)
    after = text.find("\n", max(sent.end_char - 1, sent.start_char))
    return text[before + 1 : after if after >= 0 else len(text)]


def _own_line(sent: Span, text: str) -> bool:
    """True when the sentence is the whole of its line (a paragraph of its own)."""
    return _line_of(sent, text).strip() == text[sent.start_char : sent.end_char].strip()


def _is_caption(sent: Span, head: Token, text: str) -> bool:
    """A photo caption: a line of its own whose main verb is in the simple present."""
    root = sent.root
    if head.i != root.i or root.tag_ not in ("VBZ", "VBP") or root.lemma_ == "be":
        return False
    if any(c.dep_ in ("aux", "auxpass") for c in root.children):
        return False
    if not _own_line(sent, text):
        return False
    subject = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    return bool(subject) and (
        any(c.lower_ in ("a", "an") for c in subject[0].children if c.dep_ == "det")
        or (subject[0].tag_ == "NNS" and not any(c.dep_ == "det" for c in subject[0].children))
    )
