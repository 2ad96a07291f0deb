"""Content-Encoding undone piece by piece, so a compression bomb never inflates past the cap.

httpx inflates each received chunk in one call: 5 KB of stacked gzip can become gigabytes
before any size check runs. Here every layer inflates at most ``PIECE`` bytes per step and the
caller counts decoded bytes as they come, so memory stays at a few pieces whatever the ratio.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

__all__ = ["ACCEPT_ENCODING", "PIECE", "BadEncoding", "BoundedDecoder"]

# Only what can be inflated with a bound on the output of every step.
ACCEPT_ENCODING = "gzip, deflate"
PIECE = 64 * 1024
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}
# Layers beyond this are not a real server's doing.
_MAX_LAYERS = 4


class BadEncoding(ValueError):
    """An encoding we do not read, too many layers, or bytes that do not inflate."""


class _Layer:
    """One zlib stream (gzip members are read one after another; deflate may come raw)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.wbits = _WBITS[name]
        self.inflater = zlib.decompressobj(self.wbits)
        self.started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        pending = data
        while True:
            try:
                out = self.inflater.decompress(pending, PIECE)
            except zlib.error as exc:
                if self.name == "deflate" and not self.started:
                    # Some servers send raw deflate without the zlib header.
                    self.wbits = -zlib.MAX_WBITS
                    self.inflater = zlib.decompressobj(self.wbits)
                    self.started = True
                    continue
                raise BadEncoding(f"{self.name} data does not inflate ({exc})") from exc
            self.started = True
            if out:
                yield out
            pending = self.inflater.unconsumed_tail
            if self.inflater.eof:
                rest = self.inflater.unused_data
                if self.name == "deflate" or not rest.strip(b"\x00"):
                    return
                # A further gzip member.
                self.inflater = zlib.decompressobj(self.wbits)
                pending = rest
            elif not pending and len(out) < PIECE:
                # A full piece may leave output inside zlib: ask again until it runs dry.
                return

    def flush(self) -> Iterator[bytes]:
        # Only a few bytes of a match can be pending here, never a bomb's worth.
        out = self.inflater.flush()
        if out:
            yield out
        if self.started and not self.inflater.eof:
            raise BadEncoding(f"{self.name} data ends before the end of its stream")


class BoundedDecoder:
    """Undo a ``Content-Encoding`` header's layers (last applied first) in bounded pieces."""

    def __init__(self, content_encoding: str | None) -> None:
        names = [
            part.strip().lower()
            for part in (content_encoding or "").split(",")
            if part.strip() and part.strip().lower() != "identity"
        ]
        unknown = [name for name in names if name not in _WBITS]
        if unknown:
            raise BadEncoding(f"unsupported Content-Encoding {unknown[0]!r}")
        if len(names) > _MAX_LAYERS:
            raise BadEncoding(f"{len(names)} layers of Content-Encoding; at most {_MAX_LAYERS}")
        self._layers = [_Layer(name) for name in reversed(names)]

    def _through(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self._layers):
            yield data
            return
        for piece in self._layers[index].feed(data):
            yield from self._through(index + 1, piece)

    def decode(self, chunk: bytes) -> Iterator[bytes]:
        """Decoded pieces of one received chunk, each at most ``PIECE`` bytes."""
        if chunk:
            yield from self._through(0, chunk)

    def finish(self) -> Iterator[bytes]:
        """What the layers still hold once the body has ended."""
        for index, layer in enumerate(self._layers):
            for piece in layer.flush():
                yield from self._through(index + 1, piece)
