"""``newsdigest sources import`` / ``export``: subscription lists in the feed readers' OPML."""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli.base import UserError, for_writing, get_container
from digests.jobs.opml import check_feeds, export_sources, import_feeds
from digests.sources.opml import MAX_OPML_BYTES, OpmlError, parse_opml

__all__ = ["export_command", "import_command"]


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_OPML_BYTES:
            raise UserError(f"{path}: too large for a subscription list")
        return path.read_bytes()
    except IsADirectoryError as exc:
        raise UserError(f"{path}: is a folder, not an OPML file") from exc
    except OSError as exc:
        raise UserError(f"{path}: cannot read: {exc.strerror or exc}") from exc


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, allow_dash=False))
@click.option(
    "--check/--no-check",
    default=False,
    show_default=True,
    help="Fetch every feed first and skip those that do not answer with a feed.",
)
@click.pass_context
def import_command(ctx: click.Context, file: Path, check: bool) -> None:
    """Add the feeds of an OPML file (as exported by feed readers) as sources.

    \b
    Folders (nested outlines) are read through; feeds already added, duplicates
    within the file, outlines without an xmlUrl and non-http(s) URLs are skipped,
    each with its reason. Files in any encoding are read, declared or not;
    malformed XML and entity tricks are refused with a one-line error.
    Prints "N added, M skipped" and one line per feed.
    """
    data = _read(file)
    try:
        document = parse_opml(data)
    except OpmlError as exc:
        raise UserError(f"{file}: {exc}") from exc
    rejected: dict[str, str] = {}
    if check and document.feeds:
        container = get_container(ctx)
        # Outside the transaction: the network may be slow, the database should not wait.
        rejected = container.run(
            lambda: check_feeds(
                document.feeds,
                client=container.http,
                config=container.ingest.fetch,
                concurrency=container.ingest.concurrency,
            )
        )
    with for_writing(ctx).transaction() as session:
        report = import_feeds(session, document, rejected=rejected)
    click.echo("\n".join(report.lines()))


@click.command("export")
@click.argument(
    "file",
    required=False,
    type=click.Path(path_type=Path, dir_okay=False, writable=True, allow_dash=True),
)
@click.option("--title", default="NewsDigest sources", show_default=True, help="Title of the list.")
@click.pass_context
def export_command(ctx: click.Context, file: Path | None, title: str) -> None:
    """Write every feed source as an OPML 2.0 file (to FILE, or to standard output).

    Feed readers import it as a subscription list. Page and local-file sources are
    not feeds, so they are left out (the count is printed to standard error).
    """
    with for_writing(ctx).transaction() as session:
        result = export_sources(session, title=title)
    if file is None or str(file) == "-":
        click.echo(result.data.decode("utf-8"), nl=False)
    else:
        try:
            file.write_bytes(result.data)
        except OSError as exc:
            raise UserError(f"{file}: cannot write: {exc.strerror or exc}") from exc
    note = f"exported {result.feeds} feeds"
    if result.left_out:
        note += f"; {result.left_out} page or file sources left out (OPML lists feeds only)"
    click.echo(note, err=True)
