"""`thuiszittertafel db backup --to FILE` and `db restore --from FILE`.

SQLite: sqlite3's online backup API, a consistent copy of the database (WAL included)
while the server keeps running. PostgreSQL: `pg_dump` in its custom format, restored with
`pg_restore` in one transaction. A restore goes only into an empty database (a new SQLite
file, or a database made with `createdb`): it never overwrites a live installation.
Messages are Dutch and say what to do; a failure raises BackupError and changes nothing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Engine, make_url

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"  # the first bytes of pg_dump's custom format
INSTALL_CLIENT = "installeer de PostgreSQL-programma's (apt-get install postgresql-client)"


class BackupError(Exception):
    """A backup or restore that did not happen; the message says why and what to do."""


def backup(database_url: str, target: Path) -> int:
    """Copy the database to `target` (which must not exist yet); returns its case count."""
    url = make_url(database_url)
    if target.exists():
        raise BackupError(f"{target} bestaat al; kies een nieuwe bestandsnaam.")
    if not target.parent.is_dir():
        raise BackupError(f"De map {target.parent} bestaat niet; maak die eerst aan.")
    partial = target.with_name(target.name + ".deel")
    try:
        if url.get_backend_name() == "sqlite":
            cases = _sqlite_copy(_sqlite_path(url, must_exist=True), partial) or 0
        elif url.get_backend_name() == "postgresql":
            _run(_tool("pg_dump"), "--format=custom", f"--file={partial}", _libpq(url))
            cases = _pg_cases(url) or 0
        else:
            raise BackupError(f"Backup van een {url.get_backend_name()}-database kan niet.")
        partial.rename(target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    return cases


def restore(database_url: str, source: Path) -> int:
    """Restore a backup into the empty database at `database_url`; returns its case count."""
    url = make_url(database_url)
    if not source.is_file():
        raise BackupError(f"{source} bestaat niet; geef het pad van een backupbestand.")
    with open(source, "rb") as f:
        head = f.read(len(SQLITE_MAGIC))
    kind = (
        "sqlite"
        if head == SQLITE_MAGIC
        else "postgresql"
        if head.startswith(PG_DUMP_MAGIC)
        else None
    )
    if kind is None:
        raise BackupError(
            f"{source} is geen backup van `thuiszittertafel db backup` (geen SQLite-database"
            " en geen pg_dump-bestand)."
        )
    backend = url.get_backend_name()
    if kind != backend:
        names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        raise BackupError(
            f"{source} is een {names[kind]}-backup; herstel die in een {names[kind]}-database"
            f" (THUISZITTERTAFEL_DATABASE_URL wijst nu naar {names.get(backend, backend)})."
        )
    if backend == "sqlite":
        path = _sqlite_path(url, must_exist=False)
        if path.exists() and path.stat().st_size and _sqlite_tables(path):
            raise BackupError(_not_empty(str(path)))
        if _sqlite_cases(source) is None:
            raise BackupError(f"{source} bevat geen Thuiszittertafel-database.")
        if not path.parent.is_dir():
            raise BackupError(f"De map {path.parent} bestaat niet; maak die eerst aan.")
        return _sqlite_copy(source, path) or 0
    if _pg_has_tables(url):
        raise BackupError(_not_empty(url.render_as_string(hide_password=True)))
    _run(
        _tool("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={_libpq(url)}",
        str(source),
    )
    return _pg_cases(url) or 0


def _not_empty(where: str) -> str:
    return (
        f"De database {where} is niet leeg; herstel alleen in een nieuwe, lege database"
        " (een nieuw SQLite-bestand of `createdb`) en zet THUISZITTERTAFEL_DATABASE_URL daarop."
    )


# --- SQLite ---------------------------------------------------------------------------------


def _sqlite_path(url: URL, *, must_exist: bool) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("Een SQLite-database in het geheugen heeft geen backup.")
    path = Path(url.database)
    if must_exist and not path.is_file():
        raise BackupError(
            f"De database {path} bestaat niet; controleer THUISZITTERTAFEL_DATABASE_URL."
        )
    return path


def _sqlite_copy(source: Path, target: Path) -> int | None:
    """sqlite3's online backup: page by page, consistent, while others keep writing. The copy
    is one self-contained file (rollback journal, not WAL; the app turns WAL on again when it
    opens it). Returns the copy's number of cases (None: not a Thuiszittertafel database)."""
    try:
        with (
            contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src,
            contextlib.closing(sqlite3.connect(target)) as dst,
        ):
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            try:
                return dst.execute("SELECT count(*) FROM cases").fetchone()[0]
            except sqlite3.OperationalError:
                return None
    except sqlite3.Error as exc:
        raise BackupError(f"Kopiëren van {source} naar {target} mislukte: {exc}.") from exc


def _sqlite_tables(path: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]


def _sqlite_cases(path: Path) -> int | None:
    """The number of cases, or None when the file holds no Thuiszittertafel database."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            return conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    except sqlite3.Error:
        return None


# --- PostgreSQL -----------------------------------------------------------------------------


def _libpq(url: URL) -> str:
    """The URL as pg_dump/pg_restore read it (no SQLAlchemy driver name)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} ontbreekt: {INSTALL_CLIENT}.")
    return path


def _run(*argv: str) -> None:
    # The password travels in the URL argument; keep it out of error messages.
    done = subprocess.run(
        argv,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PGCONNECT_TIMEOUT": "10"},
    )
    if done.returncode:
        tool = Path(argv[0]).name
        raise BackupError(f"{tool} mislukte ({done.returncode}): {done.stderr.strip()[-800:]}")


def _pg_engine(url: URL) -> Engine:
    return create_engine(url.set(drivername="postgresql+psycopg"))


def _pg_has_tables(url: URL) -> bool:
    engine = _pg_engine(url)
    try:
        with engine.connect() as conn:
            return bool(
                conn.scalar(
                    text(
                        "SELECT count(*) FROM information_schema.tables"
                        " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
                    )
                )
            )
    except Exception as exc:  # noqa: BLE001 - any connection failure: say so in Dutch
        raise BackupError(
            f"De database {url.render_as_string(hide_password=True)} is niet bereikbaar: {exc}"
        ) from exc
    finally:
        engine.dispose()


def _pg_cases(url: URL) -> int | None:
    engine = _pg_engine(url)
    try:
        with engine.connect() as conn:
            return conn.scalar(text("SELECT count(*) FROM cases"))
    finally:
        engine.dispose()
