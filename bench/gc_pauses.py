"""What Python's garbage collector costs the web process's pages: as Python starts it, and
settled after start-up as `thuiszittertafel serve` does (core/collector.settle_after_start).

    .venv/bin/python bench/gc_pauses.py \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_1m_r80 \
        [--rounds 6] [--page lpa.zaltbommel.r8:/ --page lpa.zaltbommel.r8:/rapportages ...]

One process per variant (the collector's state is per process) builds the app, signs in
through the login form (Flask's test client, in process) and requests every page once per
round; the first round warms up and is not counted. The rounds alternate between the two
processes. Printed per page: median and p95 of the request in ms, the collector's own
time per request (gc.callbacks), and the number and median length of full (generation 2)
collections, each variant beside the other, with the ratio settled/plain; and how many
objects the collector tracks and has frozen after start-up.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "lpa.zaltbommel:/",
    "lpa.zaltbommel:/casussen",
    "lpa.zaltbommel:/rapportages",
    "lpa.zaltbommel:/berichten",
    "lpa.zaltbommel:/mijn-afspraken",
    "swv.coordinator:/",
]

# Reads a JSON line per round on stdin; answers each with a JSON line of timings.
WORKER = r"""
import gc, json, re, sys, time
from thuiszittertafel import create_app
from thuiszittertafel.core.collector import settle_after_start
from thuiszittertafel.demo.region import DEMO_PASSWORD

app = create_app()
tracked = len(gc.get_objects())  # what the collector walks after start-up
if sys.argv[1] == "settled":
    settle_after_start()
    tracked = len(gc.get_objects())
pauses, started = [], [0.0]
def watch(phase, info):
    if phase == "start":
        started[0] = time.perf_counter()
    else:
        pauses.append((info["generation"], (time.perf_counter() - started[0]) * 1000))
gc.callbacks.append(watch)
clients = {}
def client(user):
    if user not in clients:
        c = clients[user] = app.test_client()
        page = c.get("/inloggen").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        form = {"username": user, "password": DEMO_PASSWORD, "csrf_token": token}
        if c.post("/inloggen", data=form).status_code != 302:
            raise SystemExit(f"{user} could not sign in (a demo account?)")
    return clients[user]
print("ready", tracked, gc.get_freeze_count(), flush=True)
for line in sys.stdin:
    out = []
    for spec in json.loads(line):
        user, path = spec.split(":", 1)
        c = client(user)
        pauses.clear()
        t0 = time.perf_counter()
        status = c.get(path).status_code
        ms = (time.perf_counter() - t0) * 1000
        out.append([spec, status, ms, pauses[:]])
    print(json.dumps(out), flush=True)
"""

VARIANTS = ("plain", "settled")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--page", action="append", help="user:path (repeatable)")
    args = parser.parse_args()
    pages = args.page or PAGES
    env = {
        **os.environ,
        "THUISZITTERTAFEL_DATABASE_URL": args.database_url,
        "THUISZITTERTAFEL_SECRET_KEY": os.environ.get("THUISZITTERTAFEL_SECRET_KEY", "bench"),
        "PYTHONPATH": str(ROOT),
    }
    workers = {
        v: subprocess.Popen(
            [sys.executable, "-c", WORKER, v],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        for v in VARIANTS
    }
    started = {}
    for v, w in workers.items():
        ready, *counts = w.stdout.readline().split()
        if ready != "ready":
            raise SystemExit(f"the {v} worker did not start")
        started[v] = counts
    results: dict[str, dict[str, list]] = {v: {p: [] for p in pages} for v in VARIANTS}
    for n in range(args.rounds + 1):
        for v in VARIANTS if n % 2 == 0 else reversed(VARIANTS):
            w = workers[v]
            w.stdin.write(json.dumps(pages) + "\n")
            w.stdin.flush()
            for spec, status, ms, pauses in json.loads(w.stdout.readline()):
                if status != 200:
                    raise SystemExit(f"{spec}: {status} ({v})")
                if n > 0:  # the first round warms up
                    results[v][spec].append((ms, pauses))
    for w in workers.values():
        w.stdin.close()
        w.wait()
    _print(results, pages, args)
    for v, (tracked, frozen) in started.items():
        print(f"{v}: after start-up the collector tracks {tracked} objects ({frozen} frozen)")
    return 0


def _summary(samples) -> tuple[float, float, float, int, float]:
    times = sorted(ms for ms, _ in samples)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    collector = statistics.median(sum(ms for _, ms in pauses) for _, pauses in samples)
    full = [ms for _, pauses in samples for gen, ms in pauses if gen == 2]
    return statistics.median(times), p95, collector, len(full), statistics.median(full or [0])


def _print(results, pages, args) -> None:
    print(f"# bench/gc_pauses.py: {args.rounds} rounds after one to warm up; load {_load()}")
    print()
    print(
        "| page | plain p50 | p95 | gc/request | full (median ms) | settled p50 | p95 |"
        " gc/request | full (median ms) | p50 settled/plain |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for spec in pages:
        cells, p50 = [], {}
        for v in VARIANTS:
            m50, m95, collector, full, full_ms = _summary(results[v][spec])
            p50[v] = m50
            cells.append(f"{m50:.1f} | {m95:.1f} | {collector:.1f} | {full} ({full_ms:.0f})")
        print(f"| {spec} | {' | '.join(cells)} | {p50['settled'] / p50['plain']:.2f} |")


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
