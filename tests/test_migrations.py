"""Migrations: an empty database upgraded to head equals the models, and downgrades work."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from tests.conftest import create_postgres_database, drop_postgres_database
from thuiszittertafel.core.migrate import downgrade, upgrade
from thuiszittertafel.extensions import make_engine
from thuiszittertafel.models import metadata


@pytest.fixture
def empty_database(backend, tmp_path):
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrate.db'}"
        return
    url = create_postgres_database("migrate")
    yield url
    drop_postgres_database(url)


def _diff(url: str) -> list:
    engine = make_engine(url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, metadata)
    engine.dispose()
    return diff


def test_upgrade_to_head_equals_models(empty_database):
    upgrade(empty_database)
    assert _diff(empty_database) == []


def test_downgrade_to_base_and_up_again(empty_database):
    upgrade(empty_database)
    downgrade(empty_database, "base")
    engine = make_engine(empty_database)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    upgrade(empty_database)
    assert _diff(empty_database) == []


def seed_leerplicht(conn) -> None:
    """Raw rows for a migration test on an old schema: gemeente 1 (Tiel), leerplicht
    organisation 1 and its user 1 (SQL, not the models: the models are of the newest schema)."""
    from sqlalchemy import text

    conn.execute(text("INSERT INTO municipalities (id, name) VALUES (1, 'Tiel')"))
    conn.execute(
        text(
            "INSERT INTO organisations (id, name, kind, school_region)"
            " VALUES (1, 'LP', 'leerplicht', 'midden')"
        )
    )
    conn.execute(
        text(
            "INSERT INTO users (id, username, name, org_id, password_hash, active, created_at)"
            " VALUES (1, 'lpa', 'Lpa', 1, 'x', true, '2026-01-01 00:00:00')"
        )
    )


def insert_open_case(
    conn, case_id: int, municipality_id: int = 1, case_columns: dict | None = None
) -> None:
    """Raw rows for a migration test on an old schema: pupil `case_id` living in the
    gemeente, and their open dreigend case with the same id (since 1 September 2026);
    `case_columns` adds columns of the case row (those a later schema has)."""
    from sqlalchemy import text

    conn.execute(
        text(
            "INSERT INTO pupils (id, given_name, family_name, birth_date, municipality_id,"
            " education_type, has_startkwalificatie)"
            " VALUES (:id, 'A', 'B', '2012-01-01', :m, 'vo', false)"
        ),
        {"id": case_id, "m": municipality_id},
    )
    case_columns = case_columns or {}
    extra = "".join(f", {column}" for column in case_columns)
    values = "".join(f", :{column}" for column in case_columns)
    conn.execute(
        text(
            "INSERT INTO cases (id, pupil_id, kind, status, absent_since, phase,"
            f" phase_since, escalated, opened_at{extra}) VALUES (:id, :id, 'dreigend', 'open',"
            f" '2026-09-01', 1, '2026-09-01', false, '2026-09-01 08:00:00'{values})"
        ),
        {"id": case_id, **case_columns},
    )


def test_0008_maps_old_vrijstelling_codes_and_keeps_them_in_force(empty_database):
    """Rows present: 5a → 5-a, 5b → 5-b, 5c → 5-c, 5a-lpw → 5a, 15 stays; each counts as
    granted from its start; cases stay unauthorised; the new vocabulary is accepted."""
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    upgrade(empty_database, "0007")
    engine = make_engine(empty_database)
    with engine.begin() as conn:
        seed_leerplicht(conn)
        conn.execute(
            text(
                "INSERT INTO pupils (id, given_name, family_name, birth_date, municipality_id,"
                " education_type, has_startkwalificatie)"
                " VALUES (1, 'A', 'B', '2012-01-01', 1, 'vo', false)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO cases (id, pupil_id, kind, status, absent_since, phase, phase_since,"
                " escalated, opened_at) VALUES (1, 1, 'dreigend', 'open', '2026-09-01', 1,"
                " '2026-09-01', false, '2026-09-01 08:00:00')"
            )
        )
        for i, code in enumerate(("5a", "5b", "5c", "5a-lpw", "15"), start=1):
            conn.execute(
                text(
                    "INSERT INTO exemptions (id, case_id, article, starts_on, recorded_by_id)"
                    " VALUES (:id, 1, :code, '2026-09-01', 1)"
                ),
                {"id": i, "code": code},
            )
    upgrade(empty_database)
    with engine.begin() as conn:
        rows = conn.execute(
            text("SELECT id, article, decision, decided_on FROM exemptions ORDER BY id")
        ).all()
        assert [(r[1], r[2]) for r in rows] == [
            ("5-a", "toegekend"),
            ("5-b", "toegekend"),
            ("5-c", "toegekend"),
            ("5a", "toegekend"),
            ("15", "toegekend"),
        ]
        assert str(rows[0][3]) == "2026-09-01"
        assert conn.execute(text("SELECT absence_authorised FROM cases")).scalar() in (False, 0)
        conn.execute(
            text(
                "UPDATE cases SET outcome = 'isk', absence_authorised = true,"
                " absence_reason = 'ziek-medisch'"
            )
        )
    for bad in (
        "UPDATE exemptions SET article = '5b' WHERE id = 1",
        "UPDATE cases SET kind = 'relatief'",  # authorised is never verzuim
        "UPDATE cases SET absence_reason = 'vakantie'",
    ):
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text(bad))
    downgrade(empty_database, "0007")
    with engine.begin() as conn:
        assert [r[0] for r in conn.execute(text("SELECT article FROM exemptions ORDER BY id"))] == [
            "5a",
            "5b",
            "5c",
            "5a-lpw",
            "15",
        ]
        assert conn.execute(text("SELECT outcome FROM cases")).scalar() == "anders"
    engine.dispose()


def test_0014_fills_the_search_name_of_existing_pupils(empty_database):
    """Pupils present before 0014 are found by the folded search as well."""
    from sqlalchemy import text

    upgrade(empty_database, "0012")
    engine = make_engine(empty_database)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO municipalities (id, name) VALUES (1, 'Tiel')"))
        for pid, given, family in ((1, "Elif", "Öztürk"), (2, "Łukasz", "Wiśniewski  ")):
            conn.execute(
                text(
                    "INSERT INTO pupils (id, given_name, family_name, birth_date,"
                    " municipality_id, education_type, has_startkwalificatie)"
                    " VALUES (:id, :g, :f, '2012-01-01', 1, 'vo', false)"
                ),
                {"id": pid, "g": given, "f": family},
            )
    engine.dispose()
    upgrade(empty_database)
    engine = make_engine(empty_database)
    with engine.connect() as conn:
        names = conn.execute(text("SELECT search_name FROM pupils ORDER BY id")).scalars().all()
    engine.dispose()
    assert names == ["elif ozturk", "lukasz wisniewski"]
    downgrade(empty_database, "0012")
    upgrade(empty_database)
    assert _diff(empty_database) == []


def test_0025_gives_existing_cases_their_present_regie_from_the_opening(empty_database):
    """Existing cases get one history row: their phase and regie now, since they opened
    (nothing earlier was recorded), so a later change does not rewrite their past."""
    from sqlalchemy import text

    upgrade(empty_database, "0022")
    engine = make_engine(empty_database)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO municipalities (id, name) VALUES (1, 'Tiel')"))
        conn.execute(
            text(
                "INSERT INTO organisations (id, name, kind, school_region)"
                " VALUES (1, 'LP', 'leerplicht', 'midden')"
            )
        )
        for case_id, phase, lead in ((1, 2, 1), (2, 1, None)):
            conn.execute(
                text(
                    "INSERT INTO pupils (id, given_name, family_name, birth_date,"
                    " municipality_id, education_type, has_startkwalificatie)"
                    " VALUES (:id, 'A', 'B', '2012-01-01', 1, 'vo', false)"
                ),
                {"id": case_id},
            )
            conn.execute(
                text(
                    "INSERT INTO cases (id, pupil_id, kind, status, absent_since, phase,"
                    " phase_since, escalated, opened_at, lead_org_id) VALUES (:id, :id, 'dreigend',"
                    " 'open', '2026-09-01', :phase, '2026-09-01', false, '2026-09-01 08:00:00',"
                    " :lead)"
                ),
                {"id": case_id, "phase": phase, "lead": lead},
            )
    upgrade(empty_database)
    with engine.begin() as conn:
        rows = conn.execute(
            text(
                "SELECT case_id, phase, lead_org_id, since FROM case_regie_history ORDER BY case_id"
            )
        ).all()
    engine.dispose()
    assert [(r[0], r[1], r[2]) for r in rows] == [(1, 2, 1), (2, 1, None)]
    assert str(rows[0][3]).startswith("2026-09-01 08:00:00")
    downgrade(empty_database, "0022")
    assert "case_regie_history" not in inspect(make_engine(empty_database)).get_table_names()


def test_0035_copies_the_woongemeente_onto_existing_cases(empty_database):
    """Cases present before 0035 get their pupil's woongemeente, so leerplicht's area reads
    the same children after the upgrade as before."""
    from sqlalchemy import text

    upgrade(empty_database, "0034")
    engine = make_engine(empty_database)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO municipalities (id, name) VALUES (1, 'Tiel'), (2, 'Buren')"))
        insert_open_case(conn, 1, municipality_id=2)
        insert_open_case(conn, 2, municipality_id=1)
    engine.dispose()
    upgrade(empty_database)
    engine = make_engine(empty_database)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, municipality_id FROM cases ORDER BY id")).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [(1, 2), (2, 1)]
    downgrade(empty_database, "0034")
    upgrade(empty_database)
    assert _diff(empty_database) == []


def test_0039_marks_the_cases_that_have_a_melding(empty_database):
    """Cases present before 0039 with a verzuimmelding are marked, so a geoorloofd case with
    a melding stays leerplicht's task after the upgrade; the others are not."""
    from sqlalchemy import text

    upgrade(empty_database, "0038")
    engine = make_engine(empty_database)
    with engine.begin() as conn:
        seed_leerplicht(conn)
        for case_id in (1, 2):
            insert_open_case(
                conn, case_id, case_columns={"municipality_id": 1, "absence_authorised": True}
            )
        conn.execute(
            text(
                "INSERT INTO absence_reports (id, case_id, reported_on, type, reporter_org_id,"
                " recorded_by_id, recorded_at) VALUES (1, 2, '2026-09-10', 'wettelijk', 1, 1,"
                " '2026-09-10 09:00:00')"
            )
        )
    engine.dispose()
    upgrade(empty_database)
    engine = make_engine(empty_database)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, absence_reported FROM cases ORDER BY id")).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [(1, False), (2, True)]
    downgrade(empty_database, "0038")
    upgrade(empty_database)
    assert _diff(empty_database) == []


