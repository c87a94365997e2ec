"""Shared extension objects, bound to the app in create_app()."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from pathlib import Path
from typing import cast

from flask_login import LoginManager
from flask_socketio import SocketIO
from flask_wtf import CSRFProtect
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, scoped_session, sessionmaker
from sqlalchemy.pool import NullPool


class Database:
    """Engine plus a scoped session, removed at the end of every app context.

    `session` is typed as the `Session` it stands in for (the scoped registry proxies every
    call to the request's own session), so services take a `Session` and type-check;
    `remove()` goes through `scoped`."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.scoped = scoped_session(sessionmaker(expire_on_commit=False))
        self.session: Session = cast(Session, self.scoped)

    def init_app(self, app) -> None:
        self.engine = make_engine(app.config["DATABASE_URL"])
        self.scoped.configure(bind=self.engine)
        app.teardown_appcontext(lambda exc: self.scoped.remove())

    def dispose(self) -> None:
        self.scoped.remove()
        if self.engine is not None:
            self.engine.dispose()


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and a busy timeout, PostgreSQL no JIT,
    the planner's cost of a page read for SSD and a plan for each statement's own values."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30}, poolclass=NullPool)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "close", _Optimize())
        return engine
    # No JIT: the planner's cost estimates for the visibility condition pass the JIT
    # thresholds, and compiling cost 0.2-1 s per list query against milliseconds of work.
    # random_page_cost 1.1 (PostgreSQL's default 4 is for spinning disks; on SSD or a
    # database in memory a page read by index costs about what a sequential one does):
    # with 4 the planner joined leerplicht's 10,411 cases to their pupils by reading all
    # 1,000,000 pupils (1M cases: 250 -> 105 ms for the thuiszitter list's count).
    # Always a plan for the values at hand: psycopg prepares a statement on a connection at
    # its fifth run, and after five more PostgreSQL may keep one generic plan for any
    # values — for a list of gemeenten, a date, an organisation. Those plans were the slow
    # half of a page once a process had run a while (1M cases, leerplicht, bench/web.py
    # p50: /berichten 100 -> 38 ms, /casussen 96 -> 57 ms).
    options = "-c jit=off -c random_page_cost=1.1 -c plan_cache_mode=force_custom_plan"
    return create_engine(
        url, pool_pre_ping=True, pool_size=10, max_overflow=20, connect_args={"options": options}
    )


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


class _Optimize:
    """`PRAGMA optimize` when a connection closes, at most once per `every` seconds per
    engine: SQLite's advice for short-lived connections (NullPool opens one per request),
    so that the tables a connection used get the planner's statistics when they have none
    or grew a lot. Without them SQLite took `status = 'open'` for a selective index and
    sorted every open case for each page of the table.

    Not at every close: a table with an empty partial index (no agreement names a user;
    no mail waits) never gets that index's statistics, so each optimize analysed the whole
    table again — 90-190 ms per connection at 100k cases (agreements, notifications),
    more than a page's SQL."""

    every = 3600.0

    def __init__(self) -> None:
        self.last: float | None = None

    def __call__(self, dbapi_conn, _record) -> None:
        now = time.monotonic()
        if self.last is not None and now - self.last < self.every:
            return
        self.last = now
        with contextlib.suppress(sqlite3.Error):  # a connection in a bad state closes all the same
            dbapi_conn.execute("PRAGMA optimize")


db = Database()
login_manager = LoginManager()
csrf = CSRFProtect()
socketio = SocketIO()


def new_session() -> Session:
    """A session outside the request scope (CLI, jobs)."""
    return Session(bind=db.engine, expire_on_commit=False)
