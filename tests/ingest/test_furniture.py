"""Furniture, datelines and notices by form: short real lines and the result expected of them."""

from __future__ import annotations

import pytest

from digests.analysis.datelines import strip_dateline
from digests.analysis.furniture import furniture_kind, strip_inline_furniture
from digests.sources.cleaning import clean_text, lead_title, require_article
from digests.sources.errors import NotAnArticle
from digests.sources.notices import notice_kind

BODY = (
    "The city council voted on Tuesday to close the old bridge to traffic after engineers "
    "found cracks in two of its supports, and the mayor said repairs would take a year."
)


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("(CNN)The flight crew cited brake issues.", "The flight crew cited brake issues."),
        ("WASHINGTON (CNN) -- The Senate voted.", "The Senate voted."),
        ("Seoul, South Korea (CNN) North Korea moved a missile.", "North Korea moved a missile."),
        ("SEOUL (Reuters) - The Koreas will field a team.", "The Koreas will field a team."),
        ("COLUMBIA, S.C. - The deputy has been fired.", "The deputy has been fired."),
        ("BAKERSFIELD, Calif. (CN) - A company fired an employee.", "A company fired an employee."),
        ("NEW YORK — A man fell to his death.", "A man fell to his death."),
        ("CHRISTCHURCH, New Zealand |", ""),
        (
            "CHICAGO, Nov. 30, 2018 /PRNewswire/ -- United Airlines today announced a deal.",
            "United Airlines today announced a deal.",
        ),
        (
            "September 5, 2014: Maintaining strong relationships matters.",
            "Maintaining strong relationships matters.",
        ),
        # Not datelines: a sentence that starts with a capitalised subject, a party tag.
        ("Clinton (D) said she would not run.", "Clinton (D) said she would not run."),
        ("FBI agents searched the house on Monday.", "FBI agents searched the house on Monday."),
        ("The mayor - who was re-elected - spoke.", "The mayor - who was re-elected - spoke."),
    ],
)
def test_datelines_are_cut_and_sentences_are_not(paragraph: str, expected: str) -> None:
    assert strip_dateline(paragraph) == expected


@pytest.mark.parametrize(
    ("line", "_kind"),
    [
        ("By Laura Woods/GoBankingRates", "byline"),
        ("By Hayes Hickman of the Knoxville News Sentinel", "byline"),
        ("Journal graphic designer Jonathan Webster contributed to this report.", "contributors"),
        ("Additional reporting by Natalie Musumeci and Kevin Fasick.", "contributors"),
        ("(Reporting by Joan Gralla; Editing by Jan Paschal)", "credit"),
        ("Editor's Note: For more information, check out this story.", "editor's note"),
        ("(This story has been updated with comments from the plaintiff's attorney.)", "credit"),
        ("RELATED: Does Seattle’s new beverage tax target the working class?", "promo"),
        ("PHOTOS: Las Vegas rolling gun battle", "promo"),
        ("Click here to see the 50 least powerful people in the world.", "promo"),
        ("Watch Sen. Warren grill the bank's chief »", "promo"),
        ("1 of 6 Police at the scene on Monday.", "gallery counter"),
        ("(Image: Getty)", "credit"),
        ("Courtesy of Linda Hooper", "credit"),
        ("toggle caption Jay Reed/NPR", "credit"),
        ("Brendan McDermid/Reuters", "credit"),
        ("FILE - This Nov. 16, 2015 file photo shows the suspect in court.", "caption"),
        ("Image copyright Getty Images Image caption Debris from the crash", "caption"),
        ("Story continues below advertisement", "share"),
        ("Follow us on Facebook, Twitter, Google+, Tumblr!", "share"),
        ("Twitter @GregTrotterTrib", "share"),
        ("EMBED More News Videos Bill Cosby heads to the county jail.", "player"),
        # Forms that stand where outlets' own labels and agencies' names stood.
        ("[image via Jane Doe]", "credit"),
        ("Contributing: Jane Doe and John Roe", "contributors"),
        ("— With assistance by Jane Doe", "contributors"),
        ("Media playback is unsupported on your device", "caption"),
        ("Share this article", "caption"),
        ("Video unavailable", "caption"),
        ("Illustration by Jane Doe", "credit"),
        # The one closed list of names: an agency opening a caption line.
        ("Getty Images House Speaker John Boehner", "credit"),
        ("___", "rule"),
    ],
)
def test_furniture_lines_by_form(line: str, _kind: str) -> None:
    # The kind named beside each line is what it is; the rules may see it as a neighbour kind
    # (a byline closed by a credit is a caption too): what matters is that it goes.
    assert furniture_kind(line) is not None


