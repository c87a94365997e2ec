"""Benchmark: a region's day under load, on the scale-out set-up of the README ("Opschalen").

    pip install -e ".[bench]"          # Locust (not in dev: it brings gevent)
    apt-get install -y haproxy         # the sticky proxy (Debian's package)
    .venv/bin/python bench/load.py [--users 300] [--minutes 10] [--cases 2500] [--kill-one]
        [--think 3 10] [--screens 12] [--keep]

Everything runs on this machine, on loopback addresses only, and stops by itself:

1. a fresh PostgreSQL database `tzt_load_<pid>` (on --postgres, default
   postgresql://postgres@127.0.0.1:5432), filled with `thuiszittertafel demo-data --cases N`
   and one `escalations run` (a live region has had its passes), dropped afterwards unless
   --keep;
2. the dedicated scheduler (`thuiszittertafel scheduler`), two web processes
   (`thuiszittertafel serve`, gunicorn with threads) with Redis as the Socket.IO message
   queue on an empty database of --redis, and HAProxy in front with cookie stickiness,
   its configuration written from deploy/haproxy.cfg (the README's sample);
3. Locust (bench/load_users.py) with --users simulated users through the proxy: people
   who open the case table (page and API, with filters), case pages, post notes and change
   agreements, and a live meeting of --screens screens (Socket.IO clients that join one
   case's room, post notes there and count every `note_created` they receive);
4. with --kill-one, at half time one web process is killed (SIGKILL, its whole process
   group): its users' next requests go to the other process through the proxy, the screens
   reconnect there, join the case again and fetch the notes they missed (as the case page
   does); the report says whether any acknowledged note was lost.

The report: throughput, p50/p95 per kind of request, errors (failed attempts, and what
still failed after the client's retries), the delivery of every acknowledged note of the
meeting case to every screen (live, caught up after a reconnect, missing, duplicated),
the load average of the machine (`uptime`) before, during and after, and the memory of
the web processes. Ctrl-C or an error stops everything that was started.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import importlib.util
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "haproxy.cfg"
LOCUSTFILE = ROOT / "bench" / "load_users.py"
PRODUCTION_ONLY = "# production only"
# The addresses in deploy/haproxy.cfg that the benchmark replaces.
SAMPLE_BIND = "bind :80"
SAMPLE_SERVERS = ("127.0.0.1:5001", "127.0.0.1:5002")
INSTALL_HAPROXY = "HAProxy ontbreekt: installeer het met `apt-get install -y haproxy`."
INSTALL_LOCUST = 'Locust ontbreekt: installeer het met `.venv/bin/pip install -e ".[bench]"`.'


# --- the proxy's configuration -------------------------------------------------------------


def haproxy_config(template: str, bind_port: int, server_ports: list[int]) -> str:
    """deploy/haproxy.cfg for this run: loopback ports, without the production-only lines."""
    if SAMPLE_BIND not in template or not all(s in template for s in SAMPLE_SERVERS):
        raise ValueError(
            f"deploy/haproxy.cfg moet '{SAMPLE_BIND}' en de servers"
            f" {', '.join(SAMPLE_SERVERS)} bevatten; die vervangt de benchmark."
        )
    lines = [line for line in template.splitlines() if PRODUCTION_ONLY not in line]
    text = "\n".join(lines) + "\n"
    text = text.replace(SAMPLE_BIND, f"bind 127.0.0.1:{bind_port}")
    for sample, port in zip(SAMPLE_SERVERS, server_ports, strict=True):
        text = text.replace(sample, f"127.0.0.1:{port}")
    return text


def check_haproxy_config(path: Path) -> str | None:
    """`haproxy -c -f path`: None when valid, else its complaint."""
    done = subprocess.run(
        ["haproxy", "-c", "-f", str(path)], capture_output=True, text=True, check=False
    )
    if done.returncode == 0:
        return None
    return (done.stdout + done.stderr).strip() or f"haproxy -c: exit {done.returncode}"


# --- processes --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Processes:
    """Every process the benchmark starts, each in its own process group (so Ctrl-C reaches
    only the benchmark, which then stops them in order, and a kill takes a whole server)."""

    logs: Path
    started: dict[str, subprocess.Popen] = field(default_factory=dict)
    files: list[IO[str]] = field(default_factory=list)

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "w")  # noqa: SIM115 - closed in stop_all()
        self.files.append(log)
        process = subprocess.Popen(
            argv, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.started[name] = process
        return process

    def kill(self, name: str) -> None:
        """SIGKILL to the process and its children (gunicorn's worker): a crash."""
        _signal(self.started[name], signal.SIGKILL)
        self.started[name].wait()

    def stop_all(self) -> None:
        for process in reversed(self.started.values()):
            if process.poll() is None:
                _signal(process, signal.SIGTERM)
        for process in reversed(self.started.values()):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                _signal(process, signal.SIGKILL)
                process.wait()
        for log in self.files:
            log.close()


def _signal(process: subprocess.Popen, signum: int) -> None:
    """Signal the process's whole group (it may have ended already)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    tail = log.read_text()[-3000:] if log.exists() else ""
    raise SystemExit(f"{url} antwoordt niet (zie {log}):\n{tail}")


def rss_mb(pid: int) -> dict[str, tuple[int, int]]:
    """(current, peak) resident MB of gunicorn's master (the `serve` process) and worker."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    memory = {}
    for name, p in (("master", pid), *(("worker", int(c)) for c in children)):
        status = Path(f"/proc/{p}/status").read_text()
        kb = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.M))
        memory[name] = (int(kb["VmRSS"]) // 1024, int(kb["VmHWM"]) // 1024)
    return memory


# --- database and Redis ------------------------------------------------------------------


def create_database(admin_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = admin_url.rsplit("/", 1)[0]
    return f"{base}/{name}".replace("postgresql://", "postgresql+psycopg://", 1)


def drop_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_redis_db(base_url: str) -> str:
    """redis://…/<n> of an empty database (1–14; 0 is Redis's default, 15 the tests')."""
    import redis

    for n in range(1, 15):
        client = redis.Redis.from_url(f"{base_url.rstrip('/')}/{n}")
        try:
            if client.dbsize() == 0:
                return f"{base_url.rstrip('/')}/{n}"
        finally:
            client.close()
    raise SystemExit(f"Geen lege Redis-database op {base_url} (1–14).")


def forget_redis_keys(redis_url: str, database_url: str) -> None:
    """Remove what this run left in Redis (the login limit's counters), by its channel name."""
    import redis

    from thuiszittertafel.config import Settings

    channel = Settings(database_url=database_url, secret_key="-").socketio_channel
    client = redis.Redis.from_url(redis_url)
    try:
        keys = list(client.scan_iter(match=f"*{channel}*"))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


def run_cli(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "thuiszittertafel.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"thuiszittertafel {' '.join(args)} mislukt:\n{done.stderr[-3000:]}")
    return time.perf_counter() - started


# --- what the simulated users do ----------------------------------------------------------


def make_plan(database_url: str, screens: int, seed: int) -> dict[str, Any]:
    """Per demo account the cases it may open, write in and whose agreements it may change,
    and the meeting: the case that the most accounts may follow live, its screens (those
    accounts, in turn) and who may post there. Decided with the app's own policy and
    permission table, so a simulated user only does what the real one may."""
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from thuiszittertafel import models  # noqa: F401 - every mapper, for the ORM
    from thuiszittertafel.agreements.models import Agreement
    from thuiszittertafel.auth.models import User
    from thuiszittertafel.cases.models import Case, Pupil
    from thuiszittertafel.core import permissions, policy
    from thuiszittertafel.demo.region import DEMO_PASSWORD
    from thuiszittertafel.extensions import make_engine
    from thuiszittertafel.notes.models import Note

    rnd = random.Random(seed)
    engine = make_engine(database_url)
    accounts, followers = [], Counter()
    follow: dict[int, list[str]] = {}
    with Session(engine) as session:
        for user in session.scalars(select(User).where(User.active).order_by(User.id)):
            rows = session.execute(
                select(Case, policy.case_access(user))
                .join(Pupil, Pupil.id == Case.pupil_id)
                .where(policy.case_full_access(user), Case.status == "open")
                .order_by(Case.id)
            ).all()
            if not rows:
                continue
            for case, _ in rows:
                followers[case.id] += 1
                follow.setdefault(case.id, []).append(user.username)
            sample = rnd.sample(rows, min(60, len(rows)))
            writable = [c.id for c, a in sample if permissions.may(user, "note.write", c, a)]
            by_id = {c.id: (c, a) for c, a in rows}
            agreements = []
            for agreement in session.scalars(
                select(Agreement)
                .where(Agreement.case_id.in_(list(by_id)), Agreement.status == "open")
                .order_by(Agreement.id)
            ):
                case, access = by_id[agreement.case_id]
                if permissions.may(user, "agreement.change", case, access, agreement):
                    agreements.append([agreement.id, agreement.description])
            accounts.append(
                {
                    "username": user.username,
                    "cases": [c.id for c, _ in sample],
                    "note_cases": writable,
                    "agreements": rnd.sample(agreements, min(40, len(agreements))),
                    "visible": session.scalar(
                        select(func.count())
                        .select_from(Case)
                        .join(Pupil, Pupil.id == Case.pupil_id)
                        .where(policy.case_visible(user))
                    ),
                }
            )
        case_id = max(followers, key=lambda c: (followers[c], -c))
        meeting_case = session.get(Case, case_id)
        posters = []
        for username in follow[case_id]:
            user = session.scalar(select(User).where(User.username == username))
            access = session.scalar(
                select(policy.case_access(user))
                .select_from(Case)
                .join(Pupil, Pupil.id == Case.pupil_id)
                .where(Case.id == case_id)
            )
            if permissions.may(user, "note.write", meeting_case, access):
                posters.append(username)
        max_note_id = session.scalar(select(func.max(Note.id))) or 0
    engine.dispose()
    listeners = follow[case_id]
    return {
        "password": DEMO_PASSWORD,
        "accounts": accounts,
        "meeting": {
            "case_id": case_id,
            "screens": [listeners[i % len(listeners)] for i in range(screens)],
            "posters": posters,
            "accounts_following": len(listeners),
        },
        "max_note_id": max_note_id,
    }


# --- the report ---------------------------------------------------------------------------


@dataclass
class Loads:
    """The machine's load average, sampled while the users run."""

    samples: list[tuple[float, float]] = field(default_factory=list)

    def sample(self) -> None:
        self.samples.append((time.time(), os.getloadavg()[0]))

    def summary(self) -> str:
        if not self.samples:
            return "—"
        values = [v for _, v in self.samples]
        return (
            f"1-min load {min(values):.1f}–{max(values):.1f} (mean {statistics.mean(values):.1f})"
        )


def uptime() -> str:
    done = subprocess.run(["uptime"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or " ".join(f"{x:.2f}" for x in os.getloadavg())


def read_stats(prefix: Path) -> list[dict[str, str]]:
    path = Path(f"{prefix}_stats.csv")
    if not path.exists():
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def report(
    stats: list[dict[str, str]], result: dict[str, Any], seconds: float, killed_at: float | None
) -> tuple[str, int]:
    """The Markdown report and the number of problems (errors left, notes lost, duplicates)."""
    out = []
    rows = [r for r in stats if r["Name"] != "Aggregated"]
    total = next((r for r in stats if r["Name"] == "Aggregated"), None)
    out.append("| request | n | failed | req/s | p50 ms | p95 ms | max ms |")
    out.append("|---|---:|---:|---:|---:|---:|---:|")
    for r in sorted(rows, key=lambda r: r["Name"]):
        out.append(
            f"| {r['Type']} {r['Name']} | {r['Request Count']} | {r['Failure Count']} |"
            f" {float(r['Requests/s']):.2f} | {r['50%']} | {r['95%']} |"
            f" {float(r['Max Response Time']):.0f} |"
        )
    if total:
        out.append(
            f"| **all** | {total['Request Count']} | {total['Failure Count']} |"
            f" {float(total['Requests/s']):.2f} | {total['50%']} | {total['95%']} |"
            f" {float(total['Max Response Time']):.0f} |"
        )
    problems = 0
    failures = result.get("failures", [])
    final = [f for f in failures if not f["recovered"]]
    problems += len(final)
    out.append("")
    out.append(
        f"Failed attempts: {len(failures)}; recovered by the client's retry (same request, same"
        f" client_id): {len(failures) - len(final)}; **errors left: {len(final)}**."
    )
    if killed_at is not None and failures:
        after = sorted(f["at"] - killed_at for f in failures)
        out.append(f"Failed attempts from {after[0]:+.1f} s to {after[-1]:+.1f} s around the kill.")
    for f in final[:10]:
        out.append(f"- {f['name']}: {f['error']}")
    d = result.get("delivery", {})
    if d:
        lost, dup = d["missing"], d["duplicates"]
        problems += lost + dup
        out.append("")
        out.append(
            f"Meeting: case {d['case_id']}, {d['screens']} screens; {d['acked']} notes posted"
            f" and acknowledged there ({d['acked_by_screens']} by the screens over Socket.IO,"
            f" {d['acked'] - d['acked_by_screens']} by other users over the API)."
        )
        out.append(
            f"Deliveries expected (acknowledged note × screen in the room): {d['expected']};"
            f" live `note_created`: {d['live']}; caught up after a reconnect: {d['caught_up']};"
            f" **missing: {lost}; duplicated live: {dup}**."
        )
        out.append(
            f"Reconnects of the screens: {d['reconnects']}"
            + (
                f" (back in the room after {d['rejoin_p50']:.1f} s median,"
                f" {d['rejoin_max']:.1f} s at most)"
                if d["reconnects"]
                else ""
            )
            + "."
        )
        for m in result.get("missing", []):
            out.append(_missed(m, killed_at))
    out.append("")
    out.append(f"Duration {seconds:.0f} s.")
    return "\n".join(out), problems


def _missed(m: dict[str, Any], killed_at: float | None) -> str:
    """One missing delivery: which screen, which note, and what the screen saw around it."""
    posted = m["posted"]["started"]
    since = f" ({posted - killed_at:+.1f} s from the kill)" if killed_at is not None else ""
    seen = "; ".join(
        f"{at - posted:+.1f} s {what}" for at, what in m["events"] if abs(at - posted) < 60
    )
    return (
        f"- screen {m['screen'] + 1} missed note {m['note']}, posted over"
        f" {m['posted']['by']}{since}; the screen around it: {seen or 'nothing'}"
    )


# --- main -------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", type=int, default=300, help="simulated users (screens too)")
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--cases", type=int, default=2500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--screens", type=int, default=12, help="screens of the live meeting")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(3, 10),
        metavar=("MIN", "MAX"),
        help="seconds between a user's requests",
    )
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started per second")
    parser.add_argument("--threads", type=int, default=100, help="threads per web process")
    parser.add_argument("--kill-one", action="store_true", help="kill a web process at half time")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379")
    parser.add_argument("--keep", action="store_true", help="keep the database and the logs")
    args = parser.parse_args(argv)
    if args.users <= args.screens:
        parser.error("--users moet groter zijn dan --screens")
    for url in (args.postgres, args.redis):
        host = re.sub(r"^[a-z+]+://([^@/]*@)?", "", url).split("/")[0].rsplit(":", 1)[0]
        if host not in ("127.0.0.1", "localhost", "[::1]"):
            parser.error(f"alleen loopback: {url}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("haproxy") is None:
        print(INSTALL_HAPROXY, file=sys.stderr)
        return 2
    if importlib.util.find_spec("locust") is None:
        print(INSTALL_LOCUST, file=sys.stderr)
        return 2

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    work = Path(tempfile.mkdtemp(prefix="bench_load_"))
    processes = Processes(work)
    db_name = f"tzt_load_{os.getpid()}"
    created = False
    redis_url = None
    started = time.monotonic()
    print(f"# bench/load.py, {datetime.now():%Y-%m-%d %H:%M}, {platform.node()}", flush=True)
    print(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}; {uptime()}")
    try:
        url = create_database(args.postgres, db_name)
        created = True
        redis_url = free_redis_db(args.redis)
        env = {
            **os.environ,
            "THUISZITTERTAFEL_DATABASE_URL": url,
            "THUISZITTERTAFEL_REDIS_URL": redis_url,
            "THUISZITTERTAFEL_SECRET_KEY": "bench-load",
            "THUISZITTERTAFEL_AUDIT_KEY": "bench-load-audit",
            "THUISZITTERTAFEL_SCHEDULER": "external",
            "THUISZITTERTAFEL_PROXIES": "1",
        }
        seconds = run_cli(env, "demo-data", "--cases", str(args.cases), "--seed", str(args.seed))
        print(f"database {db_name}: demo-data --cases {args.cases} in {seconds:.0f} s", flush=True)
        seconds = run_cli(env, "escalations", "run")
        print(f"escalations run: {seconds:.0f} s; Redis {redis_url}", flush=True)
        plan = make_plan(url, args.screens, args.seed)
        plan["think"] = list(args.think)
        (work / "plan.json").write_text(json.dumps(plan))
        m = plan["meeting"]
        print(
            f"{len(plan['accounts'])} demo accounts with cases; meeting case {m['case_id']}"
            f" ({m['accounts_following']} accounts may follow it live, {len(m['posters'])} post)"
        )

        processes.start(
            "scheduler", [sys.executable, "-m", "thuiszittertafel.cli", "scheduler"], env
        )
        ports = [free_port(), free_port()]
        webs = []
        for i, port in enumerate(ports, start=1):
            argv = [sys.executable, "-m", "thuiszittertafel.cli", "serve"]
            argv += ["--port", str(port), "--threads", str(args.threads)]
            webs.append(processes.start(f"web{i}", argv, env))
        for i, (port, process) in enumerate(zip(ports, webs, strict=True), start=1):
            wait_for(f"http://127.0.0.1:{port}/inloggen", process, work / f"web{i}.log")
        proxy_port = free_port()
        config = work / "haproxy.cfg"
        config.write_text(haproxy_config(TEMPLATE.read_text(), proxy_port, ports))
        complaint = check_haproxy_config(config)
        if complaint:
            raise SystemExit(f"haproxy -c -f {config}:\n{complaint}")
        proxy = processes.start("haproxy", ["haproxy", "-db", "-f", str(config)], env)
        host = f"http://127.0.0.1:{proxy_port}"
        wait_for(host + "/inloggen", proxy, work / "haproxy.log")
        print(f"proxy {host} → web1 :{ports[0]}, web2 :{ports[1]}; {uptime()}", flush=True)

        run_seconds = int(args.minutes * 60)
        locust_env = {
            **env,
            "TZT_LOAD_PLAN": str(work / "plan.json"),
            "TZT_LOAD_RESULT": str(work / "result.json"),
            "TZT_LOAD_SCREENS": str(args.screens),
        }
        locust_argv = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"]
        locust_argv += ["--users", str(args.users), "--spawn-rate", str(args.spawn_rate)]
        locust_argv += ["--run-time", f"{run_seconds}s", "--host", host, "--only-summary"]
        locust_argv += ["--csv", str(work / "locust"), "--loglevel", "WARNING"]
        loads = Loads()
        t0 = time.time()
        runner = processes.start("locust", locust_argv, locust_env)
        killed_at = None
        memory: dict[str, dict[str, tuple[int, int]]] = {}
        deadline = time.monotonic() + run_seconds + 180
        while runner.poll() is None:
            if time.monotonic() > deadline:
                raise SystemExit("Locust stopte niet op tijd.")
            loads.sample()
            if args.kill_one and killed_at is None and time.time() - t0 >= run_seconds / 2:
                memory["web1"] = rss_mb(webs[0].pid)
                processes.kill("web1")
                killed_at = time.time()
                print(f"killed web1 at {killed_at - t0:.0f} s; {uptime()}", flush=True)
            time.sleep(5 if killed_at or not args.kill_one else 1)
        for name, process in (("web1", webs[0]), ("web2", webs[1])):
            if process.poll() is None:
                memory[name] = rss_mb(process.pid)
        seconds = time.time() - t0
        stats = read_stats(work / "locust")
        result_path = work / "result.json"
        if not result_path.exists():
            tail = (work / "locust.log").read_text()[-3000:]
            raise SystemExit(f"Locust schreef geen resultaat (exit {runner.returncode}):\n{tail}")
        result = json.loads(result_path.read_text())
        text, problems = report(stats, result, seconds, killed_at)
        print()
        print(
            f"{args.users} users ({args.screens} meeting screens) for {args.minutes:g} min on"
            f" {args.cases} cases, think time {args.think[0]:g}–{args.think[1]:g} s"
            + (", web1 killed at half time" if killed_at else "")
        )
        print(f"machine load during the run: {loads.summary()}; after: {uptime()}")
        print(
            "web processes, resident MB now/peak: "
            + "; ".join(
                f"{web} " + ", ".join(f"{part} {now}/{peak}" for part, (now, peak) in m.items())
                for web, m in memory.items()
            )
        )
        print()
        print(text)
        return 1 if problems else 0
    except KeyboardInterrupt:
        print("onderbroken; alles wordt gestopt", file=sys.stderr)
        return 130
    finally:
        processes.stop_all()
        if created and not args.keep:
            drop_database(args.postgres, db_name)
            if redis_url:
                forget_redis_keys(redis_url, url)
        if args.keep:
            print(f"kept: database {db_name}, logs in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
        print(f"total {time.monotonic() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
