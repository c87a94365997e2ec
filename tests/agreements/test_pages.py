"""The agreements section on the case page, "mijn afspraken", termijnbewaking, regie."""

from __future__ import annotations

from sqlalchemy import select

from thuiszittertafel.agreements.models import Agreement


def test_create_on_case_page_then_done_from_mine(browser, world, case, session):
    b = browser(world.teacher)
    page = b.get(f"/casussen/{case.id}").get_data(as_text=True)
    assert 'id="afspraken"' in page and "Afspraak maken" in page
    r = b.post(
        f"/casussen/{case.id}/afspraken",
        {
            "description": "Schoolplan opstellen",
            "owner_org_id": str(world.school.id),
            "owner_user_id": str(world.teacher.id),
            "due_in_school_days": "5",
            "day_count": "school",
        },
    )
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    a = session.scalars(select(Agreement)).one()
    mine = b.get("/mijn-afspraken").get_data(as_text=True)
    assert "Schoolplan opstellen" in mine
    r = b.post(f"/afspraken/{a.id}/gedaan", {"result": "Klaar", "next": "mijn-afspraken"})
    assert r.status_code == 302 and r.location.endswith("/mijn-afspraken")
    session.refresh(a)
    assert a.status == "done"


def test_refused_form_shows_dutch_errors_and_changes_nothing(browser, world, case, session):
    b = browser(world.teacher)
    r = b.post(f"/casussen/{case.id}/afspraken", {"description": "", "owner_org_id": ""})
    assert r.status_code == 400
    text = r.get_data(as_text=True)
    assert "Vul wat er is afgesproken in" in text and "Er is niets gewijzigd" in text
    assert session.scalars(select(Agreement)).all() == []


def test_term_watch_for_leerplicht_only_and_regie_for_swv(browser, world, case):
    assert browser(world.lpa).get("/termijnbewaking").status_code == 200
    assert browser(world.teacher).get("/termijnbewaking").status_code == 403
    assert browser(world.swv_coordinator).get("/regie").status_code == 200
    assert browser(world.swv_worker).get("/regie").status_code == 403


def test_model_page_for_everyone(browser, world):
    page = browser(world.teacher).get("/opschalingsmodel").get_data(as_text=True)
    assert "Thuiszitterstafel" in page and "Rijksoverheid" in page
    assert "Definitief" in page and "2028-2029" in page and "ontbreekt" not in page


def test_table_overdue_filter_and_next_term(session, world, make_case, browser):
    from datetime import date

    from thuiszittertafel import clock
    from thuiszittertafel.agreements.services import create_agreement
    from thuiszittertafel.cases.filters import parse
    from thuiszittertafel.cases.queries import case_page, get_case

    early, late = make_case(world.teacher), make_case(world.teacher)
    _, access = get_case(session, world.teacher, late.id)
    a = create_agreement(
        session,
        world.teacher,
        late,
        access,
        {"description": "Bellen", "owner_org_id": world.school.id, "due_at": "2026-11-27"},
        now=clock.now(),
    )
    session.commit()
    f = parse(
        {"sort": "next_term"},
        default_status="open",
        default_sort="next_term",
        phases=[1, 2, 3, 4, 5],
    )
    ids = [c.id for c, _ in case_page(session, world.teacher, f, clock.today()).rows]
    assert ids == [late.id, early.id]  # the agreement on 27-11 comes before 9-12
    overdue = parse(
        {"overdue": "true"}, default_status="open", default_sort="next_term", phases=[1, 2, 3, 4, 5]
    )
    assert case_page(session, world.teacher, overdue, clock.today()).total == 0
    clock.freeze(clock.now().replace(day=28))
    assert [
        c.id for c, _ in case_page(session, world.teacher, overdue, date(2026, 11, 28)).rows
    ] == [late.id]
    page = browser(world.teacher).get("/casussen?overdue=true").get_data(as_text=True)
    assert "verlopen" in page and "afspraak" in page
    a.paused_until = date(2026, 12, 1)
    session.commit()
    assert case_page(session, world.teacher, overdue, date(2026, 11, 28)).total == 0
