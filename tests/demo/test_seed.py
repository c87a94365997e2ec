"""The demo region seed: accounts, cases, stories, idempotence, and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.conftest import FROZEN_NOW, _wipe
from thuiszittertafel import clock
from thuiszittertafel.auth.models import Role, User
from thuiszittertafel.auth.services import authenticate
from thuiszittertafel.cases import law
from thuiszittertafel.cases.models import (
    Blocker,
    Case,
    CaseEvent,
    Consent,
    Exemption,
    Participation,
    Pupil,
)
from thuiszittertafel.cases.vocabulary import CASE_KINDS, FOUR_WEEKS_DAYS, OUTCOMES
from thuiszittertafel.config import Settings
from thuiszittertafel.core.migrate import upgrade
from thuiszittertafel.demo import region
from thuiszittertafel.demo.seed import demo_accounts, seed_if_empty
from thuiszittertafel.demo.stories import DAAN, MAXIME, SANDER
from thuiszittertafel.extensions import make_engine
from thuiszittertafel.notes.models import Note
from thuiszittertafel.organisations.models import Municipality, Organisation, OrgKind

ACCOUNT_KEYS = {"username", "password", "organisation", "org_kind", "roles"}
LATER = timedelta(days=30)
MODELS = (
    Municipality,
    Organisation,
    User,
    Pupil,
    Case,
    Participation,
    Consent,
    Blocker,
    Exemption,
    CaseEvent,
)


def counts(session) -> dict[str, int]:
    return {m.__name__: session.scalar(select(func.count()).select_from(m)) for m in MODELS}


@pytest.fixture(scope="module")
def seeded(database_url):
    """The demo region, seeded once per backend for this module (the tests only read it);
    the tables are wiped afterwards, as the `session` fixture would."""
    settings = Settings(database_url=database_url, secret_key="x")
    engine = make_engine(database_url)
    _wipe(engine)
    clock.freeze(FROZEN_NOW)  # module fixtures run before the autouse frozen clock
    try:
        accounts = seed_if_empty(settings)
    finally:
        clock.freeze(None)
    yield settings, accounts
    _wipe(engine)
    engine.dispose()


@pytest.fixture
def session(seeded):
    """A plain session on the seeded database (shadows the wiping `session` of conftest)."""
    engine = make_engine(seeded[0].database_url)
    with Session(engine) as s:
        yield s
    engine.dispose()


def test_accounts_cover_every_kind_and_role_and_authenticate(session, seeded):
    _, accounts = seeded
    assert accounts == demo_accounts()
    assert all(set(a) == ACCOUNT_KEYS for a in accounts)
    assert {a["org_kind"] for a in accounts} == {k.value for k in OrgKind}
    assert {r for a in accounts for r in a["roles"]} == {r.value for r in Role}
    assert sum("functioneel-beheer" in a["roles"] for a in accounts) == 1
    assert len({a["username"] for a in accounts}) == len(accounts)
    for a in accounts:
        assert a["password"].startswith("demo-")
        user = authenticate(session, a["username"], a["password"])
        assert user is not None, a["username"]
        assert user.organisation.name == a["organisation"]
        assert user.organisation.kind == a["org_kind"]
        assert user.roles == a["roles"]


def test_region_has_the_five_municipalities_and_its_partners(session, seeded):
    names = set(session.scalars(select(Municipality.name)))
    assert set(region.MUNICIPALITIES) <= names
    leerplicht = session.scalar(
        select(Organisation).where(Organisation.name == "Team Leerplicht Rivierenland")
    )
    assert leerplicht.kind == OrgKind.leerplicht
    assert set(leerplicht.served_municipality_names()) == set(region.MUNICIPALITIES)
    schools = session.scalars(select(Organisation).where(Organisation.kind == OrgKind.school)).all()
    assert {"po", "vo", "so,vso", "mbo"} <= {s.education_types for s in schools}
    assert all(s.municipality_id and s.swv_id for s in schools)


def test_cases_cover_kinds_outcomes_phases_and_clocks(session, seeded):
    cases = session.scalars(select(Case)).all()
    assert len(cases) >= 50
    assert {c.kind for c in cases} == set(CASE_KINDS)
    closed = [c for c in cases if c.status == "closed"]
    assert {c.outcome for c in closed} == set(OUTCOMES)
    assert all(c.closed_at is not None for c in closed)
    open_ = [c for c in cases if c.status == "open"]
    assert {c.phase for c in open_} == {1, 2, 3, 4, 5}
    today = clock.today()
    days = [c.days_absent(today) for c in open_]
    assert any(d < FOUR_WEEKS_DAYS for d in days)
    assert any(FOUR_WEEKS_DAYS <= d < 91 for d in days)
    assert any(d >= 91 for d in days)
    assert any(c.escalated for c in open_)
    assert {c.lead_org.kind for c in open_} >= {
        OrgKind.school,
        OrgKind.swv,
        OrgKind.leerplicht,
        OrgKind.gemeente,
    }
    # Leerplicht takes part in every thuiszitter's case (DESIGN §5), never in a sick
    # pupil's case unless asked (§3 rule 2).
    for c in open_:
        if c.absence_authorised:
            assert all(
                p.organisation.kind != OrgKind.leerplicht for p in c.active_participations()
            ), c.id
        elif law.case_is_thuiszitter(c, today):
            assert any(
                p.organisation.kind == OrgKind.leerplicht for p in c.active_participations()
            ), c.id
    # Nothing happens in the future.
    now = clock.now()
    assert session.scalar(select(func.max(CaseEvent.at))) <= now
    assert all(c.opened_at <= now and c.absent_since <= today for c in cases)


def test_blockers_consents_exemptions_and_pupils(session, seeded):
    blockers = session.scalars(select(Blocker)).all()
    assert len({b.kind for b in blockers}) >= 6
    assert any(b.until is not None for b in blockers)
    assert any(b.until is None for b in blockers)
    # Wijkteam, GGD and Doorstroompunt never take part without a consent or legal ground.
    for p in session.scalars(select(Participation)):
        if p.organisation.kind in (OrgKind.wijkteam, OrgKind.ggd, OrgKind.doorstroompunt):
            assert session.scalar(
                select(Consent.id).where(Consent.case_id == p.case_id, Consent.org_id == p.org_id)
            ), p.id
    assert {k.value for k in (OrgKind.wijkteam, OrgKind.ggd, OrgKind.doorstroompunt)} <= {
        c.organisation.kind.value for c in session.scalars(select(Consent))
    }
    assert session.scalar(select(func.count()).select_from(Exemption)) >= 3
    today = clock.today()
    pupils = session.scalars(select(Pupil)).all()
    assert len({p.municipality.name for p in pupils}) == 5
    assert any(" " in p.family_name for p in pupils)  # tussenvoegsels
    elsewhere = [p for p in pupils if p.school and p.school.municipality_id != p.municipality_id]
    assert len(elsewhere) >= 3
    ranges = {"po": (4, 12), "so": (4, 12), "vo": (12, 18), "vso": (12, 20), "mbo": (16, 23)}
    for p in pupils:
        low, high = ranges[p.education_type]
        assert low <= p.age(today) <= high, (p.name, p.education_type, p.age(today))


def _pupil(session, name) -> Pupil:
    """The child's most recent pupil record (each case keeps its own)."""
    return session.scalars(
        select(Pupil)
        .where(Pupil.given_name == name[0], Pupil.family_name == name[1])
        .order_by(Pupil.id.desc())
    ).first()


