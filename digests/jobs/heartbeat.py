"""A heartbeat for claimed work: renew the claim while the work runs, however long it takes.

Claims (articles under analysis, deliveries, leases) expire so that a dead worker's work goes to
another; a live worker whose batch runs longer than the claim (a slow machine, a first batch that
loads models) must not lose it. The heartbeat renews from a thread of its own every third of the
claim's length while the work runs in the caller's thread. It is not what keeps work from being
done twice: the result is written only by the holder of a live claim (a conditional update), so a
worker that stalled past its claim (stopped, swapped out) writes nothing; the heartbeat makes that
case rare instead of routine.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from types import TracebackType

__all__ = ["Heartbeat"]

log = logging.getLogger(__name__)


class Heartbeat:
    """``with Heartbeat(renew, every=s):`` calls ``renew()`` every ``s`` seconds until the block
    ends; a failing renewal is logged and tried again at the next beat (the claim may still
    hold, and the conditional write decides in the end)."""

    def __init__(self, renew: Callable[[], None], *, every: float, name: str = "heartbeat") -> None:
        self._renew = renew
        self._every = max(every, 0.05)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            try:
                self._renew()
            except Exception as exc:  # a database hiccup: the next beat tries again
                log.warning("%s: renewal failed: %s", self._thread.name, exc)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()
