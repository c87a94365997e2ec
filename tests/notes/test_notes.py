"""Notes: scopes, medical summaries, idempotent client ids, corrections, sanitising."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from thuiszittertafel import clock
from thuiszittertafel.cases.queries import get_case
from thuiszittertafel.core import policy
from thuiszittertafel.core.errors import Conflict, Forbidden, ValidationFailed
from thuiszittertafel.notes.models import Note
from thuiszittertafel.notes.queries import note_json, notes_for
from thuiszittertafel.notes.services import post_note


@pytest.fixture
def case(session, world, make_case):
    from thuiszittertafel.cases.participation import add_participation

    c = make_case(world.teacher, given_name="Maxime")
    for org in (world.ggd, world.wijkteam):
        add_participation(
            session,
            world.teacher,
            c,
            "participant",
            {"org_id": org.id, "consent_basis": "toestemming-ouders-en-jongere"},
            now=clock.now(),
        )
    session.commit()
    return c


def post(session, user, case, **data):
    _, access = get_case(session, user, case.id)
    note, created = post_note(session, user, case, access, data, now=clock.now())
    session.commit()
    return note, created


def listed(session, user, case):
    _, access = get_case(session, user, case.id)
    return {n.id: note_json(n, user.organisation) for n in notes_for(session, user, case, access)}


def test_scopes_decide_who_reads_what(session, world, case):
    shared, _ = post(session, world.teacher, case, body="Gesprek met ouders")
    own, _ = post(session, world.teacher, case, body="Intern: mentor ziek", scope="organisatie")
    medical, _ = post(
        session,
        world.ggd_doctor,
        case,
        body="Diagnose: …",
        scope="medisch",
        summary="Belastbaar 3 uur per dag",
    )
    legal, _ = post(session, world.lpa, case, body="Proces-verbaal opgemaakt", scope="leerplicht")

    school = listed(session, world.zorgco, case)
    assert set(school) == {shared.id, own.id, medical.id}
    assert school[medical.id]["body"] is None and school[medical.id]["redacted"]
    assert school[medical.id]["summary"] == "Belastbaar 3 uur per dag"

    ggd = listed(session, world.ggd_doctor, case)
    assert set(ggd) == {shared.id, medical.id}
    assert ggd[medical.id]["body"] == "Diagnose: …"

    lpa = listed(session, world.lpa, case)
    assert set(lpa) == {shared.id, medical.id, legal.id}
    assert set(listed(session, world.swv_coordinator, case)) == {shared.id, medical.id}
    assert set(listed(session, world.wijkteam_worker, case)) == {shared.id, medical.id}


def test_python_and_sql_scope_rules_agree(session, world, case):
    notes = [
        post(session, u, case, body="x", scope=s, **extra)[0]
        for u, s, extra in [
            (world.teacher, "betrokkenen", {}),
            (world.teacher, "organisatie", {}),
            (world.ggd_doctor, "medisch", {"summary": "s"}),
            (world.lpa, "leerplicht", {}),
            (world.ggd_doctor, "organisatie", {}),
        ]
    ]
    for user in (
        world.teacher,
        world.ggd_doctor,
        world.lpa,
        world.swv_coordinator,
        world.wijkteam_worker,
    ):
        in_sql = set(listed(session, user, case))
        in_python = {
            n.id for n in notes if policy.note_shown_to_org(n.scope, n.org_id, user.organisation)
        }
        assert in_sql == in_python, user.username


def test_scope_rules_for_writers(session, world, case):
    with pytest.raises(ValidationFailed) as exc:
        post(session, world.teacher, case, body="x", scope="medisch", summary="s")
    assert "scope" in exc.value.errors
    with pytest.raises(ValidationFailed) as exc:
        post(session, world.ggd_doctor, case, body="x", scope="medisch")
    assert "summary" in exc.value.errors
    with pytest.raises(ValidationFailed):
        post(session, world.teacher, case, body="x", scope="leerplicht")
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Note)) == 0


@pytest.mark.parametrize(
    "data, field",
    [
        ({"body": ""}, "body"),
        ({"body": "x" * 20_001}, "body"),
        ({"body": {"a": 1}}, "body"),
        ({"body": "x", "scope": "iedereen"}, "scope"),
        ({"body": "x", "category": "roddel"}, "category"),
        ({"body": "x", "client_id": "met spatie"}, "client_id"),
        ({"body": "x", "corrects_id": 999999}, "corrects_id"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(session, world, case, data, field):
    with pytest.raises(ValidationFailed) as exc:
        post(session, world.teacher, case, **data)
    assert field in exc.value.errors
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Note)) == 0


def test_repeated_client_id_returns_the_stored_note(session, world, case):
    first, created = post(session, world.teacher, case, body="Eén keer", client_id="abc-1")
    again, created_again = post(session, world.teacher, case, body="Eén keer", client_id="abc-1")
    assert created and not created_again and again.id == first.id
    assert session.scalar(select(func.count()).select_from(Note)) == 1
    # Another author may use the same client id.
    other, created_other = post(session, world.lpa, case, body="x", client_id="abc-1")
    assert created_other and other.id != first.id


def test_corrections_point_at_a_visible_note(session, world, case):
    original, _ = post(session, world.teacher, case, body="Afspraak op dinsdag")
    hidden, _ = post(session, world.ggd_doctor, case, body="x", scope="organisatie")
    fix, _ = post(session, world.teacher, case, body="Correctie: woensdag", corrects_id=original.id)
    assert fix.corrects_id == original.id
    with pytest.raises(ValidationFailed):  # a note the school cannot read
        post(session, world.teacher, case, body="?", corrects_id=hidden.id)


def test_outsiders_and_meeting_viewers_cannot_post(session, world, case):
    with pytest.raises(Forbidden):
        post_note(session, world.far_worker, case, None, {"body": "x"}, now=clock.now())
    with pytest.raises(Forbidden):
        post_note(session, world.far_worker, case, "meeting", {"body": "x"}, now=clock.now())


def test_closed_case_takes_no_new_notes(session, world, case):
    from thuiszittertafel.cases.lifecycle import close_case

    close_case(
        session, world.teacher, case, "participant", {"outcome": "verhuisd"}, now=clock.now()
    )
    session.commit()
    with pytest.raises(Conflict):
        post(session, world.teacher, case, body="Nog iets")


def test_html_is_rendered_safely(session, world, case):
    note, _ = post(
        session,
        world.teacher,
        case,
        body='<script>alert(1)</script> <img src=x onerror="alert(1)"> '
        "[link](https://ggd.nl) [kwaad](javascript:alert(1))",
    )
    html = note_json(note, world.teacher.organisation)["html"]
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text
    assert '<a href="https://ggd.nl" rel="noopener noreferrer">' in html
