"""The start page (/) per role, on a few hand-built cases (today: 25 Nov 2026).

P1 Zaltbommel relatief since 1 Nov (24 days: 4 weeks on 29 Nov), moved to phase 3 on
   1 Oct (55 days in phase), term 1 Dec (coming), escalated
P2 Tiel relatief since 30 Aug (87 days: 3 months on 29 Nov), term 20 Nov (overdue)
P3 Zaltbommel absoluut since 1 Jun (177 days), term 10 Jan 2027
P4 Elders, term passed — another region
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.listing import ids, plain_list
from thuiszittertafel import clock
from thuiszittertafel.cases import lifecycle, regie
from thuiszittertafel.notifications.models import Notification


@pytest.fixture
def start_cases(session, world, make_case, model):
    w = world
    p1 = make_case(w.teacher, given_name="Piet", absent_since=date(2026, 11, 1))
    lifecycle.update_case(
        session,
        w.teacher,
        p1,
        "participant",
        {"phase": "3", "reason": "Consultatie SWV"},
        now=clock.now(),
        model=model,
    )
    regie.accept_regie(  # the SWV agrees to take regie (DESIGN §6)
        session,
        w.swv_coordinator,
        p1,
        "swv-coordinator",
        p1.regie_proposal.id,
        {"consent_basis": "toestemming-ouders-en-jongere", "consent_given_by": "ouders"},
        now=clock.now(),
    )
    p1.phase_since, p1.phase_due_on, p1.escalated = date(2026, 10, 1), date(2026, 12, 1), True
    p2 = make_case(w.teacher, given_name="Pam", municipality=w.tiel, absent_since=date(2026, 8, 30))
    p2.phase_due_on = date(2026, 11, 20)
    p3 = make_case(w.teacher, given_name="Puck", kind="absoluut", absent_since=date(2026, 6, 1))
    p3.phase_due_on = date(2027, 1, 10)
    p4 = make_case(
        w.far_worker,
        given_name="Pim",
        education_type="po",
        birth_date=date(2016, 3, 3),
        absent_since=date(2026, 9, 1),
    )
    p4.phase_due_on = date(2026, 11, 1)
    session.commit()
    return p1, p2, p3, p4


MINE_NONE = {"mijn-verlopen": 0, "mijn-binnenkort": 0}


def counts(html: str) -> dict[str, int]:
    return {
        m[0]: int(m[1])
        for m in re.findall(r'data-bucket="([^"]+)".*?data-count="(\d+)"', html, re.S)
    }


def test_leerplicht_sees_its_term_watch(browser, world, start_cases):
    html = browser(world.lpa).get("/").get_data(as_text=True)
    assert counts(html) == {
        **MINE_NONE,
        "nieuwe-meldingen": 0,
        "verlopen-termijnen": 1,
        "komende-termijnen": 1,
        "vier-weken": 1,
        "drie-maanden-binnenkort": 1,
        "drie-maanden": 1,
    }
    assert not named(html, "Pim")  # Elders is not theirs
    assert 'href="/casussen?overdue=true&amp;sort=next_term"' in html
    assert 'href="/termijnbewaking"' in html and 'href="/rapportages"' in html


def test_swv_coordinator_sees_the_regie_overview(browser, world, start_cases):
    html = browser(world.swv_coordinator).get("/").get_data(as_text=True)
    rows = re.findall(
        r'data-phase="(\d)" data-lead="([^"]+)">.*?data-key="cases">'
        r'<a href="([^"]+)">(\d+)</a>.*?data-key="overdue">(\d+)<.*?'
        r'data-key="longest">(\d+)<',
        html,
        re.S,
    )
    swv, school = world.swv, world.school
    assert rows[0] == (
        "1",
        "Lingeborgh",
        f"/casussen?phase=1&amp;lead_org_id={school.id}",
        "1",
        "1",
        "0",
    )
    assert rows[-1] == (
        "3",
        "SWV Rivierenland",
        f"/casussen?phase=3&amp;lead_org_id={swv.id}",
        "1",
        "0",
        "55",
    )
    # Puck's absoluut case has leerplicht as regie from phase 1 (the model's own phases).
    assert re.findall(r'data-phase="(\d)" data-lead="([^"]+)"', html) == [
        ("1", "Lingeborgh"),
        ("1", "Team Leerplicht Rivierenland"),
        ("3", "SWV Rivierenland"),
    ]
    assert counts(html) == {**MINE_NONE, "regievoorstellen": 0, "opschalingen": 1, "swv-klokken": 2}
    assert 'href="/regie"' in html


def test_zorgcoordinator_sees_the_schools_cases(browser, world, start_cases):
    html = browser(world.zorgco).get("/").get_data(as_text=True)
    assert counts(html) == {
        **MINE_NONE,
        "regievoorstellen": 0,
        "school-open": 2,
        "school-drie-maanden": 0,
        "school-verlopen": 1,
        "school-opgeschaald": 1,
        "school-klokken": 2,
    }
    assert "Puck" not in html.split('data-bucket="school-open"')[1].split("</section>")[0]


def test_worker_sees_mentions_and_agreements(browser, world, session, start_cases):
    session.add(
        Notification(
            key="mention:test",
            user_id=world.teacher.id,
            kind="mention",
            case_id=start_cases[0].id,
            text="Zorgco noemde u bij P.J.",
            created_at=clock.now(),
        )
    )
    session.commit()
    html = browser(world.teacher).get("/").get_data(as_text=True)
    assert "Zorgco noemde u bij P.J." in html
    assert counts(html) == {**MINE_NONE, "eigen-open": 3, "eigen-klokken": 2}
    assert 'href="/rapportages"' not in html  # workers have no report


def test_start_page_needs_login(app, session):
    response = app.test_client().get("/")
    assert response.status_code == 302 and "/inloggen" in response.headers["Location"]


# --- what needs each role today (issue 14, item 1) ------------------------------------


def leerplicht_agreement(session, world, case, description: str):
    """An agreement leerplicht owns on `case`, due 30 November."""
    from thuiszittertafel.agreements.services import create_agreement

    return create_agreement(
        session,
        world.lpa,
        case,
        "leerplicht",
        {"description": description, "owner_org_id": world.leerplicht.id, "due_at": "2026-11-30"},
        now=clock.now(),
    )


def named(html: str, name: str) -> bool:
    """The name as a word: a random token on the page (the CSRF field) may hold its letters."""
    return re.search(rf"\b{re.escape(name)}\b", html) is not None


def section(html: str, bucket: str) -> str:
    """The HTML of one start panel."""
    return html.split(f'data-bucket="{bucket}"')[1].split("</section>")[0]


def test_login_lands_on_the_start_page_linked_from_the_navigation(browser, world, start_cases):
    b = browser()
    response = b.login(world.teacher)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    html = b.get("/").get_data(as_text=True)
    nav = html.split('class="site-header"')[1].split("</header>")[0]
    assert 'class="site-header__name" href="/"' in nav
    assert re.search(r'<a href="/"\s+aria-current="page">Start</a>', nav)


def test_terms_meldingen_and_regie_proposals_are_listed_with_links(
    browser, world, session, start_cases, model
):
    from thuiszittertafel.cases.leerplicht import record_absence_report

    p1, p2, p3, p4 = start_cases
    overdue = leerplicht_agreement(session, world, p2, "Huisbezoek")
    overdue.due_at = datetime(2026, 11, 20, 16, tzinfo=UTC)
    near = leerplicht_agreement(session, world, p3, "Gesprek ouders")
    record_absence_report(
        session,
        world.teacher,
        p2,
        "participant",
        {"type": "wettelijk", "hours": "16"},
        now=clock.now(),
    )
    lifecycle.update_case(  # P2 to phase 3: the SWV is asked to take regie
        session,
        world.teacher,
        p2,
        "participant",
        {"phase": "3", "reason": "Consultatie nodig"},
        now=clock.now(),
        model=model,
    )
    session.commit()

    lpa = browser(world.lpa).get("/").get_data(as_text=True)
    late = section(lpa, "mijn-verlopen")
    assert "Huisbezoek" in late and f'href="/casussen/{p2.id}#afspraak-{overdue.id}"' in late
    assert "Pam Jansen" in late  # leerplicht may read the name
    soon = section(lpa, "mijn-binnenkort")
    assert "Gesprek ouders" in soon and f'href="/casussen/{p3.id}#afspraak-{near.id}"' in soon
    reports = section(lpa, "nieuwe-meldingen")
    assert "Wettelijk" in reports or "wettelijk" in reports.lower()
    assert f'href="/casussen/{p2.id}#verzuimmeldingen"' in reports

    swv = browser(world.swv_coordinator).get("/").get_data(as_text=True)
    proposals = section(swv, "regievoorstellen")
    assert f'href="/casussen/{p2.id}#regievoorstel"' in proposals and "Fase 3" in proposals
    # A medewerker of the SWV cannot answer it: it is not on their page.
    assert "regievoorstellen" not in browser(world.swv_worker).get("/").get_data(as_text=True)
    # Someone elsewhere sees none of it.
    far = browser(world.far_worker).get("/").get_data(as_text=True)
    for text in ("Huisbezoek", "Gesprek ouders", "Pam", "Piet", "Puck", f"/casussen/{p2.id}"):
        assert text not in far


def wijkteam_on_puck_and_a_meeting(session, world, puck, title, *more_attendees):
    """The wijkteam takes part in Puck's absoluut case (leerplicht has regie from phase 1),
    and a thuiszitterstafel the wijkteam worker attends (a draft: no agenda yet)."""
    from thuiszittertafel.cases.participation import add_participation
    from thuiszittertafel.meetings import services as meetings

    add_participation(
        session,
        world.lpa,
        puck,
        "participant",
        {
            "org_id": world.wijkteam.id,
            "consent_basis": "toestemming-ouders-en-jongere",
            "consent_given_by": "moeder en Puck",
        },
        now=clock.now(),
    )
    (meeting,) = meetings.create_meeting(
        session,
        world.swv_coordinator,
        {
            "kind": "thuiszitterstafel",
            "title": title,
            "starts_at": "2026-12-02T14:00",
            "attendee_user_ids": [world.wijkteam_worker.id, *(u.id for u in more_attendees)],
        },
        now=clock.now(),
    )
    return meeting


def test_wijkteam_page_lists_its_cases_and_the_next_meeting_by_initials(
    browser, world, session, start_cases
):
    from thuiszittertafel.meetings import services as meetings

    p1, p2, p3, p4 = start_cases
    meeting = wijkteam_on_puck_and_a_meeting(
        session, world, p3, "Thuiszitterstafel december", world.gemeente_worker
    )
    for c in (p1, p3):
        meetings.add_item(
            session, world.swv_coordinator, meeting, {"case_id": c.id}, now=clock.now()
        )
    meetings.publish(session, world.swv_coordinator, meeting, now=clock.now())
    session.commit()

    wijk = browser(world.wijkteam_worker).get("/").get_data(as_text=True)
    own = section(wijk, "eigen-open")
    assert "Puck Jansen" in own and f'href="/casussen/{p3.id}"' in own
    assert "Piet" not in own and "Pam" not in own
    agenda = wijk.split('id="overleg"')[1].split("</section>")[0]
    assert f'href="/overleggen/{meeting.id}"' in agenda
    assert "Puck Jansen" in agenda  # a participant: the name
    assert "Piet" not in agenda and "P.J." in agenda  # only through the meeting: initials

    gemeente = browser(world.gemeente_worker).get("/").get_data(as_text=True)
    agenda = gemeente.split('id="overleg"')[1].split("</section>")[0]
    assert "Puck" not in agenda and "Piet" not in agenda and agenda.count("P.J.") == 2
    # The school elsewhere is not invited and sees neither the meeting nor the cases.
    far = browser(world.far_worker).get("/").get_data(as_text=True)
    assert "Thuiszitterstafel december" not in far and "P.J." not in far


def test_a_long_agenda_names_its_first_items_and_counts_only_what_may_be_seen(
    browser, world, session, start_cases, monkeypatch
):
    """A thuiszitterstafel after a catch-up pass can hold thousands of escalated cases: the
    start page names the first LIST_LIMIT (here 2) with the count and a link to the
    meeting; an attendee who may not see a case on a draft agenda does not have it counted."""
    from thuiszittertafel.home import queries
    from thuiszittertafel.meetings import services as meetings

    monkeypatch.setattr(queries, "LIST_LIMIT", 2)
    p1, p2, p3, p4 = start_cases
    meeting = wijkteam_on_puck_and_a_meeting(session, world, p3, "Lange agenda")
    for c in (p1, p2, p3):
        meetings.add_item(
            session, world.swv_coordinator, meeting, {"case_id": c.id}, now=clock.now()
        )
    session.commit()

    def agenda(user) -> str:
        return browser(user).get("/").get_data(as_text=True).split('id="overleg"')[1]

    chair = agenda(world.swv_coordinator).split("</section>")[0]
    assert "Agenda (3 punten)" in chair and chair.count('href="/casussen/') == 2
    assert f'href="/overleggen/{meeting.id}">Alle 3 agendapunten van dit overleg</a>' in chair
    # A draft agenda: the wijkteam sees only the case it takes part in, and counts only it.
    wijk = agenda(world.wijkteam_worker).split("</section>")[0]
    assert "Agenda (1 punt)" in wijk and f'href="/casussen/{p3.id}"' in wijk
    assert "agendapunten van dit overleg" not in wijk and f"casus {p1.id})" not in wijk


def test_work_lists_name_the_pupil_where_the_full_file_may_be_read(
    browser, world, session, start_cases
):
    p1, p2, p3, p4 = start_cases
    leerplicht_agreement(session, world, p2, "Huisbezoek")
    session.commit()
    lpa = browser(world.lpa)
    for page in ("/mijn-afspraken", "/termijnbewaking"):
        html = lpa.get(page).get_data(as_text=True)
        assert "Pam Jansen (casus" in html, page
    regie = browser(world.swv_coordinator).get("/regie").get_data(as_text=True)
    assert "Piet Jansen (casus" in regie and "Pim" not in regie
    far = browser(world.other_lpa).get("/termijnbewaking").get_data(as_text=True)
    assert "Pam" not in far and "Huisbezoek" not in far


def test_mentions_of_cases_no_longer_visible_are_not_shown(
    browser, world, session, start_cases, far_case
):
    """Issue 15, item 10: the start page listed mentions of cases the user no longer sees
    (the inbox and the unread count already left them out)."""
    for n, case in enumerate((start_cases[0], far_case)):
        session.add(
            Notification(
                key=f"mention:test{n}",
                user_id=world.teacher.id,
                kind="mention",
                case_id=case.id,
                text=f"Iemand noemde u bij casus {case.id}",
                created_at=clock.now(),
            )
        )
    session.commit()
    html = browser(world.teacher).get("/").get_data(as_text=True)
    assert f"Iemand noemde u bij casus {start_cases[0].id}" in html
    assert f"Iemand noemde u bij casus {far_case.id}" not in html


@pytest.fixture
def far_case(world, make_case):
    """A case of another region, which the world's teacher does not see."""
    return make_case(world.far_worker, education_type="po", birth_date=date(2016, 3, 3))


