"""The live items of one stream (a case's notes, a consultation's messages) are announced
in the order of their numbers.

A screen that comes back after a dropped connection fetches the items after the last one it
has (`GET …/notes?after_id=`, `…/messages?after_id=`, static/js/dom.js). That finds every
item it missed only if no item is announced after one with a higher number. Without a lock
that happened under load: an item's number is given when it is stored, and its announcement
follows the commit, which waits its turn at the audit chain (bench/load.py, 300 users: six
screens each missed one note after a reconnect). So each item of a stream is stored,
committed and announced under a lock of that stream, taken before the item gets its number
and let go when the transaction ends, after the outbox has announced it (`after_commit` runs
before `after_transaction_end`).

PostgreSQL, several web processes: an advisory lock on a connection of its own (outside
the pool, so waiting never takes a connection another request needs), given back by
closing that connection, which also ends the lock of a process that dies. SQLite, one
process: one of `STRIPES` reentrant locks in the process, chosen by stream and id (a fixed
number, however many cases get notes). An item that waits longer than `WAIT` seconds is
refused with a message to send it again; the pages and the API keep its text and client id.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, SessionTransaction
from sqlalchemy.pool import NullPool

from .errors import Conflict

WAIT = 10  # seconds
_KEY = "in_turn_locks"
# The streams; each number is the first half of its advisory locks' keys (the second: the id).
CASE_NOTES = 7301
CONSULTATION_MESSAGES = 7302
BUSY = {
    CASE_NOTES: "Er wordt net een andere notitie in deze casus opgeslagen. Verstuur uw"
    " notitie over een paar seconden opnieuw; uw tekst blijft staan.",
    CONSULTATION_MESSAGES: "Er wordt net een ander bericht in deze consultatie opgeslagen."
    " Verstuur uw bericht over een paar seconden opnieuw; uw tekst blijft staan.",
}

STRIPES = 256
# Reentrant: one transaction may hold two streams that share a stripe (a meeting's minutes
# post a note in each of its cases); the thread that takes a stripe also lets it go.
_stripes = [threading.RLock() for _ in range(STRIPES)]
_lock_engines: dict[str, Engine] = {}


def hold(session: Session, stream: int, key: int) -> None:
    """Take the lock of stream `key` (e.g. CASE_NOTES, case id) until this transaction
    ends; once per transaction and stream."""
    held: dict[tuple[int, int], Callable[[], None]] = session.info.setdefault(_KEY, {})
    if (stream, key) in held:
        return
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        held[(stream, key)] = _advisory(bind, stream, key)
    else:
        held[(stream, key)] = _local(stream, key)


def _local(stream: int, key: int) -> Callable[[], None]:
    lock = _stripes[hash((stream, key)) % STRIPES]
    if not lock.acquire(timeout=WAIT):
        raise Conflict(BUSY[stream])
    return lock.release


def _advisory(bind, stream: int, key: int) -> Callable[[], None]:
    url = bind.url.render_as_string(hide_password=False)
    engine = _lock_engines.get(url)
    if engine is None:
        engine = _lock_engines.setdefault(url, create_engine(url, poolclass=NullPool))
    conn = engine.connect()
    try:
        conn.execute(text(f"SET lock_timeout = '{WAIT}s'"))
        conn.execute(text("SELECT pg_advisory_lock(:stream, :key)"), {"stream": stream, "key": key})
    except OperationalError as exc:
        conn.close()
        raise Conflict(BUSY[stream]) from exc
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
