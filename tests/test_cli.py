"""The command line: db upgrade, user create, audit verify, db backup and restore (in real
subprocesses)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys

import pytest


def run(*args, db: str):
    env = {
        **os.environ,
        "THUISZITTERTAFEL_DATABASE_URL": db,
        "THUISZITTERTAFEL_SECRET_KEY": "cli-test",
    }
    return subprocess.run(
        [sys.executable, "-m", "thuiszittertafel.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,  # demo-data seeds the whole demo region first; slow on a loaded machine
    )


def _region_database(tmp_path, municipalities: str):
    """A migrated SQLite database with these gemeenten (SQL VALUES), and a connection."""
    import sqlite3

    db = f"sqlite:///{tmp_path / 'cli.db'}"
    assert run("db", "upgrade", db=db).returncode == 0
    conn = sqlite3.connect(tmp_path / "cli.db")
    conn.execute(f"INSERT INTO municipalities (name) VALUES ({municipalities})")
    conn.commit()
    return db, conn


def test_upgrade_user_create_and_audit_verify(tmp_path):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    assert run("db", "upgrade", db=db).returncode == 0
    import sqlite3

    conn = sqlite3.connect(tmp_path / "cli.db")
    conn.execute(
        "INSERT INTO organisations (name, kind, school_region) "
        "VALUES ('Team Leerplicht', 'leerplicht', 'midden')"
    )
    conn.commit()
    ok = run(
        "user",
        "create",
        "lpa",
        "--name",
        "L. Plicht",
        "--organisation",
        "Team Leerplicht",
        "--role",
        "medewerker",
        "--password",
        "een-lang-wachtwoord",
        db=db,
    )
    assert ok.returncode == 0, ok.stderr
    again = run(
        "user",
        "create",
        "lpa",
        "--name",
        "L. Plicht",
        "--organisation",
        "Team Leerplicht",
        "--role",
        "medewerker",
        "--password",
        "een-lang-wachtwoord",
        db=db,
    )
    assert again.returncode == 2 and "bestaat al" in again.stderr
    short = run(
        "user",
        "create",
        "kort",
        "--name",
        "K",
        "--organisation",
        "Team Leerplicht",
        "--role",
        "medewerker",
        "--password",
        "kort",
        db=db,
    )
    assert short.returncode == 2 and "minstens" in short.stderr
    nowhere = run(
        "user",
        "create",
        "x",
        "--name",
        "X",
        "--organisation",
        "Onbekend",
        "--role",
        "medewerker",
        "--password",
        "een-lang-wachtwoord",
        db=db,
    )
    assert nowhere.returncode == 2 and "bestaat niet" in nowhere.stderr
    assert conn.execute("SELECT count(*) FROM users").fetchone()[0] == 1
    # The account made from the command line is in the audit log (no actor: the CLI), the
    # refused ones are not.
    audited = conn.execute(
        "SELECT action, user_id, object_type, object_id, detail FROM audit_entries"
    ).fetchall()
    assert [row[:4] for row in audited] == [("users.add", None, "user", 1)]
    assert json.loads(audited[0][4]) == {"via": "cli", "roles": ["medewerker"], "org_id": 1}
    verified = run("audit", "verify", db=db)
    assert verified.returncode == 0 and "in orde" in verified.stdout


def test_org_and_user_administration(tmp_path):
    """org add/list/deactivate/activate, user set-active and user roles: audited, Dutch
    messages and exit 2 on bad input, nothing changed then."""

    db, conn = _region_database(tmp_path, "'Tiel'), ('Buren'")
    added = run("org", "add", "Wijkteam Tiel", "--kind", "wijkteam", "--gemeente", "Tiel", db=db)
    assert added.returncode == 0, added.stderr
    school = run(
        "org",
        "add",
        "De Wielewaal",
        "--kind",
        "school",
        "--gemeente",
        "Buren",
        "--onderwijs",
        "po",
        db=db,
    )
    assert school.returncode == 0, school.stderr
    for args, words in [
        (("org", "add", "wijkteam tiel", "--kind", "wijkteam", "--gemeente", "Tiel"), "al een"),
        (("org", "add", "X", "--kind", "bakker", "--gemeente", "Tiel"), "Onbekende waarde"),
        (("org", "add", "X", "--kind", "ggd", "--gemeente", "Nergens"), "bestaat niet"),
        (("org", "add", "X", "--kind", "ggd"), "Kies de gemeente"),
        (("org", "add", "X", "--kind", "school", "--gemeente", "Tiel"), "onderwijssoorten"),
        (("org", "deactivate", "Onbekend"), "bestaat niet"),
    ]:
        refused = run(*args, db=db)
        assert refused.returncode == 2 and words in refused.stderr, (args, refused.stderr)
    listed = json.loads(run("org", "list", "--json", db=db).stdout)
    assert [(o["name"], o["municipalities"]) for o in listed] == [
        ("De Wielewaal", ["Buren"]),
        ("Wijkteam Tiel", ["Tiel"]),
    ]
    made = run(
        "user",
        "create",
        "wijk",
        "--name",
        "W. IJk",
        "--organisation",
        "Wijkteam Tiel",
        "--role",
        "medewerker",
        "--password",
        "een-lang-wachtwoord",
        db=db,
    )
    assert made.returncode == 0, made.stderr
    roles = run("user", "roles", "wijk", "--role", "coordinator", "--role", "beheerder", db=db)
    assert roles.returncode == 0 and "coördinator" in roles.stdout
    assert run("user", "roles", "wijk", "--role", "baas", db=db).returncode == 2
    assert run("user", "roles", "niemand", "--role", "medewerker", db=db).returncode == 2
    assert conn.execute("SELECT group_concat(role) FROM user_roles").fetchone()[0] in (
        "beheerder,coordinator",
        "coordinator,beheerder",
    )
    assert run("user", "set-active", "wijk", "misschien", db=db).returncode == 2
    off = run("user", "set-active", "wijk", "nee", db=db)
    assert off.returncode == 0 and "uitgezet" in off.stdout
    assert conn.execute("SELECT active FROM users").fetchone()[0] == 0
    assert run("user", "set-active", "wijk", "ja", db=db).returncode == 0
    gone = run("org", "deactivate", "Wijkteam Tiel", db=db)
    assert gone.returncode == 0 and "1 account" in gone.stdout
    assert conn.execute("SELECT active FROM users").fetchone()[0] == 0
    assert "uitgezet" in run("org", "list", db=db).stdout
    assert run("org", "activate", "Wijkteam Tiel", db=db).returncode == 0
    actions = [r[0] for r in conn.execute("SELECT action FROM audit_entries ORDER BY id")]
    assert actions == [
        "region.organisation.add",
        "region.organisation.add",
        "users.add",
        "users.roles",
        "users.deactivate",
        "users.activate",
        "region.organisation.deactivate",
        "region.organisation.activate",
    ]
    verified = run("audit", "verify", db=db)
    assert verified.returncode == 0, verified.stderr


def _cases(db_file) -> int:
    import sqlite3

    with contextlib.closing(sqlite3.connect(db_file)) as conn:
        return conn.execute("SELECT count(*) FROM cases").fetchone()[0]


def _refused_into_new_sqlite(tmp_path, backup_file, message: str) -> None:
    """`db restore` of this file into a new SQLite file fails with `message`, no file made."""
    done = run("db", "restore", "--from", str(backup_file), db=f"sqlite:///{tmp_path / 'x.db'}")
    assert done.returncode == 2 and message in done.stderr
    assert not (tmp_path / "x.db").exists()


def test_sqlite_backup_and_restore(tmp_path):
    """`db backup` copies a seeded SQLite database with the online backup API; `db restore`
    puts it into a new file with the same cases, and refuses anything else unchanged."""
    source = f"sqlite:///{tmp_path / 'regio.db'}"
    seeded = run("demo-data", "--cases", "10", db=source)
    assert seeded.returncode == 0, seeded.stderr
    cases = _cases(tmp_path / "regio.db")
    assert cases > 10

    made = run("db", "backup", "--to", str(tmp_path / "backup.db"), db=source)
    assert made.returncode == 0, made.stderr
    assert f"({cases} casussen)" in made.stdout
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("backup")) == [
        "backup.db"
    ]  # one self-contained file, no -wal/-shm beside it
    restored = run(
        "db",
        "restore",
        "--from",
        str(tmp_path / "backup.db"),
        db=f"sqlite:///{tmp_path / 'nieuw.db'}",
    )
    assert restored.returncode == 0, restored.stderr
    assert _cases(tmp_path / "nieuw.db") == cases
    # The restored database is a working one: the app's own commands run on it.
    verified = run("audit", "verify", db=f"sqlite:///{tmp_path / 'nieuw.db'}")
    assert verified.returncode == 0, verified.stderr

    # Refused, nothing changed: an existing backup file, a database that is not empty, a
    # file that is no backup, a missing database.
    before = (tmp_path / "backup.db").read_bytes()
    again = run("db", "backup", "--to", str(tmp_path / "backup.db"), db=source)
    assert again.returncode == 2 and "bestaat al" in again.stderr
    assert (tmp_path / "backup.db").read_bytes() == before
    over = run("db", "restore", "--from", str(tmp_path / "backup.db"), db=source)
    assert over.returncode == 2 and "niet leeg" in over.stderr
    assert _cases(tmp_path / "regio.db") == cases
    (tmp_path / "notitie.txt").write_text("geen backup")
    _refused_into_new_sqlite(tmp_path, tmp_path / "notitie.txt", "geen backup")
    missing = run(
        "db", "backup", "--to", str(tmp_path / "y.db"), db=f"sqlite:///{tmp_path / 'weg.db'}"
    )
    assert missing.returncode == 2 and "bestaat niet" in missing.stderr
    assert not (tmp_path / "y.db").exists()


def test_postgresql_backup_and_restore(tmp_path):
    """The same with pg_dump / pg_restore: a new database gets the same cases."""
    from sqlalchemy import create_engine, text

    from tests.conftest import IN_CI, create_postgres_database, drop_postgres_database

    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        reason = "pg_dump/pg_restore ontbreken (apt-get install postgresql-client)"
        if IN_CI:
            pytest.fail(f"CI=true maar {reason}", pytrace=False)
        pytest.skip(reason)
    source = create_postgres_database("backup_van")
    target = create_postgres_database("backup_naar")

    def count(url: str) -> int:
        engine = create_engine(url)
        with engine.connect() as conn:
            n = conn.scalar(text("SELECT count(*) FROM cases"))
        engine.dispose()
        return n

    try:
        seeded = run("demo-data", "--cases", "10", db=source)
        assert seeded.returncode == 0, seeded.stderr
        cases = count(source)
        made = run("db", "backup", "--to", str(tmp_path / "regio.dump"), db=source)
        assert made.returncode == 0, made.stderr
        restored = run("db", "restore", "--from", str(tmp_path / "regio.dump"), db=target)
        assert restored.returncode == 0, restored.stderr
        assert count(target) == cases > 10
        # Refused, nothing changed: a database that is not empty; a SQLite target.
        over = run("db", "restore", "--from", str(tmp_path / "regio.dump"), db=source)
        assert over.returncode == 2 and "niet leeg" in over.stderr
        assert count(source) == cases
        _refused_into_new_sqlite(tmp_path, tmp_path / "regio.dump", "PostgreSQL-backup")
    finally:
        drop_postgres_database(source)
        drop_postgres_database(target)


def test_the_last_functioneel_beheer_account_stays(tmp_path):
    """`user set-active … nee` and `user roles` refuse to leave the region without
    functioneel beheer (as the page does): Dutch message, exit 2, nothing changed."""
    db, conn = _region_database(tmp_path, "'Tiel'")
    added = run("org", "add", "Regio", "--kind", "leerplicht", "--gemeente", "Tiel", db=db)
    assert added.returncode == 0, added.stderr
    made = run(
        "user",
        "create",
        "fb",
        "--name",
        "F. Beheer",
        "--organisation",
        "Regio",
        "--role",
        "functioneel-beheer",
        "--password",
        "een-lang-wachtwoord",
        db=db,
    )
    assert made.returncode == 0, made.stderr
    off = run("user", "set-active", "fb", "nee", db=db)
    assert off.returncode == 2 and "laatste account met functioneel beheer" in off.stderr
    roles = run("user", "roles", "fb", "--role", "medewerker", db=db)
    assert roles.returncode == 2 and "laatste account met functioneel beheer" in roles.stderr
    assert conn.execute("SELECT active FROM users WHERE username = 'fb'").fetchone()[0] == 1
    assert conn.execute("SELECT group_concat(role) FROM user_roles").fetchone()[0] == (
        "functioneel-beheer"
    )


def test_a_live_site_does_not_start_without_its_own_audit_key(tmp_path, monkeypatch):
    """With HTTPS=1 (a site in use) `serve` and `scheduler` refuse to start without
    THUISZITTERTAFEL_AUDIT_KEY, in Dutch, instead of sealing the log with the secret key."""
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    assert run("db", "upgrade", db=db).returncode == 0
    monkeypatch.delenv("THUISZITTERTAFEL_AUDIT_KEY", raising=False)  # run() passes it on
    monkeypatch.setenv("THUISZITTERTAFEL_HTTPS", "1")
    for command in (("serve", "--port", "9"), ("scheduler",)):
        refused = run(*command, db=db)
        assert refused.returncode == 2, (command, refused.stderr)
        assert "AUDIT_KEY is niet gezet" in refused.stderr
        assert "start de server daarom niet" in refused.stderr
