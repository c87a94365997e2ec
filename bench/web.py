"""Benchmark: the case table, the pages and the work lists, as three kinds of user.

    .venv/bin/python bench/web.py --cases 10000 [--database-url URL] [--runs 20] [--seed 1]
        [--regions 1] [--budget 20] [--no-load] [--keep]

Loads `thuiszittertafel demo-data --cases N --seed S --regions R` into a fresh database (SQLite in a
temporary folder, or the empty database at URL), runs one escalation pass (`escalations
run`: the notices, berichten and suggestions a live region has), then starts the real
server (`thuiszittertafel serve`, through bench/web_serve.py, which only adds the number of
SQL statements to each response) and requests, logged in through the form as

- the busiest leerplicht account (vast aanspreekpunt on the most cases),
- the SWV coordinator of the SWV with the most cases,
- the zorgcoördinator of the school with the most cases,

the case table `/api/v1/cases` (first page, the last page, each filter, search `q=jan`, each
sort; 50 per page), the pages `/casussen`, `/casussen/<id>` (the case longest at home),
`/`, `/berichten`, `/mijn-afspraken`, `/termijnbewaking`, `/regie`, `/rapportages` and the
meeting suggestions, one after another (one client, no concurrency). Before every timed
request it times the floor `GET /api/v1/me` (session, user and JSON, no case query), so
the ratio compares with the floor under the same load. Per request: p50/p95 over `--runs`
(fewer once a request has used `--budget` seconds, at least 5), ratios to the user's floor,
SQL statements per request; the web process's peak RSS; then the plans (EXPLAIN ANALYZE on
PostgreSQL, EXPLAIN QUERY PLAN and the time on SQLite) of the case-list queries (the count
and the page) of the first page and of the slowest case-table request of each user.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import requests
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from thuiszittertafel import clock, models  # noqa: E402, F401 - every mapper, for the ORM
from thuiszittertafel.auth.models import Role, User, UserRole  # noqa: E402
from thuiszittertafel.cases import queries  # noqa: E402
from thuiszittertafel.cases.filters import SORTS, parse  # noqa: E402
from thuiszittertafel.cases.models import Case, Participation, Pupil  # noqa: E402
from thuiszittertafel.demo.region import DEMO_PASSWORD  # noqa: E402
from thuiszittertafel.escalation.model import load as load_model  # noqa: E402
from thuiszittertafel.extensions import make_engine  # noqa: E402
from thuiszittertafel.organisations.models import Municipality, Organisation, OrgKind  # noqa: E402

FLOOR = "/api/v1/me"
HEADER = "X-Bench-Statements"  # set by bench/web_serve.py
CASES = "/api/v1/cases?per_page=50"
MIN_RUNS = 5


def run_cli(env: dict, *args: str) -> tuple[float, int, str]:
    """Run `thuiszittertafel …`; wall seconds, peak RSS (MB) of that process, stdout."""
    with tempfile.TemporaryFile("w+") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "thuiszittertafel.cli", *args], env=env, cwd=ROOT, stdout=out
        )
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - t0
        out.seek(0)
        if proc.returncode:
            raise SystemExit(f"thuiszittertafel {' '.join(args)} failed ({proc.returncode})")
        return seconds, usage.ru_maxrss // 1024, out.read()


class Server:
    """`thuiszittertafel serve` (gunicorn, one worker) through bench/web_serve.py."""

    def __init__(self, env: dict, log: Path):
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        # No scheduler in the web process: no escalation pass runs while we measure.
        env = {**env, "THUISZITTERTAFEL_SCHEDULER": "external"}
        command = [sys.executable, str(ROOT / "bench" / "web_serve.py"), "serve"]
        with open(log, "w") as out:
            self.process = subprocess.Popen(
                [*command, "--port", str(self.port), "--threads", "8"],
                env=env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if requests.get(self.url + "/inloggen", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"server did not start:\n{log.read_text()[-3000:]}")

    def worker_memory(self) -> tuple[int, int]:
        """(current, peak) resident MB of the gunicorn worker (the master's child)."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        status = Path(f"/proc/{children[0] if children else pid}/status").read_text()
        kb = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.M))
        return int(kb["VmRSS"]) // 1024, int(kb["VmHWM"]) // 1024

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()


