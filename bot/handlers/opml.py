"""Admin /import and /export: the feed list as OPML, the feed readers' exchange format.

/import reads an .opml document sent with the caption /import, or the document a /import
message replies to; it is downloaded through getFile, parsed (any encoding, nested folders,
hostile XML refused) and its feeds added in one short transaction; the reply says what was
added and what was skipped, and why. /export sends every feed source back as an OPML file.
"""

from __future__ import annotations

from telegram import Document, InputFile, Update
from telegram.error import TelegramError

from bot.context import Context
from bot.handlers.common import caption, escape, reply, translator
from bot.i18n import N_, Translator
from digests.jobs.opml import ImportReport, export_sources, import_feeds
from digests.sources.opml import MAX_OPML_BYTES, OpmlError, OpmlSkip, SkipReason, parse_opml
from digests.stories.render import render_lines

__all__ = ["EXPORT_FILE_NAME", "export_command", "import_command", "import_report"]

EXPORT_FILE_NAME = "newsdigest-sources.opml"
# A chat message holds 4096 characters: list this many lines of each kind, then count the rest.
_MAX_LINES = 40

_REASONS = {
    SkipReason.NO_XML_URL: N_("no xmlUrl"),
    SkipReason.NOT_HTTP: N_("xmlUrl is not an http(s) URL"),
    SkipReason.INVALID_URL: N_("invalid URL"),
    SkipReason.TOO_DEEP: N_("nested too deeply"),
    SkipReason.DUPLICATE: N_("duplicate of an earlier outline"),
    SkipReason.ALREADY_PRESENT: N_("already a source"),
    SkipReason.REJECTED: N_("rejected"),
}


def _skip_line(skip: OpmlSkip, _: Translator) -> str:
    why = _(_REASONS.get(skip.reason, str(skip.reason)))
    if skip.detail:
        why = f"{why}: {skip.detail}"
    return f"• {skip.what[:200]} ({why[:300]})"


def import_report(report: ImportReport, _: Translator) -> list[str]:
    """The import report as Telegram HTML messages in the reader's language.

    Lines are plain text, escaped and split by the digests' splitter, so no cut falls inside
    an entity however many ``&`` the file's titles hold.
    """
    header = (
        _.ngettext("{n} feed added", "{n} feeds added", len(report.added)).format(
            n=len(report.added)
        )
        + ", "
        + _.ngettext("{n} skipped", "{n} skipped", len(report.skipped)).format(
            n=len(report.skipped)
        )
    )
    lines = []
    if report.encoding_detected:
        lines.append(
            _("Read as {encoding}: the file's declared encoding was wrong.").format(
                encoding=report.encoding
            )
        )
    if report.recovered_from:
        lines.append(
            _("Read leniently: the file is not well-formed XML ({error}).").format(
                error=report.recovered_from[:300]
            )
        )
    if report.added:
        lines.append(_("Added:"))
        for added in report.added[:_MAX_LINES]:
            title = f"{added.feed.title[:200]} " if added.feed.title else ""
            lines.append(f"• #{added.source_id} {title}{added.feed.xml_url}")
    if report.skipped:
        lines.append(_("Skipped:"))
        lines.extend(_skip_line(skip, _) for skip in report.skipped[:_MAX_LINES])
    hidden = max(0, len(report.added) - _MAX_LINES) + max(0, len(report.skipped) - _MAX_LINES)
    if hidden:
        lines.append(_("…and {n} more.").format(n=hidden))
    return render_lines(lines, header=header)


def _document(update: Update) -> Document | None:
    message = update.effective_message
    if message is None:
        return None
    if message.document is not None:
        return message.document
    replied = message.reply_to_message
    return replied.document if replied is not None else None


async def import_command(update: Update, context: Context) -> None:
    """/import: add the feeds of the .opml document sent with or replied to by the command."""
    _ = await translator(update, context)
    document = _document(update)
    if document is None:
        await reply(
            update,
            _(
                "Usage: send an .opml file with the caption /import, "
                "or reply /import to a message with one."
            ),
        )
        return
    if document.file_size is not None and document.file_size > MAX_OPML_BYTES:
        await reply(update, _("Not imported: the file is too large for a subscription list."))
        return
    try:
        file = await context.bot.get_file(document.file_id)
        data = bytes(await file.download_as_bytearray())
    except TelegramError as exc:
        await reply(
            update,
            _("Not imported: could not download the file ({error}).").format(
                error=escape(str(exc))
            ),
        )
        return
    try:
        parsed = parse_opml(data)
    except OpmlError as exc:
        await reply(update, _("Not imported: {error}").format(error=escape(str(exc))))
        return
    report = await context.container.db(import_feeds, parsed)
    await reply(update, import_report(report, _))


async def export_command(update: Update, context: Context) -> None:
    """/export: every feed source as an OPML file."""
    _ = await translator(update, context)
    message = update.effective_message
    if message is None:
        return
    result = await context.container.db(export_sources)
    text = _.ngettext(
        "{n} feed as OPML, for any feed reader.",
        "{n} feeds as OPML, for any feed reader.",
        result.feeds,
    ).format(n=result.feeds)
    if result.left_out:
        text += " " + _.ngettext(
            "{n} page or file source is left out: OPML lists feeds only.",
            "{n} page or file sources are left out: OPML lists feeds only.",
            result.left_out,
        ).format(n=result.left_out)
    await message.reply_document(
        InputFile(result.data, filename=EXPORT_FILE_NAME),
        caption=caption(text),
        parse_mode=None,
        do_quote=False,
    )
