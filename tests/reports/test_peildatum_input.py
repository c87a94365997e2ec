"""The reports' peildatum is the one Dutch date field (dd-mm-jjjj, as every other date) and
the server reads it so; a date it cannot read gets a Dutch message at the field, and no
report is made or audited (issue 14). Today is 25 November 2026."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from thuiszittertafel.audit.models import AuditEntry


def peildatum_input(html: str) -> str:
    """The peildatum <input> tag of the page."""
    return re.search(r'<input[^>]*name="peildatum"[^>]*>', html).group(0)


def audited(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(AuditEntry))


@pytest.mark.parametrize(
    "who, page, shown",
    [
        ("lpa", "/rapportages", "Peildatum 31 december 2025"),
        ("lpa", "/rapportages/jaarverslag", "Peildatum 31 december 2025"),
        ("swv_coordinator", "/rapportages/swv", "31 december 2025"),
    ],
)
def test_peildatum_is_typed_as_a_dutch_date(browser, world, case, who, page, shown):
    # `case`: the jaarverslag shows figures only to those who see a case.
    b = browser(getattr(world, who))
    dutch = b.get(f"{page}?school_year=2025-2026&peildatum=31-12-2025")
    assert dutch.status_code == 200
    html = dutch.get_data(as_text=True)
    field = peildatum_input(html)
    assert (
        'type="text"' in field
        and 'value="31-12-2025"' in field
        and "date" not in field.split("type=")[1][:6]
    )
    assert 'class="input input--date"' in field
    assert shown in html
    # An ISO date (the download links and the API use it) reads the same and shows Dutch.
    iso = b.get(f"{page}?school_year=2025-2026&peildatum=2025-12-31").get_data(as_text=True)
    assert 'value="31-12-2025"' in peildatum_input(iso)


@pytest.mark.parametrize("bad", ["31-13-2025", "morgen", "2025/12/31"])
def test_an_unreadable_peildatum_is_refused_in_dutch_at_the_field(
    browser, world, session, case, bad
):
    b = browser(world.lpa)
    before = audited(session)
    response = b.get(f"/rapportages?school_year=2025-2026&peildatum={bad}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "De peildatum is geen geldige datum; gebruik dd-mm-jjjj." in html
    field = peildatum_input(html)
    assert 'aria-invalid="true"' in field and f'value="{bad}"' in field  # kept as typed
    assert 'id="leerplichttelling"' not in html  # no report made
    assert audited(session) == before  # nor a read recorded
    jaarverslag = b.get(f"/rapportages/jaarverslag?school_year=2025-2026&peildatum={bad}")
    assert jaarverslag.status_code == 400
    assert "geen geldige datum; gebruik dd-mm-jjjj" in jaarverslag.get_data(as_text=True)
    assert audited(session) == before


def test_a_peildatum_outside_the_school_year_is_refused(browser, world):
    html = (
        browser(world.lpa)
        .get("/rapportages?school_year=2025-2026&peildatum=01-08-2026")
        .get_data(as_text=True)
    )
    assert "De peildatum ligt in het schooljaar 2025-2026" in html
    assert 'aria-invalid="true"' in peildatum_input(html)
