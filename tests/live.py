"""A real server process (`thuiszittertafel serve`) on the test database, for socket tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "test-secret"
# Distinct from the secret key, so a path that seals the audit log with the wrong key fails
# `verify` (the session fixture checks the chain after every test).
AUDIT_KEY = "test-audit-key"


def cli_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment for a `thuiszittertafel …` subprocess on the test database."""
    return {
        **os.environ,
        "THUISZITTERTAFEL_DATABASE_URL": database_url,
        "THUISZITTERTAFEL_SECRET_KEY": SECRET_KEY,
        "THUISZITTERTAFEL_AUDIT_KEY": AUDIT_KEY,
        **extra,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    def __init__(
        self,
        database_url: str,
        log_dir: Path,
        *,
        redis_url: str | None = None,
        secret_key: str = SECRET_KEY,
        frozen_at: datetime | None = None,
        live_joins_per_minute: int = 100_000,
    ):
        """`frozen_at`: run the server on this frozen clock (the test's own); None: real time."""
        self.port = free_port()
        self.frozen_at = frozen_at
        self.url = f"http://127.0.0.1:{self.port}"
        # No embedded scheduler: the tests decide when an escalation pass runs.
        self.env = cli_env(
            database_url,
            THUISZITTERTAFEL_SECRET_KEY=secret_key,
            THUISZITTERTAFEL_SCHEDULER="external",
            # Ids restart in every test while a server lives for the session: one user id
            # would gather many tests' joins. tests/notes/test_join_limit.py sets the real one.
            THUISZITTERTAFEL_LIVE_JOINS_PER_MINUTE=str(live_joins_per_minute),
        )
        if redis_url:
            self.env["THUISZITTERTAFEL_REDIS_URL"] = redis_url
        self.log_path = log_dir / f"server-{self.port}.log"
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        serve = ["serve", "--port", str(self.port)]
        if self.frozen_at is None:
            return [sys.executable, "-m", "thuiszittertafel.cli", *serve]
        return [sys.executable, "-m", "tests.frozen_serve", self.frozen_at.isoformat(), *serve]

    def start(self) -> ServerProcess:
        """Start and wait until the login page answers; on any failure stop the process."""
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                self.command(), env=self.env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT
            )
        try:
            self._wait_until_up()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + 90  # generous: CI machines have two busy cores
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if requests.get(self.url + "/inloggen", timeout=5).status_code == 200:
                    return
            except requests.RequestException:  # refused, reset, or slow to answer
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server did not start:\n{self.log_path.read_text()[-3000:]}")

    def log_tail(self, chars: int = 3000) -> str:
        """The end of the server's log, for a failing test's message."""
        return self.log_path.read_text(errors="replace")[-chars:]

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


QUIET = 0.7  # seconds to wait before concluding that nothing arrives


def wait_until(condition, timeout: float = 10) -> bool:
    """Poll `condition` until it holds (True) or `timeout` seconds pass (False)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


class LiveClient:
    """A python-socketio client (token auth, WebSocket) that queues the events it listens to."""

    def __init__(self, url: str, token: str | None, *events: str, cookie: str | None = None):
        """Logged in by an API token, or (token None) by a browser's session `cookie`."""
        import queue

        import socketio

        self.queues = {event: queue.Queue() for event in events}
        self.sio = socketio.Client(reconnection=False)
        for event, q in self.queues.items():
            self.sio.on(event, q.put)
        # Why and when the connection ended, for a failing test's message.
        self.ended: list[str] = []
        self.sio.on("disconnect", self._ended)
        # What the server said when it refused the connection, for the failing test's message.
        refusals: list = []
        self.sio.on("connect_error", refusals.append)
        try:
            self.sio.connect(
                url,
                auth={"token": token} if token else None,
                headers={"Cookie": cookie} if cookie else None,
                transports=["websocket"],
                wait_timeout=10,
            )
        except socketio.exceptions.ConnectionError as exc:
            raise socketio.exceptions.ConnectionError(
                f"{url}: {exc}; the server said {refusals}"
            ) from exc

    def _ended(self, reason=None) -> None:
        self.ended.append(f"{reason} at {time.monotonic():.2f}")

    def call(self, event: str, data) -> dict:
        return self.sio.call(event, data, timeout=10)

    def next(self, event: str, timeout: float = 5) -> dict:
        return self.queues[event].get(timeout=timeout)

    def silent(self, event: str) -> bool:
        """True when nothing of this event arrives within QUIET seconds."""
        import queue

        try:
            self.queues[event].get(timeout=QUIET)
        except queue.Empty:
            return True
        return False

    def close(self) -> None:
        self.sio.disconnect()
