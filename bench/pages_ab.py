"""A/B benchmark: the same pages from two commits, against one loaded database.

    .venv/bin/python bench/pages_ab.py --before 83d710b \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_web_100k \
        [--after HEAD] [--rounds 5] [--per-round 2] \
        [--page lpa.zaltbommel:/ --page swv.coordinator:/termijnbewaking ...]

Fill the database first (`bench/web.py --database-url URL` leaves it loaded, or
`thuiszittertafel demo-data` plus `escalations run`); it must be at the newer commit's
migration, which the older code reads as well. Each commit is checked out in a temporary
`git worktree`; one process per commit signs in as each user through the login form
(Flask's test client, in process: no HTTP server, no network) and requests each page. The
rounds alternate between the two processes so that a change in the machine's load falls on
both alike. Printed per page: median and p95 of every request in ms, the statements per
request, and beside each the floor `GET /api/v1/me` of the same process and user, and the
ratio after/before.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = "/api/v1/me"
PAGES = [
    "lpa.zaltbommel:/",
    "swv.coordinator:/",
    "ib.maaswiel:/",
    "lpa.zaltbommel:/termijnbewaking",
    "lpa.zaltbommel:/mijn-afspraken",
    "swv.coordinator:/mijn-afspraken",
    "lpa.zaltbommel:/berichten",
    "swv.coordinator:/casussen",
]

# Runs inside the worktree's interpreter path: reads JSON lines of work on stdin, answers
# with JSON lines of timings.
WORKER = r"""
import json, os, re, sys, time
sys.path.insert(0, os.getcwd())
from sqlalchemy import event
from thuiszittertafel import create_app
from thuiszittertafel.demo.region import DEMO_PASSWORD
from thuiszittertafel.extensions import db

app = create_app()
with app.app_context():
    engine = db.engine
statements = [0]
def count(*_):
    statements[0] += 1
event.listen(engine, "before_cursor_execute", count)
clients = {}

def client(user):
    if user not in clients:
        c = app.test_client()
        page = c.get("/inloggen").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        form = {"username": user, "password": DEMO_PASSWORD, "csrf_token": token}
        r = c.post("/inloggen", data=form)
        assert r.status_code == 302, (user, r.status_code)
        clients[user] = c
    return clients[user]

for line in sys.stdin:
    user, path, times = json.loads(line)
    c = client(user)
    out = []
    for _ in range(times):
        for p in ("/api/v1/me", path):
            statements[0] = 0
            t0 = time.perf_counter()
            status = c.get(p).status_code
            out.append([p, (time.perf_counter() - t0) * 1000, statements[0], status])
    print(json.dumps(out), flush=True)
"""


def worktree(commit: str, into: Path) -> Path:
    path = into / commit.replace("/", "_")
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(path), commit],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", default="HEAD")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--per-round", type=int, default=2)
    parser.add_argument("--page", action="append", help="user:path (repeatable)")
    args = parser.parse_args()
    pages = [p.split(":", 1) for p in (args.page or PAGES)]
    env = {
        **os.environ,
        "THUISZITTERTAFEL_DATABASE_URL": args.database_url,
        "THUISZITTERTAFEL_SCHEDULER": "external",
    }
    with tempfile.TemporaryDirectory() as tmp:
        trees = {
            label: worktree(c, Path(tmp))
            for label, c in (("before", args.before), ("after", args.after))
        }
        workers = {
            label: subprocess.Popen(
                [sys.executable, "-c", WORKER],
                cwd=tree,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for label, tree in trees.items()
        }
        timings: dict = {}
        try:
            for _ in range(args.rounds):
                for user, path in pages:
                    for label, worker in workers.items():
                        worker.stdin.write(json.dumps([user, path, args.per_round]) + "\n")
                        worker.stdin.flush()
                        for p, ms, n, status in json.loads(worker.stdout.readline()):
                            key = (label, user, path, "floor" if p == FLOOR else "page")
                            timings.setdefault(key, []).append((ms, n, status))
        finally:
            for worker in workers.values():
                worker.stdin.close()
                worker.wait()
            for tree in trees.values():
                subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT)
    load = os.getloadavg()
    print(f"# bench/pages_ab.py: {args.before} -> {args.after}; load {load[0]:.1f} {load[2]:.1f}")
    print(
        "| user | page | before p50 / p95 (ms) | after p50 / p95 (ms) | after/before"
        " | floor before / after | SQL |"
    )
    print("|---|---|---:|---:|---:|---:|---|")
    for user, path in pages:
        row = {}
        for label in ("before", "after"):
            page = timings[(label, user, path, "page")]
            floor = [ms for ms, _, _ in timings[(label, user, path, "floor")]]
            ms = sorted(m for m, _, _ in page)
            p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
            statuses = {s for _, _, s in page}
            row[label] = (
                statistics.median(ms),
                p95,
                statistics.median(floor),
                page[-1][1],
                statuses,
            )
        b, a = row["before"], row["after"]
        status = "" if b[4] == a[4] == {200} else f" (status {sorted(b[4])} / {sorted(a[4])})"
        print(
            f"| {user} | {path}{status} | {b[0]:.0f} / {b[1]:.0f} | {a[0]:.0f} / {a[1]:.0f} "
            f"| {a[0] / b[0]:.2f} | {b[2]:.1f} / {a[2]:.1f} | {b[3]} → {a[3]} |"
        )


if __name__ == "__main__":
    main()