def _cases_of(session, pupil) -> list[Case]:
    return list(
        session.scalars(
            select(Case)
            .join(Pupil)
            .where(
                Pupil.given_name == pupil.given_name,
                Pupil.family_name == pupil.family_name,
                Pupil.birth_date == pupil.birth_date,
            )
            .order_by(Case.id)
        )
    )


def _notes(session, case) -> list[str]:
    return list(session.scalars(select(Note.body).where(Note.case_id == case.id).order_by(Note.id)))


def test_story_pupils(session, seeded):
    maxime, sander, daan = (_pupil(session, n) for n in (MAXIME, SANDER, DAAN))
    assert maxime and sander and daan
    today = clock.today()
    assert maxime.age(today) == 17 and sander.age(today) == 17 and daan.age(today) == 14

    first, second = _cases_of(session, maxime)
    assert first.outcome == "so-vso"
    assert second.status == "open" and second.phase == 4
    kinds = {p.organisation.kind for p in second.active_participations()}
    assert {
        OrgKind.school,
        OrgKind.swv,
        OrgKind.wijkteam,
        OrgKind.doorstroompunt,
        OrgKind.leerplicht,
    } <= kinds
    assert any("paarden" in n for n in _notes(session, second))

    (case,) = _cases_of(session, sander)
    assert case.status == "closed" and case.outcome == "teruggeleid-zelfde-school"
    assert case.lead_org.kind == OrgKind.leerplicht
    assert any("bbl" in n for n in _notes(session, case))

    (case,) = _cases_of(session, daan)
    assert case.status == "open" and case.escalated
    assert case.days_absent(today) > 91
    assert case.school.municipality_id != daan.municipality_id
    tlv = session.scalars(select(Blocker).where(Blocker.case_id == case.id)).all()
    assert [(b.kind, b.until) for b in tlv] == [("tlv-procedure", None)]