def pick_users(session: Session) -> dict[str, str]:
    """label -> username: the busiest leerplicht account, the SWV coordinator, a school."""
    contact_cases = (
        select(User.username)
        .join(Organisation, Organisation.id == User.org_id)
        .outerjoin(
            Participation,
            (Participation.contact_user_id == User.id) & Participation.ended_on.is_(None),
        )
        .where(Organisation.kind == OrgKind.leerplicht, User.active)
        .group_by(User.id, User.username)
        .order_by(func.count(Participation.id).desc(), User.id)
    )

    def coordinator_of(kind: OrgKind, cases_of_org) -> str:
        return session.scalar(
            select(User.username)
            .join(UserRole, UserRole.user_id == User.id)
            .join(Organisation, Organisation.id == User.org_id)
            .where(Organisation.kind == kind, UserRole.role == Role.coordinator.value, User.active)
            .order_by(cases_of_org.scalar_subquery().desc(), User.id)
        )

    swv_cases = select(func.count()).where(Case.swv_org_id == Organisation.id)
    school_cases = select(func.count()).where(
        Participation.org_id == Organisation.id, Participation.ended_on.is_(None)
    )
    return {
        "leerplicht": session.scalar(contact_cases),
        "swv-coordinator": coordinator_of(OrgKind.swv, swv_cases),
        "school": coordinator_of(OrgKind.school, school_cases),
    }


def login(base: str, username: str) -> requests.Session:
    client = requests.Session()
    form = client.get(base + "/inloggen").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
    done = client.post(
        base + "/inloggen",
        data={"username": username, "password": DEMO_PASSWORD, "csrf_token": token},
        allow_redirects=False,
    )
    if done.status_code != 302:
        raise SystemExit(f"login as {username} failed ({done.status_code})")
    return client


