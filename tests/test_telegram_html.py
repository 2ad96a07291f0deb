"""The strict Telegram HTML validator used by the Bot API test server and the renderer's tests."""

from __future__ import annotations

import pytest

from tests.support.telegram_html import HtmlEntity, TelegramHtmlError, parse_telegram_html

VALID = [
    ("plain text", "plain text", ()),
    ("<b>b</b><strong>s</strong>", "bs", (("bold", 0, 1), ("bold", 1, 1))),
    (
        "<i>i</i><em>e</em><u>u</u><ins>n</ins>",
        "ieun",
        (("italic", 0, 1), ("italic", 1, 1), ("underline", 2, 1), ("underline", 3, 1)),
    ),
    (
        "<s>a</s><strike>b</strike><del>c</del>",
        "abc",
        (("strikethrough", 0, 1), ("strikethrough", 1, 1), ("strikethrough", 2, 1)),
    ),
    (
        '<span class="tg-spoiler">x</span><tg-spoiler>y</tg-spoiler>',
        "xy",
        (("spoiler", 0, 1), ("spoiler", 1, 1)),
    ),
    ("<b>bold <i>both</i></b>", "bold both", (("bold", 0, 9), ("italic", 5, 4))),
    ("<code>x &lt; 1</code>", "x < 1", (("code", 0, 5),)),
    ("<pre>raw</pre>", "raw", (("pre", 0, 3),)),
    ("<blockquote>q</blockquote>", "q", (("blockquote", 0, 1),)),
    ("<blockquote expandable>q</blockquote>", "q", (("expandable_blockquote", 0, 1),)),
    ("&lt;&gt;&amp;&quot;&#39;&#x27;", "<>&\"''", ()),
    ("😀 <b>é</b>", "😀 é", (("bold", 3, 1),)),
    ("line\nbreak", "line\nbreak", ()),
    ("<B>upper</B>", "upper", (("bold", 0, 5),)),
    # Bot API 7.4: what an expandable blockquote may hold (formatting, links, code) and how long
    # it is (UTF-16 units: the emoji is two).
    (
        '<blockquote expandable><b>b</b> <a href="https://x.org">l</a>\n<i>😀</i></blockquote>',
        "b l\n😀",
        (
            ("expandable_blockquote", 0, 6),
            ("bold", 0, 1),
            ("text_link", 2, 1),
            ("italic", 4, 2),
        ),
    ),
    (
        "<blockquote expandable><pre>x</pre></blockquote>",
        "x",
        (("expandable_blockquote", 0, 1), ("pre", 0, 1)),
    ),
    ('<blockquote expandable="">q</blockquote>', "q", (("expandable_blockquote", 0, 1),)),
    (
        "<blockquote>a</blockquote>\n<blockquote expandable>b</blockquote>",
        "a\nb",
        (("blockquote", 0, 1), ("expandable_blockquote", 2, 1)),
    ),
    ("<blockquote expandable></blockquote>x", "x", ()),
]

INVALID = [
    ("<p>x</p>", 'Unsupported start tag "p" at byte offset 0'),
    ("<br/>", "Unsupported start tag"),
    ("é<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
    ("x</b>", "Unexpected end tag at byte offset 1"),
    ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
    ("<b>x</b", "Unclosed end tag"),
    ("<b", "Unclosed start tag"),
    ("a < b", "Unsupported start tag"),
    ("AT&T", 'Character "&" must be escaped'),
    ("1 > 0", 'Character ">" must be escaped'),
    ("&nbsp;", 'Unsupported HTML entity "&nbsp;"'),
    ("&amp", "Entity without ';'"),
    ("<span>x</span>", 'must have class "tg-spoiler"'),
    ('<a href="javascript:alert(1)">x</a>', "Invalid URL"),
    ("<a>x</a>", "Invalid URL"),
    ('<b class="x">y</b>', 'Unsupported attribute "class"'),
    ("<code><b>x</b></code>", 'can\'t be inside "code"'),
    ('<a href="https://a.b"><a href="https://c.d">x</a></a>', 'Tag "a" can\'t be inside "a"'),
    ("<blockquote><blockquote>x</blockquote></blockquote>", "can't be nested"),
    ("<blockquote expandable><blockquote>x</blockquote></blockquote>", "can't be nested"),
    ('<a href="https://a.b"><blockquote>x</blockquote></a>', 'can\'t be inside "a"'),
    ("<b><blockquote expandable>x</blockquote></b>", 'can\'t be inside "b"'),
    ("<i expandable>x</i>", "Expected equal sign"),
    ("<blockquote collapsed>x</blockquote>", "Expected equal sign"),
    ('<code class="python">x</code>', 'class must be "language-NAME"'),
    ("<tg-emoji>x</tg-emoji>", "emoji-id"),
]


@pytest.mark.parametrize(("html", "text", "entities"), VALID)
def test_valid_html(html: str, text: str, entities: tuple[tuple[str, int, int], ...]) -> None:
    parsed = parse_telegram_html(html)
    assert parsed.text == text
    assert [(e.type, e.offset, e.length) for e in parsed.entities] == list(entities)


@pytest.mark.parametrize(("html", "message"), INVALID)
def test_invalid_html(html: str, message: str) -> None:
    with pytest.raises(TelegramHtmlError) as excinfo:
        parse_telegram_html(html)
    assert message in str(excinfo.value)


def test_links_code_blocks_and_custom_emoji_carry_their_arguments() -> None:
    parsed = parse_telegram_html(
        '<a href="https://x.org/?a=1&amp;b=2">x</a>'
        '<pre><code class="language-python">print(1)</code></pre>'
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
    )
    assert parsed.entities == (
        HtmlEntity("text_link", 0, 1, url="https://x.org/?a=1&b=2"),
        HtmlEntity("pre", 1, 8, language="python"),
        HtmlEntity("custom_emoji", 9, 2, custom_emoji_id="5368324170671202286"),
    )
    assert parsed.entities[0].to_dict() == {
        "type": "text_link",
        "offset": 0,
        "length": 1,
        "url": "https://x.org/?a=1&b=2",
    }


def test_length_is_counted_in_utf16_code_units() -> None:
    assert parse_telegram_html("<b>😀😀</b>é").utf16_length == 5
    assert parse_telegram_html("&#128512;").utf16_length == 2


def test_lenient_mode_accepts_what_telegram_forgives() -> None:
    assert parse_telegram_html("AT&T > x &nbsp", strict=False).text == "AT&T > x &nbsp"
    assert parse_telegram_html("<b>x</>", strict=False).text == "x"
    with pytest.raises(TelegramHtmlError):
        parse_telegram_html("<p>x</p>", strict=False)
