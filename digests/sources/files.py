"""Local files and folders of plain text or HTML, with an optional sidecar ``metadata.json``.

``metadata.json`` maps a file name to what its text cannot say: ``outlet``, ``published``
("2024-05-21", "2024-05" or "2024"), ``url``, ``title``, ``author``; other keys are notes.

Only regular files directly inside the folder are read: symbolic links are not followed (one
could point anywhere on the disk) and FIFOs, devices and sockets are passed over (reading one
can block for ever). Files are opened without following links and without blocking, and read
up to a cap whatever size they claim (``/proc`` files claim none).
"""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from digests.sources.cleaning import clean_text, require_article
from digests.sources.dates import date_from_text, first_known, parse_date_string
from digests.sources.encoding import decode_bytes, is_binary
from digests.sources.errors import BadLocation, ParseError, SourceError, UnsupportedFile
from digests.sources.models import ParsedArticle
from digests.sources.pages import parse_page

__all__ = [
    "METADATA_FILE",
    "TEXT_SUFFIXES",
    "FileResult",
    "FileStamp",
    "FolderScan",
    "read_file",
    "read_location",
    "scan_location",
]

METADATA_FILE = "metadata.json"
TEXT_SUFFIXES = (".txt", ".html", ".htm")
# A text file bigger than this is not one article.
_MAX_FILE_BYTES = 5_000_000


@dataclass(frozen=True, slots=True)
class FileResult:
    """One file: its article, or why not.

    ``skipped`` marks files that were never meant as articles (images, JSON, other suffixes):
    reported, but not failures. A .txt or .html that cannot be read is a failure.
    """

    path: Path
    article: ParsedArticle | None = None
    reason: str | None = None
    skipped: bool = False


