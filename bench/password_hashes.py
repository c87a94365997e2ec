"""Benchmark: a burst of logins against the cap on Argon2id hashes at once (auth/passwords.py).

    .venv/bin/python bench/password_hashes.py [--logins 40] [--at-once 1 2 4 8]

Verifies `--logins` passwords from as many threads at once with the app's own hasher,
letting at most N run at the same moment, for each N; prints the wall time of the burst,
its ratio to N=1 (the floor, measured in the same run) and the process's peak RSS growth
(above the process after one hash; each hash holds its memory cost, 64 MiB, while it
runs). Run each N in a fresh process
(`--at-once` one value) for a clean peak; in one process the peak only grows.
"""

from __future__ import annotations

import argparse
import resource
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from thuiszittertafel.auth.passwords import _hasher  # noqa: E402


def burst(logins: int, at_once: int, stored: str) -> float:
    turns = threading.BoundedSemaphore(at_once)

    def login() -> None:
        with turns:
            _hasher.verify(stored, "lang-genoeg-wachtwoord")

    threads = [threading.Thread(target=login) for _ in range(logins)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logins", type=int, default=40)
    parser.add_argument("--at-once", type=int, nargs="+", default=[1, 2, 4, 8])
    args = parser.parse_args()
    stored = _hasher.hash("lang-genoeg-wachtwoord")
    base_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    floor = None
    print(
        f"{args.logins} logins at once; Argon2id m={_hasher.memory_cost} KiB,"
        f" t={_hasher.time_cost}, p={_hasher.parallelism}"
    )
    for n in args.at_once:
        seconds = burst(args.logins, n, stored)
        floor = floor or seconds
        peak_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base_kb) / 1024
        print(
            f"at most {n} at once: {seconds:.1f} s ({seconds / floor:.2f} × N={args.at_once[0]}),"
            f" peak RSS +{peak_mb:.0f} MB above one hash's so far"
        )


if __name__ == "__main__":
    main()
