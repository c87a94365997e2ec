"""The agreements section on the case page, "mijn afspraken", termijnbewaking, regie."""

from __future__ import annotations

import re

from sqlalchemy import select

from thuiszittertafel import clock
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


def test_stale_page_form_is_refused_with_the_text_kept(browser, world, case, session):
    """Two people had the case page open; the second one's 'gedaan' would overwrite the
    first one's term change: 409, a Dutch message, their result still in the form."""
    from datetime import timedelta

    from thuiszittertafel import clock
    from thuiszittertafel.agreements.services import create_agreement

    a = create_agreement(
        session,
        world.teacher,
        case,
        "participant",
        {
            "description": "Schoolplan",
            "owner_org_id": world.school.id,
            "due_at": (clock.now() + timedelta(days=9)).date().isoformat(),
        },
        now=clock.now(),
    )
    session.commit()
    first, second = browser(world.teacher), browser(world.zorgco)
    assert f'name="version" value="{a.version}"' in second.get(f"/casussen/{case.id}").get_data(
        as_text=True
    )
    r = first.post(
        f"/afspraken/{a.id}/termijn",
        {"due_at": "2026-12-18", "reason": "Later gesprek", "version": str(a.version)},
    )
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    r = second.post(
        f"/afspraken/{a.id}/gedaan", {"result": "Plan besproken met ouders", "version": "1"}
    )
    assert r.status_code == 409
    page = r.get_data(as_text=True)
    assert "Iemand anders heeft dit intussen gewijzigd" in page
    assert 'value="Plan besproken met ouders"' in page  # their text is still there
    assert 'name="version" value="2"' in page  # the form now carries the new version
    session.expire_all()
    assert session.get(Agreement, a.id).status == "open"
    r = second.post(f"/afspraken/{a.id}/gedaan", {"result": "Plan besproken", "version": "2"})
    assert r.status_code == 302
    session.expire_all()
    assert session.get(Agreement, a.id).status == "done"


def test_stale_phase_form_is_refused(browser, world, case, session):
    from thuiszittertafel.cases.models import Case

    b = browser(world.zorgco)
    r = b.post(f"/casussen/{case.id}/fase", {"phase": "2", "reason": "ZAT", "version": "1"})
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    r = b.post(f"/casussen/{case.id}/fase", {"phase": "3", "reason": "Naar SWV", "version": "1"})
    assert r.status_code == 409
    page = r.get_data(as_text=True)
    assert "Iemand anders heeft dit intussen gewijzigd" in page and "Naar SWV" in page
    session.expire_all()
    assert session.get(Case, case.id).phase == 2


def _rows(html: str) -> int:
    return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0].count("<tr")


def _descriptions(html: str) -> set[str]:
    return set(re.findall(r"Afspraak \d\d", html))


def test_work_lists_page_through_every_agreement(session, world, case, browser):
    """55 open agreements: two pages of 50 and 5, nothing cut off; a page number that is no
    number shows the first page, one beyond the list its last."""
    from thuiszittertafel.agreements.services import create_agreement
    from thuiszittertafel.cases.queries import get_case

    _, access = get_case(session, world.lpa, case.id)
    for i in range(55):
        data = {
            "description": f"Afspraak {i:02d}",
            "owner_org_id": world.leerplicht.id,
            "due_at": "2026-12-04",
        }
        create_agreement(session, world.lpa, case, access, data, now=clock.now())
    session.commit()
    b = browser(world.lpa)
    for url, caption in (("/mijn-afspraken", "55 afspraken"), ("/termijnbewaking", "55 open")):
        first = b.get(url).get_data(as_text=True)
        assert _rows(first) == 50 and caption in first and "Pagina 1 van 2" in first
        assert 'rel="next"' in first and 'rel="prev"' not in first
        second = b.get(f"{url}?page=2").get_data(as_text=True)
        assert _rows(second) == 5 and "Pagina 2 van 2" in second and 'rel="prev"' in second
        assert len(_descriptions(first) | _descriptions(second)) == 55
        for bad, page in (("abc", 1), ("²", 1), ("-1", 1), ("0", 1), ("99", 2)):
            r = b.get(f"{url}?page={bad}")
            assert r.status_code == 200 and f"Pagina {page} van 2" in r.get_data(as_text=True)
    # Someone else's list: the teacher owns none of them, and sees no pager.
    mine = browser(world.teacher).get("/mijn-afspraken").get_data(as_text=True)
    assert not _descriptions(mine) and "Pagina" not in mine


def test_a_stale_page_form_names_what_changed_and_who(browser, world, case, session):
    """The refused form says what changed since the page was shown, by whom and when, and
    keeps what was typed (issue 15 item 5)."""
    from thuiszittertafel.cases.models import Case

    r = browser(world.zorgco).post(
        f"/casussen/{case.id}/fase", {"phase": "2", "reason": "ZAT", "version": "1"}
    )
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    r = browser(world.teacher).post(
        f"/casussen/{case.id}/fase", {"phase": "3", "reason": "Naar SWV", "version": "1"}
    )
    assert r.status_code == 409
    page = r.get_data(as_text=True)
    assert (
        "Sinds uw versie gewijzigd: fase, termijn (door Zorgco (Lingeborgh), op 25-11-2026 10:00)"
        in page
    )
    assert "Naar SWV" in page
    session.expire_all()
    assert session.get(Case, case.id).phase == 2
