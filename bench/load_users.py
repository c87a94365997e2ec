"""The simulated users of bench/load.py (a Locust file; bench/load.py starts Locust with it).

Reads the plan that bench/load.py made (TZT_LOAD_PLAN: per demo account the cases it may
open and write in and the agreements it may change; the meeting case and its screens) and
writes what Locust does not count itself to TZT_LOAD_RESULT when the run stops: every
failed attempt (and whether the client's retry recovered it) and, per screen, which
acknowledged notes of the meeting case arrived live, were caught up after a reconnect,
or never arrived.

- `RegionUser`: logs in through the form (as a browser) and gets an API token for writes
  (as an integration); opens the case table (the page, and the API with a filter or sort),
  case pages, posts notes and changes the description of an agreement it may change.
  A request that fails (the proxy found its process gone) is sent again after a second,
  the same request with the same client_id, as the case page does.
- `MeetingScreen`: one screen of the live meeting: logs in, connects Socket.IO through the
  proxy (long-polling handshake, then WebSocket: the sticky cookie matters), joins the case,
  posts notes there and counts every `note_created`. On every (re)connect it joins again
  and fetches the notes after the last one it has (`GET …/notes?after_id=`), like
  static/js/case-log.js.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import gevent
import requests
import socketio
from locust import HttpUser, User, between, events, task
from requests.adapters import HTTPAdapter

PLAN: dict[str, Any] = json.loads(Path(os.environ["TZT_LOAD_PLAN"]).read_text())
RESULT = Path(os.environ["TZT_LOAD_RESULT"])
MEETING = PLAN["meeting"]
CASE_ID = MEETING["case_id"]
POSTERS = set(MEETING["posters"])
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
RETRIES = 3
FILTERS = [
    "",
    "&status=open",
    "&overdue=true",
    "&thuiszitter=true",
    "&mine=true",
    "&q=jan",
    "&sort=days_absent",
    "&kind=relatief",
]

ACKED: dict[int, dict[str, Any]] = {}  # meeting-case note id -> when its post started, by whom
FAILURES: list[dict[str, Any]] = []
SCREENS: list[MeetingScreen] = []
_accounts = itertools.cycle(PLAN["accounts"])
_screens = itertools.count()
_sources = itertools.count()


class SourceAddress(HTTPAdapter):
    """Connections from one loopback address of its own per simulated person (127.1.x.y):
    people come from many addresses, and the login limit counts per address."""

    def __init__(self) -> None:
        n = next(_sources)
        self.source = f"127.1.{n // 250}.{n % 250 + 1}"
        super().__init__()

    def init_poolmanager(self, *args, **kwargs) -> None:
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


def fire(environment, kind: str, name: str, started: float, error: Exception | None) -> None:
    """A request Locust did not make itself (Socket.IO calls, the screens' HTTP) in its stats."""
    environment.events.request.fire(
        request_type=kind,
        name=name,
        response_time=(time.perf_counter() - started) * 1000,
        response_length=0,
        exception=error,
        context={},
    )


def failed(name: str, error: str) -> dict[str, Any]:
    entry = {"name": name, "error": error[:200], "at": time.time(), "recovered": False}
    FAILURES.append(entry)
    return entry


def recovered(attempts: list[dict[str, Any]]) -> None:
    """The request went through after all: its failed attempts were recovered."""
    for attempt in attempts:
        attempt["recovered"] = True


class RegionUser(HttpUser):
    """A person at a school, SWV, wijkteam, GGD or leerplicht during a working day."""

    wait_time = between(*PLAN["think"])

    def on_start(self) -> None:
        self.account = next(_accounts)
        self.username = self.account["username"]
        self.posts_in_meeting = self.username in POSTERS
        self.client.mount("http://", SourceAddress())
        self.auth: dict[str, str] = {}
        self.signed_in = False
        self.sign_in()

    def sign_in(self) -> None:
        """Log in through the form and get an API token; until both worked the user does
        nothing else (its next turn tries again), so one failure does not become many."""
        page = self.send("GET", "/inloggen", "page /inloggen")
        form = CSRF.search(page.text) if page is not None else None
        if form is None:
            return
        done = self.send(
            "POST",
            "/inloggen",
            "page /inloggen (log in)",
            data={"username": self.username, "password": PLAN["password"], "csrf_token": form[1]},
            allow_redirects=False,
            expect=(302,),
        )
        token = done and self.send(
            "POST",
            "/api/v1/tokens",
            "api /api/v1/tokens",
            json={"username": self.username, "password": PLAN["password"]},
            expect=(201,),
        )
        if token:
            self.auth = {"Authorization": f"Bearer {token.json()['token']}"}
            self.signed_in = True

    def ready(self) -> bool:
        if not self.signed_in:
            self.sign_in()
        return self.signed_in

    def send(self, method: str, path: str, name: str, expect=(200,), **kwargs):
        """One request, sent again (up to RETRIES times, a second apart) when it fails;
        every failed attempt is a failure in Locust's figures and in the result file."""
        attempts: list[dict[str, Any]] = []
        for attempt in range(RETRIES + 1):
            with self.client.request(
                method, path, name=name, catch_response=True, **kwargs
            ) as response:
                if response.status_code in expect:
                    response.success()
                    recovered(attempts)
                    return response
                error = f"{response.status_code} {response.text[:120]!r}"
                response.failure(error)
            attempts.append(failed(name, error))
            if attempt < RETRIES:
                gevent.sleep(1)
        return None

    @task(3)
    def table_page(self) -> None:
        if not self.ready():
            return
        self.send("GET", "/casussen", "page /casussen")

    @task(3)
    def table_api(self) -> None:
        if not self.ready():
            return
        pages = max(1, -(-self.account["visible"] // 50))
        page = random.randint(1, pages)
        path = f"/api/v1/cases?per_page=50&page={page}{random.choice(FILTERS)}"
        self.send("GET", path, "api /api/v1/cases?…")

    @task(4)
    def case_page(self) -> None:
        if not self.ready():
            return
        case_id = random.choice(self.account["cases"])
        self.send("GET", f"/casussen/{case_id}", "page /casussen/<id>")

    @task(1)
    def note(self) -> None:
        if not self.ready():
            return
        in_meeting = self.posts_in_meeting and random.random() < 0.5
        cases = self.account["note_cases"]
        if not in_meeting and not cases:
            return
        case_id = CASE_ID if in_meeting else random.choice(cases)
        started = time.time()
        body = {
            "body": f"Gesprek gevoerd met ouders en school ({self.username}).",
            "scope": "betrokkenen",
            "client_id": uuid.uuid4().hex,
        }
        response = self.send(
            "POST",
            f"/api/v1/cases/{case_id}/notes",
            "api /api/v1/cases/<id>/notes",
            expect=(200, 201),
            json=body,
            headers=self.auth,
        )
        if response is not None and case_id == CASE_ID:
            ACKED[response.json()["id"]] = {"started": started, "by": "api"}

    @task(1)
    def agreement(self) -> None:
        if not self.ready():
            return
        if not self.account["agreements"]:
            return
        agreement_id, description = random.choice(self.account["agreements"])
        # The description stays what it was, with the time of the last check behind it.
        text = (
            f"{description.split(' (gecontroleerd')[0]} (gecontroleerd {time.strftime('%H:%M:%S')})"
        )
        self.send(
            "PATCH",
            f"/api/v1/agreements/{agreement_id}",
            "api /api/v1/agreements/<id>",
            json={"description": text[:500]},
            headers=self.auth,
        )


class MeetingScreen(User):
    """One screen of the live meeting (a participant's laptop at the thuiszitterstafel)."""

    fixed_count = int(os.environ.get("TZT_LOAD_SCREENS", "12"))
    wait_time = between(10, 30)

    def on_start(self) -> None:
        self.index = next(_screens)
        self.username = MEETING["screens"][self.index % len(MEETING["screens"])]
        self.live: Counter[int] = Counter()
        self.fetched: set[int] = set()
        self.last_id = PLAN["max_note_id"]
        self.first_joined: float | None = None
        self.lost_at: float | None = None
        self.rejoins: list[float] = []
        self.events: list[tuple[float, str]] = []  # for the result file, when a note is missing
        self.http = requests.Session()
        self.http.headers["Accept"] = "application/json"
        self.http.mount("http://", SourceAddress())
        self.base = self.host
        self.sio = socketio.Client(
            http_session=self.http,
            reconnection=True,
            reconnection_attempts=0,
            reconnection_delay=0.5,
            reconnection_delay_max=2,
        )
        self.sio.on("connect", self.on_connect)
        self.sio.on("disconnect", self.on_disconnect)
        self.sio.on("note_created", self.on_note)
        # Log in and connect; a screen that cannot tries again for two minutes.
        deadline = time.monotonic() + 120
        attempts: list[dict[str, Any]] = []
        while not self.sio.connected:
            refused = self.login()
            if refused is not None:
                attempts.append(refused)
            else:
                started = time.perf_counter()
                try:
                    self.sio.connect(
                        self.base, transports=["polling", "websocket"], wait_timeout=30
                    )
                    fire(self.environment, "socket", "connect", started, None)
                except Exception as exc:  # noqa: BLE001 - a failure in the figures
                    fire(self.environment, "socket", "connect", started, exc)
                    attempts.append(failed("socket connect", repr(exc)))
            if self.sio.connected:
                recovered(attempts)
            else:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"scherm {self.index + 1} kwam niet binnen")
                gevent.sleep(3)
        SCREENS.append(self)
        deadline = time.monotonic() + 60
        while self.first_joined is None and time.monotonic() < deadline:
            gevent.sleep(0.1)

    def login(self) -> dict[str, Any] | None:
        """Log in through the form; the failed attempt, or None when it worked."""
        started = time.perf_counter()
        error: Exception | None = None
        attempt = None
        try:
            form = CSRF.search(self.http.get(self.base + "/inloggen", timeout=30).text)
            if form is None:
                raise RuntimeError("geen inlogformulier")
            done = self.http.post(
                self.base + "/inloggen",
                data={
                    "username": self.username,
                    "password": PLAN["password"],
                    "csrf_token": form[1],
                },
                allow_redirects=False,
                timeout=30,
            )
            if done.status_code != 302:
                raise RuntimeError(f"login {done.status_code}")
        except Exception as exc:  # noqa: BLE001
            error = exc
            attempt = failed("screen login", repr(exc))
        fire(self.environment, "screen", "login", started, error)
        return attempt

    # Socket.IO handlers run on the client's reading task: work that waits for an answer
    # (the join, the catch-up) goes to a task of its own.
    def on_connect(self) -> None:
        self.sio.start_background_task(self.join)

    def on_disconnect(self, reason=None) -> None:
        self.events.append((time.time(), f"disconnect {reason}"))
        if self.lost_at is None:
            self.lost_at = time.time()

    def on_note(self, note: dict) -> None:
        if note.get("case_id") == CASE_ID:
            self.live[note["id"]] += 1
            self.last_id = max(self.last_id, note["id"])

    def join(self) -> None:
        # The last note this screen had before the (re)connect: a note that arrives live
        # while joining must not move the catch-up past the ones missed while away.
        after = self.last_id
        started = time.perf_counter()
        try:
            answer = self.sio.call("join_case", {"case_id": CASE_ID}, timeout=20)
            error = None if answer.get("ok") else RuntimeError(str(answer))
        except Exception as exc:  # noqa: BLE001
            error = exc
        fire(self.environment, "socket", "join_case", started, error)
        if error:
            failed("socket join_case", repr(error))
            return
        self.events.append((time.time(), f"joined; catch up after {after}"))
        if self.first_joined is None:
            self.first_joined = time.time()
        elif self.lost_at is not None:
            self.rejoins.append(time.time() - self.lost_at)
        self.lost_at = None
        self.catch_up(after)

    def catch_up(self, after: int) -> None:
        """The notes after `after`, 100 at a time; a failed fetch is tried again after 1, 2,
        4 … at most 30 s, for up to two minutes (static/js/dom.js, fetchAfter)."""
        attempts: list[dict[str, Any]] = []
        pause, deadline = 1.0, time.monotonic() + 120
        while True:
            started = time.perf_counter()
            try:
                response = self.http.get(
                    f"{self.base}/api/v1/cases/{CASE_ID}/notes",
                    params={"after_id": after, "per_page": 100},
                    timeout=30,
                )
                response.raise_for_status()
                fire(self.environment, "screen", "…/notes?after_id (catch-up)", started, None)
            except Exception as exc:  # noqa: BLE001
                fire(self.environment, "screen", "…/notes?after_id (catch-up)", started, exc)
                attempts.append(failed("screen catch-up", repr(exc)))
                if time.monotonic() > deadline:
                    return
                gevent.sleep(pause)
                pause = min(pause * 2, 30)
                continue
            recovered(attempts)
            attempts, pause = [], 1.0
            items = response.json()["items"]
            self.events.append((time.time(), f"caught up {[n['id'] for n in items]}"))
            for note in items:
                self.fetched.add(note["id"])
                self.last_id = max(self.last_id, note["id"])
            if len(items) < 100:
                return
            after = items[-1]["id"]

    @task(3)
    def post_note(self) -> None:
        """A note typed in the meeting, over Socket.IO; sent again with the same client_id
        until acknowledged (at most a minute), as the page keeps the text and its id."""
        payload = {
            "case_id": CASE_ID,
            "client_id": uuid.uuid4().hex,
            "scope": "betrokkenen",
            "body": f"Besproken in het overleg ({self.username}, scherm {self.index + 1}).",
        }
        first = time.time()
        attempts: list[dict[str, Any]] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                if not self.sio.connected:
                    raise ConnectionError("niet verbonden")
                answer = self.sio.call("post_note", payload, timeout=15)
                error = None if answer.get("ok") else RuntimeError(str(answer))
            except Exception as exc:  # noqa: BLE001
                error = exc
            fire(self.environment, "socket", "post_note", started, error)
            if error is None:
                recovered(attempts)
                ACKED[answer["note"]["id"]] = {"started": first, "by": "socket"}
                return
            attempts.append(failed("socket post_note", repr(error)))
            gevent.sleep(1)

    @task(1)
    def still_here(self) -> None:
        if self.sio.connected:
            started = time.perf_counter()
            try:
                self.sio.call("still_here", {"case_id": CASE_ID}, timeout=15)
                fire(self.environment, "socket", "still_here", started, None)
            except Exception as exc:  # noqa: BLE001
                fire(self.environment, "socket", "still_here", started, exc)
                failed("socket still_here", repr(exc))


@events.test_stop.add_listener
def finish(environment, **_kwargs) -> None:
    """Let the last deliveries arrive (until 3 s without one, at most 30 s), then count per
    screen every note acknowledged after it had joined: live, caught up, missing, twice."""
    deadline = time.monotonic() + 30
    seen, quiet_since = -1, time.monotonic()
    while time.monotonic() < deadline:
        now_seen = sum(sum(s.live.values()) + len(s.fetched) for s in SCREENS)
        if now_seen != seen:
            seen, quiet_since = now_seen, time.monotonic()
        elif time.monotonic() - quiet_since > 3:
            break
        gevent.sleep(0.5)
    expected = live = caught_up = missing = duplicates = 0
    missing_ids: list[tuple[int, int]] = []
    for screen in SCREENS:
        for note_id, post in ACKED.items():
            if screen.first_joined is None or post["started"] < screen.first_joined:
                continue  # posted before this screen was in the room
            expected += 1
            times = screen.live[note_id]
            live += times > 0
            duplicates += max(0, times - 1)
            if times == 0 and note_id in screen.fetched:
                caught_up += 1
            elif times == 0:
                missing += 1
                missing_ids.append((SCREENS.index(screen), note_id))
    rejoins = sorted(t for s in SCREENS for t in s.rejoins)
    result = {
        "failures": FAILURES,
        "delivery": {
            "case_id": CASE_ID,
            "screens": len(SCREENS),
            "acked": len(ACKED),
            "acked_by_screens": sum(1 for a in ACKED.values() if a["by"] == "socket"),
            "expected": expected,
            "live": live,
            "caught_up": caught_up,
            "missing": missing,
            "duplicates": duplicates,
            "reconnects": len(rejoins),
            "rejoin_p50": rejoins[len(rejoins) // 2] if rejoins else 0,
            "rejoin_max": rejoins[-1] if rejoins else 0,
        },
        "missing": [
            {"screen": i, "note": note_id, "posted": ACKED[note_id], "events": SCREENS[i].events}
            for i, note_id in missing_ids[:10]
        ],
    }
    for screen in SCREENS:
        screen.sio.disconnect()
    RESULT.write_text(json.dumps(result))
