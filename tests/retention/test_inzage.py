"""Inzage: the privacy officer exports everything stored about one pupil, audited."""

from __future__ import annotations

import json

from sqlalchemy import select

from tests.live import AUDIT_KEY
from tests.retention.conftest import NOW
from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.core.models import Base
from thuiszittertafel.retention import services, tables


def export(browser, user, case_id: int, fmt: str = "json"):
    return browser(user).get(f"/inzage/{case_id}.{fmt}")


def strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return [value] if isinstance(value, str) else []


def test_every_table_under_a_case_is_exported_and_retained():
    listed = {m.__table__.name for m, _ in tables.BY_CASE.values()}
    listed |= {m.__table__.name for m, *_ in tables.BY_PARENT.values()}
    under_a_case = {t.name for t in Base.metadata.tables.values() if "case_id" in t.c}
    # case_presence: who has the page open now, rows expire within minutes.
    assert under_a_case - listed == {"case_presence"}


def test_json_has_everything_of_the_pupil_and_nothing_of_another(session, world, browser, designed):
    p = designed
    browser(world.teacher).get(f"/casussen/{p.joris1.id}")  # a read the export must show
    response = export(browser, world.privacy_officer, p.joris2.id)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    data = response.get_json()
    assert data["inzage"]["casussen"] == [p.joris1.id, p.joris2.id]  # one child, both cases
    assert data["inzage"]["geanonimiseerd"] is False
    text = "\n".join(strings(data))
    for what in (
        "Notitie over Joris Smit",
        "Afspraak met Joris Smit",
        "Gesprek met Joris Smit gehad",
        "Joris Smit was ziek",
        "Ouder van Joris Smit",
        "06-12345678",
        "Ouders van Joris Smit",
        "Wachtlijst voor Joris Smit",
        "Over Joris Smit",
    ):
        assert text.count(what) == 2, what  # once per case
    for other in ("Anna", "Bram", "Ooms"):
        assert other not in text
    [case] = [c for c in data["casussen"] if c["casus"]["id"] == p.joris1.id]
    assert len(case["notities"]) == 1 and len(case["afspraken"]) == 1
    reads = [r for r in data["gelezen_door"] if r["handeling"] == "case.view"]
    assert [(r["casus"], r["wie"]) for r in reads] == [(p.joris1.id, world.teacher.name)]
    [entry] = session.scalars(
        select(AuditEntry).where(
            AuditEntry.action == "inzage.export", AuditEntry.object_id == p.joris1.id
        )
    )
    assert entry.user_id == world.privacy_officer.id
    assert json.loads(entry.detail) == {"case_ids": [p.joris1.id, p.joris2.id], "format": "json"}


def test_pdf_opens_and_names_the_pupil(world, browser, designed):
    response = export(browser, world.privacy_officer, designed.anna.id, "pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert b"Inzage Anna Bakker" in response.data  # the document's title


def test_search_by_case_or_by_name_and_birth_date(session, world, browser, designed):
    b = browser(world.privacy_officer)
    page = b.get(f"/inzage?casus={designed.bram.id}")
    assert page.status_code == 200 and "Bram Visser" in page.get_data(as_text=True)
    page = b.get("/inzage?naam=joris  SMIT&geboortedatum=04-05-2011")
    html = page.get_data(as_text=True)
    assert "Joris Smit" in html and f"/inzage/{designed.joris1.id}.json" in html
    assert "Geen leerling gevonden" in b.get("/inzage?casus=999999").get_data(as_text=True)
    searches = session.scalars(
        select(AuditEntry.action).where(AuditEntry.action == "inzage.search")
    )
    assert len(searches.all()) == 4  # Bram, Joris's two cases, nothing found


def test_bad_input_gets_a_dutch_400_and_other_roles_403(session, world, browser, designed):
    b = browser(world.privacy_officer)
    for query, message in (
        ("casus=twaalf", "Het casusnummer is geen geldig nummer."),
        ("naam=Anna+Bakker", "Vul bij een naam ook de geboortedatum in"),
        ("naam=Anna&geboortedatum=31-02-2011", "De geboortedatum is geen geldige datum"),
        ("geboortedatum=", "Vul een casusnummer in, of de volledige naam en de geboortedatum."),
    ):
        page = b.get(f"/inzage?{query}")
        assert page.status_code == 400, query
        assert message in page.get_data(as_text=True), query
    for user in (world.teacher, world.lpa, world.swv_coordinator):
        c = browser(user)
        assert c.get("/inzage").status_code == 403
        assert c.get(f"/inzage/{designed.anna.id}.json").status_code == 403
    assert browser().get("/inzage").status_code in (302, 401)
    assert b.get("/inzage/999999.json").status_code == 404
    exports = session.scalars(select(AuditEntry).where(AuditEntry.action.like("inzage.%")))
    assert exports.all() == []  # refused and bad requests export nothing


def test_an_anonymised_pupils_inzage_says_so(world, browser, session, designed):
    services.run(session, now=NOW, years=5, audit_key=AUDIT_KEY)
    response = export(browser, world.privacy_officer, designed.anna.id)
    data = response.get_json()
    assert data["inzage"]["geanonimiseerd"] is True
    assert "geanonimiseerd" in data["inzage"]["toelichting"]
    assert "Anna" not in "\n".join(strings(data))
    page = browser(world.privacy_officer).get(f"/inzage?casus={designed.anna.id}")
    assert "is na de bewaartermijn geanonimiseerd" in page.get_data(as_text=True)


def test_odd_input_never_gives_a_500(world, browser, designed):
    b = browser(world.privacy_officer)
    for path, status in (
        ("/inzage/99999999999999999999.json", 404),
        ("/inzage/2147483648.pdf", 404),
        ("/inzage?casus=99999999999999999999", 400),
        ("/inzage?casus=²", 400),
        ("/inzage?naam=An%00na&geboortedatum=04-05-2011", 400),
        ("/inzage?naam=Anna+Bakker&geboortedatum=0001-01-01", 200),
        ("/inzage?naam=" + "a" * 300 + "&geboortedatum=04-05-2011", 400),
    ):
        assert b.get(path).status_code == status, path
