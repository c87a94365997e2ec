"""A verkort rooster (DESIGN §4a): an attribute of a dreigend case, recorded by the pupil's
school or regie, always temporary, on the case page and in the API."""

from __future__ import annotations

from sqlalchemy import select

from thuiszittertafel.cases.models import CaseEvent

PLAN = {
    "hours": 12,
    "starts_on": "2026-11-23",
    "ends_on": "2027-01-29",
    "informed_on": "24-11-2026",
}


def _dreigend(make_case, world):
    return make_case(world.teacher, given_name="Sander", kind="dreigend")


def test_the_school_records_changes_and_ends_a_verkort_rooster(session, world, make_case, api):
    case = _dreigend(make_case, world)
    school = api(world.teacher)
    url = f"/api/v1/cases/{case.id}/reduced-timetable"
    set_ = school.open("PUT", url, json=PLAN)
    assert set_.status_code == 200, set_.get_json()
    assert set_.get_json()["reduced_timetable"] == {
        "hours": 12,
        "starts_on": "2026-11-23",
        "ends_on": "2027-01-29",
        "informed_on": "2026-11-24",
    }
    longer = school.open("PUT", url, json={**PLAN, "ends_on": "2027-03-05"})
    assert longer.get_json()["reduced_timetable"]["ends_on"] == "2027-03-05"
    events = session.scalars(
        select(CaseEvent.description).where(
            CaseEvent.case_id == case.id, CaseEvent.kind == "reduced_timetable"
        )
    ).all()
    assert events[0].startswith("Verkort rooster vastgelegd: 12 uur per week")
    assert events[1].startswith("Verkort rooster gewijzigd")
    ended = school.open("DELETE", url)
    assert ended.status_code == 200 and ended.get_json()["reduced_timetable"] is None
    assert school.open("DELETE", url).status_code == 404  # nothing left to end


def test_who_may_not_and_bad_input_change_nothing(session, world, make_case, api):
    case = _dreigend(make_case, world)
    url = f"/api/v1/cases/{case.id}/reduced-timetable"
    # Sees the case (SWV coordinator of the school's region) but does not decide timetables.
    refused = api(world.swv_coordinator).open("PUT", url, json=PLAN)
    assert refused.status_code == 403 and "school van de leerling" in refused.get_json()["message"]
    assert api(world.far_worker).open("PUT", url, json=PLAN).status_code == 404
    school = api(world.teacher)
    for body, field, words in [
        ({**PLAN, "ends_on": "2026-11-01"}, "ends_on", "vóór de eerste dag"),
        ({**PLAN, "starts_on": "2026-10-01", "ends_on": "2026-11-01"}, "ends_on", "verleden"),
        ({**PLAN, "hours": 0}, "hours", "1 tot en met 40"),
        ({**PLAN, "hours": 41}, "hours", "1 tot en met 40"),
        ({**PLAN, "ends_on": ""}, "ends_on", "einddatum"),
        ({**PLAN, "informed_on": "2026-12-24"}, "informed_on", "toekomst"),
    ]:
        bad = school.open("PUT", url, json=body)
        assert bad.status_code == 400, body
        assert words in bad.get_json()["fields"][field], bad.get_json()
    assert school.open("PUT", url, json={**PLAN, "extra": 1}).status_code == 400
    truant = make_case(world.teacher, given_name="Sem")  # relatief verzuim: no timetable
    wrong = school.open("PUT", f"/api/v1/cases/{truant.id}/reduced-timetable", json=PLAN)
    assert wrong.status_code == 400 and "'dreigend'" in wrong.get_json()["fields"]["hours"]
    session.expire_all()
    assert case.reduced_until is None and truant.reduced_until is None


def test_the_case_page_form(session, world, make_case, browser):
    case = _dreigend(make_case, world)
    school = browser(world.teacher)
    page = school.get(f"/casussen/{case.id}").get_data(as_text=True)
    assert "Verkort rooster vastleggen" in page
    bad = school.post(f"/casussen/{case.id}/verkort-rooster", {**PLAN, "hours": "veel"})
    assert bad.status_code == 400 and "geen geldig nummer" in bad.get_data(as_text=True)
    ok = school.post(f"/casussen/{case.id}/verkort-rooster", PLAN, follow_redirects=True)
    shown = ok.get_data(as_text=True)
    assert "12 uur per week" in shown and "29-01-2027" in shown and "24-11-2026" in shown
    # The SWV coordinator sees the rooster but not the form.
    swv = browser(world.swv_coordinator).get(f"/casussen/{case.id}").get_data(as_text=True)
    assert "12 uur per week" in swv and "Verkort rooster wijzigen" not in swv
    denied = browser(world.swv_coordinator).post(f"/casussen/{case.id}/verkort-rooster", PLAN)
    assert denied.status_code == 403
