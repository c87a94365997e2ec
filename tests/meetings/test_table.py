"""Running the table (issue 14 item 4): confirmation and no finalising before the start,
titles with the date, attendees until final, presence, items not discussed and carried
over, "Volgende punt", the chair's links, reordering — and every refusal."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from thuiszittertafel import clock
from thuiszittertafel.cases.queries import get_case
from thuiszittertafel.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from thuiszittertafel.meetings import carryover, services, table
from thuiszittertafel.meetings.models import AgendaItem, Meeting
from thuiszittertafel.meetings.suggestions import suggestions
from thuiszittertafel.notes.models import Note
from thuiszittertafel.notifications.models import Notification

HELD = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)  # an hour into the fixture's meeting


def notices(session, user, kind):
    session.expire_all()
    return session.scalars(
        select(Notification).where(Notification.user_id == user.id, Notification.kind == kind)
    ).all()


def item_of(meeting, case):
    return next(i for i in meeting.items if i.case_id == case.id)


def series(session, world, count=2):
    return services.create_meeting(
        session,
        world.swv_coordinator,
        {
            "kind": "thuiszitterstafel",
            "title": "Thuiszitterstafel Rivierenland",
            "starts_at": "2026-12-08T14:00",
            "attendee_user_ids": [world.wijkteam_worker.id, world.lpa.id],
            "repeat_every_weeks": 1,
            "repeat_count": count,
        },
        now=clock.now(),
    )


# --- 1. confirm finalising; not before the start -------------------------------------------


def test_finalising_is_confirmed_and_refused_before_the_start(
    session, world, browser, published, case
):
    chair = browser(world.swv_coordinator)
    base = f"/overleggen/{published.id}"
    early = chair.post(f"{base}/vaststellen", {"confirm": "ja"})
    text = early.get_data(as_text=True)
    assert early.status_code == 409
    assert "begint pas op wo 2 december 2026 om 14:00" in text
    session.expire_all()
    assert session.get(Meeting, published.id).status == "published"
    assert browser(world.wijkteam_worker).get(f"/casussen/{case.id}").status_code == 200

    clock.freeze(HELD)
    chair = browser(world.swv_coordinator)  # the meeting day: a new login (sessions go idle)
    asked = chair.post(f"{base}/vaststellen")
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Verslag definitief maken?" in page
    assert 'name="confirm" value="ja"' in page and "Nee, terug naar het overleg" in page
    session.expire_all()
    assert session.get(Meeting, published.id).status == "published"  # only asked
    assert browser(world.wijkteam_worker).post(f"{base}/vaststellen").status_code == 403
    assert (
        browser(world.wijkteam_worker).post(f"{base}/vaststellen", {"confirm": "ja"}).status_code
        == 403
    )
    done = chair.post(f"{base}/vaststellen", {"confirm": "ja"})
    assert done.status_code == 302
    session.expire_all()
    assert session.get(Meeting, published.id).status == "final"
    again = chair.post(f"{base}/vaststellen")
    assert again.status_code == 409 and "al definitief" in again.get_data(as_text=True)


def test_the_service_refuses_before_the_start(session, world, published):
    with pytest.raises(Conflict, match="begint pas op"):
        services.finalize(session, world.swv_coordinator, published, now=clock.now())
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Note)) == 0


# --- 2. titles with the date; the Dutch date field ---------------------------------------


def test_every_meeting_of_a_series_has_its_date_in_the_title(session, world, api):
    first, second = series(session, world)
    session.commit()
    assert first.title == "Thuiszitterstafel Rivierenland — di 8 december 2026"
    assert second.title == "Thuiszitterstafel Rivierenland — di 15 december 2026"
    listed = api(world.lpa).get("/api/v1/meetings").get_json()["items"]
    assert [m["title"] for m in listed] == [first.title, second.title]
    # A title that names its date already keeps it once.
    (m,) = services.create_meeting(
        session,
        world.swv_coordinator,
        {"kind": "zat", "title": first.title, "starts_at": "2026-12-08T09:00"},
        now=clock.now(),
    )
    assert m.title == first.title


def test_planning_takes_the_dutch_date_field(session, world, browser):
    session.commit()
    chair = browser(world.swv_coordinator)
    form = {"kind": "zat", "title": "ZAT Lingeborgh", "starts_on": "10-12-2026"}
    for time, message in (
        ("", "Vul de begintijd in als uu:mm"),
        ("25:00", "Deze begintijd bestaat niet"),
    ):
        bad = chair.post("/overleggen", {**form, "starts_time": time})
        assert bad.status_code == 400 and message in bad.get_data(as_text=True)
    bad = chair.post("/overleggen", {**form, "starts_on": "31-02-2026", "starts_time": "9:30"})
    assert bad.status_code == 400 and "gebruik dd-mm-jjjj" in bad.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Meeting)) == 0
    ok = chair.post("/overleggen", {**form, "starts_time": "9:30"})
    assert ok.status_code == 302
    made = session.scalar(select(Meeting))
    assert made.title == "ZAT Lingeborgh — do 10 december 2026"
    assert clock.local(made.starts_at).strftime("%d-%m-%Y %H:%M") == "10-12-2026 09:30"
    page = chair.get("/overleggen").get_data(as_text=True)
    assert 'name="starts_on"' in page and "Dag-maand-jaar" in page and "datetime-local" not in page


# --- 3. attendees until final --------------------------------------------------------------


def test_attendees_change_until_final_with_notice_and_access(session, world, published, case):
    chair, ggd = world.swv_coordinator, world.ggd_doctor
    assert {n.user_id for n in session.scalars(select(Notification))} >= {
        world.wijkteam_worker.id,
        world.lpa.id,
    }  # publishing told the attendees
    with pytest.raises(NotFound):
        get_case(session, ggd, case.id)
    with pytest.raises(Forbidden):
        table.add_attendees(
            session, world.lpa, published, {"attendee_user_ids": [ggd.id]}, now=clock.now()
        )
    with pytest.raises(ValidationFailed, match="geldig gebruikers-id"):
        table.add_attendees(
            session, chair, published, {"attendee_user_ids": ["x"]}, now=clock.now()
        )
    with pytest.raises(ValidationFailed, match="al uitgenodigd"):
        table.add_attendees(
            session, chair, published, {"attendee_user_ids": [world.lpa.id]}, now=clock.now()
        )
    session.rollback()
    assert notices(session, ggd, "meeting_agenda") == []

    table.add_attendees(session, chair, published, {"attendee_user_ids": [ggd.id]}, now=clock.now())
    session.commit()
    assert get_case(session, ggd, case.id)[1] == "meeting"  # as the others got it
    (told,) = notices(session, ggd, "meeting_agenda")
    assert "Thuiszitterstafel december — wo 2 december 2026" in told.text

    with pytest.raises(ValidationFailed, match="geen deelnemer"):
        table.remove_attendee(session, chair, published, world.far_worker.id, now=clock.now())
    table.remove_attendee(session, chair, published, ggd.id, now=clock.now())
    session.commit()
    with pytest.raises(NotFound):
        get_case(session, ggd, case.id)
    with pytest.raises(NotFound):
        services.get_meeting(session, ggd, published.id)

    services.finalize(session, chair, published, now=HELD)
    session.commit()
    with pytest.raises(Conflict, match="definitief"):
        table.add_attendees(session, chair, published, {"attendee_user_ids": [ggd.id]}, now=HELD)
    with pytest.raises(Conflict, match="definitief"):
        table.remove_attendee(session, chair, published, world.lpa.id, now=HELD)


def test_draft_attendees_are_told_at_publication(session, world, meeting, case):
    table.add_attendees(
        session,
        world.swv_coordinator,
        meeting,
        {"attendee_user_ids": [world.ggd_doctor.id]},
        now=clock.now(),
    )
    session.commit()
    assert notices(session, world.ggd_doctor, "meeting_agenda") == []
    services.add_item(
        session, world.swv_coordinator, meeting, {"case_id": case.id}, now=clock.now()
    )
    services.publish(session, world.swv_coordinator, meeting, now=clock.now())
    session.commit()
    assert len(notices(session, world.ggd_doctor, "meeting_agenda")) == 1


def test_attendee_pages_add_and_remove(session, world, browser, published):
    chair = browser(world.swv_coordinator)
    base = f"/overleggen/{published.id}"
    page = chair.get(base).get_data(as_text=True)
    assert "Uitnodigen" in page and "Niet meer uitnodigen" in page
    assert "Uitnodigen" not in browser(world.lpa).get(base).get_data(as_text=True)
    refused = browser(world.lpa).post(
        f"{base}/deelnemers", {"attendee_user_ids": str(world.ggd_doctor.id)}
    )
    assert refused.status_code == 403
    empty = chair.post(f"{base}/deelnemers", {})
    assert empty.status_code == 400 and "Kies wie u wilt uitnodigen" in empty.get_data(as_text=True)
    added = chair.post(
        f"{base}/deelnemers", {"attendee_user_ids": str(world.ggd_doctor.id)}, follow_redirects=True
    )
    assert "Uitgenodigd: Jeugdarts." in added.get_data(as_text=True)
    assert browser(world.ggd_doctor).get(base).status_code == 200
    gone = chair.post(f"{base}/deelnemers/{world.ggd_doctor.id}/verwijderen")
    assert gone.status_code == 302
    assert browser(world.ggd_doctor).get(base).status_code == 404


# --- 4. presence ---------------------------------------------------------------------------


def test_presence_is_recorded_and_in_the_minutes(session, world, browser, published, case):
    chair = browser(world.swv_coordinator)
    base = f"/overleggen/{published.id}"
    assert browser(world.lpa).post(f"{base}/aanwezig", {}).status_code == 403
    stranger = chair.post(f"{base}/aanwezig", {"present_user_ids": str(world.far_worker.id)})
    assert stranger.status_code == 400 and "alleen de voorzitter en deelnemers" in (
        stranger.get_data(as_text=True)
    )
    ok = chair.post(
        f"{base}/aanwezig", {"present_user_ids": [str(world.swv_coordinator.id), str(world.lpa.id)]}
    )
    assert ok.status_code == 302
    session.expire_all()
    assert {u.id for u in session.get(Meeting, published.id).present} == {
        world.swv_coordinator.id,
        world.lpa.id,
    }
    page = chair.get(base).get_data(as_text=True)
    assert (
        f'id="aanwezig-{world.lpa.id}" name="present_user_ids" value="{world.lpa.id}" checked'
        in page
    )
    notes = services.finalize(session, world.swv_coordinator, published, now=HELD)
    session.commit()
    body = next(n for n in notes if n.case_id == case.id).body
    assert "Aanwezig: SWV Rivierenland, Team Leerplicht Rivierenland (2 van 4 genodigden)." in body
    assert "Afwezig: RSG Lingecollege, Wijkteam Zaltbommel." in body
    assert world.lpa.name not in body  # the minutes name organisations, not persons
    with pytest.raises(Conflict):
        table.set_presence(
            session, world.swv_coordinator, published, {"present_user_ids": []}, now=HELD
        )


# --- 5. not discussed, carried to the next meeting --------------------------------------------


def test_not_discussed_items_read_so_and_go_to_the_next_meeting(
    session, world, case, other_case, model
):
    chair = world.swv_coordinator
    first, second = series(session, world)
    for c in (case, other_case):
        services.add_item(session, chair, first, {"case_id": c.id}, now=clock.now())
    services.publish(session, chair, first, now=clock.now())
    session.commit()
    skipped = item_of(first, other_case)
    with pytest.raises(ValidationFailed, match="Vul de reden in"):
        table.mark_not_discussed(session, chair, first, skipped.id, {"reason": ""}, now=HELD)
    with pytest.raises(Forbidden):
        table.mark_not_discussed(
            session, world.lpa, first, skipped.id, {"reason": "Tijd op"}, now=HELD
        )
    services.decide(
        session,
        chair,
        first,
        item_of(first, case).id,
        {"text": "Plek zoeken"},
        now=clock.now(),
        model=model,
    )
    with pytest.raises(Conflict, match="al besloten"):
        table.mark_not_discussed(
            session, chair, first, item_of(first, case).id, {"reason": "x"}, now=HELD
        )
    table.mark_not_discussed(session, chair, first, skipped.id, {"reason": "Tijd op"}, now=HELD)
    session.commit()
    with pytest.raises(Conflict, match="niet besproken"):
        services.decide(
            session, chair, first, skipped.id, {"text": "Toch"}, now=clock.now(), model=model
        )

    held = datetime(2026, 12, 8, 15, 0, tzinfo=UTC)
    notes = {n.case_id: n.body for n in services.finalize(session, chair, first, now=held)}
    session.commit()
    assert "Niet besproken: Tijd op." in notes[other_case.id]
    assert "Geen besluiten" not in notes[other_case.id]
    assert "Besluiten:" in notes[case.id]
    session.refresh(second)
    (carried,) = second.items
    assert carried.case_id == other_case.id and carried.carried_from_id == skipped.id
    assert table.carried_from_label(carried) == "Niet besproken op di 8 december 2026: Tijd op"
    assert carryover.waiting(session, chair) == []


def test_without_a_next_meeting_the_item_waits_and_is_proposed(
    session, world, published, case, other_case, browser
):
    chair = world.swv_coordinator
    skipped = item_of(published, other_case)
    table.mark_not_discussed(
        session, chair, published, skipped.id, {"reason": "Ouders afwezig"}, now=HELD
    )
    services.finalize(session, chair, published, now=HELD)
    session.commit()
    assert [w.id for w in carryover.waiting(session, chair)] == [skipped.id]
    page = browser(chair).get("/overleggen").get_data(as_text=True)
    assert "Niet besproken, nog op een agenda zetten" in page and "Ouders afwezig" in page
    found = {s.case.id: s.reasons for s in suggestions(session, chair, now=HELD, today=HELD.date())}
    assert "not_discussed" in found[other_case.id]
    assert "not_discussed" not in found.get(case.id, [])
    assert carryover.waiting(session, world.lpa) == []  # only the chair's own
    (later,) = services.create_meeting(
        session,
        chair,
        {"kind": "thuiszitterstafel", "title": "Volgende", "starts_at": "2026-12-16T14:00"},
        now=HELD,
    )
    item = services.add_item(session, chair, later, {"case_id": other_case.id}, now=HELD)
    session.commit()
    assert item.carried_from_id == skipped.id and carryover.waiting(session, chair) == []


def test_not_discussed_on_the_page_and_undone(session, world, browser, published, other_case):
    chair = browser(world.swv_coordinator)
    base = f"/overleggen/{published.id}"
    item = item_of(published, other_case)
    empty = chair.post(f"{base}/agenda/{item.id}/niet-besproken", {"reason": ""})
    assert empty.status_code == 400 and "Vul de reden in" in empty.get_data(as_text=True)
    assert (
        browser(world.lpa)
        .post(f"{base}/agenda/{item.id}/niet-besproken", {"reason": "x"})
        .status_code
        == 403
    )
    chair.post(f"{base}/agenda/{item.id}/niet-besproken", {"reason": "Tijd op"})
    fragment = chair.get(f"{base}/agenda").get_data(as_text=True)
    assert "Niet besproken: Tijd op" in fragment and "Toch bespreken" in fragment
    chair.post(f"{base}/agenda/{item.id}/toch-bespreken")
    session.expire_all()
    assert session.get(AgendaItem, item.id).not_discussed_reason is None


# --- 6. next item; the chair's links -------------------------------------------------------


def test_next_item_skips_what_is_not_discussed(
    session, world, browser, published, case, other_case, make_case
):
    chair = world.swv_coordinator
    third = make_case(world.teacher, given_name="Lot", family_name="Smit")
    services.add_item(session, chair, published, {"case_id": third.id}, now=clock.now())
    first, second, last = published.items
    table.mark_not_discussed(session, chair, published, second.id, {"reason": "Later"}, now=HELD)
    session.commit()
    with pytest.raises(Forbidden):
        table.next_item(session, world.lpa, published, now=HELD)
    assert table.next_item(session, chair, published, now=HELD).id == first.id
    assert table.next_item(session, chair, published, now=HELD).id == last.id
    session.commit()
    with pytest.raises(ValidationFailed, match="laatste agendapunt"):
        table.next_item(session, chair, published, now=HELD)
    session.rollback()
    answer = browser(chair).post(
        f"/overleggen/{published.id}/volgende", headers={"Accept": "application/json"}
    )
    assert answer.status_code == 400 and "laatste" in answer.get_json()["message"]


def test_the_chair_links_to_cases_attendees_see_initials_only(
    session, world, browser, published, case
):
    base = f"/overleggen/{published.id}/agenda"
    mine = browser(world.swv_coordinator).get(base).get_data(as_text=True)
    assert f'href="/casussen/{case.id}"' in mine
    theirs = browser(world.wijkteam_worker).get(base).get_data(as_text=True)
    assert case.pupil.initials in theirs and "/casussen/" not in theirs


# --- 7. reorder (drag and drop posts the whole order) ------------------------------------------


def test_reorder_the_whole_agenda(session, world, browser, published):
    chair = browser(world.swv_coordinator)
    url = f"/overleggen/{published.id}/agenda/volgorde"
    first, second = (i.id for i in published.items)
    json = {"Accept": "application/json"}
    assert browser(world.lpa).post(url, {"item_ids": [str(second), str(first)]}).status_code == 403
    bad = chair.post(url, {"item_ids": [str(second)]}, headers=json)
    assert bad.status_code == 400 and "precies één keer" in bad.get_json()["message"]
    ok = chair.post(url, {"item_ids": [str(second), str(first)]}, headers=json)
    assert ok.status_code == 200 and ok.get_json()["ok"]
    session.expire_all()
    assert [i.id for i in session.get(Meeting, published.id).items] == [second, first]
    page = chair.get(f"/overleggen/{published.id}").get_data(as_text=True)
    assert "Omhoog" in page and "Omlaag" in page and "data-order-url" in page


# --- the same over the API ------------------------------------------------------------------


def test_the_table_over_the_api(session, world, api, published, case, other_case):
    chair, lpa = api(world.swv_coordinator), api(world.lpa)
    base = f"/api/v1/meetings/{published.id}"
    first, second = (i.id for i in published.items)
    assert (
        lpa.post(f"{base}/attendees", json={"attendee_user_ids": [world.ggd_doctor.id]}).status_code
        == 403
    )
    bad = chair.post(f"{base}/attendees", json={"attendee_user_ids": [world.ggd_doctor.id], "x": 1})
    assert bad.status_code == 400
    added = chair.post(f"{base}/attendees", json={"attendee_user_ids": [world.ggd_doctor.id]})
    assert added.status_code == 200 and world.ggd_doctor.id in added.get_json()["attendee_user_ids"]
    assert api(world.ggd_doctor).get(f"/api/v1/cases/{case.id}").get_json()["access"] == "meeting"
    gone = chair.open("DELETE", f"{base}/attendees/{world.ggd_doctor.id}")
    assert (
        gone.status_code == 200 and world.ggd_doctor.id not in gone.get_json()["attendee_user_ids"]
    )
    assert api(world.ggd_doctor).get(f"/api/v1/cases/{case.id}").status_code == 404

    present = chair.open("PUT", f"{base}/presence", json={"present_user_ids": [world.lpa.id]})
    assert present.status_code == 200 and present.get_json()["present_user_ids"] == [world.lpa.id]
    assert (
        chair.open(
            "PUT", f"{base}/presence", json={"present_user_ids": [world.far_worker.id]}
        ).status_code
        == 400
    )

    empty = chair.post(f"{base}/agenda/{second}/not-discussed", json={"reason": ""})
    assert empty.status_code == 400 and "reden" in empty.get_json()["message"]
    skipped = chair.post(f"{base}/agenda/{second}/not-discussed", json={"reason": "Tijd op"})
    item = skipped.get_json()["agenda"][1]
    assert item["discussed"] is False and item["not_discussed_reason"] == "Tijd op"
    assert chair.post(f"{base}/next").get_json()["current_item_id"] == first
    last = chair.post(f"{base}/next")
    assert last.status_code == 400 and "laatste" in last.get_json()["message"]
    back = chair.open("DELETE", f"{base}/agenda/{second}/not-discussed")
    assert back.get_json()["agenda"][1]["discussed"] is True
    assert chair.post(f"{base}/next").get_json()["current_item_id"] == second
