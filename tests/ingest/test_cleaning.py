"""Cleaning keeps every article sentence and drops captions, credits, widgets and stubs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from digests.sources.cleaning import clean_text, content_hash, require_article
from digests.sources.errors import EmptyArticle


def _sentences(text: str) -> list[str]:
    flat = " ".join(text.replace("\u00a0", " ").split())
    return [s for s in re.split(r"(?<=[.!?\"])\s+(?=[A-Z\"])", flat) if len(s.split()) > 3]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_nv_seed_headline_becomes_title_and_caption_goes(seeds_dir: Path) -> None:
    raw = (seeds_dir / "nv-blinken-2024-05.txt").read_text(encoding="utf-8")
    cleaned = clean_text(raw)
    assert cleaned.title == (
        "After Kyiv visit, Blinken urges White House to allow Ukraine to strike Russia "
        "with US weapons – NYT"
    )
    assert "Photo:" not in cleaned.text
    assert "WILL OLIVER" not in cleaned.text
    assert cleaned.removed == ("Anthony Blinken (Photo: ERA/WILL OLIVER)",)
    assert "\u00a0" not in cleaned.text
    assert "\n\n\n" not in cleaned.text
    body = raw.split("\n", 2)[2]
    for sentence in _sentences(body):
        assert _flat(sentence) in _flat(cleaned.text), sentence


def test_ukranews_seed_loses_date_stub_and_blank_run(seeds_dir: Path) -> None:
    raw = (seeds_dir / "ukranews-blinken-2024-05.txt").read_text(encoding="utf-8")
    cleaned = clean_text(raw)
    # No headline on the first line: the title stays unknown rather than invented.
    assert cleaned.title is None
    assert cleaned.removed == ("date 2024-05 Share:",)
    assert "Share:" not in cleaned.text
    assert cleaned.text.startswith("The U.S. Department of State")
    assert "\n\n\n" not in cleaned.text
    body = raw.split("\n", 1)[1]
    for sentence in _sentences(body):
        assert _flat(sentence) in _flat(cleaned.text), sentence
    # Every paragraph survives whole, not just sentence by sentence.
    assert [_flat(p) for p in body.split("\n\n") if p.strip()] == [
        _flat(p) for p in cleaned.text.split("\n\n")
    ]


@pytest.mark.parametrize(
    "debris",
    [
        "Volodymyr Zelensky at a press conference (Photo: Reuters/Valentyn Ogirenko)",
        "Photo by John Smith / AP",
        "Image: Getty Images",
        "Protesters outside parliament. Photo: EPA",
        "© Shutterstock",
        "Share: Facebook Twitter Telegram",
        "Published: 21.05.2024 | 14:30",
        "Updated May 21, 2024",
        "Tweet Share Email Print",
    ],
)
def test_debris_patterns_generalise(debris: str) -> None:
    text = f"Headline about the budget vote\n{debris}\n\n{_BODY}\n\n{debris}\n"
    cleaned = clean_text(text)
    assert debris not in cleaned.text
    assert _flat(cleaned.text) == _flat(_BODY)


_BODY = (
    "The council voted on Tuesday to approve the budget. The photo shoot was cancelled, "
    "officials said (Photo: none was taken).\n\n"
    "Critics said the share of spending on roads was too small. Published reports disagreed."
)


def test_sentences_that_mention_photos_or_sharing_stay() -> None:
    cleaned = clean_text(_BODY)
    assert _flat(cleaned.text) == _flat(_BODY)


def test_extracted_text_keeps_one_paragraph_per_line() -> None:
    cleaned = clean_text("First paragraph here.\nSecond paragraph here.", find_title=False)
    assert cleaned.text == "First paragraph here.\n\nSecond paragraph here."


@pytest.mark.parametrize("text", ["", "   \n\n", "Just one line of text."])
def test_empty_and_one_line_articles_are_refused(text: str) -> None:
    with pytest.raises(EmptyArticle, match=r"^x: "):
        require_article(clean_text(text).text, where="x")


def test_content_hash_ignores_case_spacing_and_punctuation() -> None:
    assert content_hash("Hello,  World!\n\nAgain.") == content_hash("hello world again")
    assert content_hash("Hello world") != content_hash("Hello world, again")


def test_lead_title_is_the_first_sentence_cut_at_a_word() -> None:
    from digests.sources.cleaning import lead_title

    assert (
        lead_title("Mr. Smith went to Washington. Then he left.") == "Mr. Smith went to Washington"
    )
    assert lead_title("The U.S. Navy sailed. It came back.") == "The U.S. Navy sailed"
    long = lead_title("word " * 60)
    assert long.endswith("…") and len(long) <= 100 and "  " not in long