def test_second_call_seeds_nothing(session, seeded):
    settings, accounts = seeded
    before = counts(session)
    assert seed_if_empty(settings) == accounts
    session.expire_all()
    assert counts(session) == before
    assert before["Case"] >= 50


@pytest.fixture(scope="module")
def seeded_later(tmp_path_factory):
    """The same region seeded 30 days later, in a fresh SQLite database."""
    url = f"sqlite:///{tmp_path_factory.mktemp('later') / 'later.db'}"
    upgrade(url)
    clock.freeze(FROZEN_NOW + LATER)
    try:
        seed_if_empty(Settings(database_url=url, secret_key="x"))
    finally:
        clock.freeze(None)
    return url


def _snapshot(url) -> list[tuple]:
    engine = make_engine(url)
    with Session(engine) as s:
        rows = s.execute(
            select(
                Pupil.given_name,
                Pupil.family_name,
                Pupil.birth_date,
                Case.kind,
                Case.status,
                Case.phase,
                Case.absent_since,
                Case.outcome,
                Case.summary,
                Case.opened_at,
            )
            .join(Case, Case.pupil_id == Pupil.id)
            .order_by(Case.id)
        ).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def test_same_region_every_run_with_dates_relative_to_today(session, seeded, seeded_later):
    """Deterministic: seeded a month later it is the same region, just as current."""
    now, later = _snapshot(seeded[0].database_url), _snapshot(seeded_later)
    assert [(*r[:2], r[2] + LATER, *r[3:6], r[6] + LATER, *r[7:9]) for r in now] == [
        r[:9] for r in later
    ]
    newest = max(r[9] for r in later)
    assert FROZEN_NOW + LATER - timedelta(days=1) < newest <= FROZEN_NOW + LATER


def test_cli_demo_seed_only_json(tmp_path):
    env = {
        **os.environ,
        "THUISZITTERTAFEL_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}",
        "THUISZITTERTAFEL_SECRET_KEY": "cli-test",
    }
    run = subprocess.run(
        [sys.executable, "-m", "thuiszittertafel.cli", "demo", "--seed-only", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    accounts = json.loads(run.stdout)["accounts"]
    assert accounts and all(set(a) == ACCOUNT_KEYS for a in accounts)
    assert {a["org_kind"] for a in accounts} == {k.value for k in OrgKind}
    again = subprocess.run(
        [sys.executable, "-m", "thuiszittertafel.cli", "demo", "--seed-only", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["accounts"] == accounts
