"""Folder sources stay inside their folder and read regular files only: no links out, no hangs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from digests.sources.errors import BadLocation
from digests.sources.files import read_location
from tests.conftest import ROOT
from tests.ingest.builders import long_text


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(long_text("Harbour"), encoding="utf-8")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "stdin.txt").symlink_to("/proc/self/fd/0")
    (folder / "kmsg.txt").symlink_to("/proc/kmsg")
    (folder / "outside").symlink_to(tmp_path)
    outside = tmp_path / "secret.txt"
    outside.write_text(long_text("Secret"), encoding="utf-8")
    (folder / "secret.txt").symlink_to(outside)
    os.mkfifo(folder / "pipe.txt")
    return folder


def test_only_the_folders_own_regular_files_are_read(hostile_folder: Path) -> None:
    results = {r.path.name: r for r in read_location(hostile_folder)}
    assert [name for name, r in results.items() if r.article] == ["good.txt"]
    for name in ("passwd.txt", "stdin.txt", "kmsg.txt", "outside", "secret.txt"):
        assert results[name].skipped, name
        assert results[name].reason == f"{name}: a symbolic link, not followed, skipped"
    assert results["pipe.txt"].reason == "pipe.txt: not a regular file, skipped"


def test_a_fifo_or_device_as_the_location_is_a_one_line_error(hostile_folder: Path) -> None:
    for location in (hostile_folder / "pipe.txt", Path("/dev/null")):
        with pytest.raises(BadLocation, match="not a regular file or a folder"):
            read_location(location)


def test_sources_add_of_such_a_folder_returns_at_once(hostile_folder: Path, tmp_path: Path) -> None:
    # A child process with a pipe for stdin: a followed /proc/self/fd/0 link would block on it.
    done = subprocess.run(
        [sys.executable, "-m", "bot", "sources", "add", str(hostile_folder)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "NEWSDIGEST_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"},
        stdin=subprocess.PIPE,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("added source 1: path ")
