"""Benchmark: live note delivery to N clients in one case room.

    .venv/bin/pip install -e ".[bench]"   # aiohttp, for the AsyncClient
    .venv/bin/python bench/notes_fanout.py [--clients 10 100 500] [--notes 30]

Starts `thuiszittertafel serve` on a scratch SQLite database, connects N python-socketio
clients that join one case, posts notes from one more client and measures, per delivery,
the time from post to receipt (p50/p95/max) and the notes per second while posting
back-to-back. The floor is bare python-socketio on the same server stack broadcasting the
same payload (bench/raw_socketio_server.py), measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests
import socketio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.live import free_port  # noqa: E402


def prepare_database(url: str) -> tuple[str, int]:
    """A minimal region with one case; returns an API token and the case id."""
    from thuiszittertafel import clock, create_app
    from thuiszittertafel.auth.services import create_user, issue_token
    from thuiszittertafel.cases.intake import open_case
    from thuiszittertafel.config import Settings
    from thuiszittertafel.core.migrate import upgrade
    from thuiszittertafel.escalation.model import load
    from thuiszittertafel.extensions import db
    from thuiszittertafel.organisations.models import Municipality, Organisation, OrgKind

    upgrade(url)
    app = create_app(Settings(database_url=url, secret_key="bench"))
    with app.app_context():
        s = db.session
        tiel = Municipality(name="Tiel")
        swv = Organisation(name="SWV", kind=OrgKind.swv, municipalities=[tiel])
        school = Organisation(name="School", kind=OrgKind.school, municipality=tiel, swv=swv)
        s.add_all([tiel, swv, school])
        s.flush()
        user = create_user(
            s,
            username="bench",
            name="Bench",
            password="bench-wachtwoord",
            organisation=school,
            roles=["medewerker"],
            now=clock.now(),
        )
        case = open_case(
            s,
            user,
            {
                "given_name": "Bench",
                "family_name": "Kind",
                "birth_date": "2012-01-01",
                "municipality_id": tiel.id,
                "education_type": "vo",
                "kind": "relatief",
                "absent_since": "2026-01-05",
                "school_org_id": school.id,
            },
            now=clock.now(),
            model=load(),
        )
        token, _ = issue_token(s, user, clock.now())
        s.commit()
        return token, case.id


class Server:
    """A server process on a free port, started and waited for."""

    def __init__(self, command: list[str], env: dict, log: Path, port: int):
        self.url = f"http://127.0.0.1:{port}"
        self.log = open(log, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                requests.get(self.url + "/socket.io/?EIO=4&transport=polling", timeout=1)
                return
            except requests.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError(f"server did not start; see {log}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()


async def run_round(url: str, token: str | None, case_id: int, clients: int, notes: int) -> dict:
    """Connect clients, post notes one at a time (latency), then a burst (throughput)."""
    received: dict[str, list[float]] = {}
    counts: dict[str, int] = {}
    expected = asyncio.Event()
    target = {"n": 0, "id": None}

    def make_handler():
        async def on_note(note):
            key = note.get("client_id")
            received.setdefault(key, []).append(time.perf_counter())
            counts[key] = counts.get(key, 0) + 1
            if key == target["id"] and counts[key] >= target["n"]:
                expected.set()

        return on_note

    auth = {"token": token} if token else None
    listeners = []
    for _ in range(clients):
        sio = socketio.AsyncClient(reconnection=False)
        sio.on("note_created", make_handler())
        await sio.connect(url, auth=auth, transports=["websocket"], wait_timeout=20)
        answer = await sio.call("join_case", {"case_id": case_id}, timeout=20)
        assert answer.get("ok"), answer
        listeners.append(sio)
    # The poster posts but is not in the room, so it does not count as a receiver.
    poster = socketio.AsyncClient(reconnection=False)
    await poster.connect(url, auth=auth, transports=["websocket"], wait_timeout=20)

    latencies = []
    for i in range(notes):
        client_id = uuid.uuid4().hex
        target.update(n=len(listeners), id=client_id)
        expected.clear()
        sent = time.perf_counter()
        answer = await poster.call(
            "post_note",
            {
                "case_id": case_id,
                "client_id": client_id,
                "body": f"Notitie {i}: gesprek met ouders en school, afspraken volgen.",
            },
            timeout=30,
        )
        assert answer.get("ok"), answer
        await asyncio.wait_for(expected.wait(), 30)
        latencies += [t - sent for t in received[client_id]]

    burst = max(10, notes)
    ids = [uuid.uuid4().hex for _ in range(burst)]
    target.update(n=len(listeners), id=ids[-1])
    expected.clear()
    start = time.perf_counter()
    for i, client_id in enumerate(ids):
        await poster.emit(
            "post_note", {"case_id": case_id, "client_id": client_id, "body": f"Burst {i}"}
        )
    await asyncio.wait_for(expected.wait(), 120)
    elapsed = time.perf_counter() - start

    for sio in listeners + [poster]:
        await sio.disconnect()
    latencies.sort()
    return {
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "max_ms": latencies[-1] * 1000,
        "notes_per_s": burst / elapsed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[10, 100, 500])
    parser.add_argument("--notes", type=int, default=30)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="tzt-bench-"))
    url = f"sqlite:///{work / 'bench.db'}"
    token, case_id = prepare_database(url)
    env = {
        **os.environ,
        "THUISZITTERTAFEL_DATABASE_URL": url,
        "THUISZITTERTAFEL_SECRET_KEY": "bench",
    }
    print(
        f"{'clients':>7} {'':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'notes/s':>8}"
        f"  {'p95 ratio':>9}"
    )
    for n in args.clients:
        threads = str(n + 20)  # one thread per open WebSocket, plus headroom
        port, raw_port = free_port(), free_port()
        app = Server(
            [
                sys.executable,
                "-m",
                "thuiszittertafel.cli",
                "serve",
                "--threads",
                threads,
                "--port",
                str(port),
            ],
            env,
            work / f"app-{n}.log",
            port,
        )
        raw = Server(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-w",
                "1",
                "-k",
                "gthread",
                "--threads",
                threads,
                "-b",
                f"127.0.0.1:{raw_port}",
                "--chdir",
                str(ROOT / "bench"),
                "raw_socketio_server:app",
            ],
            env,
            work / f"raw-{n}.log",
            raw_port,
        )
        try:
            ours = asyncio.run(run_round(app.url, token, case_id, n, args.notes))
            floor = asyncio.run(run_round(raw.url, None, case_id, n, args.notes))
        finally:
            app.stop()
            raw.stop()
        for name, r in (("ours", ours), ("floor", floor)):
            ratio = f"{ours['p95_ms'] / floor['p95_ms']:9.2f}" if name == "ours" else ""
            print(
                f"{n:>7} {name:>6} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} {r['max_ms']:8.1f}"
                f" {r['notes_per_s']:8.1f}  {ratio}",
                flush=True,
            )


if __name__ == "__main__":
    main()
