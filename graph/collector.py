"""Python's cyclic garbage collector held off around a build's allocation bursts."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector held off while a build runs. Scoring allocates a few containers
    per candidate pair (hundreds of thousands in a large build) and the builder a few per entity and
    link; each burst makes the collector walk every long-lived object of the world again: a quarter of
    a 20,000-person resolution and a third of a small commit went to that, and a build makes no cycles
    that need collecting meanwhile (what it drops is freed by reference counting). The collector is
    turned back on only if it was on (nested or concurrent uses leave it as they found it)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