@pytest.mark.parametrize("who", ["zorgco", "swv_coordinator", "teacher"])
def test_cases_reaching_four_weeks_or_three_months_this_week(browser, world, start_cases, who):
    """Issue 14: besides leerplicht, the school and the SWV see whose clock runs out this
    week: P1 reaches 4 weeks and P2 3 months on 29 November; Puck (at home since June) and
    Pim (another region) are not listed."""
    p1, p2, p3, p4 = start_cases
    html = browser(getattr(world, who)).get("/").get_data(as_text=True)
    bucket = {"zorgco": "school-klokken", "swv_coordinator": "swv-klokken"}.get(
        who, "eigen-klokken"
    )
    clocks = section(html, bucket)
    assert re.findall(r'href="/casussen/(\d+)"', clocks) == [str(p2.id), str(p1.id)]
    assert "Pam Jansen" in clocks and "Piet Jansen" in clocks
    assert "Puck" not in clocks and "Pim" not in clocks


def test_clocks_of_another_school_or_region_are_not_listed(
    browser, world, session, start_cases, make_user
):
    """The other region's SWV sees only Pim (3 months on 1 December); a school without
    cases sees an empty list; neither sees ours."""
    p4 = start_cases[3]
    school2_coordinator = make_user(world.school2, "coordinator")
    session.commit()
    other = browser(world.other_swv_coordinator).get("/").get_data(as_text=True)
    assert re.findall(r'href="/casussen/(\d+)"', section(other, "swv-klokken")) == [str(p4.id)]
    school2 = browser(school2_coordinator).get("/").get_data(as_text=True)
    assert counts(school2)["school-klokken"] == 0
    for html in (other, school2):
        assert not named(html, "Pam") and not named(html, "Piet")


