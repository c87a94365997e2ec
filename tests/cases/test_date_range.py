"""Dates in a case's history lie in 2000-2100, the range agreements use (issue 15, item 10):
01-01-0001 and 9999-12-31 are refused with a Dutch message per field and nothing is stored."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from thuiszittertafel.cases.models import Blocker, EnforcementStep, Exemption

OUT_OF_RANGE = ["01-01-0001", "9999-12-31", "31-12-1999"]
EXEMPTION = {
    "article": "5-a",
    "requested_on": "2026-10-01",
    "advice_on": "2026-10-20",
    "decision": "toegekend",
    "decided_on": "2026-10-25",
    "starts_on": "2026-11-01",
    "ends_on": "2027-07-31",
}


@pytest.fixture
def long_case(make_case, world):
    return make_case(world.teacher, given_name="Maxime", absent_since=date(2026, 9, 1))


def _count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("day", OUT_OF_RANGE)
def test_a_blocker_since_out_of_range_is_refused_on_the_page(
    session, world, long_case, browser, day
):
    page = browser(world.teacher)
    refused = page.post(
        f"/casussen/{long_case.id}/belemmeringen", {"kind": "wachtlijst-zorg", "since": day}
    )
    assert refused.status_code == 400
    assert "De datum vanaf ligt buiten het bereik 2000-2100." in refused.get_data(as_text=True)
    assert _count(session, Blocker) == 0
    kept = page.post(
        f"/casussen/{long_case.id}/belemmeringen",
        {"kind": "wachtlijst-zorg", "since": "01-01-2000"},
    )
    assert kept.status_code == 302 and _count(session, Blocker) == 1


@pytest.mark.parametrize("day", OUT_OF_RANGE)
def test_an_enforcement_step_taken_on_out_of_range_is_refused(session, world, long_case, api, day):
    url = f"/api/v1/cases/{long_case.id}/enforcement-steps"
    refused = api(world.lpa).post(url, json={"step": "waarschuwing", "taken_on": day})
    assert refused.status_code == 400
    assert refused.get_json()["fields"]["taken_on"] == (
        "De datum ligt buiten het bereik 2000-2100."
    )
    assert _count(session, EnforcementStep) == 0


@pytest.mark.parametrize("field", ["requested_on", "advice_on", "decided_on"])
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_exemption_dates_out_of_range_are_refused(session, world, long_case, api, field, day):
    url = f"/api/v1/cases/{long_case.id}/exemptions"
    refused = api(world.lpa).post(url, json={**EXEMPTION, field: day})
    assert refused.status_code == 400
    assert "ligt buiten het bereik 2000-2100" in refused.get_json()["fields"][field]
    assert _count(session, Exemption) == 0
    # Changing a recorded one to such a date is refused too, and it keeps its date.
    made = api(world.lpa).post(url, json=EXEMPTION).get_json()
    patched = api(world.lpa).patch(f"/api/v1/exemptions/{made['id']}", json={field: day})
    assert patched.status_code == 400 and field in patched.get_json()["fields"]
    session.expire_all()
    assert getattr(session.get(Exemption, made["id"]), field).isoformat() == EXEMPTION[field]
