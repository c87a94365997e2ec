"""Python's cyclic garbage collector in the web process: settled after start-up, and paused
while a large in-memory pass runs."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Young objects collected after this many new ones rather than Python's 700: a page that
# loads a few thousand rows set off dozens of young collections.
YOUNG_THRESHOLD = 10_000


def settle_after_start() -> None:
    """Once the web application is built: what start-up made (modules, the schema, the
    law's tables, some 200,000 objects) lives as long as the process, so it is moved out of
    the collector's sight (`gc.freeze`), after the start-up's own garbage is collected.

    Every full collection walked all of it: at 1M cases one took 140-170 ms, mostly in
    leerplicht's /rapportages (9 in 14 of its views). Frozen, a full collection walks only
    what requests made since, and with the higher young threshold far fewer run: over 14
    rounds of seven pages none ran, the collector's time per round fell from ~180 to
    ~45 ms and /rapportages from 834 to 707 ms p50 (`bench/gc_pauses.py`)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the length of a pass.

    A pass over 100k cases or agreements holds hundreds of thousands of tuples and objects
    until it ends, none of them garbage, and every full collection walks them all: at 100k
    agreements nine of them took 0.8 s of a 4.3 s pass, and half the CPU of a jaarverslag.
    Reference counting frees everything as usual; only the search for reference cycles
    waits until the pass is over.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
