"""`demo-data --regions R`: the cases spread over R regions, each with its own municipalities,
organisations and accounts, and each region's partners seeing only their own region."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from tests.conftest import FROZEN_NOW, _wipe
from thuiszittertafel import clock
from thuiszittertafel.auth.models import Role, User, UserRole
from thuiszittertafel.cases.models import Case, Participation, Pupil
from thuiszittertafel.config import Settings
from thuiszittertafel.core import policy
from thuiszittertafel.demo.bulk import generate
from thuiszittertafel.demo.regions import home_name, region_of
from thuiszittertafel.extensions import make_engine
from thuiszittertafel.organisations.models import Municipality, Organisation, OrgKind

CASES = 450


@pytest.fixture(scope="module")
def loaded(database_url):
    """The demo region and two copies, CASES bulk cases over the three; wiped afterwards."""
    settings = Settings(database_url=database_url, secret_key="x")
    engine = make_engine(database_url)
    _wipe(engine)
    clock.freeze(FROZEN_NOW)  # module fixtures run before the autouse frozen clock
    try:
        generate(settings, cases=0)  # the demo region alone
        with Session(engine) as s:
            template = {
                "organisations": s.scalar(select(func.count()).select_from(Organisation)),
                "users": s.scalar(select(func.count()).select_from(User)),
                "cases": s.scalar(select(func.max(Case.id))),
            }
        added = generate(settings, cases=CASES, seed=4, regions=3)
    finally:
        clock.freeze(None)
    yield settings, template, added
    _wipe(engine)
    engine.dispose()


@pytest.fixture
def session(loaded):
    engine = make_engine(loaded[0].database_url)
    with Session(engine) as s:
        yield s
    engine.dispose()


def _names(session, model) -> dict[int, str]:
    return dict(session.execute(select(model.id, model.name)).all())


def test_each_copy_has_the_demo_regions_organisations_and_accounts(session, loaded):
    _, template, added = loaded
    assert added["regions"] == 3 and added["cases"] == CASES
    orgs = session.scalars(select(Organisation)).all()
    assert len(orgs) == 3 * template["organisations"]
    per_region = Counter(region_of(o.name) for o in orgs)
    assert per_region == {k: template["organisations"] for k in (1, 2, 3)}
    # Each copy of an organisation serves the copies of what the original serves.
    by_name = {o.name: o for o in orgs}
    for o in orgs:
        if region_of(o.name) == 1:
            served = {m.name for m in o.municipalities}
            for k in (2, 3):
                copy = by_name[f"{o.name} (regio {k})"]
                assert copy.kind == o.kind
                assert {m.name for m in copy.municipalities} == {f"{m} (regio {k})" for m in served}
                if o.swv_id is not None:
                    assert copy.swv.name == f"{o.swv.name} (regio {k})"
    users = session.scalars(select(User)).all()
    assert len(users) == 3 * template["users"]
    roles: dict[int, set[str]] = {}
    for user_id, role in session.execute(select(UserRole.user_id, UserRole.role)):
        roles.setdefault(user_id, set()).add(role)
    by_username = {u.username: u for u in users}
    for u in users:
        home = by_username[home_name(u.username)]
        assert roles.get(u.id) == roles.get(home.id), u.username
        assert region_of(u.organisation.name) == (
            int(u.username.rsplit(".r", 1)[1]) if u is not home else 1
        )
        assert u.password_hash == home.password_hash  # the demo password
    # The vast aanspreekpunt leerplicht of a copied gemeente is the copied officer.
    for m in session.scalars(select(Municipality)):
        if m.leerplicht_contact_user_id is not None:
            officer = session.get(User, m.leerplicht_contact_user_id)
            assert region_of(officer.organisation.name) == region_of(m.name), m.name


def test_every_case_stays_within_one_region(session, loaded):
    _, template, _ = loaded
    orgs, munis = _names(session, Organisation), _names(session, Municipality)
    rows = session.execute(
        select(
            Case.id, Case.school_org_id, Case.swv_org_id, Case.lead_org_id, Pupil.municipality_id
        )
        .join(Pupil)
        .where(Case.id > template["cases"])
    ).all()
    regions = Counter()
    for case_id, *org_ids, muni in rows:
        region = region_of(munis[muni])
        assert {region_of(orgs[o]) for o in org_ids if o} == {region}, case_id
        regions[region] += 1
    participants = session.execute(
        select(Participation.org_id, Pupil.municipality_id)
        .join(Case, Case.id == Participation.case_id)
        .join(Pupil)
        .where(Case.id > template["cases"])
    ).all()
    assert all(region_of(orgs[o]) == region_of(munis[m]) for o, m in participants)
    # Spread over the schools of every region: each about a third.
    assert set(regions) == {1, 2, 3} and min(regions.values()) > CASES / 5


def test_each_regions_leerplicht_and_swv_see_only_their_own_region(session, loaded):
    _, template, _ = loaded
    munis = _names(session, Municipality)
    region_of_case = {
        case_id: region_of(munis[muni])
        for case_id, muni in session.execute(select(Case.id, Pupil.municipality_id).join(Pupil))
    }
    for kind, role in ((OrgKind.leerplicht, Role.medewerker), (OrgKind.swv, Role.coordinator)):
        seen = Counter()
        for user in session.scalars(
            select(User)
            .join(Organisation)
            .join(UserRole)
            .where(Organisation.kind == kind, UserRole.role == role)
        ):
            region = region_of(user.organisation.name)
            visible = session.scalars(policy.visible_cases(user).with_only_columns(Case.id)).all()
            assert {region_of_case[c] for c in visible} <= {region}, user.username
            seen[region] += len(visible)
        assert set(seen) == {1, 2, 3}, kind


def test_asking_again_adds_only_the_missing_regions(loaded):
    settings, template, _ = loaded
    engine = make_engine(settings.database_url)
    clock.freeze(FROZEN_NOW)
    try:
        generate(settings, cases=0, regions=3)
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM organisations")) == (
                3 * template["organisations"]
            )
        generate(settings, cases=0, regions=4)
        with engine.connect() as conn:
            assert conn.scalar(text("SELECT count(*) FROM organisations")) == (
                4 * template["organisations"]
            )
            # The app's own inserts go on after the copies (PostgreSQL: the sequences moved).
            last = conn.scalar(text("SELECT max(id) FROM organisations"))
            new = conn.execute(
                text(
                    "INSERT INTO organisations (name, kind, school_region, active)"
                    " VALUES ('Nieuw', 'wijkteam', 'midden', true) RETURNING id"
                )
            ).scalar_one()
            conn.rollback()
            assert new == last + 1
    finally:
        clock.freeze(None)
        engine.dispose()


@pytest.mark.parametrize("value", ["0", "1001", "drie", "-2"])
def test_cli_refuses_a_bad_number_of_regions_and_changes_nothing(loaded, value):
    settings = loaded[0]
    engine = make_engine(settings.database_url)
    with engine.connect() as conn:
        before = conn.scalar(text("SELECT count(*) FROM organisations"))
    env = {
        **os.environ,
        "THUISZITTERTAFEL_DATABASE_URL": settings.database_url,
        "THUISZITTERTAFEL_SECRET_KEY": "x",
    }
    done = subprocess.run(
        [sys.executable, "-m", "thuiszittertafel.cli", "demo-data", "--cases", "5"]
        + ["--regions", value],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "ongeldig aantal regio's" in done.stderr and "1 tot en met 1000" in done.stderr
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM organisations")) == before
    engine.dispose()
