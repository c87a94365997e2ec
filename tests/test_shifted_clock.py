"""The suite's second CI run (.ci/run) moves every Python process's real clock ahead by
THUISZITTERTAFEL_TEST_CLOCK_SHIFT_DAYS (tests/shifted_clock/sitecustomize.py). This proves the
move is active, in the test process and in a live server subprocess: without it that run
would pass on the real date and prove nothing."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
import requests

SHIFT_DAYS = os.environ.get("THUISZITTERTAFEL_TEST_CLOCK_SHIFT_DAYS")
# The shift is measured against file times the kernel stamps; allow for a slow machine.
SLACK_SECONDS = 600

pytestmark = pytest.mark.skipif(
    not SHIFT_DAYS,
    reason="THUISZITTERTAFEL_TEST_CLOCK_SHIFT_DAYS is not set: this run uses the real clock"
    " (.ci/run sets it for the suite's second run)",
)


def _kernel_now(folder: Path) -> float:
    """The true time: the kernel stamps a new file's mtime, which time-machine cannot move."""
    marker = folder / f"now-{time.monotonic_ns()}"
    marker.write_bytes(b"")
    return marker.stat().st_mtime


def _assert_shifted(seen: float, true: float) -> None:
    shift = int(SHIFT_DAYS or 0) * 86400
    off = seen - true - shift
    assert abs(off) < SLACK_SECONDS, (
        f"clock is {(seen - true) / 86400:.2f} days ahead, expected {SHIFT_DAYS}: is"
        " tests/shifted_clock on PYTHONPATH?"
    )


def test_this_process_reads_a_moved_clock(tmp_path):
    true = _kernel_now(tmp_path)
    _assert_shifted(time.time(), true)
    _assert_shifted(datetime.now(UTC).timestamp(), true)


def test_a_live_server_reads_a_moved_clock(server, tmp_path):
    """gunicorn stamps every answer's Date header from the server process's time.time()."""
    answer = requests.get(server.url + "/inloggen", timeout=10)
    true = _kernel_now(tmp_path)
    assert answer.status_code == 200
    _assert_shifted(parsedate_to_datetime(answer.headers["Date"]).timestamp(), true)