@pytest.mark.parametrize(
    "line",
    [
        BODY,
        "By Monday, the water had receded from most of the town.",
        "By turns warmly sentimental and sinister, the book became a success.",
        "“Walgreens has filed a motion to dismiss, which we plan to oppose,” Fegan said.",
        "She hasn’t been arrested, a traffic sergeant said Tuesday.",
        "Watch out for the new rules, officials warned drivers on Monday.",
    ],
)
def test_prose_is_not_furniture(line: str) -> None:
    assert furniture_kind(line) is None
    assert strip_inline_furniture(line) == line


def test_inline_notes_and_player_sentences_go() -> None:
    line = (
        "Please enable Javascript to watch this video. The deputy was fired on Wednesday. "
        "(Writing by A. Reporter; Editing by B. Editor)"
    )
    assert strip_inline_furniture(line) == "The deputy was fired on Wednesday."


def test_a_quote_closed_by_an_editing_note_keeps_the_quote() -> None:
    line = '"We will find the boy," the ranger said. (Editing by Jane Doe and John Roe)'
    assert furniture_kind(line) is None
    assert strip_inline_furniture(line) == '"We will find the boy," the ranger said.'
    assert furniture_kind("(Additional reporting by Jane Doe; Editing by John Roe") is not None


def test_clean_text_cuts_furniture_and_dateline_before_the_news() -> None:
    raw = "\n".join(
        [
            "Bridge closed after cracks found",
            "By Jane Roe",
            "SPRINGFIELD (AP) — " + BODY,
            "RELATED: Other bridges at risk",
            "Jane Roe contributed to this report.",
        ]
    )
    cleaned = clean_text(raw)
    assert cleaned.title == "Bridge closed after cracks found"
    assert cleaned.text == BODY
    assert lead_title(cleaned.text).startswith("The city council voted")


@pytest.mark.parametrize(
    "text",
    [
        "These crawls are part of an effort to archive pages as they are created and archive the "
        "pages that they refer to. That way, as the pages that are referenced are changed or taken "
        "from the web, a link to the version that was live when the page was written will be "
        "preserved.",
        "Sorry, the page you requested was not found. Please check the URL for proper spelling "
        "and capitalization. If you're having trouble locating a destination, try visiting the "
        "home page.",
        "We use cookies to improve your experience on our site. By continuing to use the site you "
        "accept our privacy policy and cookie settings. You can change your settings at any time "
        "in your browser.",
    ],
)
def test_notices_are_not_articles(text: str) -> None:
    assert notice_kind(text)
    with pytest.raises(NotAnArticle):
        require_article(text, where="page")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            '"While you were chairman of the Commerce Committee, that committee set a record for '
            'unauthorized appropriations."\n\nFootage from the coverage by a comedy show (with its '
            "host)",
            "no sentence of its own",
        ),
        (
            "...to Mar-a-Lago 3 nights in a row around New Year's Eve, and insisted on joining me. "
            "She was bleeding badly from a face-lift. I said no!",
            "starts mid-sentence",
        ),
    ],
)
def test_texts_without_prose_of_their_own_are_not_articles(text: str, kind: str) -> None:
    assert kind in (notice_kind(text) or "")


@pytest.mark.parametrize(
    "text",
    [
        '"We will rebuild," the mayor said on Tuesday, a day after the fire destroyed the market '
        "and the shops around it. Nobody was hurt.",
        "iPhone sales fell for a third quarter in a row, the company said on Thursday, as buyers "
        "in China turned to cheaper phones made at home.",
        "Flights resumed at the airport on Sunday. Hundreds of passengers had spent the night in "
        'the terminal after "a power failure we did not expect," an airline spokesman said.',
    ],
)
def test_short_briefs_with_quotes_or_odd_starts_are_articles(text: str) -> None:
    assert notice_kind(text) is None


def test_short_real_news_is_an_article() -> None:
    text = (
        "Detectives in Virginia are looking for a woman who disguised herself as a store employee "
        "and stole more than $40,000 worth of phones. The woman, dressed in the store's uniform, "
        "walked out of the stock room with two boxes, police said on Tuesday."
    )
    assert notice_kind(text) is None
    assert require_article(text, where="page") == text
