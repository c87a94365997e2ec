"""The visibility matrix (DESIGN §3): every kind of user × every access path."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, select

from thuiszittertafel import clock
from thuiszittertafel.cases import participation
from thuiszittertafel.cases.filters import CaseFilters, parse
from thuiszittertafel.cases.models import Case, Participation
from thuiszittertafel.cases.queries import (
    case_count,
    case_page,
    case_rows,
    filter_choices,
    get_case,
)
from thuiszittertafel.core.errors import NotFound
from thuiszittertafel.core.policy import may_see_name


@pytest.fixture
def cases(session, world, make_case):
    """Cases reachable through each rule, and the users who should see each."""
    w = world
    now = clock.now()
    c = {}
    # Lingeborgh pupil living in Zaltbommel, 23 days at home: school participates only.
    c["school"] = make_case(w.teacher, given_name="Sam", absent_since=date(2026, 11, 2))
    # Lingeborgh pupil living in Elders: leerplicht of Elders supervises, not Rivierenland.
    c["elders_resident"] = make_case(
        w.zorgco, given_name="Eva", municipality=w.elders, absent_since=date(2026, 11, 10)
    )
    # RSG pupil in Tiel with the wijkteam involved (with consent).
    c["wijkteam"] = make_case(
        w.school2_worker, given_name="Wim", municipality=w.tiel, absent_since=date(2026, 11, 20)
    )
    participation.add_participation(
        session,
        w.school2_worker,
        c["wijkteam"],
        "participant",
        {"org_id": w.wijkteam.id, "consent_basis": "toestemming-ouders-en-jongere"},
        now=now,
    )
    # GGD was involved in a Tiel case, but no longer.
    c["ggd_ended"] = make_case(
        w.school2_worker, given_name="Gijs", municipality=w.tiel, absent_since=date(2026, 11, 20)
    )
    participation.add_participation(
        session,
        w.school2_worker,
        c["ggd_ended"],
        "participant",
        {"org_id": w.ggd.id, "consent_basis": "toestemming-ouders-en-jongere"},
        now=now,
    )
    ggd_part = session.scalar(
        select(Participation).where(
            Participation.case_id == c["ggd_ended"].id, Participation.org_id == w.ggd.id
        )
    )
    participation.end_participation(
        session,
        w.school2_worker,
        c["ggd_ended"],
        "participant",
        ggd_part.id,
        "Advies gegeven",
        now=now,
    )
    # Not enrolled, opened by leerplicht: no school, SWV found through the municipality.
    c["absoluut"] = make_case(
        w.lpa, given_name="Ali", kind="absoluut", municipality=w.tiel, absent_since=date(2026, 9, 1)
    )
    # A case in another region altogether.
    c["far"] = make_case(
        w.far_worker,
        given_name="Fem",
        education_type="po",
        birth_date=date(2016, 3, 3),
        absent_since=date(2026, 10, 1),
    )
    session.commit()
    return c


# user attribute on World → {case key: access reason}
EXPECTED = {
    "teacher": {"school": "participant", "elders_resident": "participant"},
    "zorgco": {"school": "participant", "elders_resident": "participant"},
    "school2_worker": {"wijkteam": "participant", "ggd_ended": "participant"},
    "far_worker": {"far": "participant"},
    "swv_coordinator": {
        "school": "swv-coordinator",
        "elders_resident": "swv-coordinator",
        "wijkteam": "swv-coordinator",
        "ggd_ended": "swv-coordinator",
        "absoluut": "swv-coordinator",
    },
    "swv_worker": {},
    "other_swv_coordinator": {"far": "swv-coordinator"},
    "lpa": {
        "school": "leerplicht",
        "wijkteam": "leerplicht",
        "ggd_ended": "leerplicht",
        "absoluut": "participant",
    },
    "other_lpa": {"elders_resident": "leerplicht", "far": "participant"},
    "wijkteam_worker": {"wijkteam": "participant"},
    "ggd_doctor": {},
    "doorstroom_worker": {},
    "gemeente_worker": {},
    "privacy_officer": {},
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_visibility_matrix_in_table_and_case_lookup(session, world, cases, who):
    user = getattr(world, who)
    expected = {cases[key].id: reason for key, reason in EXPECTED[who].items()}
    page = case_page(session, user, CaseFilters(per_page=100), clock.today())
    assert {c.id: access for c, access in page.rows} == expected
    assert page.total == len(expected)
    for case in cases.values():
        if case.id in expected:
            assert get_case(session, user, case.id)[1] == expected[case.id]
        else:
            with pytest.raises(NotFound):
                get_case(session, user, case.id)


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_name_search_only_finds_visible_cases(session, world, cases, who):
    user = getattr(world, who)
    for key, case in cases.items():
        found = case_page(
            session, user, CaseFilters(q=case.pupil.given_name.lower()), clock.today()
        )
        assert [c.id for c, _ in found.rows] == ([case.id] if key in EXPECTED[who] else [])


def test_leerplicht_participates_from_four_weeks_at_intake(session, world, cases):
    assert world.leerplicht.id not in cases["school"].participant_org_ids()
    assert world.leerplicht.id in cases["absoluut"].participant_org_ids()


# Filters that split the matrix's cases differently, each listed in full on one page.
SPLITTING_FILTERS = (
    CaseFilters(per_page=100),
    CaseFilters(per_page=100, status="open"),
    CaseFilters(per_page=100, q="a"),
    CaseFilters(per_page=100, q="eva"),
    CaseFilters(per_page=100, kind="absoluut"),
    CaseFilters(per_page=100, thuiszitter=True),
    CaseFilters(per_page=100, overdue=True),
    CaseFilters(per_page=100, mine=True),
    CaseFilters(per_page=100, municipality="Tiel"),
)


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_the_total_counted_with_the_filter_choices_is_what_the_table_lists(
    session, world, cases, who
):
    """The HTML table takes its total from the pass that finds its filter choices; it must
    count exactly the rows the filters list, for every kind of user."""
    user, today = getattr(world, who), clock.today()
    totals = []
    for f in SPLITTING_FILTERS:
        _, total = filter_choices(session, user, f, today)
        listed = case_page(session, user, f, today).rows
        assert total == len(listed) == case_count(session, user, f, today), f
        totals.append(total)
    if EXPECTED[who]:  # the filters do split: not every total is everything or nothing
        assert len(set(totals)) > 1
    assert filter_choices(session, user)[1] == 0  # without filters: choices only


def test_inactive_user_sees_nothing(session, world, cases):
    world.teacher.active = False
    session.flush()
    assert case_page(session, world.teacher, CaseFilters(), clock.today()).total == 0


def test_full_access_reasons_may_see_the_name():
    assert may_see_name("participant") and may_see_name("leerplicht")
    assert may_see_name("swv-coordinator")
    assert not may_see_name("meeting") and not may_see_name(None)


def test_search_wildcards_are_literal(session, world, make_case):
    make_case(world.teacher, given_name="Anna", family_name="Bakker")
    assert case_page(session, world.teacher, CaseFilters(q="%"), clock.today()).total == 0
    assert case_page(session, world.teacher, CaseFilters(q="a_na"), clock.today()).total == 0
    assert case_page(session, world.teacher, CaseFilters(q="nna b"), clock.today()).total == 1


LINK = __import__("re").compile(r'href="/casussen/(\d+)"')


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_visibility_matrix_in_pages_and_api(app, session, world, cases, browser, who):
    """The same exact sets through the case table page, the case page and the API."""
    from tests.conftest import PASSWORD

    user = getattr(world, who)
    expected = {cases[key].id for key in EXPECTED[who]}
    b = browser(user)
    table = b.get("/casussen?status=all&per_page=100").get_data(as_text=True)
    assert {int(i) for i in LINK.findall(table)} == expected
    for case in cases.values():
        status = b.get(f"/casussen/{case.id}").status_code
        assert status == (200 if case.id in expected else 404), (who, case.id)
    client = app.test_client()
    token = client.post(
        "/api/v1/tokens", json={"username": user.username, "password": PASSWORD}
    ).get_json()["token"]
    listed = client.get(
        "/api/v1/cases?per_page=100", headers={"Authorization": f"Bearer {token}"}
    ).get_json()
    assert {c["id"]: c["access"] for c in listed["items"]} == {
        cases[key].id: reason for key, reason in EXPECTED[who].items()
    }


def _meeting_on(session, world, case_):
    """A published thuiszitterstafel with `case_` on its agenda; the wijkteam worker and
    the GGD doctor attend (rule 4: they see it for the meeting)."""
    from thuiszittertafel.meetings import services as meetings

    (meeting,) = meetings.create_meeting(
        session,
        world.swv_coordinator,
        {
            "kind": "thuiszitterstafel",
            "title": "Tafel",
            "starts_at": "2026-12-02T14:00",
            "attendee_user_ids": [world.wijkteam_worker.id, world.ggd_doctor.id],
        },
        now=clock.now(),
    )
    meetings.add_item(
        session, world.swv_coordinator, meeting, {"case_id": case_.id}, now=clock.now()
    )
    meetings.publish(session, world.swv_coordinator, meeting, now=clock.now())
    session.commit()


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_the_indexed_and_the_per_case_visibility_agree(session, world, cases, who):
    """`case_visible` reads a set of cases through the ids its rules name (`among`), and
    tests given cases one by one (`few=True`): both give the same cases, the meeting's too,
    and `among` is the form a school's or an SWV's list really uses."""
    from sqlalchemy import func

    from thuiszittertafel.cases.models import Case, Pupil
    from thuiszittertafel.core import policy

    _meeting_on(session, world, cases["school"])
    user = getattr(world, who)
    # All but one: the condition must still hold as one term beside another (an OR left
    # bare would let `Case.id.in_(ids)` bind to its last rule only).
    ids = [c.id for key, c in cases.items() if key != "absoluut"]

    def seen(few: bool) -> set[int]:
        stmt = (
            select(Case.id)
            .join(Pupil, Pupil.id == Case.pupil_id)
            .where(policy.case_visible(user, few=few), Case.id.in_(ids))
        )
        return set(session.scalars(stmt))

    expected = {cases[key].id for key in EXPECTED[who] if key != "absoluut"}
    if who in ("swv_coordinator", "wijkteam_worker", "ggd_doctor"):
        expected.add(cases["school"].id)  # the meeting's chair and attendees
    assert seen(few=False) == seen(few=True) == expected
    assert session.scalar(
        select(func.count())
        .select_from(Case)
        .join(Pupil, Pupil.id == Case.pupil_id)
        .where(policy.case_visible(user))
    ) == len(expected) + ("absoluut" in EXPECTED[who])
    listing = select(Case.id).where(policy.case_visible(user))
    indexed = str(listing.compile(session.get_bind()))
    by_ids = "cases.id IN (SELECT" in indexed
    sqlite = session.get_bind().dialect.name == "sqlite"
    assert by_ids == sqlite, indexed
    # Bare conditions: behind SQLAlchemy's `(…) = 1` for a boolean function SQLite neither
    # looks the ids up nor unites the rules' indexes (it read every open case).
    assert "= 1" not in indexed, indexed


@pytest.mark.parametrize("handover", [False, True], ids=["own-area", "kwalificatieplicht-elders"])
def test_visible_in_own_gemeenten_is_visible_and_in_own_gemeenten(
    session, world, cases, make_case, handover
):
    """Leerplicht's own work lists (termijnbewaking, its start page) ask for the visible
    cases in its gemeenten in one condition: the same cases as both conditions written
    side by side, for every user, with a participation outside the area (named by id) and
    with the kwalificatieplicht of a gemeente carried by another leerplicht. Where the
    visible cases are found by the gemeenten already, the gemeenten are written once (on
    PostgreSQL twice made its estimate of leerplicht's cases the square), and the rules on
    the case's own columns come before the look-ups in another table."""
    from thuiszittertafel.cases.models import Case
    from thuiszittertafel.core import policy

    older = make_case(world.teacher, given_name="Daan", birth_date=date(2009, 6, 1))
    participation.add_participation(
        session,
        world.zorgco,
        cases["elders_resident"],
        "participant",
        {"org_id": world.leerplicht.id, "consent_basis": "toestemming-ouders-en-jongere"},
        now=clock.now(),
    )
    if handover:
        world.zaltbommel.kwalificatieplicht_org_id = world.other_leerplicht.id
    session.commit()
    all_ids = {c.id for c in cases.values()} | {older.id}
    for who in EXPECTED:
        user = getattr(world, who)

        def ids(condition) -> set[int]:
            return set(session.scalars(select(Case.id).where(condition))) & all_ids

        combined = ids(policy.visible_in_own_gemeenten(user))
        side_by_side = ids(policy.case_visible(user) & policy.in_own_gemeenten(user))
        assert combined == side_by_side, who
    lpa_sees = ids(policy.visible_in_own_gemeenten(world.lpa))
    assert cases["elders_resident"].id not in lpa_sees  # visible, but not its gemeente
    assert (older.id in lpa_sees) is not handover
    other_sees = ids(policy.visible_in_own_gemeenten(world.other_lpa))
    assert older.id not in other_sees  # carried, not served: not its own work list
    if session.get_bind().dialect.name != "postgresql" or handover:
        return
    # A named case beyond the area keeps the gemeenten beside it; none: written once.
    part = session.scalar(
        select(Participation).where(
            Participation.case_id == cases["elders_resident"].id,
            Participation.org_id == world.leerplicht.id,
            Participation.ended_on.is_(None),
        )
    )
    participation.end_participation(
        session,
        world.zorgco,
        cases["elders_resident"],
        "participant",
        part.id,
        "Klaar",
        now=clock.now(),
    )
    session.commit()
    compiled = str(
        select(Case.id)
        .where(policy.visible_in_own_gemeenten(world.lpa))
        .compile(session.get_bind())
    )
    assert compiled.count("cases.municipality_id IN") == 1, compiled
    assert compiled.index("absence_authorised") < compiled.index("FROM participations"), compiled


def test_a_case_named_outside_the_columns_is_listed_until_the_participation_ends(
    session, world, cases, monkeypatch
):
    """Leerplicht and an SWV coordinator find most of their cases by a column (gemeente,
    SWV); a participation outside it (a pupil who moved, another SWV's school) is listed
    too — on PostgreSQL as the few ids beside the columns — and no longer once it ends."""
    from thuiszittertafel.core import policy

    today = clock.today()
    everything = CaseFilters(status="all")
    outside = {
        "lpa": (world.leerplicht, cases["elders_resident"]),
        "swv_coordinator": (world.swv, cases["far"]),
    }

    def listed(user) -> set[int]:
        return {c.id for c, _ in case_page(session, user, everything, today).rows}

    for who, (org, case_) in outside.items():
        assert case_.id not in listed(getattr(world, who))
        basis = "toestemming-ouders" if case_ is cases["far"] else "toestemming-ouders-en-jongere"
        participation.add_participation(
            session,
            world.far_worker if case_ is cases["far"] else world.zorgco,
            case_,
            "participant",
            {"org_id": org.id, "consent_basis": basis},
            now=clock.now(),
        )
    session.commit()
    for who, (_, case_) in outside.items():
        user = getattr(world, who)
        assert case_.id in listed(user)
        assert case_count(session, user, everything, today) == len(EXPECTED[who]) + 1
        if session.get_bind().dialect.name == "postgresql":
            listing = str(
                select(Case.id).where(policy.case_visible(user)).compile(session.get_bind())
            )
            assert "cases.id = ANY" in listing, listing
    # More named cases than it sends as values: the per-case rules alone, the same cases.
    monkeypatch.setattr(policy, "_MANY_NAMED", 0)
    session.commit()
    for who, (_, case_) in outside.items():
        user = getattr(world, who)
        assert case_.id in listed(user)
        listing = str(select(Case.id).where(policy.case_visible(user)).compile(session.get_bind()))
        assert "cases.id = ANY" not in listing, listing
    monkeypatch.undo()
    for who, (org, case_) in outside.items():
        part = session.scalar(
            select(Participation).where(
                Participation.case_id == case_.id,
                Participation.org_id == org.id,
                Participation.ended_on.is_(None),
            )
        )
        participation.end_participation(
            session, getattr(world, who), case_, "participant", part.id, "Klaar", now=clock.now()
        )
    session.commit()
    for who, (_, case_) in outside.items():
        assert case_.id not in listed(getattr(world, who))


def test_school_and_gemeente_of_a_meeting_case_are_no_filter_and_no_choice(session, world, cases):
    """Seen only for a meeting, a case shows neither school nor gemeente: filtering on them
    or offering them as a choice would tell them. The case itself stays listed."""
    _meeting_on(session, world, cases["school"])  # a Lingeborgh pupil from Zaltbommel
    today = clock.today()
    attendee = world.wijkteam_worker  # sees the Tiel wijkteam case in full, this one not
    everything = CaseFilters(status="all")
    assert cases["school"].id in {
        c.id for c, _ in case_page(session, attendee, everything, today).rows
    }
    for f in (
        CaseFilters(status="all", municipality="Zaltbommel"),
        CaseFilters(status="all", school_org_id=world.school.id),
    ):
        assert case_count(session, attendee, f, today) == 0
        assert filter_choices(session, attendee, f, today)[1] == 0
    choices, _ = filter_choices(session, attendee, everything, today)
    assert world.zaltbommel not in choices["municipalities"]
    assert world.school not in choices["schools"]
    assert world.tiel in choices["municipalities"]  # the wijkteam case, seen in full
    # Someone who reads the whole file still filters on both.
    lpa_filter = CaseFilters(status="all", municipality="Zaltbommel")
    assert cases["school"].id in {
        c.id for c, _ in case_page(session, world.lpa, lpa_filter, today).rows
    }
    assert (
        world.zaltbommel
        in filter_choices(session, world.lpa, everything, today)[0]["municipalities"]
    )


def test_notices_in_bulk_reach_exactly_who_may_see_the_case(session, world, cases, make_user):
    """`visible_pairs` asks once per principal, not per user: it keeps the same pairs as
    asking each user by themselves. Colleagues share their rules, but not a meeting's
    attendee and the colleague who is not invited, nor the SWV's coordinators and its
    worker; an inactive user is told nothing. Adding colleagues adds no statement."""
    from tests.test_statement_counts import counting
    from thuiszittertafel.auth.models import User
    from thuiszittertafel.cases.models import Case
    from thuiszittertafel.core import policy

    _meeting_on(session, world, cases["school"])
    uninvited = make_user(world.wijkteam, "medewerker")
    coordinator = make_user(world.swv, "coordinator")  # the chair is the other one
    world.teacher.active = False
    session.commit()
    users = [getattr(world, who) for who in sorted(EXPECTED)] + [uninvited, coordinator]
    pairs = {(u.id, c.id) for u in users for c in cases.values()}

    def each_by_themselves() -> set[tuple[int, int]]:
        return {
            (u.id, case_id)
            for u in users
            for case_id in session.scalars(
                select(Case.id).where(
                    policy.case_visible(u, few=True), Case.id.in_([c.id for c in cases.values()])
                )
            )
        }

    expected = each_by_themselves()
    assert (world.wijkteam_worker.id, cases["school"].id) in expected  # the meeting
    assert (uninvited.id, cases["school"].id) not in expected
    assert (uninvited.id, cases["wijkteam"].id) in expected  # the organisation's own case
    assert not {pair for pair in expected if pair[0] == world.teacher.id}
    assert (world.zorgco.id, cases["school"].id) in expected
    assert (world.swv_worker.id, cases["school"].id) not in expected
    assert (coordinator.id, cases["school"].id) in expected
    session.commit()  # nothing remembered or loaded: both calls start alike
    with counting(session.get_bind()) as few_colleagues:
        assert policy.visible_pairs(session, pairs) == expected
    school = world.zorgco.organisation
    for _ in range(5):
        make_user(school, "medewerker")
    session.commit()
    colleagues = session.scalars(select(User).where(User.org_id == school.id)).all()
    more = pairs | {(u.id, c.id) for u in colleagues for c in cases.values()}
    session.commit()
    with counting(session.get_bind()) as many_colleagues:
        seen = policy.visible_pairs(session, more)
    assert seen == expected | {
        (u.id, c.id)
        for u in colleagues
        if u.active
        for c in cases.values()
        if (world.zorgco.id, c.id) in expected
    }
    assert len(many_colleagues) == len(few_colleagues)


@pytest.mark.parametrize(
    "args",
    [
        {},
        {"sort": "-id"},
        {"sort": "next_term", "status": "all"},
        {"sort": "name"},  # the case's copy of the name (cases.sort_name)
        {"q": "a"},  # the case's copy of the name (cases.search_name)
        # the law's age test on the case's copy (cases.birth_date, has_startkwalificatie)
        {"thuiszitter": "true"},
    ],
)
def test_a_page_reads_no_pupils(session, world, cases, args):
    """The statement that picks a page's cases reads no pupils: the name sort, the name
    search and the thuiszitter filter read the case's copies (at 1M cases leerplicht's page
    looked up each of its ~10,000 pupils); the page is the start of the whole list in the
    same order."""
    f = parse({**args, "per_page": "2"})
    seen: list[str] = []

    def remember(_conn, _cursor, statement, *_args):
        seen.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", remember)
    try:
        page = case_rows(session, world.lpa, f, clock.today())
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    picked = next(s for s in seen if s.startswith("SELECT cases.id") and "LIMIT" in s)
    assert "pupils" not in picked.split("WHERE")[0]
    everything = case_rows(session, world.lpa, f, clock.today(), page=False)
    assert [c.id for c, _ in page] == [c.id for c, _ in everything][:2]
    assert len(everything) >= 1
