"""Closing a case sends the version it was shown with (issue 15, no lost updates): the page's
close form carries it, the API takes If-Match. A phase decision made since refuses the close
with what changed, and nothing is closed or settled; with the version shown now it closes."""

from __future__ import annotations

from thuiszittertafel.cases.models import Case

CLOSE = {"outcome": "teruggeleid-zelfde-school", "education_resumed_on": "24-11-2026"}


def _status(session, case_id: int) -> tuple[str, int, int]:
    session.expire_all()
    case = session.get(Case, case_id)
    return case.status, case.phase, case.version


def test_a_close_form_shown_before_a_phase_decision_is_refused(
    session, world, browser, case, move_phase_elsewhere, form_version
):
    session.commit()
    zorgco = browser(world.zorgco)
    seen = form_version(
        zorgco.get(f"/casussen/{case.id}").get_data(as_text=True), f"/casussen/{case.id}/sluiten"
    )
    assert seen == case.version
    # Meanwhile, in another tab, the phase moves on.
    move_phase_elsewhere(zorgco, case, seen)
    before = _status(session, case.id)

    refused = zorgco.post(f"/casussen/{case.id}/sluiten", {**CLOSE, "version": str(seen)})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409 and "Sinds uw versie gewijzigd: fase" in page
    assert _status(session, case.id) == before  # still open, nothing changed
    assert (
        form_version(page, f"/casussen/{case.id}/sluiten") == before[2]
    )  # the form shows the new version

    closed = zorgco.post(f"/casussen/{case.id}/sluiten", {**CLOSE, "version": str(before[2])})
    assert closed.status_code == 302 and _status(session, case.id)[0] == "closed"


def test_the_api_close_takes_if_match(session, world, api, case):
    session.commit()
    client = api(world.zorgco)
    url = f"/api/v1/cases/{case.id}"
    seen = client.get(url).headers["ETag"]
    body = {"outcome": "teruggeleid-zelfde-school", "resumed_on": "2026-11-24"}
    assert client.patch(url, json={"summary": "Gesprek gevoerd"}).status_code == 200
    before = _status(session, case.id)
    stale = client.post(f"{url}/close", json=body, headers={"If-Match": seen})
    assert stale.status_code == 409 and stale.get_json()["error"] == "gewijzigd"
    assert stale.get_json()["changed"][0]["label"] == "samenvatting"
    assert _status(session, case.id) == before
    bad = client.post(f"{url}/close", json=body, headers={"If-Match": '"x1"'})
    assert bad.status_code == 400 and _status(session, case.id) == before
    current = client.get(url).headers["ETag"]
    done = client.post(f"{url}/close", json=body, headers={"If-Match": current})
    assert done.status_code == 200 and _status(session, case.id)[0] == "closed"