# --- the start page of each role (issue 14: "the start page of each of the nine roles") -


@pytest.fixture
def every_role_involved(session, world, start_cases):
    """The wijkteam and the gemeente on Puck's case, the GGD on Piet's, the Doorstroompunt
    on Pam's; Pim (another region) stays theirs alone."""
    from thuiszittertafel.cases.participation import add_participation

    p1, p2, p3, p4 = start_cases
    for case, org in (
        (p3, world.wijkteam),
        (p3, world.gemeente),
        (p1, world.ggd),
        (p2, world.doorstroompunt),
    ):
        add_participation(  # leerplicht may involve an organisation (DESIGN §4)
            session,
            world.lpa,
            case,
            "leerplicht",
            {"org_id": org.id, "consent_basis": "toestemming-ouders-en-jongere"},
            now=clock.now(),
        )
    session.commit()
    return start_cases


NINE_ROLES = {
    # who: (the panels their page has, the cases it links to by name of fixture case)
    "teacher": ({"eigen-open", "eigen-klokken"}, {"p1", "p2", "p3"}),
    "zorgco": ({"school-open", "school-klokken", "school-verlopen"}, {"p1", "p2"}),
    "swv_coordinator": ({"opschalingen", "swv-klokken"}, {"p1", "p2"}),
    "swv_worker": ({"eigen-open", "eigen-klokken"}, {"p1"}),
    "lpa": ({"verlopen-termijnen", "komende-termijnen", "drie-maanden"}, {"p1", "p2", "p3"}),
    "wijkteam_worker": ({"eigen-open"}, {"p3"}),
    "ggd_doctor": ({"eigen-open", "eigen-klokken"}, {"p1"}),
    "doorstroom_worker": ({"eigen-open", "eigen-klokken"}, {"p2"}),
    "gemeente_worker": ({"eigen-open"}, {"p3"}),
}


