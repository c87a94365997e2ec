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


def test_org_and_user_administration(tmp_path):
    """org add/list/deactivate/activate, user set-active and user roles: audited, Dutch
    messages and exit 2 on bad input, nothing changed then."""
    import json
    import sqlite3

    db = f"sqlite:///{tmp_path / 'cli.db'}"
    assert run("db", "upgrade", db=db).returncode == 0
    conn = sqlite3.connect(tmp_path / "cli.db")
    conn.execute("INSERT INTO municipalities (name) VALUES ('Tiel'), ('Buren')")
    conn.commit()
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
        "users.roles",
        "users.deactivate",
        "users.activate",
        "region.organisation.deactivate",
        "region.organisation.activate",
    ]
    verified = run("audit", "verify", db=db)
    assert verified.returncode == 0, verified.stderr
