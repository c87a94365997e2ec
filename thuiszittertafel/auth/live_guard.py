"""Live connections end with what they logged in with (issue 15, problem 6).

Every web process keeps, for the sockets it holds, what each one stands on: the account,
the browser session (a LoginSession row) or the API token. A guard thread per process
re-checks them all in one query and disconnects those whose account is deactivated, whose
session has ended or run out, or whose token has expired or been revoked:
- at once in the process that made the change (`revoked()` after its commit),
- at once in every other process: `revoked()` publishes on Redis (scale-out), whose
  listener wakes that process's guard,
- and every CHECK_EVERY seconds regardless (tokens expire without anyone acting; a missed
  message only delays the end).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime

import redis
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import clock
from ..extensions import db
from .models import ApiToken, LoginSession, User
from .sessions import Lifetimes, expiry_reason

log = logging.getLogger(__name__)
CHECK_EVERY = 5.0  # seconds
NAMESPACE = "/"
MESSAGE = "Uw sessie is beëindigd. Log opnieuw in om verder te werken."


@dataclass(frozen=True)
class Standing:
    user_id: int
    login_session_id: int | None = None
    token_hash: str | None = None


def invalid(session: Session, conns: dict[str, Standing], now: datetime, lifetimes: Lifetimes):
    """The sids (of `conns`) that no longer stand on a valid account, session or token."""
    if not conns:
        return []
    users = {c.user_id for c in conns.values()}
    active = set(session.scalars(select(User.id).where(User.id.in_(users), User.active)))
    logins = {c.login_session_id for c in conns.values() if c.login_session_id}
    open_logins = {
        row.id
        for row in session.scalars(
            select(LoginSession).where(LoginSession.id.in_(logins), LoginSession.ended_at.is_(None))
        )
        if not expiry_reason(row, now, lifetimes)
    }
    hashes = {c.token_hash for c in conns.values() if c.token_hash}
    tokens = set(
        session.scalars(
            select(ApiToken.token_hash).where(
                ApiToken.token_hash.in_(hashes), ApiToken.expires_at > now
            )
        )
    )
    return [
        sid
        for sid, c in conns.items()
        if c.user_id not in active
        or (c.login_session_id and c.login_session_id not in open_logins)
        or (c.token_hash and c.token_hash not in tokens)
    ]


class Guard:
    def __init__(self) -> None:
        self._conns: dict[str, Standing] = {}
        self._lock = threading.Lock()
        self._checking = threading.Lock()
        self._wake = threading.Event()
        self._started = False
        self._app = None
        self._socketio = None

    def track(self, app, socketio, sid: str, standing: Standing) -> None:
        """Remember what a new connection stands on; start this process's guard once."""
        with self._lock:
            self._conns[sid] = standing
            if not self._started:
                self._started = True
                self._app, self._socketio = app, socketio
                socketio.start_background_task(self._run)
                redis_url = app.config["SETTINGS"].redis_url
                if redis_url:
                    socketio.start_background_task(self._listen, redis_url, _channel(app))

    def standing(self, sid: str) -> Standing | None:
        with self._lock:
            return self._conns.get(sid)

    def wake(self) -> None:
        self._wake.set()

    def check(self) -> int:
        """Disconnect this process's invalid connections now; how many.

        One check at a time (the guard thread and a request's `revoked()` may both ask):
        two at once would disconnect the same socket twice. A connection still in its
        connect handler is kept for the next check, not forgotten: forgetting it would end
        it at its first event (`socket_user` finds no standing)."""
        app, socketio = self._app, self._socketio
        if app is None or socketio is None:
            return 0
        with self._checking:
            return self._check(app, socketio.server)

    def _check(self, app, server) -> int:
        manager = server.manager
        with self._lock:
            self._conns = {
                sid: s
                for sid, s in self._conns.items()
                if manager.eio_sid_from_sid(sid, NAMESPACE) is not None  # not gone
            }
            conns = {
                sid: s for sid, s in self._conns.items() if manager.is_connected(sid, NAMESPACE)
            }

        settings = app.config["SETTINGS"]
        with Session(bind=db.engine) as session:
            sids = invalid(session, conns, clock.now(), Lifetimes.of(settings))
        for sid in sids:
            with self._lock:
                self._conns.pop(sid, None)
            log.info("live guard: ending %s (account %s)", sid, conns[sid].user_id)
            server.emit("logged_out", {"message": MESSAGE}, to=sid, ignore_queue=True)
            server.disconnect(sid, namespace=NAMESPACE, ignore_queue=True)
        return len(sids)

    def _run(self) -> None:
        while True:
            self._wake.wait(CHECK_EVERY)
            self._wake.clear()
            try:
                self.check()
            except Exception:  # noqa: BLE001 - the guard must outlive a database hiccup
                log.exception("live guard: check failed; retrying")

    def _listen(self, redis_url: str, channel: str) -> None:
        while True:
            try:
                pubsub = redis.Redis.from_url(redis_url).pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(channel)
                for _ in pubsub.listen():
                    self._wake.set()
            except Exception:  # noqa: BLE001 - Redis away: the periodic check still runs
                log.warning("live guard: Redis listener lost; reconnecting")
                threading.Event().wait(CHECK_EVERY)


guard = Guard()


def _channel(app) -> str:
    return app.config["SETTINGS"].socketio_channel + "-revoked"


def revoked(app) -> None:
    """After a commit that ended sessions, tokens or accounts: every process re-checks its
    live connections now (this one directly, the others through Redis)."""
    guard.check()
    redis_url = app.config["SETTINGS"].redis_url
    if redis_url:
        try:
            redis.Redis.from_url(redis_url).publish(_channel(app), "1")
        except redis.RedisError:
            log.warning(
                "live guard: Redis unreachable; other processes check within %ss", CHECK_EVERY
            )
