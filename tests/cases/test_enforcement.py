"""Handhaving (issue "The reports leerplicht and the SWV must deliver", item 1): leerplicht's
steps on a case, read and written by leerplicht only (Wet politiegegevens), never in the
shared history, and counted in leerplicht's own leerplichttelling."""

from __future__ import annotations

from sqlalchemy import select

from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.cases.models import CaseEvent, EnforcementStep

TELLING = "/api/v1/reports/leerplichttelling?school_year=2026-2027"


def test_leerplicht_records_and_reads_handhaving(session, world, make_case, api, browser):
    case = make_case(world.teacher, given_name="Sem")
    lpa = api(world.lpa)
    url = f"/api/v1/cases/{case.id}/enforcement-steps"
    warned = lpa.post(url, json={"step": "waarschuwing", "taken_on": "2026-11-02"})
    assert warned.status_code == 201, warned.get_json()
    pv = lpa.post(
        url, json={"step": "proces-verbaal", "pv_type": "luxe", "note": "Vakantie vóór de herfst"}
    )
    assert pv.status_code == 201 and pv.get_json()["taken_on"] == "2026-11-25"
    listed = lpa.get(url).get_json()
    assert [(s["step"], s["pv_type"]) for s in listed["items"]] == [
        ("waarschuwing", None),
        ("proces-verbaal", "luxe"),
    ]
    read = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "api.enforcement.list")
    ).one()
    assert read.user_id == world.lpa.id and str(pv.get_json()["id"]) in read.detail
    page = browser(world.lpa).get(f"/casussen/{case.id}").get_data(as_text=True)
    assert "Proces-verbaal: luxe verzuim" in page and "Vakantie vóór de herfst" in page
    # Not in the history everybody at the table reads.
    events = session.scalars(select(CaseEvent.description).where(CaseEvent.case_id == case.id))
    assert not any("verbaal" in e or "aarschuwing" in e for e in events)


def test_nobody_else_sees_or_records_it_and_bad_input_changes_nothing(
    session, world, make_case, api, browser
):
    case = make_case(world.teacher, given_name="Sem")
    url = f"/api/v1/cases/{case.id}/enforcement-steps"
    api(world.lpa).post(url, json={"step": "halt"})
    school = api(world.teacher)
    refused = school.get(url)
    assert refused.status_code == 403 and "Wet politiegegevens" in refused.get_json()["message"]
    assert school.post(url, json={"step": "waarschuwing"}).status_code == 403
    assert api(world.far_worker).get(url).status_code == 404
    page = browser(world.teacher).get(f"/casussen/{case.id}").get_data(as_text=True)
    assert "Halt-verwijzing" not in page and "Stap vastleggen" not in page
    lpa = api(world.lpa)
    for body, field, words in [
        ({"step": "proces-verbaal"}, "pv_type", "Kies het soort"),
        ({"step": "halt", "pv_type": "luxe"}, "pv_type", "alleen bij een proces-verbaal"),
        ({"step": "boete"}, "step", "stap"),
        ({"step": "halt", "taken_on": "2026-12-24"}, "taken_on", "toekomst"),
    ]:
        bad = lpa.post(url, json=body)
        assert bad.status_code == 400, body
        assert words in bad.get_json()["fields"][field], bad.get_json()
    assert lpa.post(url, json={"step": "halt", "wie": "x"}).status_code == 400
    assert session.query(EnforcementStep).count() == 1


def test_the_telling_counts_handhaving_for_leerplicht_only(session, world, make_case, api):
    case = make_case(world.teacher, given_name="Sem")
    lpa = api(world.lpa)
    url = f"/api/v1/cases/{case.id}/enforcement-steps"
    for body in (
        {"step": "waarschuwing", "taken_on": "2026-09-01"},
        {"step": "proces-verbaal", "pv_type": "relatief", "taken_on": "2026-10-01"},
        {"step": "proces-verbaal", "pv_type": "relatief", "taken_on": "2026-11-01"},
        {"step": "halt", "taken_on": "2026-07-01"},  # the school year before
    ):
        assert lpa.post(url, json=body).status_code == 201
    rows = {r["municipality"]: r for r in lpa.get(TELLING).get_json()["rows"]}
    assert rows["Zaltbommel"]["handhaving"] == {
        "waarschuwingen": 1,
        "halt": 0,
        "processen_verbaal_relatief": 2,
        "processen_verbaal_luxe": 0,
        "processen_verbaal_absoluut": 0,
        "civiele_route": 0,
        "veilig_thuis": 0,
    }
    listed = lpa.get(
        "/api/v1/reports/leerplichttelling/cases?school_year=2026-2027&municipality=Zaltbommel"
        "&field=handhaving.processen_verbaal_relatief"
    ).get_json()
    assert listed["count"] == 2
    gemeente = api(world.gemeente_worker).get(TELLING).get_json()["rows"]
    assert all("handhaving" not in r for r in gemeente)
    hidden = api(world.gemeente_worker).get(
        "/api/v1/reports/leerplichttelling/cases?school_year=2026-2027&municipality=Zaltbommel"
        "&field=handhaving.processen_verbaal_relatief"
    )
    assert hidden.status_code == 200 and hidden.get_json()["count"] == 0
