"""Meeting pages: plan, build the agenda, publish, decide, finalize — and the refusals."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.meetings.conftest import held
from thuiszittertafel import clock
from thuiszittertafel.agreements.models import Agreement
from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.meetings import services
from thuiszittertafel.meetings.models import AgendaItem, Meeting
from thuiszittertafel.notes.models import Note


def count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def test_plan_a_meeting_and_refuse_bad_input(session, world, browser):
    session.commit()
    chair = browser(world.swv_coordinator)
    bad = chair.post(
        "/overleggen", {"kind": "thuiszitterstafel", "title": "", "starts_at": "2026-12-02T14:00"}
    )
    assert bad.status_code == 400 and "Vul de titel in" in bad.get_data(as_text=True)
    assert count(session, Meeting) == 0
    ok = chair.post(
        "/overleggen",
        {
            "kind": "thuiszitterstafel",
            "title": "Tafel december",
            "starts_at": "2026-12-02T14:00",
            "attendee_user_ids": str(world.lpa.id),
        },
    )
    assert ok.status_code == 302 and count(session, Meeting) == 1
    assert "Tafel december" in browser(world.lpa).get("/overleggen").get_data(as_text=True)
    assert "Tafel december" not in browser(world.wijkteam_worker).get("/overleggen").get_data(
        as_text=True
    )
    worker = browser(world.teacher).post(
        "/overleggen", {"kind": "zat", "title": "x", "starts_at": "2026-12-02T14:00"}
    )
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
    assert (
        chair.post(
            f"{base}/agenda/{item.id}/besluiten",
            {
                "text": "Plek zoeken",
                "description": "Plek zoeken",
                "owner_org_id": str(world.school.id),
                "due_at": "",
            },
        ).status_code
        == 400
    )
    assert count(session, Agreement) == 0  # no term: nothing half-done
    assert (
        chair.post(
            f"{base}/agenda/{item.id}/besluiten",
            {
                "text": "Plek zoeken",
                "description": "Plek zoeken in regio",
                "owner_org_id": str(world.school.id),
                "due_at": "2026-12-15",
            },
        ).status_code
        == 302
    )
    assert count(session, Agreement) == 1
    attendee = browser(world.lpa)
    refused = attendee.post(f"{base}/vaststellen")  # only the chair
    assert refused.status_code == 403 and "niets veranderd" in refused.get_data(as_text=True)
    held(session, meeting.id)
    assert chair.post(f"{base}/vaststellen", {"confirm": "ja"}).status_code == 302
    assert "Verslag als PDF" in chair.get(base).get_data(as_text=True)
    assert browser(world.wijkteam_worker).get(f"/casussen/{case.id}").status_code == 404


def test_outsider_gets_404(session, world, browser, meeting):
    session.commit()
    assert browser(world.far_worker).get(f"/overleggen/{meeting.id}").status_code == 404
    assert browser(world.far_worker).post(f"/overleggen/{meeting.id}/publiceren").status_code == 404


JSON = {"Accept": "application/json"}


def test_live_screen_posts_answer_in_json_and_refuse_clearly(
    session, world, browser, published, case
):
    """The live screen posts the page's own forms with Accept: application/json."""
    chair, attendee = browser(world.swv_coordinator), browser(world.wijkteam_worker)
    base = f"/overleggen/{published.id}"
    item, seen = published.items[0], published.version
    opened = chair.post(f"{base}/agenda/{item.id}/openen", headers=JSON)
    assert opened.status_code == 200 and opened.json == {
        "ok": True,
        "message": "Dit agendapunt is nu aan de orde.",
        "version": seen + 1,  # the live screen's forms send it from now on
    }
    refused = attendee.post(f"{base}/agenda/{item.id}/openen", headers=JSON)
    assert refused.status_code == 403 and refused.json["ok"] is False
    assert "voorzitter" in refused.json["message"]

    note = {"body": "Moeder is bereid tot gesprek", "client_id": "abc123def456"}
    first = attendee.post(f"{base}/agenda/{item.id}/notities", note, headers=JSON)
    again = attendee.post(f"{base}/agenda/{item.id}/notities", note, headers=JSON)
    assert first.json["ok"] and again.json["ok"] and count(session, Note) == 1
    empty = attendee.post(f"{base}/agenda/{item.id}/notities", {"body": " "}, headers=JSON)
    assert empty.status_code == 400 and empty.json["fields"] and count(session, Note) == 1

    # Two agreements from one form; one row without an owner refuses the whole decision.
    rows = {
        "text": "Plek zoeken en GGD erbij",
        "description": ["Plek zoeken in de regio", "GGD-consult aanvragen"],
        "owner_org_id": [str(world.school.id), ""],
        "due_at": ["2026-12-15", "2026-12-20"],
    }
    bad = chair.post(f"{base}/agenda/{item.id}/besluiten", rows, headers=JSON)
    assert bad.status_code == 400 and any(
        m.startswith("Afspraak 2") for m in bad.json["fields"].values()
    )
    assert count(session, Agreement) == 0
    rows["owner_org_id"] = [str(world.school.id), str(world.leerplicht.id)]
    made = chair.post(f"{base}/agenda/{item.id}/besluiten", rows, headers=JSON)
    assert made.status_code == 200 and count(session, Agreement) == 2

    # The fragment the screens refetch: initials only, and audited per case.
    fragment = attendee.get(f"{base}/agenda").get_data(as_text=True)
    assert 'id="agenda-items"' in fragment and "<html" not in fragment
    assert case.pupil.initials in fragment and case.pupil.family_name not in fragment
    assert "Moeder is bereid tot gesprek" in fragment and "Plek zoeken in de regio" in fragment
    session.expire_all()
    seen = session.scalars(
        select(AuditEntry.object_id).where(
            AuditEntry.user_id == world.wijkteam_worker.id,
            AuditEntry.object_type == "case",
            AuditEntry.access == "meeting",
        )
    ).all()
    assert set(seen) == {i.case_id for i in published.items}
    assert browser(world.far_worker).get(f"{base}/agenda").status_code == 404


