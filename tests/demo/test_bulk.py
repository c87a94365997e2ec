"""`demo-data`: bulk rows on top of the demo region, consistent with the rules, the same ids
on both databases, and the app's own inserts going on after them."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections import Counter

import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from tests.conftest import FROZEN_NOW, _wipe
from thuiszittertafel import clock
from thuiszittertafel.auth.models import User
from thuiszittertafel.cases import law
from thuiszittertafel.cases.models import (
    AbsenceReport,
    Case,
    CaseEvent,
    Consent,
    Exemption,
    Participation,
    Pupil,
)
from thuiszittertafel.cases.participation import NEEDS_CONSENT
from thuiszittertafel.cases.vocabulary import ADVICE_ARTICLES, YEARLY_ARTICLES
from thuiszittertafel.config import Settings
from thuiszittertafel.core import policy
from thuiszittertafel.demo.bulk import generate
from thuiszittertafel.demo.bulk_rows import COLUMNS, Batch, Region
from thuiszittertafel.escalation.model import load as load_model
from thuiszittertafel.extensions import make_engine
from thuiszittertafel.models import metadata
from thuiszittertafel.notes.models import Note
from thuiszittertafel.organisations.models import Organisation, OrgKind

CASES = 600


@pytest.fixture(scope="module")
def loaded(database_url):
    """The demo region plus CASES bulk cases (seed 3), once per backend; wiped afterwards.
    Yields the settings, the max ids before the load and what generate() reported."""
    settings = Settings(database_url=database_url, secret_key="x")
    engine = make_engine(database_url)
    _wipe(engine)
    clock.freeze(FROZEN_NOW)  # module fixtures run before the autouse frozen clock
    try:
        generate(settings, cases=0)  # seeds the region only
        with engine.connect() as conn:
            before = {t: _max_id(conn, t) for t in COLUMNS}
        added = generate(settings, cases=CASES, seed=3)
    finally:
        clock.freeze(None)
    yield settings, before, added
    _wipe(engine)
    engine.dispose()


@pytest.fixture
def session(loaded):
    engine = make_engine(loaded[0].database_url)
    with Session(engine) as s:
        yield s
    engine.dispose()


def _max_id(conn, table: str) -> int:
    return conn.scalar(select(func.max(metadata.tables[table].c.id))) or 0


def _bulk_cases(session, before) -> list[Case]:
    return list(session.scalars(select(Case).where(Case.id > before["cases"]).order_by(Case.id)))


def test_ids_follow_on_and_counts_match(session, loaded):
    _, before, added = loaded
    assert added["cases"] == CASES and added["notes"] > 2 * CASES
    for table in COLUMNS:
        t = metadata.tables[table]
        rows = session.execute(
            select(func.count(), func.min(t.c.id), func.max(t.c.id)).where(t.c.id > before[table])
        ).one()
        assert rows[0] == added[table], table
        if rows[0]:
            assert (rows[1], rows[2]) == (before[table] + 1, before[table] + rows[0]), table


def test_the_apps_own_inserts_go_on_after_the_bulk_ids(session, loaded):
    """PostgreSQL: COPY with explicit ids leaves the sequences behind unless moved on."""
    case_id = session.scalar(select(func.max(Case.id)))
    last = session.scalar(select(func.max(CaseEvent.id)))
    new = session.execute(
        insert(CaseEvent)
        .values(case_id=case_id, at=FROZEN_NOW, kind="test", description="na demo-data")
        .returning(CaseEvent.id)
    ).scalar_one()
    session.rollback()
    assert new == last + 1


def test_cases_follow_the_law_and_the_model(session, loaded):
    _, before, _ = loaded
    cases = _bulk_cases(session, before)
    kinds = Counter(c.kind for c in cases)
    assert set(kinds) == {"relatief", "dreigend", "absoluut", "vrijstelling-traject"}
    assert {c.phase for c in cases} == {1, 2, 3, 4, 5}
    authorised = [c for c in cases if c.absence_authorised]
    assert authorised and all(c.kind == "dreigend" and c.absence_reason for c in authorised)
    assert {c.absence_reason for c in authorised} >= {"ziek-medisch"}
    for c in cases:
        if c.kind == "absoluut":
            assert c.school_org_id is None, c.id
        elif c.kind != "vrijstelling-traject":
            assert c.school_org_id is not None, c.id
        orgs = {p.org_id for p in c.active_participations()}
        assert c.lead_org_id in orgs, c.id
        assert c.municipality_id == c.pupil.municipality_id, c.id  # leerplicht's area
        assert c.phase_due_on > c.phase_since >= c.absent_since, c.id
    today = FROZEN_NOW.date()
    thuiszitters = session.scalar(
        select(func.count())
        .select_from(Case)
        .join(Pupil)
        .where(Case.id > before["cases"], law.thuiszitter_condition(today))
    )
    assert 0 < thuiszitters < len(cases)


def test_exemptions_reports_consents_and_notes(session, loaded):
    _, before, _ = loaded
    exemptions = session.scalars(select(Exemption).where(Exemption.id > before["exemptions"]))
    articles = set()
    for e in exemptions:
        articles.add(e.article)
        assert session.get(Case, e.case_id).kind == "vrijstelling-traject"
        assert e.decision == "toegekend" and e.starts_on and e.decided_on >= e.requested_on
        assert (e.advice_on is not None) == (e.article in ADVICE_ARTICLES)
        if e.article in YEARLY_ARTICLES:
            assert e.ends_on == law.school_year_end(e.starts_on)
    assert articles == {"5-a", "5-b", "5-c", "5a", "15"}
    reports = session.scalars(
        select(AbsenceReport).where(AbsenceReport.id > before["absence_reports"])
    ).all()
    assert {r.type for r in reports} == {"wettelijk", "signaal"}
    assert all(r.hours >= 16 for r in reports if r.type == "wettelijk")
    consents = {
        (c.case_id, c.org_id)
        for c in session.scalars(select(Consent).where(Consent.id > before["consents"]))
    }
    staffed = set(session.scalars(select(User.org_id)))  # SWV Zwolle has no accounts here
    for p in session.scalars(
        select(Participation).where(Participation.id > before["participations"])
    ):
        assert (p.organisation.kind in NEEDS_CONSENT) == ((p.case_id, p.org_id) in consents)
        assert (p.contact_user_id is not None) == (p.org_id in staffed), p.id
    notes = session.execute(
        select(Note.case_id, Note.created_at, Note.scope)
        .where(Note.id > before["notes"])
        .order_by(Note.id)
    ).all()
    assert {scope for _, _, scope in notes} == {
        "betrokkenen",
        "organisatie",
        "medisch",
        "leerplicht",
    }
    last: dict[int, object] = {}
    for case_id, created_at, _ in notes:  # ids follow time within a case
        assert created_at >= last.get(case_id, created_at)
        last[case_id] = created_at


def test_sick_children_are_no_leerplicht_task_without_a_melding(session, loaded):
    """Rule 2: leerplicht neither takes part in nor sees a geoorloofd afwezig child's case
    unless a verzuimmelding came in."""
    _, before, _ = loaded
    officer = session.scalar(
        select(User).join(Organisation).where(Organisation.kind == OrgKind.leerplicht)
    )
    visible = set(
        session.scalars(
            policy.visible_cases(officer)
            .with_only_columns(Case.id)
            .where(Case.id > before["cases"])
        )
    )
    reported = set(session.scalars(select(AbsenceReport.case_id)))
    served = {m.id for m in officer.organisation.municipalities}  # the officer's area only
    sick = [
        c
        for c in _bulk_cases(session, before)
        if c.absence_authorised and c.pupil.municipality_id in served
    ]
    assert any(c.id in reported for c in sick) or len(sick) < 30
    for c in sick:
        assert (c.id in visible) == (c.id in reported), c.id
    assert len(visible) > CASES * 0.8


def test_the_same_seed_gives_the_same_rows():
    region = Region(
        schools=[(10, 1, 2, "po"), (11, 1, 2, "vo"), (12, 3, 2, "so,vso")],
        serving={(k, m): o for m in (1, 3) for k, o in (("leerplicht", 3), ("ggd", 4))},
        contacts={(o, m): 100 + o for o in (2, 3, 4, 10, 11, 12) for m in (1, 3)},
        kinds={2: "swv", 3: "leerplicht", 4: "ggd", 10: "school", 11: "school", 12: "school"},
        fallback_user=100,
    )

    def rows(seed: int) -> dict:
        batch = Batch(
            region, load_model(), random.Random(seed), FROZEN_NOW, seed, dict.fromkeys(COLUMNS, 1)
        )
        for _ in range(200):
            batch.case()
        return batch.rows

    assert rows(5) == rows(5)
    assert rows(5)["cases"] != rows(6)["cases"]


def test_cli_prints_what_it_added(loaded):
    settings = loaded[0]
    env = {
        **os.environ,
        "THUISZITTERTAFEL_DATABASE_URL": settings.database_url,
        "THUISZITTERTAFEL_SECRET_KEY": "x",
    }
    engine = make_engine(settings.database_url)
    with engine.connect() as conn:
        cases_before = conn.scalar(text("SELECT count(*) FROM cases"))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.frozen_serve",
            FROZEN_NOW.isoformat(),
            "demo-data",
            "--cases",
            "25",
            "--seed",
            "9",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    counts = json.loads(done.stdout)
    assert counts["cases"] == 25 and counts["seed"] == 9 and counts["agreements"] == 100
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM cases")) == cases_before + 25
    engine.dispose()