def test_0041_copies_the_search_name_onto_existing_cases(empty_database, backend):
    """Cases present before 0041 carry their pupil's name as search compares it, so the
    name search finds the same children after the upgrade; on PostgreSQL leerplicht's
    index includes it, and a downgrade takes column and inclusion off again."""
    from sqlalchemy import text

    upgrade(empty_database, "0040")
    engine = make_engine(empty_database)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO municipalities (id, name) VALUES (1, 'Tiel')"))
        for case_id in (1, 2):
            insert_open_case(conn, case_id, case_columns={"municipality_id": 1})
        conn.execute(text("UPDATE pupils SET search_name = 'elif ozturk' WHERE id = 2"))
    engine.dispose()
    upgrade(empty_database, "0041")
    engine = make_engine(empty_database)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, search_name FROM cases ORDER BY id")).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [(1, ""), (2, "elif ozturk")]
    area = _index_definitions(empty_database)["ix_cases_municipality_id_id"]
    assert ("search_name, swv_org_id)" in area) == (backend == "postgresql")
    downgrade(empty_database, "0040")
    assert "search_name" not in _index_definitions(empty_database)["ix_cases_municipality_id_id"]
    upgrade(empty_database)
    assert _diff(empty_database) == []


def test_0042_copies_birth_date_and_startkwalificatie_onto_existing_cases(empty_database, backend):
    """Cases present before 0042 carry their pupil's birth date and startkwalificatie, so
    the law counts the same children after the upgrade; on PostgreSQL leerplicht's index
    includes both, and a downgrade takes columns and inclusion off again."""
    from sqlalchemy import text

    upgrade(empty_database, "0041")
    engine = make_engine(empty_database)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO municipalities (id, name) VALUES (1, 'Tiel')"))
        for case_id in (1, 2):
            insert_open_case(conn, case_id, case_columns={"municipality_id": 1})
        conn.execute(
            text(
                "UPDATE pupils SET birth_date = '2008-02-29', has_startkwalificatie = true"
                " WHERE id = 2"
            )
        )
        born = conn.scalar(text("SELECT birth_date FROM pupils WHERE id = 1"))
    engine.dispose()
    upgrade(empty_database, "0042")
    engine = make_engine(empty_database)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id, birth_date, has_startkwalificatie FROM cases ORDER BY id")
        ).all()
    engine.dispose()
    assert [(i, str(b), bool(s)) for i, b, s in rows] == [
        (1, str(born), False),
        (2, "2008-02-29", True),
    ]
    area = _index_definitions(empty_database)["ix_cases_municipality_id_id"]
    assert ("birth_date, has_startkwalificatie, swv_org_id)" in area) == (backend == "postgresql")
    downgrade(empty_database, "0041")
    assert "birth_date" not in _index_definitions(empty_database)["ix_cases_municipality_id_id"]
    upgrade(empty_database)
    assert _diff(empty_database) == []


