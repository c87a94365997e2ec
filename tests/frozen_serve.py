"""`python -m tests.frozen_serve ISO-TIME <cli args>`: the real CLI with the clock frozen.

Live tests create tokens, cases and terms on the test's frozen clock; the server they talk
to must read the same clock, or a token issued "at" 25-11-2026 is expired on any later real
date. gunicorn forks its worker from this process, so the frozen clock carries over.
"""

from __future__ import annotations

import sys
from datetime import datetime

from thuiszittertafel import cli, clock


def main(argv: list[str]) -> int:
    clock.freeze(datetime.fromisoformat(argv[0]))
    return cli.main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