def requests_for(client, base: str, school_id: int, swv_id: int, muni: str) -> list:
    """(label, path) of everything measured for one user."""
    first = client.get(base + CASES).json()
    last_page = max(1, -(-first["total"] // 50))
    longest = client.get(base + "/api/v1/cases?per_page=1&sort=days_absent").json()["items"]
    todo = [
        ("cases: first page", CASES),
        (f"cases: last page ({last_page})", f"{CASES}&page={last_page}"),
        ("cases: kind=relatief", f"{CASES}&kind=relatief"),
        ("cases: phase=3", f"{CASES}&phase=3"),
        ("cases: status=open", f"{CASES}&status=open"),
        ("cases: lead_org_id (SWV)", f"{CASES}&lead_org_id={swv_id}"),
        ("cases: school_org_id", f"{CASES}&school_org_id={school_id}"),
        ("cases: municipality", f"{CASES}&municipality={muni}"),
        ("cases: mine=true", f"{CASES}&mine=true"),
        ("cases: overdue=true", f"{CASES}&overdue=true"),
        ("cases: thuiszitter=true", f"{CASES}&thuiszitter=true"),
        ("cases: q=jan", f"{CASES}&q=jan"),
    ]
    todo += [(f"cases: sort={s}", f"{CASES}&sort={s}") for s in SORTS if s != "id"]
    todo += [
        ("page /casussen", "/casussen"),
        ("page /casussen/<id>", f"/casussen/{longest[0]['id']}" if longest else None),
        ("page /", "/"),
        ("page /berichten", "/berichten"),
        ("page /mijn-afspraken", "/mijn-afspraken"),
        ("page /termijnbewaking", "/termijnbewaking"),
        ("page /regie", "/regie"),
        ("page /rapportages", "/rapportages"),
        ("api meetings/suggestions", "/api/v1/meetings/suggestions"),
    ]
    return [(label, path, first["total"]) for label, path in todo if path]


def timed(client, url: str) -> tuple[float, requests.Response]:
    t0 = time.perf_counter()
    response = client.get(url)
    return (time.perf_counter() - t0) * 1000, response


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def measure(client, base: str, todo: list, runs: int, budget: float) -> tuple[list, list]:
    """Rows (label, path, n, p50, p95, statements, status) and every floor sample."""
    rows, floors = [], []
    for label, path, _ in todo:
        warm = client.get(base + path)
        if warm.status_code != 200:
            rows.append((label, path, 0, None, None, None, warm.status_code))
            continue
        samples, statements, started = [], [], time.perf_counter()
        for i in range(runs):
            floors.append(timed(client, base + FLOOR)[0])
            ms, response = timed(client, base + path)
            if response.status_code != 200:
                raise SystemExit(f"{path}: {response.status_code}")
            samples.append(ms)
            statements.append(int(response.headers[HEADER]))
            if i + 1 >= MIN_RUNS and time.perf_counter() - started > budget:
                break
        rows.append(
            (
                label,
                path,
                len(samples),
                statistics.median(samples),
                p95(samples),
                statistics.median(statements),
                200,
            )
        )
    return rows, floors


def explain(session: Session, user: User, path: str) -> list[str]:
    """The plans of the two slowest statements the case list sends for this request's
    filters (whichever they are: the count, the page, a sort's or filter's own lookup)."""
    params = dict(parse_qsl(urlsplit(path).query))
    f = parse(params, phases=load_model().phase_numbers)
    sent: list[tuple[float, str, object]] = []
    engine = session.get_bind()

    def start(conn, cursor, statement, parameters, context, executemany):
        context._bench_started = time.perf_counter()

    def done(conn, cursor, statement, parameters, context, executemany):
        sent.append((time.perf_counter() - context._bench_started, statement, parameters))

    event.listen(engine, "before_cursor_execute", start)
    event.listen(engine, "after_cursor_execute", done)
    try:
        queries.case_page(session, user, f, clock.today())
    finally:
        event.remove(engine, "before_cursor_execute", start)
        event.remove(engine, "after_cursor_execute", done)
    session.rollback()
    selects = [x for x in sent if x[1].lstrip().upper().startswith(("SELECT", "WITH"))]
    slowest = sorted(selects, key=lambda x: x[0], reverse=True)[:2]
    lines = []
    conn = session.connection()
    postgres = engine.dialect.name == "postgresql"
    for rank, (seconds, statement, parameters) in enumerate(slowest, 1):
        name = f"slowest {rank} of {len(selects)} ({seconds * 1000:.0f} ms as sent)"
        if postgres:
            plan = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
            lines += [f"  -- {name}"] + ["    " + row[0] for row in plan]
            continue
        t0 = time.perf_counter()
        conn.exec_driver_sql(statement, parameters).all()
        ms = (time.perf_counter() - t0) * 1000
        depth: dict[int, int] = {0: 0}
        lines.append(f"  -- {name}; with its rows fetched {ms:.0f} ms")
        for node, parent, _, detail in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + statement, parameters
        ):
            depth[node] = depth.get(parent, 0) + 1
            lines.append("  " + "  " * depth[node] + detail)
    session.rollback()
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--regions",
        type=int,
        default=1,
        help="spread the cases over this many copies of the demo region (demo-data --regions)",
    )
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--budget", type=float, default=20, help="seconds per request")
    parser.add_argument("--database-url", help="an empty database (default: a fresh SQLite)")
    parser.add_argument(
        "--no-load", action="store_true", help="measure the database at URL as it is"
    )
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file and the log")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench_web_"))
    url = args.database_url or f"sqlite:///{tmp}/bench.db"
    env = {
        **os.environ,
        "THUISZITTERTAFEL_DATABASE_URL": url,
        "THUISZITTERTAFEL_SECRET_KEY": "bench",
    }
    print(f"# bench/web.py, {datetime.now():%Y-%m-%d %H:%M}, {platform.node()}")
    print(
        f"machine: {os.cpu_count()} CPUs, {_cpu_model()}, Python {platform.python_version()};"
        f" load average {_load()}"
    )
    if not args.no_load:
        seconds, rss, _ = run_cli(
            env,
            "demo-data",
            "--cases",
            str(args.cases),
            "--seed",
            str(args.seed),
            "--regions",
            str(args.regions),
        )
        print(
            f"demo-data --cases {args.cases} --regions {args.regions}: {seconds:.1f} s,"
            f" peak RSS {rss} MB"
        )
        seconds, rss, _ = run_cli(env, "escalations", "run")
        print(f"escalations run: {seconds:.1f} s, peak RSS {rss} MB; load average {_load()}")
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        # The escalation pass wrote notices and berichten since demo-data's ANALYZE;
        # autovacuum would analyse them within a minute.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")
    with Session(engine) as session:
        print(f"database: {engine.dialect.name} {_version(session)}, {_counts(session)}")
        users = pick_users(session)
        school_id, swv_id = session.execute(
            select(User.org_id, Organisation.swv_id)
            .join(Organisation, Organisation.id == User.org_id)
            .where(User.username == users["school"])
        ).one()
        muni = session.scalar(
            select(Municipality.name)
            .join(Pupil, Pupil.municipality_id == Municipality.id)
            .group_by(Municipality.name)
            .order_by(func.count().desc())
        )
    server = Server(env, tmp / "server.log")
    results = {}
    try:
        rss_start = server.worker_memory()[0]
        for label, username in users.items():
            client = login(server.url, username)
            todo = requests_for(client, server.url, school_id, swv_id, muni)
            rows, floors = measure(client, server.url, todo, args.runs, args.budget)
            results[label] = (username, todo[0][2], rows, floors)
        rss_now, rss_peak = server.worker_memory()
    finally:
        server.stop()
    print(f"load average after: {_load()}")
    print(
        f"web process RSS: {rss_start} MB after start, {rss_now} MB at the end, peak {rss_peak} MB"
    )
    print_table(results, args.runs)
    print_plans(engine, results)
    engine.dispose()
    if args.keep:
        print(f"kept: {url} (server log {tmp / 'server.log'})")
    else:
        shutil.rmtree(tmp)
    return 0


