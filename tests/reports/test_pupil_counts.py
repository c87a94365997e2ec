"""Pupil totals per gemeente and school year: functioneel beheer keeps them on a page and by
CSV import; a bad field or row refuses everything with a Dutch message; others get a 403."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import func, select

from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.reports.models import PupilCount

PAGE = "/beheer/leerlingaantallen"


@pytest.fixture
def beheer(world, make_user):
    return make_user(world.gemeente, "functioneel-beheer", username="fb")


def stored(session) -> dict:
    session.expire_all()
    return {
        (c.municipality.name, c.school_year): (c.leerplichtig, c.kwalificatieplichtig)
        for c in session.scalars(select(PupilCount))
    }


def form(world, year="2025-2026", **values) -> dict:
    data = {"school_year": year}
    for m in (world.zaltbommel, world.tiel, world.elders):
        for key in ("leerplichtig", "kwalificatieplichtig"):
            data[f"{key}-{m.id}"] = values.get(f"{key}_{m.name.lower()}", "")
    return data


def upload(b, body: bytes, year="2025-2026"):
    data = {"school_year": year, "bestand": (io.BytesIO(body), "aantallen.csv")}
    return b.post(f"{PAGE}/import", data, content_type="multipart/form-data")


def test_page_saves_a_year_and_empty_removes(session, world, beheer, browser):
    b = browser(beheer)
    page = b.get(f"{PAGE}?school_year=2025-2026")
    assert page.status_code == 200
    assert "Leerlingaantallen per gemeente" in page.get_data(as_text=True)
    r = b.post(
        PAGE,
        form(
            world,
            leerplichtig_zaltbommel="3.939",
            kwalificatieplichtig_zaltbommel="716",
            leerplichtig_tiel="100",
            kwalificatieplichtig_tiel="0",
        ),
    )
    assert r.status_code == 302
    assert stored(session) == {("Zaltbommel", 2025): (3939, 716), ("Tiel", 2025): (100, 0)}
    # Both fields of Tiel emptied: its numbers go; Zaltbommel changes.
    r = b.post(
        PAGE, form(world, leerplichtig_zaltbommel="4000", kwalificatieplichtig_zaltbommel="700")
    )
    assert r.status_code == 302
    assert stored(session) == {("Zaltbommel", 2025): (4000, 700)}
    page = b.get(f"{PAGE}?school_year=2025-2026").get_data(as_text=True)
    assert 'value="4000"' in page and "4700" in page
    actions = session.scalars(select(AuditEntry.action).where(AuditEntry.user_id == beheer.id))
    assert list(actions).count("report.pupil_counts.save") == 2


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"leerplichtig_tiel": "-4", "kwalificatieplichtig_tiel": "1"},
            "Tiel: leerplichtig is geen heel getal van 0 of meer",
        ),
        (
            {"leerplichtig_tiel": "12,5", "kwalificatieplichtig_tiel": "1"},
            "Tiel: leerplichtig is geen heel getal",
        ),
        ({"leerplichtig_tiel": "10"}, "Tiel: vul zowel leerplichtig als kwalificatieplichtig in"),
        (
            {"leerplichtig_tiel": "10", "kwalificatieplichtig_tiel": "99999999999"},
            "Tiel: kwalificatieplichtig is te groot",
        ),
    ],
)
def test_bad_input_saves_nothing(session, world, beheer, browser, values, message):
    b = browser(beheer)
    b.post(PAGE, form(world, leerplichtig_zaltbommel="5", kwalificatieplichtig_zaltbommel="6"))
    good = {"leerplichtig_zaltbommel": "50", "kwalificatieplichtig_zaltbommel": "60"}
    r = b.post(PAGE, form(world, **good, **values))
    assert r.status_code == 400
    text = r.get_data(as_text=True)
    assert message in text and "Er is niets opgeslagen." in text
    assert stored(session) == {("Zaltbommel", 2025): (5, 6)}  # not 50/60


def test_csv_import_with_bom_and_dutch_thousands(session, world, beheer, browser):
    body = (
        "\ufeffgemeente;schooljaar;leerplichtig;kwalificatieplichtig\r\n"
        "Zaltbommel;2025-2026;3.939;1.716\r\n"
        "tiel;2024-2025;200;30\r\n"
        ";;;\r\n"
    ).encode()
    r = upload(browser(beheer), body)
    assert r.status_code == 302
    assert stored(session) == {("Zaltbommel", 2025): (3939, 1716), ("Tiel", 2024): (200, 30)}
    entry = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "report.pupil_counts.import")
    ).one()
    assert json.loads(entry.detail)["rows"] == 2


def test_csv_import_refuses_every_bad_row_and_imports_nothing(session, world, beheer, browser):
    body = (
        b"gemeente;schooljaar;leerplichtig;kwalificatieplichtig\n"
        b"Zaltbommel;2025-2026;3939;1716\n"  # good, but not imported either
        b"Atlantis;2025-2026;1;1\n"
        b"Tiel;2025;10;1\n"
        b"Tiel;2025-2026;tien;\n"
        b"Zaltbommel;2025-2026;1;1\n"
        b"Tiel;2024-2025;1\n"
        b"Tiel;2030-2031;1;1\n"
    )
    r = upload(browser(beheer), body)
    assert r.status_code == 400
    text = r.get_data(as_text=True)
    assert "Regel 2" not in text
    assert "Regel 3: onbekende gemeente &#39;Atlantis&#39;." in text
    assert "Regel 4: geef het schooljaar als twee opeenvolgende jaren" in text
    assert "Regel 5: leerplichtig is geen heel getal" in text
    assert "kwalificatieplichtig ontbreekt" in text
    assert "Regel 6: Zaltbommel 2025-2026 staat al op een eerdere regel." in text
    assert "Regel 7: verwacht 4 kolommen, gevonden 3" in text
    assert "Regel 8: kies een schooljaar van 2000-2001 tot en met 2026-2027." in text
    assert "Er is niets geïmporteerd." in text
    assert stored(session) == {}
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == 0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"naam;jaar\nZaltbommel;2025-2026\n", "De eerste regel moet de kolommen noemen"),
        ("gemeente;schooljaar;leerplichtig;kwalificatieplichtig\n".encode("utf-16"), "UTF-8"),
        (b"gemeente;schooljaar;leerplichtig;kwalificatieplichtig\n", "geen regels"),
    ],
)
def test_csv_import_refuses_bad_files(session, world, beheer, browser, body, message):
    r = upload(browser(beheer), body)
    assert r.status_code == 400
    assert message in r.get_data(as_text=True)
    assert stored(session) == {}


@pytest.mark.parametrize("who", ["lpa", "swv_coordinator", "gemeente_worker", "teacher"])
def test_others_are_refused(session, world, browser, who):
    b = browser(getattr(world, who))
    assert b.get(PAGE).status_code == 403
    r = b.post(PAGE, form(world, leerplichtig_tiel="1", kwalificatieplichtig_tiel="1"))
    assert r.status_code == 403
    body = b"gemeente;schooljaar;leerplichtig;kwalificatieplichtig\nTiel;2025-2026;1;1\n"
    assert upload(b, body).status_code == 403
    assert stored(session) == {}


def test_form_without_csrf_is_refused(session, world, beheer, browser):
    b = browser(beheer)
    b.csrf_token = "stuk"
    r = b.post(PAGE, form(world, leerplichtig_tiel="1", kwalificatieplichtig_tiel="1"))
    assert r.status_code == 400
    assert stored(session) == {}
