"""Benchmark: one escalation pass over 10k and 100k open agreements.

    .venv/bin/python bench/escalation_pass.py --agreements 10000 100000 [--database-url URL]

Data comes from `thuiszittertafel demo-data --cases N/4 --seed 1` (four agreements per case)
in a fresh SQLite database unless a URL is given (PostgreSQL: an empty database). For each
size it times the first pass (which records every notice due: the catch-up after
downtime) and a second pass at the same moment (nothing new: the steady state every five
minutes), with the number of SQL statements each sent.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from thuiszittertafel import clock  # noqa: E402
from thuiszittertafel.config import Settings  # noqa: E402
from thuiszittertafel.escalation.jobs import run_escalations  # noqa: E402
from thuiszittertafel.extensions import make_engine  # noqa: E402


def measure(url: str, n_agreements: int) -> list[dict]:
    env = {"THUISZITTERTAFEL_DATABASE_URL": url, "THUISZITTERTAFEL_SECRET_KEY": "bench",
           "PATH": "/usr/bin:/bin"}
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "thuiszittertafel.cli", "demo-data", "--cases",
                    str(n_agreements // 4), "--seed", "1"], env=env, check=True,
                   capture_output=True)
    load_s = time.perf_counter() - t0
    engine = make_engine(url)
    statements = [0]

    @event.listens_for(engine, "before_cursor_execute")
    def count(*_):
        statements[0] += 1

    with engine.connect() as conn:
        open_agreements = conn.scalar(text("SELECT count(*) FROM agreements"
                                           " WHERE status = 'open'"))
    settings = Settings(database_url=url, secret_key="bench")
    now = clock.now()
    rows = []
    for label in ("eerste pass (inhalen)", "tweede pass (niets nieuws)"):
        statements[0] = 0
        t0 = time.perf_counter()
        result = run_escalations(engine, settings, now, live=False)
        wall = time.perf_counter() - t0
        rows.append({"agreements": open_agreements, "pass": label, "seconds": round(wall, 2),
                     "statements": statements[0], "due": result.due,
                     "recorded": result.recorded, "notifications": result.notifications,
                     "load_seconds": round(load_s, 1)})
    engine.dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agreements", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--database-url", help="default: a fresh SQLite file per size")
    args = parser.parse_args()
    print("| open afspraken | pass | wandtijd (s) | SQL-statements | due | vastgelegd |"
          " berichten |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for n in args.agreements:
        with tempfile.TemporaryDirectory() as tmp:
            url = args.database_url or f"sqlite:///{tmp}/bench.db"
            for r in measure(url, n):
                print(f"| {r['agreements']} | {r['pass']} | {r['seconds']} |"
                      f" {r['statements']} | {r['due']} | {r['recorded']} |"
                      f" {r['notifications']} |", flush=True)


if __name__ == "__main__":
    main()
