"""The audit log as an auditor expects (issue 15, item 7 and problem 8): a hash chain under
its own key; `audit verify` names an edited, removed, inserted, duplicated or reordered
entry; parallel writers each take the next number; old entries are chained by migration
0019 and keep their old seal."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.orm import Session

from tests.conftest import create_postgres_database, drop_postgres_database
from tests.live import AUDIT_KEY, cli_env
from thuiszittertafel import clock
from thuiszittertafel.audit.models import AuditChainHead, AuditEntry
from thuiszittertafel.audit.services import _digest, record, verify
from thuiszittertafel.core.migrate import upgrade
from thuiszittertafel.extensions import db, make_engine

KEY = AUDIT_KEY


def _log(session, world, n: int = 5) -> list[AuditEntry]:
    entries = []
    for i in range(n):
        entries.append(
            record(
                session,
                key=KEY,
                actor=world.lpa,
                action="case.view",
                now=clock.now(),
                object_type="case",
                object_id=i + 1,
                access="leerplicht",
            )
        )
        session.commit()  # one transaction each, as requests do
    return entries


def _kinds(session) -> list[tuple[str, int | None]]:
    session.expire_all()
    return [(p.kind, p.entry_id) for p in verify(session, KEY)]


def test_entries_are_numbered_and_chained_in_commit_order(session, world):
    entries = _log(session, world)
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert verify(session, KEY) == []
    head = session.get(AuditChainHead, 1)
    assert (head.seq, head.chain) == (5, entries[-1].chain)
    assert verify(session, "een-andere-sleutel") != []  # the key matters


@pytest.mark.audit_tampered
def test_an_edited_entry_is_named(session, world):
    entries = _log(session, world)
    session.execute(
        update(AuditEntry).where(AuditEntry.id == entries[1].id).values(user_id=world.teacher.id)
    )
    session.commit()
    assert _kinds(session) == [("gewijzigd", entries[1].id)]


@pytest.mark.audit_tampered
def test_a_removed_entry_is_named_in_the_middle_and_at_the_end(session, world):
    entries = _log(session, world)
    session.execute(delete(AuditEntry).where(AuditEntry.id == entries[2].id))
    session.commit()
    problems = verify(session, KEY)
    assert [(p.kind, p.entry_id) for p in problems] == [("verwijderd", entries[3].id)]
    assert "Regel(s) 3 ontbreken" in str(problems[0])
    session.execute(delete(AuditEntry).where(AuditEntry.id == entries[4].id))
    session.commit()
    last = verify(session, KEY)[-1]
    assert last.kind == "verwijderd" and "laatste regel(s) 5 t/m 5" in str(last)


@pytest.mark.audit_tampered
def test_a_duplicated_or_inserted_entry_is_named(session, world):
    entries = _log(session, world)
    original = (
        session.execute(select(AuditEntry.__table__).where(AuditEntry.id == entries[1].id))
        .mappings()
        .one()
    )
    copy = {k: v for k, v in original.items() if k not in ("id", "seq", "chain")}
    session.execute(insert(AuditEntry.__table__).values(**copy))
    session.commit()
    problems = verify(session, KEY)
    assert [p.kind for p in problems] == ["dubbel"]
    assert f"kopie van regel {entries[1].id}" in str(problems[0])


@pytest.mark.audit_tampered
def test_reordered_entries_are_named(session, world):
    entries = _log(session, world)
    a, b = entries[1], entries[3]
    fields = ("at", "user_id", "action", "object_type", "object_id", "access", "detail", "hash")
    values = {e.id: {f: getattr(e, f) for f in fields} for e in (a, b)}
    session.execute(update(AuditEntry).where(AuditEntry.id == a.id).values(**values[b.id]))
    session.execute(update(AuditEntry).where(AuditEntry.id == b.id).values(**values[a.id]))
    session.commit()
    kinds = _kinds(session)
    assert ("verplaatst", a.id) in kinds and ("verplaatst", b.id) in kinds
    assert not [k for k in kinds if k[0] == "gewijzigd"]  # each field seal is still right


def test_parallel_writers_each_take_the_next_number(session, world):
    session.commit()
    user_id = world.lpa.id
    errors = []

    def write() -> None:
        try:
            for i in range(10):
                with Session(bind=db.engine) as s:
                    actor = s.get(type(world.lpa), user_id)
                    for j in range(3):
                        record(s, key=KEY, actor=actor, action=f"w{i}.{j}", now=clock.now())
                    s.commit()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    seqs = session.scalars(select(AuditEntry.seq).order_by(AuditEntry.seq)).all()
    assert seqs == list(range(1, 181))
    assert verify(session, KEY) == []


@pytest.mark.audit_tampered
def test_audit_verify_command_exits_non_zero_and_names_the_entry(session, world, database_url):
    entries = _log(session, world, 3)
    env = cli_env(database_url)
    command = [sys.executable, "-m", "thuiszittertafel.cli", "audit", "verify"]
    ok = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and "in orde" in ok.stdout and "Let op" not in ok.stderr
    session.execute(delete(AuditEntry).where(AuditEntry.id == entries[1].id))
    session.commit()
    broken = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert broken.returncode == 1
    assert f"Regel(s) 2 ontbreken (vóór regel {entries[2].id})" in broken.stderr
    del env["THUISZITTERTAFEL_AUDIT_KEY"]  # no key of its own: said so (and wrong key here)
    warned = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert warned.returncode == 1 and "AUDIT_KEY is niet gezet" in warned.stderr


def test_migration_0019_chains_old_entries_and_keeps_their_seal(backend, tmp_path, monkeypatch):
    url = (
        create_postgres_database("chain")
        if backend == "postgresql"
        else f"sqlite:///{tmp_path / 'chain.db'}"
    )
    monkeypatch.setenv("THUISZITTERTAFEL_SECRET_KEY", "oude-sleutel")
    monkeypatch.setenv("THUISZITTERTAFEL_AUDIT_KEY", KEY)
    try:
        upgrade(url, "0016")
        engine = make_engine(url)
        with engine.begin() as conn:
            for i in range(3):
                entry = AuditEntry(
                    at=clock.now(),
                    user_id=None,
                    action=f"oud.{i}",
                    object_type=None,
                    object_id=None,
                    access=None,
                    detail=None,
                )
                conn.execute(
                    text("INSERT INTO audit_entries (at, action, hash) VALUES (:at, :a, :h)"),
                    {"at": clock.now(), "a": entry.action, "h": _digest(b"oude-sleutel", entry)},
                )
        upgrade(url)
        with Session(engine) as s:
            rows = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
            assert [(r.seq, r.seal_version) for r in rows] == [(1, 1), (2, 1), (3, 1)]
            assert verify(s, KEY, "oude-sleutel") == []
            record(s, key=KEY, actor=None, action="nieuw", now=clock.now())
            s.commit()
            assert verify(s, KEY, "oude-sleutel") == []
            s.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(action="anders"))
            s.commit()
            assert [p.kind for p in verify(s, KEY, "oude-sleutel")] == ["gewijzigd"]
        engine.dispose()
    finally:
        if backend == "postgresql":
            drop_postgres_database(url)
