"""The demo region seed: accounts, cases, stories, idempotence, and the CLI."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from tests.conftest import FROZEN_NOW, _wipe
from thuiszittertafel import clock
from thuiszittertafel.agreements.models import Agreement
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
from thuiszittertafel.cases.vocabulary import (
    ABSENCE_REPORT_TYPES,
    CASE_KINDS,
    FOUR_WEEKS_DAYS,
    OUTCOMES,
)
from thuiszittertafel.config import Settings
from thuiszittertafel.core.migrate import upgrade
from thuiszittertafel.demo import region
from thuiszittertafel.demo.seed import demo_accounts, seed_if_empty
from thuiszittertafel.demo.stories import DAAN, MAXIME, SANDER
from thuiszittertafel.escalation.engine import ESCALATED
from thuiszittertafel.extensions import make_engine
from thuiszittertafel.meetings.models import Meeting
from thuiszittertafel.meetings.titles import SEPARATOR
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
    # The notes, consultations and meetings too: the same words by the same people, the
    # notes at the same local time a month later; meetings on weekdays, so only their order.
    notes_now, notes_later = _activity(seeded[0].database_url), _activity(seeded_later)
    assert [(*n[:3], n[3] + LATER) for n in notes_now["notes"]] == notes_later["notes"]
    assert notes_now["messages"] == notes_later["messages"]
    assert notes_now["meetings"] == notes_later["meetings"]
    assert len(notes_now["notes"]) >= 30


def _activity(url) -> dict[str, list[tuple]]:
    engine = make_engine(url)
    with engine.connect() as c:
        notes = c.execute(
            text(
                "SELECT n.case_id, u.username, n.body, n.created_at FROM notes n"
                " JOIN users u ON u.id = n.author_id ORDER BY n.id"
            )
        ).all()
        messages = c.execute(
            text(
                "SELECT m.consultation_id, u.username, m.body FROM consultation_messages m"
                " JOIN users u ON u.id = m.author_id ORDER BY m.id"
            )
        ).all()
        meetings = c.execute(
            text(
                "SELECT m.kind, m.title, count(i.id) FROM meetings m"
                " LEFT JOIN agenda_items i ON i.meeting_id = m.id"
                " GROUP BY m.id, m.kind, m.title ORDER BY m.id"
            )
        ).all()
    engine.dispose()

    def local(at):
        at = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
        return clock.local(at.replace(tzinfo=at.tzinfo or UTC)).replace(tzinfo=None)

    return {
        "notes": [(n[0], n[1], n[2], local(n[3])) for n in notes],
        "messages": [tuple(m) for m in messages],
        # A meeting's title carries its date (meetings/titles.py): compare the rest.
        "meetings": [(m[0], m[1].split(SEPARATOR)[0], m[2]) for m in meetings],
    }


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


# --------------------------------------------------------------- issue 14 item 6: everything


def _count(session, sql: str, **params) -> int:
    return session.execute(text(sql), params).scalar_one()


def test_story_cases_have_notes_by_the_organisations_that_wrote_them(session, seeded):
    maxime = _pupil(session, MAXIME)
    first, second = _cases_of(session, maxime)
    for case, expected in ((first, 6), (second, 10)):
        assert _count(session, "SELECT count(*) FROM notes WHERE case_id = :c", c=case.id) >= (
            expected
        )
    # The second case's log names who wrote it: school, wijkteam, leerplicht, SWV and the
    # Doorstroompunt (seed 000), each a participant of the case when writing.
    authors = set(
        session.execute(
            text(
                "SELECT DISTINCT o.kind FROM notes n JOIN organisations o ON o.id = n.org_id"
                " WHERE n.case_id = :c"
            ),
            {"c": second.id},
        ).scalars()
    )
    assert {"school", "wijkteam", "leerplicht", "swv", "doorstroompunt"} <= authors
    notes = session.scalars(select(Note).where(Note.case_id == second.id).order_by(Note.id)).all()
    assert [n.created_at for n in notes] == sorted(n.created_at for n in notes)
    assert all(n.scope == "betrokkenen" and n.category for n in notes)
    for n in notes:
        assert any(
            p.org_id == n.org_id and p.started_on <= clock.local(n.created_at).date()
            for p in second.participations
        ), n.body
    # The first case's notes were written while it was open.
    written = session.scalars(select(Note.created_at).where(Note.case_id == first.id)).all()
    assert written and all(at <= first.closed_at for at in written)
    assert any("beroepskeuzetest" in n.body for n in notes)
    for name in (SANDER, DAAN):
        (case,) = _cases_of(session, _pupil(session, name))
        assert _count(session, "SELECT count(*) FROM notes WHERE case_id = :c", c=case.id) >= 6


def test_consultations_with_messages(session, seeded):
    assert _count(session, "SELECT count(*) FROM consultations") >= 3
    assert _count(session, "SELECT count(*) FROM consultations WHERE status = 'closed'") >= 1
    assert _count(session, "SELECT count(*) FROM consultation_members WHERE role = 'invited'") >= 1
    # Every consultation has messages, each from a member organisation.
    assert (
        _count(
            session,
            "SELECT count(*) FROM consultations c WHERE NOT EXISTS"
            " (SELECT 1 FROM consultation_messages m WHERE m.consultation_id = c.id)",
        )
        == 0
    )
    assert (
        _count(
            session,
            "SELECT count(*) FROM consultation_messages m WHERE NOT EXISTS"
            " (SELECT 1 FROM consultation_members x WHERE x.consultation_id = m.consultation_id"
            " AND x.org_id = m.org_id)",
        )
        == 0
    )


def test_zat_meetings_per_school_beside_the_thuiszitterstafel_series(session, seeded):
    now = clock.now()
    zats = session.scalars(select(Meeting).where(Meeting.kind == "zat")).all()
    assert len(zats) >= 5
    assert len({m.host_org_id for m in zats}) == len(zats)  # one per school
    for m in zats:
        assert m.host_org.kind == OrgKind.school and m.starts_at > now
        assert m.chair.org_id == m.host_org_id and m.chair.has_role(Role.coordinator)
        assert any(u.organisation.kind == OrgKind.leerplicht for u in m.attendees)
        cases = [session.get(Case, i.case_id) for i in m.items]
        assert cases and all(c.school_org_id == m.host_org_id and c.is_open for c in cases)
    tables = session.scalars(select(Meeting).where(Meeting.kind == "thuiszitterstafel")).all()
    assert len(tables) == 3 and len({m.series_id for m in tables}) == 1
    assert min(tables, key=lambda m: m.starts_at).items


def test_meldingen_of_every_type_and_escalated_agreements(session, seeded):
    types = set(session.execute(text("SELECT DISTINCT type FROM absence_reports")).scalars())
    assert types == set(ABSENCE_REPORT_TYPES)
    assert (
        _count(session, "SELECT count(*) FROM escalation_notices WHERE rule = :r", r=ESCALATED) >= 3
    )
    # Agreements on most open cases: some overdue, some due within the week.
    open_cases = _count(session, "SELECT count(*) FROM cases WHERE status = 'open'")
    with_agreements = _count(
        session,
        "SELECT count(DISTINCT a.case_id) FROM agreements a JOIN cases c ON c.id = a.case_id"
        " WHERE c.status = 'open'",
    )
    assert with_agreements > open_cases / 2
    dues = session.scalars(select(Agreement.due_at).where(Agreement.status == "open")).all()
    now = clock.now()
    assert any(d < now for d in dues) and any(now < d < now + timedelta(days=7) for d in dues)


def test_a_story_step_goes_through_the_permission_table(session, seeded, database_url):
    """A note by someone who does not take part in the case is refused by the notes
    service, as it would be on the page: the demo's content cannot bypass the rules."""
    from thuiszittertafel.core.errors import Forbidden
    from thuiszittertafel.demo import stories
    from thuiszittertafel.demo.seed import CaseScript, Region
    from thuiszittertafel.escalation.model import load as load_model

    r = Region(session, model=load_model(None), now=clock.now(), rng=random.Random(1))
    r.munis = {m.name: m for m in session.scalars(select(Municipality))}
    r.orgs = {
        o.key: session.scalar(select(Organisation).where(Organisation.name == o.name))
        for o in region.ORGANISATIONS
    }
    r.users = {u.username: u for u in session.scalars(select(User))}
    before = _count(session, "SELECT count(*) FROM notes")
    story = {
        "given": "Testje",
        "family": "Weigering",
        "age": 12,
        "birth_days": 10,
        "municipality": region.BUREN,
        "cases": [
            {
                "by": "lpa.buren",
                "ago": 20,
                "kind": "absoluut",
                "absent_ago": 30,
                "edu": "vo",
                "summary": "Proef.",
                "steps": [
                    {
                        "ago": 10,
                        "do": "note",
                        "by": "gemeente.zaltbommel",
                        "category": "overig",
                        "text": "Mag niet.",
                    }
                ],
            }
        ],
    }
    with pytest.raises(Forbidden):
        stories.play(r, story)
    session.rollback()
    assert _count(session, "SELECT count(*) FROM notes") == before
    assert CaseScript  # the script the steps play through
