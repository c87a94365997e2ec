"""The web process's garbage collector (core/collector.py): settled once the app is built."""

from __future__ import annotations

import gc
import weakref

import pytest

from thuiszittertafel.core.collector import YOUNG_THRESHOLD, settle_after_start


@pytest.fixture
def collector():
    """The test process's collector as it was, afterwards."""
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


class _Node:
    pass


def test_settling_collects_start_up_garbage_then_freezes_the_rest(collector):
    # A reference cycle nobody holds: garbage that only the cyclic collector frees.
    node = _Node()
    node.self = node
    gone = weakref.ref(node)
    del node
    gc.disable()  # no collection may run by chance before settling
    try:
        settle_after_start()
    finally:
        gc.enable()
    assert gone() is None, "frozen garbage would never be freed"
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD


def test_the_server_settles_the_collector_after_building_the_app(collector, app):
    from thuiszittertafel.server import _Server

    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    built = _Server(app.config["SETTINGS"], {"bind": "127.0.0.1:0"}).load()
    assert built.name == app.name
    assert gc.get_freeze_count() > 0 and gc.get_threshold()[0] == YOUNG_THRESHOLD