@pytest.mark.parametrize("who", sorted(NINE_ROLES))
def test_each_roles_start_page_lists_its_cases_with_links(browser, world, every_role_involved, who):
    p1, p2, p3, p4 = every_role_involved
    by_name = {"p1": p1, "p2": p2, "p3": p3}
    panels, expected = NINE_ROLES[who]
    html = browser(getattr(world, who)).get("/").get_data(as_text=True)
    shown = counts(html)
    for panel in panels:  # each listed, counted and linked to the case page
        assert shown[panel] > 0, panel
        assert re.search(r'href="/casussen/\d+"', section(html, panel)), panel
    linked = set(re.findall(r'href="/casussen/(\d+)', html))
    assert linked == {str(by_name[n].id) for n in expected}
    # Pim's case of another region is named nowhere; neither are cases not theirs.
    assert not named(html, "Pim") and str(p4.id) not in linked
    for name, case in by_name.items():
        if name not in expected:
            assert not named(html, case.pupil.given_name), name


def test_start_page_of_an_organisation_without_cases_is_empty_not_foreign(
    browser, world, session, start_cases, make_user
):
    """A beheerder of an organisation without cases: every list empty, no case linked."""
    admin = make_user(world.gemeente, "beheerder")
    session.commit()
    html = browser(admin).get("/").get_data(as_text=True)
    assert re.findall(r'href="/casussen/\d+', html) == []
    assert set(counts(html).values()) == {0}


