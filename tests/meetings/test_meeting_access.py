"""Meeting-only access (DESIGN §3 rule 4) gets what the meeting screen shows, nothing more
(issue 15, item 1): no birth date, school, gemeente, participants or finished agreements."""

from __future__ import annotations

from datetime import timedelta

from thuiszittertafel import clock
from thuiszittertafel.agreements.services import create_agreement, update_agreement


def _agreements(session, world, case):
    made = []
    for n in range(3):
        made.append(
            create_agreement(
                session,
                world.teacher,
                case,
                "participant",
                {
                    "description": f"Afspraak {n}",
                    "owner_org_id": world.school.id,
                    "due_at": (clock.now() + timedelta(days=5 + n)).date().isoformat(),
                },
                now=clock.now(),
            )
        )
    done, cancelled, _ = made
    for agreement, change in (
        (done, {"status": "done", "result": "Diagnose autisme bevestigd"}),
        (cancelled, {"status": "cancelled", "reason": "Moeder opgenomen"}),
    ):
        update_agreement(
            session, world.teacher, agreement, case, "participant", change, now=clock.now()
        )
    session.commit()
    return made


def test_api_case_under_meeting_access_shows_only_the_meeting_view(api, world, case, published):
    attendee = api(world.wijkteam_worker).get(f"/api/v1/cases/{case.id}").get_json()
    assert attendee["access"] == "meeting"
    assert attendee["pupil"]["initials"] == case.pupil.initials
    assert attendee["pupil"]["name"] is None and attendee["pupil"]["birth_date"] is None
    assert attendee["pupil"]["municipality"] is None
    assert attendee["school_org_id"] is None and attendee["swv_org_id"] is None
    assert attendee["participant_org_ids"] == [] and attendee["lead_user_id"] is None
    assert attendee["phase"] == case.phase  # what the meeting screen does show
    # Full access keeps the whole case.
    teacher = api(world.teacher).get(f"/api/v1/cases/{case.id}").get_json()
    assert teacher["pupil"]["birth_date"] == case.pupil.birth_date.isoformat()
    assert teacher["school_org_id"] == world.school.id and teacher["participant_org_ids"]


def test_api_agreements_under_meeting_access_are_the_open_ones(
    api, session, world, case, published
):
    done, cancelled, still_open = _agreements(session, world, case)
    r = api(world.wijkteam_worker).get(f"/api/v1/cases/{case.id}/agreements")
    body = r.get_json()
    assert [a["id"] for a in body["items"]] == [still_open.id] and body["total"] == 1
    text = r.get_data(as_text=True)
    assert "Diagnose" not in text and "opgenomen" not in text
    full = api(world.teacher).get(f"/api/v1/cases/{case.id}/agreements").get_json()
    assert {a["id"] for a in full["items"]} == {done.id, cancelled.id, still_open.id}


def test_case_table_row_under_meeting_access(browser, world, case, published):
    page = browser(world.wijkteam_worker).get("/casussen?status=all").get_data(as_text=True)
    assert case.pupil.initials in page
    assert 'data-label="School">Lingeborgh' not in page
    assert 'data-label="Gemeente">Zaltbommel' not in page
    full = browser(world.teacher).get("/casussen?status=all").get_data(as_text=True)
    assert 'data-label="School">Lingeborgh' in full


def test_meeting_screen_shows_initials_where_free_text_names_the_pupil(
    browser, session, world, case, published
):
    """Issue 14: a note typed at the table names the pupil. The wijkteam, there under meeting
    access only, reads the initials in its place; leerplicht, who sees the case in full,
    reads what was typed."""
    from thuiszittertafel.meetings import services

    pupil = case.pupil
    item = next(i for i in published.items if i.case_id == case.id)
    services.open_item(session, world.swv_coordinator, published, item.id, now=clock.now())
    services.post_meeting_note(
        session,
        world.lpa,
        published,
        item.id,
        {"body": f"{pupil.given_name} wil na de kerst terug"},
        now=clock.now(),
    )
    session.commit()
    url = f"/overleggen/{published.id}/agenda"
    meeting_only = browser(world.wijkteam_worker).get(url)
    assert meeting_only.status_code == 200
    html = meeting_only.get_data(as_text=True)
    assert f"{pupil.initials} wil na de kerst terug" in html
    assert pupil.given_name not in html
    full = browser(world.lpa).get(url).get_data(as_text=True)
    assert f"{pupil.given_name} wil na de kerst terug" in full
