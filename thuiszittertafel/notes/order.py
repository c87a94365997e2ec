"""The notes of one case are announced in the order of their numbers.

A screen that comes back after a dropped connection fetches the notes after the last one it
has (`GET …/notes?after_id=`, static/js/dom.js). That finds every note it missed only if no
note is announced after a note with a higher number. Without a lock that happened under
load: a note's number is given when it is stored, and its announcement follows the commit,
which waits its turn at the audit chain (bench/load.py, 300 users: six screens each missed
one note after a reconnect). So each note of a case is stored, committed and announced
under a lock of that case, taken before the note gets its number and let go when the
transaction ends, after the outbox has announced it (`after_commit` runs before
`after_transaction_end`).

PostgreSQL, several web processes: an advisory lock on a connection of its own (outside
the pool, so waiting never takes a connection another request needs), given back by
closing that connection, which also ends the lock of a process that dies. SQLite, one
process: a lock per case in the process. A note that waits longer than `WAIT` seconds is
refused with a message to send it again; the page and the API keep its text and client id.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, SessionTransaction
from sqlalchemy.pool import NullPool

from ..core.errors import Conflict

WAIT = 10  # seconds
_KEY = "note_order_locks"
_CLASS = 7301  # the first half of the advisory lock's key: "notes of case N"
BUSY = (
    "Er wordt net een andere notitie in deze casus opgeslagen. Verstuur uw notitie over een"
    " paar seconden opnieuw; uw tekst blijft staan."
)

_in_process: dict[int, threading.Lock] = {}
_in_process_guard = threading.Lock()
_lock_engines: dict[str, Engine] = {}


def hold(session: Session, case_id: int) -> None:
    """Take the lock of the case's notes until this transaction ends (once per transaction)."""
    held: dict[int, Callable[[], None]] = session.info.setdefault(_KEY, {})
    if case_id in held:
        return
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        held[case_id] = _advisory(bind, case_id)
    else:
        held[case_id] = _local(case_id)


def _local(case_id: int) -> Callable[[], None]:
    with _in_process_guard:
        lock = _in_process.setdefault(case_id, threading.Lock())
    if not lock.acquire(timeout=WAIT):
        raise Conflict(BUSY)
    return lock.release


def _advisory(bind, case_id: int) -> Callable[[], None]:
    url = bind.url.render_as_string(hide_password=False)
    engine = _lock_engines.get(url)
    if engine is None:
        engine = _lock_engines.setdefault(url, create_engine(url, poolclass=NullPool))
    conn = engine.connect()
    try:
        conn.execute(text(f"SET lock_timeout = '{WAIT}s'"))
        conn.execute(
            text("SELECT pg_advisory_lock(:kind, :case_id)"), {"kind": _CLASS, "case_id": case_id}
        )
    except OperationalError as exc:
        conn.close()
        raise Conflict(BUSY) from exc
    except BaseException:
        conn.close()
        raise
    return conn.close  # the session ends, and with it the lock


@event.listens_for(Session, "after_transaction_end")
def _release(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is not None:  # a savepoint or a subtransaction: not the end yet
        return
    held = session.info.pop(_KEY, None)
    for release in (held or {}).values():
        release()