def test_0044_marks_the_cases_that_have_a_vrijstelling(empty_database, backend):
    """Cases present before 0044 with a vrijstelling (any decision) are marked, so the law
    still finds the one in force after the upgrade; the others are not. On PostgreSQL
    leerplicht's index carries the mark, and a downgrade takes it off again."""
    from sqlalchemy import text

    upgrade(empty_database, "0043")
    engine = make_engine(empty_database)
    with engine.begin() as conn:
        seed_leerplicht(conn)
        for case_id in (1, 2, 3):
            insert_open_case(
                conn, case_id, case_columns={"municipality_id": 1, "birth_date": "2012-01-01"}
            )
        for exemption_id, case_id, decision in ((1, 2, "'toegekend'"), (2, 3, "NULL")):
            conn.execute(
                text(
                    "INSERT INTO exemptions (id, case_id, article, starts_on, decision,"
                    f" recorded_by_id) VALUES ({exemption_id}, {case_id}, '5-a',"
                    f" '2026-09-01', {decision}, 1)"
                )
            )
    engine.dispose()
    upgrade(empty_database, "0044")
    engine = make_engine(empty_database)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, has_exemption FROM cases ORDER BY id")).all()
    engine.dispose()
    assert [(i, bool(flag)) for i, flag in rows] == [(1, False), (2, True), (3, True)]
    area = _index_definitions(empty_database)["ix_cases_municipality_id_id"]
    assert ("has_exemption, swv_org_id)" in area) == (backend == "postgresql")
    downgrade(empty_database, "0043")
    assert "has_exemption" not in _index_definitions(empty_database)["ix_cases_municipality_id_id"]
    upgrade(empty_database)
    assert _diff(empty_database) == []


