"""The bot's UI languages: gettext catalogues made with Babel, and which one a chat reads.

Every string the bot writes is marked for extraction with ``_`` (a ``Translator``), its
``ngettext``, or ``N_`` for strings translated later (command descriptions). The catalogues are
``bot/locales/<lang>/LC_MESSAGES/newsdigest.po``; they are compiled in memory on first use, so
the .po files are the only copy (no stale .mo). Extraction: ``pybabel extract -F babel.cfg
-k N_ -o newsdigest.pot bot`` then ``pybabel update -i newsdigest.pot -d bot/locales -D
newsdigest``. Article content is never translated: only the bot's own words go through here.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

__all__ = [
    "DEFAULT_LANGUAGE",
    "DOMAIN",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "LOCALES_DIR",
    "N_",
    "Translator",
    "catalogue_path",
    "pick_language",
    "translator_for",
]

DOMAIN = "newsdigest"
LOCALES_DIR = Path(__file__).resolve().with_name("locales")
LANGUAGES: tuple[str, ...] = ("en", "uk")
DEFAULT_LANGUAGE = "en"
# Each language named in itself, for /lang.
LANGUAGE_NAMES = {"en": "English", "uk": "Українська"}


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message


def catalogue_path(language: str) -> Path:
    """Where the .po catalogue of ``language`` lives."""
    return LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=len(LANGUAGES))
def _translations(language: str) -> gettext.NullTranslations:
    path = catalogue_path(language)
    if not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def pick_language(code: str | None) -> str:
    """One of LANGUAGES for a Telegram ``language_code`` ("uk", "uk-UA", "ru"...), else English."""
    if not code:
        return DEFAULT_LANGUAGE
    base = code.strip().lower().replace("_", "-").split("-", 1)[0]
    return base if base in LANGUAGES else DEFAULT_LANGUAGE


@dataclass(frozen=True, slots=True)
class Translator:
    """The bot's words in one language: call it like gettext's ``_``."""

    language: str = DEFAULT_LANGUAGE

    def __call__(self, message: str) -> str:
        return _translations(self.language).gettext(message)

    def gettext(self, message: str) -> str:
        """``message`` in this language (itself when the catalogue lacks it)."""
        return _translations(self.language).gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of a message for ``n`` (Ukrainian has three)."""
        return _translations(self.language).ngettext(singular, plural, n)


def translator_for(language: str | None) -> Translator:
    """The Translator of a stored or Telegram language code."""
    return Translator(pick_language(language))
