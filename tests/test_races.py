"""Races on state transitions (issue 15, item 5): real parallel requests against a real
server process, on SQLite and PostgreSQL. Exactly one winner; the others 409, never a 500,
never a row that holds two outcomes or a change that silently replaced another."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from tests import races
from tests.meetings.conftest import meeting, other_case, published  # noqa: F401 - fixtures
from tests.races import at_once, bearer, fresh, read, status_codes
from thuiszittertafel import clock
from thuiszittertafel.agreements.models import Agreement, AgreementOccurrence
from thuiszittertafel.cases.models import Case, CaseEvent

agreement = races.agreement  # fixture


def test_parallel_done_on_recurring_agreement_marks_the_seen_occurrence_once(
    server, session, world, agreement
):
    a = agreement(recurring=True)
    token = bearer(session, world.teacher)
    url = f"{server.url}/api/v1/agreements/{a.id}"
    seen = read(f"{server.url}/api/v1/cases/{a.case_id}/agreements", token)
    etag = seen["items"][0]["version"]
    calls = [
        (
            "PATCH",
            url,
            token,
            {"status": "done", "result": f"Gesprek {n}"},
            {"If-Match": f'"{etag}"'},
        )
        for n in range(12)
    ]
    statuses = status_codes(at_once(calls))
    assert statuses.count(200) == 1, statuses
    occurrences = session.scalars(
        select(AgreementOccurrence).where(AgreementOccurrence.agreement_id == a.id)
    ).all()
    assert [o.number for o in occurrences] == [1]
    assert fresh(session, Agreement, a.id).occurrence == 2


def test_parallel_done_without_version_never_fails_and_counts_every_winner(
    server, session, world, agreement
):
    a = agreement(recurring=True)
    token = bearer(session, world.teacher)
    url = f"{server.url}/api/v1/agreements/{a.id}"
    calls = [("PATCH", url, token, {"status": "done", "result": f"G{n}"}, None) for n in range(12)]
    statuses = status_codes(at_once(calls))
    numbers = session.scalars(
        select(AgreementOccurrence.number)
        .where(AgreementOccurrence.agreement_id == a.id)
        .order_by(AgreementOccurrence.number)
    ).all()
    # A request that read the agreement after another's commit marks the next occurrence;
    # one that read it before gets 409. Never two for one occurrence, never a 500.
    assert numbers == list(range(1, statuses.count(200) + 1))
    assert fresh(session, Agreement, a.id).occurrence == statuses.count(200) + 1


def test_parallel_done_on_one_off_keeps_one_result(server, session, world, agreement):
    a = agreement()
    token = bearer(session, world.teacher)
    url = f"{server.url}/api/v1/agreements/{a.id}"
    calls = [("PATCH", url, token, {"status": "done", "result": f"R{n}"}, None) for n in range(8)]
    responses = at_once(calls)
    statuses = status_codes(responses)
    assert statuses.count(200) == 1, statuses
    winner = next(r for r in responses if r.status_code == 200)
    stored = fresh(session, Agreement, a.id)
    assert stored.status == "done" and winner.json()["status"] == "done"
    events = session.scalar(
        select(func.count())
        .select_from(CaseEvent)
        .where(CaseEvent.case_id == a.case_id, CaseEvent.kind == "agreement_done")
    )
    assert events == 1


def test_done_and_cancelled_at_once_one_wins(server, session, world, agreement):
    for _ in range(3):  # a few rounds: the order in which they arrive differs
        a = agreement()
        token = bearer(session, world.teacher)
        url = f"{server.url}/api/v1/agreements/{a.id}"
        calls = [
            ("PATCH", url, token, {"status": "done", "result": "Gedaan"}, None),
            ("PATCH", url, token, {"status": "cancelled", "reason": "Niet nodig"}, None),
        ]
        statuses = status_codes(at_once(calls))
        assert sorted(statuses) == [200, 409], statuses
        stored = fresh(session, Agreement, a.id)
        assert (stored.result is None) != (stored.cancel_reason is None)
        assert stored.status == ("done" if stored.result else "cancelled")


def test_two_phase_changes_from_the_same_version_one_wins(server, session, world, case):
    token = bearer(session, world.zorgco)
    url = f"{server.url}/api/v1/cases/{case.id}"
    version = read(url, token)["version"]
    calls = [
        ("PATCH", url, token, {"phase": p, "reason": f"Naar {p}"}, {"If-Match": f'"{version}"'})
        for p in (2, 3)
    ]
    statuses = status_codes(at_once(calls))
    assert sorted(statuses) == [200, 409], statuses
    moved = session.scalars(
        select(CaseEvent.description).where(
            CaseEvent.case_id == case.id, CaseEvent.kind == "phase_moved"
        )
    ).all()
    assert len(moved) == 1 and moved[0].startswith("Fase 1 → ")
    assert fresh(session, Case, case.id).phase == int(moved[0][len("Fase 1 → ")])


def test_parallel_phase_changes_without_version_form_a_chain(server, session, world, case):
    token = bearer(session, world.zorgco)
    url = f"{server.url}/api/v1/cases/{case.id}"
    calls = [("PATCH", url, token, {"phase": p, "reason": f"Naar {p}"}, None) for p in (2, 3, 4, 5)]
    statuses = status_codes(at_once(calls))
    moved = session.scalars(
        select(CaseEvent.description)
        .where(CaseEvent.case_id == case.id, CaseEvent.kind == "phase_moved")
        .order_by(CaseEvent.id)
    ).all()
    assert len(moved) == statuses.count(200) >= 1
    # Every recorded change starts from the phase the one before it left: none lost.
    phase = 1
    for text in moved:
        old, new = text.removeprefix("Fase ").split(" (")[0].split(" → ")
        assert int(old) == phase, moved
        phase = int(new)
    assert fresh(session, Case, case.id).phase == phase


def test_two_finalises_of_the_same_minutes_one_wins(server, session, world, published):  # noqa: F811
    """The chair clicks 'definitief maken' in two tabs at once: one writes the minutes, the
    other gets 409; each case's log holds the minutes once (meeting version, issue 15)."""
    from thuiszittertafel.meetings.models import Meeting
    from thuiszittertafel.notes.models import Note

    published.starts_at = clock.now() - timedelta(hours=1)  # held: finalising may start
    session.commit()
    token = bearer(session, world.swv_coordinator)
    url = f"{server.url}/api/v1/meetings/{published.id}/finalize"
    statuses = status_codes(at_once([("POST", url, token, None, None)] * 3))
    assert sorted(statuses) == [200, 409, 409], statuses
    stored = fresh(session, Meeting, published.id)
    assert stored.status == "final"
    minutes = session.scalar(
        select(func.count()).select_from(Note).where(Note.meeting_id == published.id)
    )
    assert minutes == len(stored.items) == 2