def test_0048_gives_pupils_and_cases_the_dutch_sort_name(empty_database, backend):
    """Pupils and cases present before 0048 get the name a Dutch list sorts by ('van Dijk'
    under D); on PostgreSQL the area indexes carry it, and the agreements' foreign key to
    leerplicht's index, made again around the rebuild, still follows a move and refuses a
    copy that differs. A downgrade takes the columns off again."""
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    upgrade(empty_database, "0047")
    engine = make_engine(empty_database)
    with engine.begin() as conn:
        seed_leerplicht(conn)
        conn.execute(text("INSERT INTO municipalities (id, name) VALUES (2, 'Buren')"))
        for case_id in (1, 2, 3):
            columns = {"municipality_id": 1, "birth_date": "2012-01-01"}
            insert_open_case(conn, case_id, case_columns=columns)
        for pupil_id, given, family in ((1, "Maxime", "van Dijk"), (2, "Elif", "Öztürk")):
            conn.execute(
                text("UPDATE pupils SET given_name = :g, family_name = :f WHERE id = :id"),
                {"g": given, "f": family, "id": pupil_id},
            )
        conn.execute(
            text(
                "INSERT INTO agreements (id, case_id, municipality_id, description,"
                " owner_org_id, due_at, day_count, occurrence, term_version, status,"
                " created_by_id, created_at) VALUES (1, 1, 1, 'Gesprek', 1,"
                " '2026-12-10 16:00:00', 'school', 1, 1, 'open', 1, '2026-11-01 08:00:00')"
            )
        )
    engine.dispose()
    upgrade(empty_database, "0048")
    engine = make_engine(empty_database)
    with engine.begin() as conn:
        pupils = dict(conn.execute(text("SELECT id, sort_name FROM pupils")).all())
        cases = dict(conn.execute(text("SELECT id, sort_name FROM cases")).all())
    assert pupils == cases == {1: "dijk van maxime", 2: "ozturk elif", 3: "b a"}
    with engine.begin() as conn:
        conn.execute(text("UPDATE cases SET municipality_id = 2 WHERE id = 1"))
        moved = conn.execute(text("SELECT municipality_id FROM agreements WHERE id = 1"))
        assert moved.scalar() == 2
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text("UPDATE agreements SET municipality_id = 1 WHERE id = 1"))
    engine.dispose()
    for area in ("ix_cases_municipality_id_id", "ix_cases_swv_org_id_id"):
        definition = _index_definitions(empty_database)[area]
        assert ("sort_name" in definition) == (backend == "postgresql")
    downgrade(empty_database, "0047")
    engine = make_engine(empty_database)
    for table in ("pupils", "cases"):
        assert "sort_name" not in {c["name"] for c in inspect(engine).get_columns(table)}
    engine.dispose()
    assert "sort_name" not in _index_definitions(empty_database)["ix_cases_municipality_id_id"]
    upgrade(empty_database)
    assert _diff(empty_database) == []


