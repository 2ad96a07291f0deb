"""Two UI languages: /lang, Telegram's language_code, the localized menu, and catalogues that
hold every string the bot writes (a new unmarked or untranslated string fails here)."""

from __future__ import annotations

import ast
import re
import string
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
from sqlalchemy import select

from bot.answers import render_labels
from bot.commands import COMMANDS, help_text, menu
from bot.i18n import LANGUAGES, Translator, catalogue_path, pick_language
from digests.stories.models import DigestEdition
from digests.stories.render import render_edition
from storage.models import Subscriber
from tests.bot.conftest import ADMIN, BotFactory, BotHarness, stop_bot
from tests.support.botapi import User

BOT = Path(__file__).resolve().parents[2] / "bot"
UKRAINIAN = User(id=2002, first_name="Оксана", username="oksana", language_code="uk")


def _extracted() -> set[str | tuple[str, ...]]:
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    found: set[str | tuple[str, ...]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(BOT), method_map=[("**.py", "python")], keywords=keywords
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def _catalogue(language: str) -> dict[str | tuple[str, ...], str | tuple[str, ...]]:
    with catalogue_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=language)
    return {
        (m.id if isinstance(m.id, str) else tuple(m.id)): (
            m.string if isinstance(m.string, str) else tuple(m.string)
        )
        for m in catalog
        if m.id
    }


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_every_marked_string_is_in_both_catalogues_and_translated() -> None:
    wanted = _extracted()
    assert len(wanted) > 100
    for language in LANGUAGES:
        catalogue = _catalogue(language)
        missing = sorted(map(str, wanted - set(catalogue)))
        assert not missing, f"not in the {language} catalogue (run pybabel update): {missing}"
        stale = sorted(map(str, set(catalogue) - wanted))
        assert not stale, f"no longer in the code, drop from {language}: {stale}"
    for msgid, translated in _catalogue("uk").items():
        forms = [translated] if isinstance(translated, str) else list(translated)
        assert len(forms) in {1, 3} and all(f.strip() for f in forms), f"untranslated: {msgid}"
        source = msgid if isinstance(msgid, str) else msgid[-1]
        for form in forms:
            assert _fields(form) == _fields(source), f"placeholders differ: {msgid} -> {form}"


# Calls whose text reaches the user: a literal there bypasses the catalogue.
_SHOWN = {"reply", "reply_text", "answer", "_edit", "reply_document", "reply_photo"}
_MARKERS = {"_", "N_", "gettext", "ngettext"}


def _literal_words(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(re.search(r"[A-Za-z]{2}", node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_literal_words(part) for part in node.values)
    if isinstance(node, ast.BinOp):
        return _literal_words(node.left) or _literal_words(node.right)
    return False


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def test_no_user_visible_literal_bypasses_the_catalogue() -> None:
    offenders: list[str] = []
    files = [*sorted((BOT / "handlers").glob("*.py")), BOT / "commands.py", BOT / "content.py"]
    for path in [*files, BOT / "parsing.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _name(node) in _MARKERS:
                continue
            name = _name(node)
            if name in _SHOWN:
                arguments = list(node.args[1:] if name in {"reply", "_edit"} else node.args)
                arguments += [k.value for k in node.keywords if k.arg in {"text", "caption"}]
            elif name in {"InlineKeyboardButton", "BotCommand", "UsageError"}:
                arguments = node.args[:1] if name != "BotCommand" else node.args[1:2]
            else:
                continue
            if any(_literal_words(argument) for argument in arguments):
                offenders.append(f"{path.name}:{node.lineno}")
    assert not offenders, f"untranslated strings shown to users at {offenders}"


def test_pick_language() -> None:
    assert pick_language("uk") == "uk"
    assert pick_language("uk-UA") == "uk"
    assert pick_language("en-GB") == "en"
    assert pick_language("de") == "en"
    assert pick_language(None) == "en"


def test_ukrainian_plurals_and_labels() -> None:
    _ = Translator("uk")
    labels = render_labels(_)
    assert [labels.stories_count(n) for n in (1, 2, 5, 11, 21, 22)] == [
        "1 історія",
        "2 історії",
        "5 історій",
        "11 історій",
        "21 історія",
        "22 історії",
    ]
    since = datetime(2024, 5, 29, tzinfo=UTC)
    empty = render_edition(
        DigestEdition(since=since, stories=()),
        labels=labels,
        empty_text=_("No new stories since the last digest."),
    )
    assert empty == ["Від останнього дайджесту нових історій немає."]


def test_help_and_menu_in_both_languages() -> None:
    english, ukrainian = help_text(), help_text(translate=Translator("uk"))
    assert "What the bot can do" in english and "Що вміє бот" in ukrainian
    for command in COMMANDS:
        assert (f"/{command.name}" in ukrainian) is (not command.admin_only)
    uk_menu = menu(admin=True, language="uk")
    assert [c.command for c in uk_menu] == [c.command for c in menu(admin=True)]
    assert all(re.search("[а-яіїєґ]", c.description) for c in uk_menu)


async def test_help_in_ukrainian_after_lang_uk(bot: BotHarness) -> None:
    assert "What the bot can do" in await bot.command("help")
    assert "українською" in await bot.command("lang", "uk")
    answer = await bot.command("help")
    assert "Що вміє бот" in answer and "Підписатися й вибрати, коли надходить дайджест" in answer
    assert "Використання: /lang" in await bot.command("lang", "fr")
    assert "English" in await bot.command("lang", "en")
    assert "What the bot can do" in await bot.command("help")


async def test_telegram_language_is_the_default_and_lang_is_kept(
    bot_factory: BotFactory,
) -> None:
    bot: BotHarness = await bot_factory()
    answer = await bot.command("start", user=UKRAINIAN)
    assert "Підписку оформлено" in answer
    with bot.sessions() as session:
        sub = session.scalars(select(Subscriber).where(Subscriber.chat_id == UKRAINIAN.id)).one()
        assert sub.language == "uk"
    # A subscribed chat's choice outlives the bot: the next instance reads it from the database.
    english_user = User()
    await bot.command("start", user=english_user)
    assert "Мова" not in await bot.command("lang", user=english_user)
    await bot.command("lang", "uk", user=english_user)
    await stop_bot(bot)
    again: BotHarness = await bot_factory()
    assert "Що вміє бот" in await again.command("help", user=english_user)
    assert "Налаштування" in await again.command("settings", user=english_user)
    unknown = await again.command("nosuchcommand", user=english_user)
    assert unknown.startswith("Невідома команда")


async def test_menu_published_for_ukrainian(bot: BotHarness) -> None:
    default = bot.server.commands()
    uk = bot.server.commands(language_code="uk")
    assert [c["command"] for c in uk] == [c["command"] for c in default]
    assert uk[1] == {"command": "help", "description": "Що вміє бот"}
    admin_uk = bot.server.commands(scope={"type": "chat", "chat_id": ADMIN.id}, language_code="uk")
    assert {"command": "import", "description": "Додати стрічки з файлу OPML (адмін)"} in admin_uk


async def test_lang_outlives_a_restart_in_a_chat_that_is_not_subscribed(
    bot_factory: BotFactory,
) -> None:
    bot: BotHarness = await bot_factory()
    visitor = User()
    assert "українською" in await bot.command("lang", "uk", user=visitor)
    with bot.sessions() as session:
        assert session.scalar(select(Subscriber).where(Subscriber.chat_id == visitor.id)) is None
    await stop_bot(bot)
    again: BotHarness = await bot_factory()
    assert "Що вміє бот" in await again.command("help", user=visitor)