def test_a_work_list_counts_every_row_and_shows_the_first_in_term_order(
    session, world, start_cases, monkeypatch
):
    """The total counts past the rows shown (`LIST_LIMIT`), the rows keep the term order,
    and someone who owns no agreement gets an empty list."""
    from thuiszittertafel.agreements.services import create_agreement
    from thuiszittertafel.home import queries

    monkeypatch.setattr(queries, "LIST_LIMIT", 2)
    p1, p2, p3, _ = start_cases
    made = {
        day: create_agreement(
            session,
            world.lpa,
            case,
            "leerplicht",
            {
                "description": f"Huisbezoek {day}",
                "owner_org_id": world.leerplicht.id,
                "due_at": day,
            },
            now=clock.now(),
        )
        for case, day in ((p3, "2026-11-28"), (p2, "2026-11-26"), (p1, "2026-11-27"))
    }
    session.commit()
    near = queries.my_terms(session, world.lpa, clock.now())["near"]
    assert near.total == 3
    assert [a.id for _, _, a in near.rows] == [made["2026-11-26"].id, made["2026-11-27"].id]
    assert queries.my_terms(session, world.lpa, clock.now())["overdue"].total == 0
    empty = queries.my_terms(session, world.teacher, clock.now())["near"]
    assert empty.total == 0 and empty.rows == []