def _index_definitions(url: str) -> dict[str, str]:
    """The definition of every index of `cases` and `agreements` as the database keeps it."""
    from sqlalchemy import text

    engine = make_engine(url)
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            rows = conn.execute(
                text(
                    "SELECT indexname, indexdef FROM pg_indexes"
                    " WHERE tablename IN ('cases', 'agreements')"
                )
            ).all()
        else:
            rows = conn.execute(
                text(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                    " AND tbl_name IN ('cases', 'agreements') AND sql IS NOT NULL"
                )
            ).all()
    engine.dispose()
    return {name: " ".join(definition.split()) for name, definition in rows}


def test_0040_indexes_are_the_models_own(empty_database, backend, tmp_path):
    """Column lists of an index (PostgreSQL's INCLUDE) escape compare_metadata: the
    migrated indexes of cases and agreements are compared with those the models create.
    Leerplicht's and the SWV's indexes carry the counted columns on PostgreSQL only, and a
    downgrade takes them off again."""
    upgrade(empty_database)
    if backend == "postgresql":
        models_url = create_postgres_database("models")
    else:
        models_url = f"sqlite:///{tmp_path / 'models.db'}"
    engine = make_engine(models_url)
    metadata.create_all(engine)
    engine.dispose()
    try:
        assert _index_definitions(empty_database) == _index_definitions(models_url)
    finally:
        if backend == "postgresql":
            drop_postgres_database(models_url)
    area = _index_definitions(empty_database)["ix_cases_municipality_id_id"]
    paused = _index_definitions(empty_database)["ix_agreements_open_paused"]
    terms = _index_definitions(empty_database)["ix_agreements_open_case_due"]
    assert "paused_until IS NOT NULL" in paused
    if backend == "postgresql":
        assert "INCLUDE (status, absence_authorised," in area and "swv_org_id)" in area
        assert "INCLUDE (paused_until)" in terms
    else:
        assert "INCLUDE" not in area and "INCLUDE" not in terms
    downgrade(empty_database, "0039")
    after = _index_definitions(empty_database)
    assert "INCLUDE" not in after["ix_cases_municipality_id_id"]
    assert "INCLUDE" not in after["ix_agreements_open_case_due"]
    assert "ix_agreements_open_paused" not in after
    upgrade(empty_database)
    assert _diff(empty_database) == []
