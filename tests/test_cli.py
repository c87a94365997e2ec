"""The command line: db upgrade, user create, audit verify (in real subprocesses)."""

from __future__ import annotations

import os
import subprocess
import sys


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
        timeout=120,
    )


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
    verified = run("audit", "verify", db=db)
    assert verified.returncode == 0 and "in orde" in verified.stdout
