"""Asking regie sends the version of the case the page showed (no lost updates): a change
made since, e.g. a phase decision in another tab, refuses the request with what changed and
asks nobody; with the version shown now the request is made. A version that is no number is
refused in Dutch and changes nothing either."""

from __future__ import annotations

from sqlalchemy import func, select

from thuiszittertafel.cases.models import Case, RegieProposal


def _state(session, case_id: int) -> tuple[int, int, int]:
    session.expire_all()
    case = session.get(Case, case_id)
    proposals = select(func.count()).where(RegieProposal.case_id == case_id)
    return case.phase, case.version, session.scalar(proposals)


def test_a_regie_request_shown_before_a_phase_decision_is_refused(
    session, world, browser, case, move_phase_elsewhere, form_version
):
    teacher = browser(world.teacher)
    page = teacher.get(f"/casussen/{case.id}").get_data(as_text=True)
    seen = form_version(page, f"/casussen/{case.id}/regie")
    assert seen == case.version
    ask = {"lead_org_id": str(world.leerplicht.id), "reason": "Verzuim staat voorop"}
    # Meanwhile, in another tab, the phase moves on.
    move_phase_elsewhere(teacher, case, seen)
    before = _state(session, case.id)

    refused = teacher.post(f"/casussen/{case.id}/regie", {**ask, "version": str(seen)})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 409 and "Sinds uw versie gewijzigd: fase" in text
    assert _state(session, case.id) == before  # nobody asked, nothing changed
    assert (
        form_version(text, f"/casussen/{case.id}/regie") == before[1]
    )  # the form shows the new version
    assert "Verzuim staat voorop" in text  # what was typed is still there

    bad = teacher.post(f"/casussen/{case.id}/regie", {**ask, "version": "drie"})
    assert bad.status_code == 400 and "De versie is geen geldig nummer" in bad.get_data(
        as_text=True
    )
    assert _state(session, case.id) == before

    asked = teacher.post(f"/casussen/{case.id}/regie", {**ask, "version": str(before[1])})
    assert asked.status_code == 302
    phase, version, proposals = _state(session, case.id)
    assert (phase, version, proposals) == (before[0], before[1] + 1, before[2] + 1)


def test_an_outsider_cannot_ask_regie_whatever_the_version(session, world, browser, case):
    before = _state(session, case.id)
    outsider = browser(world.wijkteam_worker)
    refused = outsider.post(
        f"/casussen/{case.id}/regie",
        {"lead_org_id": str(world.leerplicht.id), "version": str(before[1])},
    )
    assert refused.status_code in (403, 404)
    assert _state(session, case.id) == before
