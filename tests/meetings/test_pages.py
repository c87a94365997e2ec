"""Meeting pages: plan, build the agenda, publish, decide, finalize — and the refusals."""

from __future__ import annotations

from sqlalchemy import func, select

from thuiszittertafel.agreements.models import Agreement
from thuiszittertafel.meetings.models import AgendaItem, Meeting


def count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def test_plan_a_meeting_and_refuse_bad_input(session, world, browser):
    session.commit()
    chair = browser(world.swv_coordinator)
    bad = chair.post("/overleggen", {"kind": "thuiszitterstafel", "title": "",
                                     "starts_at": "2026-12-02T14:00"})
    assert bad.status_code == 400 and "Vul de titel in" in bad.get_data(as_text=True)
    assert count(session, Meeting) == 0
    ok = chair.post("/overleggen", {"kind": "thuiszitterstafel", "title": "Tafel december",
                                    "starts_at": "2026-12-02T14:00",
                                    "attendee_user_ids": str(world.lpa.id)})
    assert ok.status_code == 302 and count(session, Meeting) == 1
    assert "Tafel december" in browser(world.lpa).get("/overleggen").get_data(as_text=True)
    assert "Tafel december" not in browser(world.wijkteam_worker).get(
        "/overleggen").get_data(as_text=True)
    worker = browser(world.teacher).post("/overleggen", {"kind": "zat", "title": "x",
                                                         "starts_at": "2026-12-02T14:00"})
    assert worker.status_code == 403 and count(session, Meeting) == 1


def test_agenda_publish_decide_finalize(session, world, browser, meeting, case, other_case):
    chair = browser(world.swv_coordinator)
    base = f"/overleggen/{meeting.id}"
    page = chair.get(base).get_data(as_text=True)
    assert "Voorstellen voor de agenda" in page
    assert chair.post(base + "/agenda", {"case_id": str(case.id)}).status_code == 302
    refused = chair.post(base + "/agenda", {"case_id": "999999"}, follow_redirects=True)
    assert count(session, AgendaItem) == 1 and "alert--error" in refused.get_data(as_text=True)
    assert chair.post(base + "/publiceren").status_code == 302
    item = session.scalar(select(AgendaItem))
    # An attendee whose organisation is not on the case sees the meeting view: initials only.
    wijk = browser(world.wijkteam_worker).get(base).get_data(as_text=True)
    assert case.pupil.initials in wijk and case.pupil.family_name not in wijk
    assert chair.post(f"{base}/agenda/{item.id}/besluiten",
                      {"text": "Plek zoeken", "description": "Plek zoeken",
                       "owner_org_id": str(world.school.id), "due_at": ""},
                      follow_redirects=True).status_code == 200
    assert count(session, Agreement) == 0  # no term: nothing half-done
    assert chair.post(f"{base}/agenda/{item.id}/besluiten",
                      {"text": "Plek zoeken", "description": "Plek zoeken in regio",
                       "owner_org_id": str(world.school.id), "due_at": "2026-12-15"}
                      ).status_code == 302
    assert count(session, Agreement) == 1
    attendee = browser(world.lpa)
    assert attendee.post(f"{base}/vaststellen").status_code == 303  # only the chair
    assert chair.post(f"{base}/vaststellen").status_code == 302
    assert "Verslag (PDF" in chair.get(base).get_data(as_text=True)
    assert browser(world.wijkteam_worker).get(f"/casussen/{case.id}").status_code == 404


def test_outsider_gets_404(session, world, browser, meeting):
    session.commit()
    assert browser(world.far_worker).get(f"/overleggen/{meeting.id}").status_code == 404
    assert browser(world.far_worker).post(f"/overleggen/{meeting.id}/publiceren"
                                          ).status_code == 404
