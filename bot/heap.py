"""What a process keeps for good, moved out of the garbage collector's way.

A full collection walks every object the collector tracks: with the modules, the ORM and
python-telegram-bot loaded, some 100,000 of them (more with the spaCy model), about 50 ms each
time on the machines measured. A /when over the recent stories reads a few thousand rows, so
every few calls one of them sets a full collection off, and that pause was most of its p95
(``benchmarks/queries.py``). Once the bot is ready, and again once the model has loaded,
``freeze_long_lived`` collects what is already garbage and moves the rest to the permanent
generation (``gc.freeze``); later collections walk only what requests create.
"""

from __future__ import annotations

import gc

__all__ = ["freeze_long_lived"]


def freeze_long_lived() -> None:
    """Collect garbage, then keep every surviving object out of later collections."""
    gc.collect()
    gc.freeze()
