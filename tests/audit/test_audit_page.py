"""/audit: only the privacy officer reads the log; filters filter; reading is logged."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from thuiszittertafel.audit.models import AuditEntry


def entries(session, action: str) -> list[AuditEntry]:
    session.expire_all()
    return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_privacy_officer_finds_who_viewed_a_case(session, world, browser, case_with_ggd):
    case = case_with_ggd
    assert browser(world.teacher).get(f"/casussen/{case.id}").status_code == 200
    assert browser(world.lpa).get(f"/casussen/{case.id}").status_code == 200
    privacy = browser(world.privacy_officer)
    page = privacy.get(f"/audit?soort=case&nummer={case.id}&actie=case.view")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert world.teacher.name in html and world.lpa.name in html
    assert "2 regels" in html
    only_lpa = privacy.get(
        f"/audit?soort=case&nummer={case.id}&actie=case.view&gebruiker={world.lpa.username.upper()}"
    ).get_data(as_text=True)
    assert world.lpa.name in only_lpa and world.teacher.name not in only_lpa
    assert case.pupil.family_name not in html  # the log names objects, never the pupil
    # In words an FG reads: what happened and why it was allowed (the code stays beside it).
    assert "bekeek de casus" in html and "<code>case.view</code>" in html
    assert "leerplicht van de woongemeente van de leerling" in html
    assert "de organisatie is betrokken bij de casus" in html
    viewed = entries(session, "audit.view")
    assert [e.user_id for e in viewed] == [world.privacy_officer.id] * 2
    assert f'"nummer": "{case.id}"' in viewed[0].detail


def test_others_find_no_audit_page_and_nothing_is_logged(session, world, browser):
    for user in (world.teacher, world.lpa, world.swv_coordinator, world.gemeente_worker):
        assert browser(user).get("/audit").status_code == 404
        assert browser(user).post("/audit/controleren").status_code == 404
    assert browser().get("/audit").status_code == 302  # to the login page
    assert entries(session, "audit.view") == entries(session, "audit.verify") == []


def test_bad_filters_get_a_dutch_message_and_no_results(session, world, browser):
    privacy = browser(world.privacy_officer)
    for query, message in (
        ("nummer=abc&soort=case", "geen geldig nummer"),
        ("nummer=5", "Kies bij een nummer ook de soort"),
        ("soort=pupil", "Onbekende waarde"),
        ("van=31-02-2026", "geen geldige datum"),
        ("van=10-11-2026&tot=01-11-2026", "voor de begindatum"),
        ("pagina=0x10", "geen geldig nummer"),
        ("tot=31-12-9999", "tussen 2000 en 2999"),
        ("van=01-01-0001", "tussen 2000 en 2999"),
    ):
        page = privacy.get(f"/audit?{query}")
        assert page.status_code == 400 and message in page.get_data(as_text=True), query
    assert entries(session, "audit.view") == []


@pytest.mark.audit_tampered
def test_checking_the_seals_finds_an_edited_line(session, world, browser, case_with_ggd):
    browser(world.teacher).get(f"/casussen/{case_with_ggd.id}")
    privacy = browser(world.privacy_officer)
    ok = privacy.post("/audit/controleren", follow_redirects=True).get_data(as_text=True)
    assert "kloppen met hun zegel" in ok
    victim = entries(session, "case.view")[0]
    victim.access = "participant-edited"
    session.commit()
    broken = privacy.post("/audit/controleren", follow_redirects=True).get_data(as_text=True)
    assert "1 regels van het auditlog kloppen niet" in broken and str(victim.id) in broken
    assert (
        session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "audit.verify")
        )
        == 2
    )


def test_a_page_past_the_end_says_so(session, world, browser, case_with_ggd):
    browser(world.teacher).get(f"/casussen/{case_with_ggd.id}")
    page = browser(world.privacy_officer).get("/audit?pagina=999").get_data(as_text=True)
    assert "Deze pagina is leeg" in page and "eerste pagina" in page


@pytest.mark.audit_tampered
def test_checking_names_a_removed_line(session, world, browser, case_with_ggd):
    teacher = browser(world.teacher)
    for _ in range(3):
        teacher.get(f"/casussen/{case_with_ggd.id}")
    middle = entries(session, "case.view")[1]
    session.delete(middle)
    session.commit()
    page = browser(world.privacy_officer).post("/audit/controleren", follow_redirects=True)
    html = page.get_data(as_text=True)
    assert f"Regel(s) {middle.seq} ontbreken" in html and "kloppen niet" in html
