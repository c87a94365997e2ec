"""The suite's second CI run (.ci/run) moves every Python process's real clock ahead by
THUISZITTERTAFEL_TEST_CLOCK_SHIFT_DAYS (tests/shifted_clock/sitecustomize.py). This proves the
move is active, in the test process and in a live server subprocess: without it that run
would pass on the real date and prove nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
import requests

SHIFT_DAYS = os.environ.get("THUISZITTERTAFEL_TEST_CLOCK_SHIFT_DAYS")
# The shift is measured against file times the kernel stamps; allow for a slow machine.
SLACK_SECONDS = 600

moved = pytest.mark.skipif(
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


@moved
def test_this_process_reads_a_moved_clock(tmp_path):
    true = _kernel_now(tmp_path)
    _assert_shifted(time.time(), true)
    _assert_shifted(datetime.now(UTC).timestamp(), true)


@moved
def test_a_live_server_reads_a_moved_clock(server, tmp_path):
    """gunicorn stamps every answer's Date header from the server process's time.time()."""
    answer = requests.get(server.url + "/inloggen", timeout=10)
    true = _kernel_now(tmp_path)
    assert answer.status_code == 200
    _assert_shifted(parsedate_to_datetime(answer.headers["Date"]).timestamp(), true)


# In a process of the moved run: sleep before the first read of the clock, then compare it
# with the kernel's time (a new file's mtime), less the shift.
_LATE_READER = """
import os, time
time.sleep(1.0)
seen = time.time()
path = os.path.join({folder!r}, "late")
open(path, "wb").close()
print(seen - os.stat(path).st_mtime - 3 * 86400)
"""


def test_a_process_that_reads_the_clock_late_is_not_behind(tmp_path):
    """time-machine starts a ticking clock at its first read, not when it is moved: a process
    that first read the time a second after starting ran a second behind the others, and a
    session cookie one web process signed was "from the future" on the other (itsdangerous
    refuses that), so a live socket was refused (CI, 04-12-2026). sitecustomize reads the
    clock at once."""
    folder = Path(__file__).parent / "shifted_clock"
    env = {**os.environ, "PYTHONPATH": str(folder), "THUISZITTERTAFEL_TEST_CLOCK_SHIFT_DAYS": "3"}
    out = subprocess.run(
        [sys.executable, "-c", _LATE_READER.format(folder=str(tmp_path))],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert abs(float(out.stdout)) < 0.25, (
        f"the late reader's clock is off by {out.stdout.strip()} s"
    )
