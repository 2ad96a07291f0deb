"""What no reader sees never reaches a chat, and the bot's own short replies are cut like digests.

Bidi overrides and zero-width characters are taken out of every span the packer cleans (titles,
outlet names, speakers, summaries), while the joiners of emoji and of joining scripts stay;
``pack_markup`` reads a reply written as Telegram HTML back into spans, so a stranger's words
inside it are cut in UTF-16 units and cleaned as well.
"""

from __future__ import annotations

from datetime import date

import pytest
from stories_builders import article, day, person, quote
from support.telegram_html import parse_telegram_html, utf16_length

from digests.analysis.invisible import BIDI_CONTROLS, INVISIBLE, strip_invisible
from digests.analysis.models import QuoteKind
from digests.sources.cleaning import normalize_whitespace
from digests.stories.markup import pack_markup
from digests.stories.packing import RenderFormat, shorten
from digests.stories.render import render_people, render_stories, render_timeline
from digests.stories.story import build_story
from digests.stories.who_when import PersonSummary, QuoteRef, TimelineLine

FAMILY = "👩\u200d👩\u200d👧\u200d👦"
RAINBOW = "🏳️\u200d🌈"
SCOTLAND = "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
PERSIAN = "می\u200cخواهم"
HIDDEN = (BIDI_CONTROLS | INVISIBLE) - {"\u200d"}


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Bi\u200bden", "Biden"),
        ("\u202eevil\u202c title", "evil title"),
        ("a\u2066b\u2069c\u2067d\u2068e", "abcde"),
        ("\u200e\u200fmarks\u061c", "marks"),
        ("\ufeffbom\u2060joined\u00adsoft", "bomjoinedsoft"),
        ("Latin\u200dx\u200cy", "Latinxy"),
        ("x\U000e0067", "x"),
        (FAMILY, FAMILY),
        (RAINBOW, RAINBOW),
        ("👩🏽\u200d💻", "👩🏽\u200d💻"),
        (SCOTLAND, SCOTLAND),
        (PERSIAN, PERSIAN),
        ("क्\u200dष", "क्\u200dष"),
        ("plain text", "plain text"),
    ],
)
def test_invisible_characters_go_and_shaping_joiners_stay(text: str, shown: str) -> None:
    assert strip_invisible(text) == shown
    # Ingestion applies the same rule to article text.
    assert normalize_whitespace(text) == shown


def test_no_control_reaches_a_digest_who_or_when() -> None:
    story = build_story(
        [
            article(
                1,
                ["Officials\u200b said the \u202edam\u202c held on Friday."],
                title="\u202eFlood\u2066 warning\u200b lifted",
                outlet="\u202bDaily\u200b News",
                url="https://example.org/1",
                quotes=[quote("Ann\u200b Lee", "the \u202edam held", kind=QuoteKind.DIRECT)],
                people=[person("Ann\u200b Lee", "mayor\u200f")],
            ),
            article(2, [f"The family {FAMILY} went home."], title="Second", outlet="Other"),
        ],
        story_id=1,
    )
    said = QuoteRef(
        "we \u202ewill\u202c rebuild", "\u2067NV", "https://nv.example/1", date(2024, 5, 29)
    )
    messages = [
        *render_stories([story]),
        *render_people([PersonSummary("Ann\u200b Lee", "mayor\u2068", 1, said)]),
        *render_timeline([TimelineLine(day("2024-05-17"), "the \u202edam held", "\u202aNV", None)]),
    ]
    for message in messages:
        text = parse_telegram_html(message).text
        assert not HIDDEN & set(text), text
    joined = "\n".join(parse_telegram_html(m).text for m in messages)
    assert "Flood warning lifted" in joined and "Daily News" in joined
    assert "Ann Lee, mayor" in joined and FAMILY in joined


def test_a_reply_template_with_long_words_is_cut_in_utf16_units() -> None:
    title = "\u202e" + "😀" * 3000
    template = (
        "<b>NewsDigest</b> &amp; friends\n\n"
        f"Added source 7 (feed): {title}\n"
        'Read <a href="https://example.org/?a=1&amp;b=2">the feed</a> or try <code>/who A</code>.'
    )
    messages = pack_markup(template)
    assert len(messages) >= 2
    parsed = [parse_telegram_html(message) for message in messages]
    assert all(utf16_length(p.text) <= 4096 for p in parsed)
    joined = "".join(p.text for p in parsed)
    assert joined.count("😀") == 3000 and "\u202e" not in joined
    assert parsed[0].text.startswith("NewsDigest & friends")
    entities = {(e.type, e.url) for p in parsed for e in p.entities}
    assert ("text_link", "https://example.org/?a=1&b=2") in entities
    assert ("code", None) in entities and ("bold", None) in entities
    plain = pack_markup(template, fmt=RenderFormat.TEXT)
    assert "the feed (https://example.org/?a=1&b=2)" in plain[-1]
    assert "<" not in "".join(plain) and "&amp;" not in "".join(plain)


def test_a_short_template_comes_back_as_it_was() -> None:
    text = "Usage: /who [name] — a name of at most 100 characters.\n<b>Tip</b>: x &lt; y"
    assert pack_markup(text) == [text]
    assert pack_markup("") == []


def test_shorten_counts_utf16_units_and_keeps_emoji_whole() -> None:
    assert shorten("x" * 10, 5) == "xxxx…"
    assert shorten("😀" * 10, 7) == "😀😀😀…"
    assert shorten(FAMILY * 3, 13) == FAMILY + "…"
    assert shorten("\u202eshort\u200b", 10) == "short"