def test_printable_minutes_only_when_final_with_initials(session, world, browser, published, case):
    chair = browser(world.swv_coordinator)
    base = f"/overleggen/{published.id}"
    early = chair.get(f"{base}/verslag", follow_redirects=True)
    assert "pas als de voorzitter" in early.get_data(as_text=True)
    item = published.items[0]
    services.post_meeting_note(
        session,
        world.lpa,
        published,
        item.id,
        {"body": "Leerplicht sluit aan bij het gesprek"},
        now=published.starts_at,
    )
    services.finalize(session, world.swv_coordinator, published, now=published.starts_at)
    session.commit()
    page = browser(world.wijkteam_worker).get(f"{base}/verslag")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Leerplicht sluit aan bij het gesprek" in text
    assert case.pupil.initials in text and case.pupil.family_name not in text
    assert case.pupil.given_name not in text
    assert browser(world.far_worker).get(f"{base}/verslag").status_code == 404


def test_chair_moves_items_and_others_may_not(session, world, browser, published):
    chair, attendee = browser(world.swv_coordinator), browser(world.lpa)
    base = f"/overleggen/{published.id}"
    first, second = (i.id for i in published.items)

    def order():
        session.expire_all()
        return list(
            session.scalars(
                select(AgendaItem.id)
                .where(AgendaItem.meeting_id == published.id)
                .order_by(AgendaItem.position)
            )
        )

    moved = chair.post(f"{base}/agenda/{second}/verplaatsen", {"richting": "eerder"}, headers=JSON)
    assert moved.status_code == 200 and order() == [second, first]
    top = chair.post(f"{base}/agenda/{second}/verplaatsen", {"richting": "eerder"}, headers=JSON)
    assert top.status_code == 400 and "al eerst" in top.json["fields"]["richting"]
    vague = chair.post(f"{base}/agenda/{second}/verplaatsen", {"richting": "ergens"}, headers=JSON)
    assert vague.status_code == 400 and order() == [second, first]
    refused = attendee.post(f"{base}/agenda/{first}/verplaatsen", {"richting": "eerder"})
    assert refused.status_code == 403 and order() == [second, first]
    page = chair.get(base).get_data(as_text=True)
    assert page.index(f'id="punt-{second}"') < page.index(f'id="punt-{first}"')


def test_json_path_refuses_attendees_bad_rows_and_missing_csrf(session, world, browser, published):
    attendee, chair = browser(world.lpa), browser(world.swv_coordinator)
    base = f"/overleggen/{published.id}"
    item = published.items[0]
    for path, data in (
        (f"agenda/{item.id}/besluiten", {"text": "x"}),
        (f"agenda/{item.id}/verplaatsen", {"richting": "later"}),
        (f"agenda/{item.id}/verwijderen", {}),
        ("vaststellen", {}),
    ):
        refused = attendee.post(f"{base}/{path}", data, headers=JSON)
        assert refused.status_code == 403 and refused.json["ok"] is False, path
        assert "voorzitter" in refused.json["message"]
    outsider = browser(world.far_worker).post(f"{base}/agenda/{item.id}/openen", headers=JSON)
    assert outsider.status_code == 404 and outsider.json["ok"] is False

    uneven = chair.post(
        f"{base}/agenda/{item.id}/besluiten",
        {
            "text": "Plek zoeken",
            "description": ["a", "b"],
            "owner_org_id": [str(world.school.id)] * 2,
            "due_at": ["2026-12-15"],
        },
        headers=JSON,
    )
    assert uneven.status_code == 400 and "vernieuw de pagina" in uneven.json["fields"]["agreements"]
    no_csrf = chair.post(f"{base}/vaststellen", {"csrf_token": ""}, headers=JSON)
    assert no_csrf.status_code == 400
    session.expire_all()
    assert count(session, Agreement) == 0
    assert session.get(Meeting, published.id).status == "published"


