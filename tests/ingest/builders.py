"""Builders for ingestion tests: article texts, HTML pages and feeds."""

from __future__ import annotations

SENTENCES = [
    "The city council approved the new budget on Tuesday after a long debate.",
    "Officials said the plan would fund road repairs and two new schools.",
    "Critics argued that the spending was too high for a small town.",
    "The mayor told reporters that the vote was a victory for residents.",
    "Work on the first projects is expected to begin next spring.",
]


def article_text(topic: str, sentences: int = 5) -> str:
    """A plausible article of several sentences about ``topic`` (distinct per topic)."""
    body = [f"{topic}: {s}" for s in SENTENCES[:sentences]]
    return "\n\n".join(body)


def page_html(
    title: str, text: str, *, site: str = "Example Times", canonical: str = "", published: str = ""
) -> bytes:
    meta = f'<meta property="og:site_name" content="{site}">'
    if canonical:
        meta += f'<link rel="canonical" href="{canonical}">'
    if published:
        meta += f'<meta property="article:published_time" content="{published}">'
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>{meta}</head><body>"
        f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1><p>Photo: Reuters / Jane Doe</p>{paragraphs}</article>"
        f"<footer>Share: Facebook Twitter Telegram</footer></body></html>"
    ).encode()


def rss20(items: list[dict[str, str]], *, title: str = "Example feed") -> bytes:
    out = [
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        "<link>http://example.com/</link><description>d</description>"
    ]
    for item in items:
        out.append("<item>")
        for key, value in item.items():
            out.append(f"<{key}>{value}</{key}>")
        out.append("</item>")
    out.append("</channel></rss>")
    return "".join(out).encode()


def long_text(topic: str) -> str:
    """An article long enough (about 200 words) that a feed carrying it is not a teaser."""
    return "\n\n".join(article_text(f"{topic} {part}") for part in ("news", "update", "detail"))
