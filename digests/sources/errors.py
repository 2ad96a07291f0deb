"""Errors raised while getting articles in; every message is one line a user can act on.

SourceError
 ├── BadLocation           neither an http(s) URL nor an existing path
 ├── FetchError            the source could not be downloaded
 │    ├── FetchTimeout          no complete answer within the time limit
 │    ├── ResponseTooLarge      the body is larger than the byte cap
 │    ├── HTTPStatusError       an answer other than 2xx/304 (404, 410, 500, ...)
 │    ├── TooManyRedirects      more redirects than allowed, or a redirect loop
 │    ├── AddressNotAllowed     the host is (or resolves to) a private, loopback... address
 │    └── NetworkError          connection refused, DNS failure, TLS error, broken transfer
 ├── ParseError            the content is not what the source should hold
 │    ├── NotAFeed              e.g. an HTML page where a feed was expected
 │    └── MalformedFeed         XML that cannot be read
 ├── EmptyArticle          no article text, or too little to be an article
 ├── NotAnArticle          a page notice, not an article (archive, player, cookie wall, 404)
 └── UnsupportedFile       a binary or unknown file in a folder
"""

from __future__ import annotations

__all__ = [
    "AddressNotAllowed",
    "BadLocation",
    "EmptyArticle",
    "FetchError",
    "FetchTimeout",
    "HTTPStatusError",
    "MalformedFeed",
    "NetworkError",
    "NotAFeed",
    "NotAnArticle",
    "ParseError",
    "ResponseTooLarge",
    "SourceError",
    "TooManyRedirects",
    "UnsupportedFile",
]


class SourceError(Exception):
    """Base of every error about a source or one of its items."""

    def __init__(self, message: str) -> None:
        # Foreign messages can span lines; the CLI and `sources list` show one.
        super().__init__(" ".join(str(message).split()))


class BadLocation(SourceError):
    """A string that is neither an http(s) URL nor an existing file or folder."""


class FetchError(SourceError):
    """The source could not be downloaded."""


class FetchTimeout(FetchError):
    """The server did not send a complete answer in time."""


class ResponseTooLarge(FetchError):
    """The body exceeds the configured byte cap; it was cut off, not loaded."""


class HTTPStatusError(FetchError):
    """The server answered with a status that is not success or "not modified"."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


class TooManyRedirects(FetchError):
    """More redirects than allowed (a loop ends here too)."""


class AddressNotAllowed(FetchError):
    """Refused by the address policy: the host is not at a public address."""


class NetworkError(FetchError):
    """The connection failed: refused, unresolvable, TLS, or cut mid-transfer."""


class ParseError(SourceError):
    """The content could not be read as what the source should hold."""


class NotAFeed(ParseError):
    """A feed was expected but something else (usually an HTML page) came back."""


class MalformedFeed(ParseError):
    """The feed's XML is broken beyond what a lenient parser recovers."""


class EmptyArticle(SourceError):
    """Nothing, or too little, is left once page debris is removed."""


class NotAnArticle(SourceError):
    """Text that is a notice about the page (archive, player, sign-up, "page not found")."""


class UnsupportedFile(SourceError):
    """A file that is neither plain text nor HTML (binary, image, archive...)."""