def test_minutes_views_are_audited_per_case(session, world, browser, published):
    services.finalize(session, world.swv_coordinator, published, now=published.starts_at)
    session.commit()
    assert (
        browser(world.wijkteam_worker).get(f"/overleggen/{published.id}/verslag").status_code == 200
    )
    session.expire_all()
    rows = session.scalars(
        select(AuditEntry.object_id).where(
            AuditEntry.action == "meeting.minutes",
            AuditEntry.object_type == "case",
            AuditEntry.user_id == world.wijkteam_worker.id,
        )
    ).all()
    assert sorted(rows) == sorted(i.case_id for i in published.items)


def test_without_javascript_a_refused_form_keeps_what_was_typed(session, world, browser, published):
    chair = browser(world.swv_coordinator)
    item = published.items[0]
    page = chair.post(
        f"/overleggen/{published.id}/agenda/{item.id}/besluiten",
        {
            "text": "Plek zoeken met zorg",
            "description": ["Passende plek zoeken", "", ""],
            "owner_org_id": [str(world.school.id), "", ""],
            "due_at": ["", "", ""],
            "phase": "3",
        },
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 400 and "niets veranderd" in html
    assert ">Plek zoeken met zorg</textarea>" in html
    assert 'value="Passende plek zoeken"' in html
    assert f'<option value="{world.school.id}" selected>' in html
    assert '<option value="3" selected>' in html
    assert count(session, Agreement) == 0
    note = chair.post(
        f"/overleggen/{published.id}/agenda/{item.id}/notities",
        {"body": "x" * 20001, "client_id": "kept-id-1"},
    )
    html = note.get_data(as_text=True)
    assert note.status_code == 400 and 'value="kept-id-1"' in html and "x" * 20001 in html


def test_decision_form_posted_twice_makes_one_decision(session, world, browser, published):
    from thuiszittertafel.meetings.models import Decision

    chair = browser(world.swv_coordinator)
    item = published.items[0]
    form = {
        "text": "Plek zoeken",
        "client_id": "form-1",
        "description": ["Plek zoeken"],
        "owner_org_id": [str(world.school.id)],
        "due_at": ["2026-12-15"],
    }
    url = f"/overleggen/{published.id}/agenda/{item.id}/besluiten"
    assert chair.post(url, form, headers=JSON).json["message"] == "Het besluit is vastgelegd."
    assert chair.post(url, form, headers=JSON).json["message"] == "Dit besluit was al vastgelegd."
    assert count(session, Decision) == 1 and count(session, Agreement) == 1


def test_the_printable_table_list(session, world, browser, meeting, case, other_case):
    """Issue 13 item 4: one row per child (wie, wat, wanneer, stand van zaken, open
    afspraken), initials only, for whoever the agenda is open to, each viewing audited."""
    services.add_item(
        session, world.swv_coordinator, meeting, {"case_id": case.id}, now=clock.now()
    )
    session.commit()
    base = f"/overleggen/{meeting.id}/lijst"
    draft = browser(world.wijkteam_worker).get(base).get_data(as_text=True)
    assert "nog niet gepubliceerd" in draft and case.pupil.initials not in draft
    chair = browser(world.swv_coordinator).get(base).get_data(as_text=True)
    assert case.pupil.initials in chair and "dagen zonder onderwijs" in chair
    services.publish(session, world.swv_coordinator, meeting, now=clock.now())
    session.commit()
    page = browser(world.wijkteam_worker).get(base)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and case.pupil.initials in text
    assert case.pupil.given_name not in text and case.pupil.family_name not in text
    assert f"casus {case.id}" in text and f"casus {other_case.id}" not in text  # not on it
    assert browser(world.far_worker).get(base).status_code == 404
    viewed = session.scalars(
        select(AuditEntry.user_id).where(AuditEntry.action == "meeting.case_list")
    ).all()
    assert world.wijkteam_worker.id in viewed
