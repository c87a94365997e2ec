"""One page, statement by statement: where its time goes in the database.

    .venv/bin/python bench/profile_page.py lpa.zaltbommel / \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_web_100k \
        [--runs 3] [--top 6] [--explain "paused_until IS NULL"] [--python 25]

Signs in as a demo user through the login form (Flask's test client, in process) against a
loaded database (`bench/web.py --database-url URL`, or `thuiszittertafel demo-data` plus
`escalations run`), requests the page `--runs` times and prints for the last request: its
total time, the time spent in SQL (on SQLite only until the first row: the rest of a
statement's work falls in fetching, so `--python` shows it as `fetchall`), the statements,
and the slowest ones (the end of each statement, where its conditions are). `--explain
TEXT` runs EXPLAIN (ANALYZE, BUFFERS) on the slowest statement containing TEXT: on
PostgreSQL it shows which condition hashes the whole visible set. Reads only: EXPLAIN
ANALYZE of a SELECT changes nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("username", help="a demo account, e.g. lpa.zaltbommel")
    parser.add_argument("path", help="the page, e.g. / or /casussen?overdue=true")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=3, help="the last one is reported")
    parser.add_argument("--top", type=int, default=6, help="how many slow statements")
    parser.add_argument("--explain", metavar="TEXT", help="EXPLAIN the slowest one with TEXT")
    parser.add_argument(
        "--python", type=int, metavar="N", help="also print the N functions with most own time"
    )
    parser.add_argument(
        "--dump", metavar="FILE", help="write the slowest statement, values filled in (PostgreSQL)"
    )
    args = parser.parse_args()
    os.environ["THUISZITTERTAFEL_DATABASE_URL"] = args.database_url
    os.environ.setdefault("THUISZITTERTAFEL_SECRET_KEY", "bench")

    from sqlalchemy import event

    from thuiszittertafel import create_app
    from thuiszittertafel.demo.region import DEMO_PASSWORD
    from thuiszittertafel.extensions import db

    app = create_app()
    with app.app_context():
        engine = db.engine
    log: list[tuple[float, str, object]] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _start(conn, _cursor, _statement, _params, _context, _many):
        conn.info["bench_t0"] = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def _end(conn, _cursor, statement, params, _context, _many):
        log.append(((time.perf_counter() - conn.info["bench_t0"]) * 1000, statement, params))

    client = app.test_client()
    page = client.get("/inloggen").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    form = {"username": args.username, "password": DEMO_PASSWORD, "csrf_token": token}
    if client.post("/inloggen", data=form).status_code != 302:
        raise SystemExit(f"{args.username} could not sign in (a demo account?)")
    profiler = None
    for run in range(args.runs):
        log.clear()
        if args.python and run == args.runs - 1:
            profiler = cProfile.Profile()
            profiler.enable()
        t0 = time.perf_counter()
        response = client.get(args.path)
        total = (time.perf_counter() - t0) * 1000
    if profiler is not None:
        profiler.disable()
    in_sql = sum(ms for ms, _, _ in log)
    print(
        f"{args.username} GET {args.path}: {response.status_code}, {total:.0f} ms,"
        f" {in_sql:.0f} ms in {len(log)} statements"
    )
    slowest = sorted(log, key=lambda entry: -entry[0])
    for ms, statement, _ in slowest[: args.top]:
        print(f"{ms:8.1f} ms  …{' '.join(statement.split())[-600:]}")
    if profiler is not None:
        print("(Python profiled in the last run: its times include the profiler's overhead)")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.python)
    if args.dump and engine.dialect.name == "postgresql":
        import psycopg

        with psycopg.connect(args.database_url.replace("+psycopg", "")) as conn:
            text = psycopg.ClientCursor(conn).mogrify(slowest[0][1], slowest[0][2])
        Path(args.dump).write_text(text + ";\n")
    if args.explain:
        chosen = next((e for e in slowest if args.explain in " ".join(e[1].split())), None)
        if chosen is None:
            raise SystemExit(f"no statement of this page contains {args.explain!r}")
        prefix = "EXPLAIN (ANALYZE, BUFFERS) " if engine.dialect.name == "postgresql" else ""
        prefix = prefix or "EXPLAIN QUERY PLAN "
        with engine.connect() as conn:
            for row in conn.exec_driver_sql(prefix + chosen[1], chosen[2]):
                print(row[-1])


if __name__ == "__main__":
    main()
