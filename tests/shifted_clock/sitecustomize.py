"""Every Python process of a test run, a year (or THUISZITTERTAFEL_TEST_CLOCK_SHIFT_DAYS)
ahead: `.ci/run` puts this folder on PYTHONPATH for a second run of the suite, so the test
runner, its xdist workers, the live servers and the CLI subprocesses all read a moved real
clock. Tests own their clock (frozen on both sides of a live test or on neither), so the
date must not matter.

time-machine moves what Python reads (time.time, datetime.now, date.today) and leaves the
monotonic clock and the kernel's timed waits alone (libfaketime moved those too, and every
timed wait then lasted the shift).
"""

import os

_days = os.environ.get("THUISZITTERTAFEL_TEST_CLOCK_SHIFT_DAYS")
if _days:
    import datetime
    import time

    import time_machine

    time_machine.travel(datetime.timedelta(days=int(_days)), tick=True).start()
    # time-machine starts the moved clock ticking at its first read, not at `start()`: a
    # process that first read the time later ran that much behind the others (a web
    # process a second behind found the other's session cookies signed in the future).
    time.time()