def print_table(results: dict, runs: int) -> None:
    """One row per request, per user p50, p95 (n when the budget cut it short) and p50 as a
    multiple of that user's floor p50; the SQL statements per request."""
    print()
    print(
        ", ".join(
            f"{label} = {u} ({total} visible cases)" for label, (u, total, _, _) in results.items()
        )
    )
    print()
    head = " | ".join(f"{label} p50 | p95 | ×floor" for label in results)
    print(f"| request (ms) | {head} | SQL |")
    print("|---|" + "---:|---:|---:|" * len(results) + "---:|")
    floors = {label: statistics.median(r[3]) for label, r in results.items()}
    cells = [f"{floors[label]:.1f} | {p95(r[3]):.1f} | 1" for label, r in results.items()]
    print(f"| **floor** `GET {FLOOR}` | {' | '.join(cells)} | |")
    for i, (name, *_) in enumerate(next(iter(results.values()))[2]):
        cells, sql = [], []
        for label, (_, _, rows, _) in results.items():
            _, _, n, m50, m95, statements, status = rows[i]
            if m50 is None:
                cells.append(f"— ({status}) | | ")
                continue
            short = f" (n={n})" if n < runs else ""
            cells.append(f"{m50:.1f} | {m95:.1f}{short} | {m50 / floors[label]:.1f}")
            sql.append(f"{statements:g}")
        print(f"| {name} | {' | '.join(cells)} | {'/'.join(dict.fromkeys(sql))} |")


def print_plans(engine, results: dict) -> None:
    """Plans of the first page and of each user's slowest case-table request."""
    print()
    with Session(engine) as session:
        for username, _, rows, _ in results.values():
            user = session.scalar(select(User).where(User.username == username))
            table = [r for r in rows if r[1].startswith("/api/v1/cases") and r[3] is not None]
            slowest = max(table, key=lambda r: r[3])
            for name, path in dict.fromkeys([("cases: first page", CASES), slowest[:2]]):
                print(f"## plan: {username}, {name} ({path})")
                print("\n".join(explain(session, user, path)))


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def _version(session: Session) -> str:
    if session.get_bind().dialect.name == "postgresql":
        return session.scalar(select(func.current_setting("server_version")))
    return session.scalar(select(func.sqlite_version()))


def _counts(session: Session) -> str:
    cases = session.scalar(select(func.count()).select_from(Case))
    return f"{cases} cases"


if __name__ == "__main__":
    raise SystemExit(main())
