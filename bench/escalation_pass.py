"""Benchmark: one escalation pass over 10k and 100k open agreements.

    .venv/bin/python bench/escalation_pass.py --agreements 10000 100000 [--database-url URL]
        [--thuiszitterstafels N] [--width W] [--regions R] [--no-load] [--reset]

Data comes from `thuiszittertafel demo-data --cases N/4 --seed 1 --regions R` (four
agreements per case; R regions, default 1: more regions means more organisations and people
to tell, as across the country) in a fresh SQLite database unless a URL is given
(PostgreSQL: an empty database). For each size it times the first pass (which records every
notice due: the catch-up after downtime) and a second pass at the same moment (nothing new:
the steady state every five minutes), with the number of SQL statements each sent and the
CPU time of this process (on a shared machine the wall time varies with the load; on
PostgreSQL the server's work is not in it). With --thuiszitterstafels N the demo SWV
coordinator first plans a series of N draft thuiszitterstafels (every four weeks from next
week), so the three-month cases are put on their agendas too (DESIGN §6). Each row also
gives the peak RSS of this process so far (the load runs in a child process): a pass holds
one slice of `--width` case ids at a time (escalation/notices.SLICE); `--width 1000000000`
is one slice, as before slicing.
`--no-load` measures the database at --database-url as it is; `--reset` first deletes the
recorded notices and notifications and the marks of settled agreements, so the first pass
catches up again.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from thuiszittertafel import clock  # noqa: E402
from thuiszittertafel.auth.models import Role, User, UserRole  # noqa: E402
from thuiszittertafel.config import Settings  # noqa: E402
from thuiszittertafel.escalation.jobs import run_escalations  # noqa: E402
from thuiszittertafel.extensions import make_engine  # noqa: E402
from thuiszittertafel.meetings.services import create_meeting  # noqa: E402
from thuiszittertafel.organisations.models import Organisation, OrgKind  # noqa: E402


def plan_thuiszitterstafels(engine, count: int, now) -> None:
    """A series of `count` draft thuiszitterstafels chaired by the demo SWV coordinator."""
    with Session(engine) as session:
        chair = session.scalar(
            select(User)
            .join(UserRole)
            .join(Organisation, Organisation.id == User.org_id)
            .where(UserRole.role == Role.coordinator.value, Organisation.kind == OrgKind.swv)
            .order_by(User.id)
        )
        start = clock.local(now + timedelta(weeks=1)).replace(hour=14, minute=0)
        create_meeting(
            session,
            chair,
            {
                "kind": "thuiszitterstafel",
                "title": "Thuiszitterstafel (benchmark)",
                "starts_at": start.replace(tzinfo=None).isoformat(timespec="minutes"),
                **({"repeat_every_weeks": 4, "repeat_count": count} if count > 1 else {}),
            },
            now=now,
        )
        session.commit()


def measure(
    url: str,
    n_agreements: int,
    thuiszitterstafels: int = 0,
    *,
    width: int | None = None,
    regions: int = 1,
    load: bool = True,
    reset: bool = False,
) -> list[dict]:
    env = {
        "THUISZITTERTAFEL_DATABASE_URL": url,
        "THUISZITTERTAFEL_SECRET_KEY": "bench",
        "PATH": "/usr/bin:/bin",
    }
    t0 = time.perf_counter()
    if load:
        _load(env, n_agreements, regions)
    load_s = time.perf_counter() - t0
    engine = make_engine(url)
    if reset:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM notifications"))
            conn.execute(text("DELETE FROM escalation_notices"))
            # Settled agreements are skipped (escalation/notices.settle): forget the marks
            # too, or the "first pass" would only look at what no pass had settled yet.
            conn.execute(
                text(
                    "UPDATE agreements SET notices_done_occurrence = NULL,"
                    " notices_done_term_version = NULL WHERE notices_done_occurrence IS NOT NULL"
                    " OR notices_done_term_version IS NOT NULL"
                )
            )
    return _passes(engine, url, thuiszitterstafels, width, load_s)


def _load(env: dict, n_agreements: int, regions: int) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "thuiszittertafel.cli",
            "demo-data",
            "--cases",
            str(n_agreements // 4),
            "--seed",
            "1",
            "--regions",
            str(regions),
        ],
        env=env,
        check=True,
        capture_output=True,
    )


def _passes(engine, url: str, thuiszitterstafels: int, width: int | None, load_s: float):
    statements = [0]

    @event.listens_for(engine, "before_cursor_execute")
    def count(*_):
        statements[0] += 1

    with engine.connect() as conn:
        open_agreements = conn.scalar(text("SELECT count(*) FROM agreements WHERE status = 'open'"))
    if engine.dialect.name == "postgresql":
        # What autovacuum does within a minute of a bulk load: without statistics the
        # planner takes the freshly filled tables for empty (a nested loop over 2,500 × 7,000
        # participations cost 0.5 s of the 10k pass).
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    settings = Settings(database_url=url, secret_key="bench")
    now = clock.now()
    if thuiszitterstafels:
        plan_thuiszitterstafels(engine, thuiszitterstafels, now)
    rows = []
    for label in ("eerste pass (inhalen)", "tweede pass (niets nieuws)"):
        statements[0] = 0
        t0, cpu0 = time.perf_counter(), time.process_time()
        options = {"width": width} if width else {}
        result = run_escalations(engine, settings, now, live=False, **options)
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        rows.append(
            {
                "agreements": open_agreements,
                "pass": label,
                "seconds": round(wall, 2),
                "cpu": round(cpu, 2),
                "statements": statements[0],
                "due": result.due,
                "recorded": result.recorded,
                "notifications": result.notifications,
                "placed": result.placed,
                "load_seconds": round(load_s, 1),
                # Linux reports kilobytes: the peak of this process so far.
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
            }
        )
    engine.dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agreements", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--database-url", help="default: a fresh SQLite file per size")
    parser.add_argument(
        "--thuiszitterstafels",
        type=int,
        default=0,
        help="plan this many draft thuiszitterstafels first (default: none)",
    )
    parser.add_argument("--width", type=int, help="case ids per slice of a pass")
    parser.add_argument("--regions", type=int, default=1, help="demo regions (default 1)")
    parser.add_argument("--no-load", action="store_true", help="use the database as it is")
    parser.add_argument("--reset", action="store_true", help="forget recorded notices first")
    args = parser.parse_args()
    print(
        "| open afspraken | pass | wandtijd (s) | CPU dit proces (s) | SQL-statements | due |"
        " vastgelegd | berichten | op agenda | piek-RSS (MB) |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in args.agreements:
        with tempfile.TemporaryDirectory() as tmp:
            url = args.database_url or f"sqlite:///{tmp}/bench.db"
            rows = measure(
                url,
                n,
                args.thuiszitterstafels,
                width=args.width,
                regions=args.regions,
                load=not args.no_load,
                reset=args.reset,
            )
            for r in rows:
                print(
                    f"| {r['agreements']} | {r['pass']} | {r['seconds']} | {r['cpu']} |"
                    f" {r['statements']} | {r['due']} | {r['recorded']} |"
                    f" {r['notifications']} | {r['placed']} | {r['peak_mb']} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