def _read_regular(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes of a regular file; OSError for links, FIFOs, devices, oversize."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise OSError(errno.EFBIG, f"more than {limit:,} bytes, too large for one article")
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _why_unreadable(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "a symbolic link, not followed"
    return exc.strerror or str(exc)


def _load_metadata(folder: Path) -> tuple[dict[str, dict[str, Any]], str | None]:
    path = folder / METADATA_FILE
    if not path.is_file() or path.is_symlink():
        return {}, None
    try:
        data = json.loads(_read_regular(path, _MAX_FILE_BYTES).decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return {}, f"{path}: unreadable metadata, ignored ({exc})"
    if not isinstance(data, dict):
        return {}, f"{path}: metadata must be an object mapping file names to fields, ignored"
    return {str(k): v for k, v in data.items() if isinstance(v, dict)}, None


def _text(meta: dict[str, Any], key: str) -> str | None:
    value = meta.get(key)
    return value.strip() or None if isinstance(value, str) else None


def read_file(path: Path, meta: dict[str, Any] | None = None) -> ParsedArticle:
    """One file as an article; raises a SourceError saying why it cannot be one."""
    meta = meta or {}
    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise UnsupportedFile(f"{path.name}: not a .txt, .html or .htm file")
    try:
        content = _read_regular(path, _MAX_FILE_BYTES)
    except OSError as exc:
        raise ParseError(f"{path.name}: cannot read ({_why_unreadable(exc)})") from exc
    if is_binary(content):
        raise UnsupportedFile(f"{path.name}: binary content, not text")
    text, _encoding = decode_bytes(content)
    url = _text(meta, "url")
    given_date = parse_date_string(_text(meta, "published"))
    if path.suffix.lower() in (".html", ".htm"):
        article = parse_page(text, url=url, feed_date=given_date)
        return ParsedArticle(
            text=article.text,
            url=url or path.resolve().as_uri(),
            canonical_url=article.canonical_url or path.resolve().as_uri(),
            title=_text(meta, "title") or article.title,
            outlet=_text(meta, "outlet") or article.outlet,
            author=_text(meta, "author") or article.author,
            published=article.published,
            published_at=article.published_at,
        )
    cleaned = clean_text(text)
    body = require_article(cleaned.text, where=path.name)
    known = first_known(given_date, date_from_text(list(cleaned.removed)))
    return ParsedArticle(
        text=body,
        url=url or path.resolve().as_uri(),
        canonical_url=url or path.resolve().as_uri(),
        title=_text(meta, "title") or cleaned.title,
        outlet=_text(meta, "outlet"),
        author=_text(meta, "author"),
        published=known.date if known else None,
        published_at=known.moment if known else None,
    )


def _skip_reason(path: Path) -> str:
    try:
        binary = is_binary(_read_regular(path, _MAX_FILE_BYTES)[:8192])
    except OSError as exc:
        return f"{path.name}: cannot read ({_why_unreadable(exc)}), skipped"
    kind = "binary file" if binary else f"not a {'/'.join(TEXT_SUFFIXES)} file"
    return f"{path.name}: {kind}, skipped"


def _not_regular(entry: os.DirEntry[str]) -> str | None:
    """Why a folder entry is not read: a link (anywhere) or a FIFO, device or socket."""
    if entry.is_symlink():
        return "a symbolic link, not followed"
    if entry.is_dir(follow_symlinks=False) or entry.is_file(follow_symlinks=False):
        return None
    return "not a regular file"


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What says a file changed without reading it: its size and modification time."""

    size: int
    mtime_ns: int

    @classmethod
    def of(cls, info: os.stat_result) -> FileStamp:
        return cls(info.st_size, info.st_mtime_ns)


@dataclass(frozen=True, slots=True)
class FolderScan:
    """One look at a file or folder: what was read, and what was not and why.

    ``stamps`` holds the stamp of every file read this time (and of ``metadata.json`` once every
    file has been read under it); ``present`` names every file there now, read or not;
    ``unchanged`` files had the stamp ``known`` gave them and were not read; ``waiting`` files
    are new or changed but beyond ``limit``, left for the next look.
    """

    results: list[FileResult] = field(default_factory=list)
    stamps: dict[str, FileStamp] = field(default_factory=dict)
    present: frozenset[str] = frozenset()
    unchanged: int = 0
    waiting: int = 0


def read_location(location: str | Path) -> list[FileResult]:
    """Every article file of a file or a folder (its top level, hidden files aside), by name."""
    return scan_location(location).results


def _listing(root: Path) -> tuple[Path, list[tuple[Path, FileStamp]], list[FileResult]]:
    """The folder, its regular files with their stamps (by name), and the entries passed over."""
    passed: list[FileResult] = []
    if not root.is_dir():
        info = root.stat()
        if not stat.S_ISREG(info.st_mode):
            raise BadLocation(f"not a regular file or a folder: {root}")
        return root.parent, [(root, FileStamp.of(info))], passed
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as exc:
        raise BadLocation(f"cannot list {root}: {exc.strerror or exc}") from exc
    files: list[tuple[Path, FileStamp]] = []
    # Top level only: subfolders hold other things (expected results, drafts).
    for entry in entries:
        if entry.name == METADATA_FILE or entry.name.startswith("."):
            continue
        other = _not_regular(entry)
        if other is not None:
            passed.append(
                FileResult(Path(entry.path), reason=f"{entry.name}: {other}, skipped", skipped=True)
            )
        elif not entry.is_dir(follow_symlinks=False):
            try:
                files.append((Path(entry.path), FileStamp.of(entry.stat(follow_symlinks=False))))
            except OSError:
                continue  # gone between the listing and the look
    return root, files, passed


def _metadata_stamp(folder: Path) -> FileStamp | None:
    try:
        return FileStamp.of((folder / METADATA_FILE).stat(follow_symlinks=False))
    except OSError:
        return None


def scan_location(
    location: str | Path,
    *,
    known: Mapping[str, FileStamp] | None = None,
    limit: int | None = None,
) -> FolderScan:
    """Read the files of ``location`` that are new or changed since ``known``, at most ``limit``.

    A file whose size and modification time are those ``known`` gives is not read again; when
    ``metadata.json`` changed, every file is (its fields may be new). Files are taken by name.
    """
    root = Path(location).expanduser()
    if not root.exists():
        raise BadLocation(f"no such file or folder: {root}")
    folder, files, passed = _listing(root)
    scan = FolderScan(results=passed, present=frozenset(path.name for path, _ in files))
    meta_stamp = _metadata_stamp(folder)
    seen = dict(known or {})
    if seen.get(METADATA_FILE) != meta_stamp:
        seen = {}
    todo = [(path, stamp) for path, stamp in files if seen.get(path.name) != stamp]
    unchanged = len(files) - len(todo)
    if limit is not None and len(todo) > limit:
        todo, waiting = todo[:limit], len(todo) - limit
    else:
        waiting = 0
    if todo:
        metadata, problem = _load_metadata(folder)
        if problem:
            scan.results.insert(0, FileResult(folder / METADATA_FILE, reason=problem))
        for path, stamp in todo:
            scan.results.append(_read_one(path, metadata.get(path.name)))
            scan.stamps[path.name] = stamp
    if meta_stamp is not None and not waiting:
        scan.stamps[METADATA_FILE] = meta_stamp
    return FolderScan(scan.results, scan.stamps, scan.present, unchanged, waiting)


def _read_one(path: Path, meta: dict[str, Any] | None) -> FileResult:
    if path.suffix.lower() not in TEXT_SUFFIXES:
        return FileResult(path, reason=_skip_reason(path), skipped=True)
    try:
        article = read_file(path, meta)
    except SourceError as exc:
        return FileResult(path, reason=str(exc))
    return FileResult(path, article=article)