def test_every_counted_start_list_equals_a_count_and_a_limited_statement_per_list(
    session, world, make_case, monkeypatch
):
    """The start page's counted lists (the overviews' buckets, the agreements past and near
    their term, leerplicht's new meldingen) come from one pass per group
    (`core.listing.counted_lists`): as every kind of user, each list's total, and its first
    LIST_LIMIT rows in order, equal a count and an ordered, limited statement per list.
    Cases with ties in the order, terms past, coming and absent, closed cases, both
    municipalities, two schools, escalated and not, a sick child; agreements with equal
    terms; meldingen on the same day."""
    import random

    from thuiszittertafel.agreements.services import create_agreement
    from thuiszittertafel.cases.leerplicht import record_absence_report
    from thuiszittertafel.home import queries

    rnd = random.Random(16)
    w = world
    schools = {w.teacher: w.zaltbommel, w.school2_worker: w.tiel}
    for n in range(24):
        author = rnd.choice(list(schools))
        extra = {}
        if n % 7 == 0:
            extra = {"kind": "dreigend", "absence_authorised": True}
            extra["absence_reason"] = "ziek-medisch"
        c = make_case(
            author,
            municipality=rnd.choice([w.zaltbommel, w.tiel]),
            absent_since=date(2026, 8, 1) + timedelta(days=rnd.choice([0, 0, 30, 60, 85, 99])),
            **extra,
        )
        for _ in range(rnd.randint(0, 2)):
            made = create_agreement(
                session,
                author,
                c,
                "participant",
                {"description": "Gesprek", "owner_org_id": author.org_id, "due_at": "2026-12-20"},
                now=clock.now(),
            )
            made.due_at = datetime(2026, rnd.choice([11, 11, 12]), 20, 16, tzinfo=UTC)
        if n % 3 == 0 and not extra:
            record_absence_report(
                session,
                author,
                c,
                "participant",
                {"type": "wettelijk", "hours": "16"},
                now=clock.now(),
            )
        c.phase_due_on = rnd.choice([None, date(2026, 11, 20), date(2026, 12, 1), date(2027, 2, 1)])
        c.escalated = rnd.random() < 0.4
        if n % 9 == 4:
            c.status = "closed"
    session.commit()
    monkeypatch.setattr(queries, "LIST_LIMIT", 3)
    compared = []
    counted = queries.counted_lists

    def checked(session_, base, key, wanted, *, limit, load=None):
        assert limit == 3
        got = counted(session_, base, key, wanted, limit=limit, load=load)
        for (cond, order), (total, first) in zip(wanted, got, strict=True):
            stmt = base if cond is None else base.where(cond)
            plain = plain_list(session_, stmt, key, order, limit=3, load=load)
            assert (total, [ids(r) for r in first]) == plain
            compared.append((str(key), total))
        return got

    monkeypatch.setattr(queries, "counted_lists", checked)
    today, now = clock.today(), clock.now()
    for user in (w.zorgco, w.teacher, w.school2_worker, w.lpa, w.swv_coordinator, w.far_worker):
        queries.school_overview(session, user, today)
        queries.swv_overview(session, user, today)
        queries.term_watch(session, user, today)
        queries.own_cases(session, user, today)
        queries.my_terms(session, user, now)
        queries.new_reports(session, user, today)
    # The comparison ran on lists longer than LIST_LIMIT and on empty ones, of each kind.
    for kind in ("Case.id", "owned.id", "AbsenceReport.id"):
        totals = [total for key, total in compared if key == kind]
        assert max(totals) > 3 and min(totals) == 0, kind
