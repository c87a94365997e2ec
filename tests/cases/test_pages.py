"""The case pages: the table per role, filters and sorting, the case page, intake, actions."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.cases import lifecycle, participation
from thuiszittertafel.cases.models import (
    Blocker,
    Case,
    CaseEvent,
    Consent,
    Exemption,
    Participation,
    Pupil,
)
from thuiszittertafel.clock import now


def html(response) -> str:
    return response.get_data(as_text=True)


def count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def snapshot(session, case_id: int) -> tuple:
    """Everything an action on the case page can change, read straight from the database."""
    session.expire_all()
    row = session.execute(
        select(Case.status, Case.phase, Case.lead_org_id, Case.lead_user_id, Case.outcome).where(
            Case.id == case_id
        )
    ).one()
    return (
        (tuple(row),)
        + tuple(
            count(session, model, model.case_id == case_id)
            for model in (Participation, Consent, Exemption, Blocker, CaseEvent)
        )
        + (
            count(
                session,
                Participation,
                Participation.case_id == case_id,
                Participation.ended_on.is_(None),
            ),
            count(session, Consent, Consent.case_id == case_id, Consent.withdrawn_on.is_(None)),
            count(session, Blocker, Blocker.case_id == case_id, Blocker.until.is_(None)),
        )
    )


def rows(page: str) -> list[str]:
    """The pupils in the table, in order."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<a href="/casussen/\d+">([^<]+)</a>', body)


@pytest.fixture
def region(world, make_case):
    """Three cases in three places: Lingeborgh (Zaltbommel), RSG (Tiel), Verre School."""
    world.anna = make_case(
        world.teacher, given_name="Anna", family_name="Aalders", absent_since=date(2026, 8, 1)
    )  # 116 days: past 3 months
    world.bram = make_case(
        world.school2_worker,
        given_name="Bram",
        family_name="Bakker",
        absent_since=date(2026, 10, 20),
    )  # 36 days: past 4 weeks
    world.cato = make_case(
        world.far_worker, given_name="Cato", family_name="Claes", absent_since=date(2026, 11, 16)
    )  # 9 days
    return world


def wijkteam_takes_part(region, session) -> None:
    """The wijkteam joins Anna's case with consent: a participant without regie."""
    participation.add_participation(
        session,
        region.teacher,
        region.anna,
        "participant",
        {"org_id": str(region.wijkteam.id), "consent_basis": "toestemming-ouders-en-jongere"},
        now=now(),
    )
    session.commit()


# --- the case table --------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, seen, unseen",
    [
        ("teacher", ["Anna Aalders"], ["Bram", "Cato"]),
        ("school2_worker", ["Bram Bakker"], ["Anna", "Cato"]),
        ("far_worker", ["Cato Claes"], ["Anna", "Bram"]),
        ("lpa", ["Anna Aalders", "Bram Bakker"], ["Cato"]),
        ("other_lpa", ["Cato Claes"], ["Anna", "Bram"]),
        ("swv_coordinator", ["Anna Aalders", "Bram Bakker"], ["Cato"]),
        ("wijkteam_worker", [], ["Anna", "Bram", "Cato"]),
    ],
)
def test_table_shows_exactly_the_cases_the_role_may_see(region, browser, who, seen, unseen):
    page = html(browser(getattr(region, who)).get("/casussen"))
    assert sorted(rows(page)) == seen
    for name in unseen:
        assert name not in page
    label = "1 casus" if len(seen) == 1 else f"{len(seen)} casussen"
    assert f'<p class="result-count" role="status">{label}</p>' in page


def test_table_row_shows_school_phase_regie_clocks_and_term(region, browser, session):
    region.anna.phase_due_on = date(2026, 11, 20)  # before today (25 November): overdue
    session.commit()
    page = html(browser(region.lpa).get("/casussen?sort=name"))
    anna, bram = page.split("Anna Aalders", 1)[1].split("Bram Bakker", 1)
    assert "Lingeborgh" in anna and "Zaltbommel" in anna and ">Relatief verzuim<" in anna
    assert "1. Signalering en aanpak school" in anna and "Mentor" in anna
    assert ">116</span>" in anna and "Thuiszitter, 3 maanden of langer" in anna
    assert "20-11-2026" in anna and "verlopen" in anna
    assert ">36</span>" in bram and "Langdurig relatief verzuim" in bram and "3 maanden" not in bram
    assert "verlopen" not in bram


def test_school_sees_its_own_pupils_first_by_default(region, browser, session, make_case):
    # Lingeborgh also takes part in a case of RSG with far more days at home.
    dirk = make_case(
        region.school2_worker,
        given_name="Dirk",
        family_name="Dekker",
        absent_since=date(2026, 3, 1),
    )
    participation.add_participation(
        session,
        region.school2_worker,
        dirk,
        "participant",
        {"org_id": str(region.school.id)},
        now=now(),
    )
    session.commit()
    b = browser(region.teacher)
    assert rows(html(b.get("/casussen"))) == ["Anna Aalders", "Dirk Dekker"]
    assert rows(html(b.get("/casussen?sort=days_absent"))) == ["Dirk Dekker", "Anna Aalders"]


def test_the_table_pages_on_after_a_case_one_sees_and_says_so_otherwise(
    region, browser, session, make_case
):
    """`after` with the days-at-home sort: on from a case in one's own list; from any other
    number the table stays, with a Dutch message saying what to do (nothing is told about
    that case)."""
    dirk = make_case(
        region.school2_worker,
        given_name="Dirk",
        family_name="Dekker",
        absent_since=date(2026, 3, 1),
    )
    b = browser(region.teacher)
    listed = rows(html(b.get("/casussen?sort=days_absent&status=all")))
    anna = listed.index("Anna Aalders")
    first = session.scalars(select(Case.id).where(Case.pupil.has(given_name="Anna"))).first()
    after = rows(html(b.get(f"/casussen?sort=days_absent&status=all&after={first}")))
    assert after == listed[anna + 1 :]
    for hidden in (dirk.id, dirk.id + 1000):  # another school's case; no case at all
        response = b.get(f"/casussen?sort=days_absent&after={hidden}")
        assert response.status_code == 400
        page = html(response)
        assert "die casus staat niet in uw overzicht. Begin zonder" in page
        assert 'name="sort"' in page and "Dirk" not in page


def test_swv_coordinator_gets_the_regie_overview_by_default(region, browser):
    page = html(browser(region.swv_coordinator).get("/casussen"))
    assert "gesorteerd op regie" in page
    assert re.search(
        r'<th scope="col" aria-sort="ascending">\s*<a class="sort-link"'
        r' href="/casussen\?sort=lead">Regie',
        page,
    )


def test_open_cases_by_default_closed_on_request(region, browser, session):
    lifecycle.close_case(
        session, region.teacher, region.anna, "participant", {"outcome": "verhuisd"}, now=now()
    )
    session.commit()
    b = browser(region.lpa)
    assert rows(html(b.get("/casussen"))) == ["Bram Bakker"]
    closed = html(b.get("/casussen?status=closed"))
    assert rows(closed) == ["Anna Aalders"] and "Gesloten" in closed
    assert sorted(rows(html(b.get("/casussen?status=all")))) == ["Anna Aalders", "Bram Bakker"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("q=aald", ["Anna Aalders"]),
        ("q=BAKKER", ["Bram Bakker"]),
        ("municipality=Tiel", ["Bram Bakker"]),
        ("kind=absoluut", ["Eva Evers"]),
        ("phase=2", ["Bram Bakker"]),
        ("sort=name", ["Anna Aalders", "Bram Bakker", "Eva Evers"]),
        ("sort=-days_absent", ["Eva Evers", "Bram Bakker", "Anna Aalders"]),
        ("sort=days_absent&per_page=1&page=2", ["Bram Bakker"]),
        ("overdue=true", ["Anna Aalders"]),
    ],
)
def test_filters_and_sorting(region, browser, session, make_case, model, query, expected):
    make_case(
        region.lpa,
        given_name="Eva",
        family_name="Evers",
        kind="absoluut",
        municipality=region.zaltbommel,
        absent_since=date(2026, 11, 20),
    )
    lifecycle.update_case(
        session,
        region.lpa,
        region.bram,
        "leerplicht",
        {"phase": "2", "reason": "ZAT"},
        now=now(),
        model=model,
    )
    region.anna.phase_due_on = date(2026, 11, 24)
    session.commit()
    b = browser(region.lpa)
    assert rows(html(b.get(f"/casussen?{query}"))) == expected


def test_school_and_regie_filters(region, browser, session):
    b = browser(region.swv_coordinator)
    page = html(b.get("/casussen"))
    assert f'<option value="{region.school2.id}">RSG Lingecollege</option>' in page
    assert "Verre School" not in page  # filter choices only from visible cases
    assert rows(html(b.get(f"/casussen?school_org_id={region.school2.id}"))) == ["Bram Bakker"]
    assert rows(html(b.get(f"/casussen?lead_org_id={region.school.id}"))) == ["Anna Aalders"]


def test_mine_shows_cases_the_user_leads(region, browser, make_case):
    make_case(region.zorgco, given_name="Femke", family_name="Fokker")
    b = browser(region.teacher)
    assert sorted(rows(html(b.get("/casussen")))) == ["Anna Aalders", "Femke Fokker"]
    page = html(b.get("/casussen?mine=true"))
    assert rows(page) == ["Anna Aalders"]
    assert 'name="mine" value="true" checked' in page


def test_filters_stay_in_the_links(region, browser):
    page = html(browser(region.lpa).get("/casussen?municipality=Zaltbommel&per_page=1"))
    assert '<option value="Zaltbommel" selected>' in page
    assert 'href="/casussen?municipality=Zaltbommel&amp;per_page=1&amp;sort=name"' in page


@pytest.mark.parametrize(
    "query, message",
    [
        ("kind=weg", "Onbekende soort casus"),
        ("phase=9", "Fase 9 bestaat niet in het opschalingsmodel."),
        ("phase=een", "Fase moet een geheel getal"),
        ("status=alles", "Status moet"),
        ("sort=drop+table", "Onbekende sortering"),
        ("per_page=500", "Aantal per pagina mag hoogstens 100 zijn."),
        ("page=0", "Pagina moet een geheel getal van 1 of hoger zijn."),
        ("lead_org_id=-1", "Regie-organisatie moet een geheel getal"),
    ],
)
def test_bad_filter_is_a_dutch_message_not_an_error(region, browser, query, message):
    response = browser(region.lpa).get(f"/casussen?{query}")
    page = html(response)
    assert response.status_code == 400
    assert message in page and "Deze filters kunnen we niet toepassen" in page
    assert "Anna" not in page


def test_table_read_is_audited(region, browser, session):
    browser(region.lpa).get("/casussen?municipality=Tiel")
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "case.list")).one()
    detail = json.loads(entry.detail)
    assert entry.user_id == region.lpa.id
    assert detail["case_ids"] == [region.bram.id]
    assert detail["filters"]["municipality"] == "Tiel" and detail["filters"]["status"] == "open"


def test_a_search_for_a_name_leaves_no_name_in_the_audit_log(region, browser, session, app):
    """The sealed log outlives retention: a pupil's name searched for stays out of it; its
    keyed digest lets an auditor with the audit key check a suspected search."""
    from thuiszittertafel.web.edge import search_digest

    for url in ("/casussen?q=Anna+Bakker", "/casussen/export?q=Anna+Bakker&format=csv"):
        assert browser(region.lpa).get(url).status_code == 200
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.action.in_(("case.list", "case.export")))
    ).all()
    assert len(entries) == 2
    with app.app_context():
        digest = search_digest("anna bakker ")
    for entry in entries:
        assert "Anna" not in entry.detail and "Bakker" not in entry.detail
        assert json.loads(entry.detail)["filters"]["q"] == digest


def test_pages_have_no_inline_script_style_or_handlers(region, browser):
    b = browser(region.teacher)
    for url in ("/casussen", f"/casussen/{region.anna.id}", "/casussen/nieuw", "/casussen/0"):
        page = html(b.get(url))
        assert '<html lang="nl">' in page and 'href="#inhoud"' in page
        for tag in re.findall(r"<script[^>]*>", page):
            assert ' src="/static/' in tag or 'type="application/json"' in tag, tag
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=", page, re.IGNORECASE)
        assert "Uitloggen" in page and region.teacher.name in page and "Lingeborgh" in page


# --- the case page ---------------------------------------------------------------------


def test_case_page_shows_pupil_clocks_phase_regie_and_why(region, browser):
    page = html(browser(region.teacher).get(f"/casussen/{region.anna.id}"))
    assert "<h1>Anna Aalders" in page
    assert "4 mei 2011 (15 jaar)" in page and "Zaltbommel" in page and "VO" in page
    assert re.search(r"<dt>Leerplichtig</dt><dd>Ja</dd>", page)
    assert re.search(r"<dt>Kwalificatieplichtig</dt><dd>Nee</dd>", page)
    assert "3 maanden of langer" in page
    assert "Bereikt op 29 augustus 2026" in page and "Bereikt op 31 oktober 2026" in page
    assert "1. Signalering en aanpak school" in page
    assert "Waarom zie ik dit?</strong> Uw organisatie (Lingeborgh) is betrokken" in page
    assert "Team Leerplicht Rivierenland" in page  # a participant from four weeks on
    assert "Casus geopend" in page  # history


def select_html(page: str, select_id: str) -> str:
    return page.split(f'id="{select_id}"', 1)[1].split("</select>", 1)[0]


def test_case_page_offers_the_active_organisations_by_kind(region, browser, session):
    region.ggd.active = False  # switched off by functioneel beheer: no new links
    session.commit()
    case, b = region.anna, browser(region.teacher)
    page = html(b.get(f"/casussen/{case.id}"))
    lead = select_html(page, "regie-lead_org_id")
    assert f'<option value="{case.lead_org_id}" selected>Lingeborgh</option>' in lead
    assert lead.count(" selected") == 1
    assert f'<optgroup label="Wijkteam"><option value="{region.wijkteam.id}">' in lead
    new = select_html(page, "betrokkenen-org_id")
    assert "Wijkteam Zaltbommel" in new and "Lingeborgh" not in new  # already takes part
    assert "GGD Gelderland-Zuid" not in new and "GGD Gelderland-Zuid" not in lead
    labels = re.findall(r'<optgroup label="([^"]+)">', new)
    assert labels == sorted(set(labels), key=labels.index) and "Leerplicht" in labels

    before = snapshot(session, case.id)
    refused = b.post(f"/casussen/{case.id}/betrokkenen", {"org_id": str(region.wijkteam.id)})
    assert refused.status_code == 400 and snapshot(session, case.id) == before
    kept = select_html(html(refused), "betrokkenen-org_id")
    assert f'<option value="{region.wijkteam.id}" selected>Wijkteam Zaltbommel</option>' in kept
    assert kept.count(" selected") == 1


def test_a_participant_without_regie_records_consent_only_for_its_own_organisation(
    region, browser, session
):
    wijkteam_takes_part(region, session)
    page = html(browser(region.wijkteam_worker).get(f"/casussen/{region.anna.id}"))
    consent = select_html(page, "toestemming-org_id")
    assert re.findall(r'<option value="(\d+)"', consent) == [str(region.wijkteam.id)]
    assert '<optgroup label="Wijkteam">' in consent


def test_case_page_for_leerplicht_explains_the_legal_task(region, browser, make_case):
    gijs = make_case(
        region.school2_worker,
        given_name="Gijs",
        family_name="Gerrits",
        absent_since=date(2026, 11, 10),
    )  # under four weeks: no participant yet
    page = html(browser(region.lpa).get(f"/casussen/{gijs.id}"))
    assert "U bent leerplicht voor de woongemeente van deze leerling (Tiel)." in page
    assert "Wordt bereikt op 8 december 2026" in page and "Wordt bereikt op 9 februari 2027" in page
    assert "<dt>Thuiszitter</dt><dd>Nee" in page  # relatief verzuim, not yet for 4 weeks
    assert "badge--warning" not in page and "badge--danger" not in page


def test_case_page_is_404_for_outsiders_exactly_like_a_missing_case(region, browser):
    b = browser(region.far_worker)
    hidden, missing = b.get(f"/casussen/{region.anna.id}"), b.get("/casussen/987654")
    assert hidden.status_code == missing.status_code == 404
    strip = lambda r: re.sub(r'value="[^"]+"', "", html(r))  # noqa: E731 - CSRF tokens
    assert strip(hidden) == strip(missing)
    assert "Anna" not in html(hidden)


def test_case_view_is_audited_with_the_access_reason(region, browser, session):
    browser(region.lpa).get(f"/casussen/{region.anna.id}")
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "case.view")).one()
    assert (entry.user_id, entry.object_type, entry.object_id) == (
        region.lpa.id,
        "case",
        region.anna.id,
    )
    assert entry.access == "participant"  # leerplicht takes part after four weeks


# --- actions on the case page ----------------------------------------------------------

ACTIONS = {
    "participation": (
        "betrokkenen",
        {"org_id": "{wijkteam}", "consent_basis": "toestemming-ouders-en-jongere"},
    ),
    "regie": ("regie", {"lead_org_id": "{leerplicht}"}),
    "phase": ("fase", {"phase": "2", "reason": "ZAT nodig"}),
    "consent": (
        "toestemming",
        {"org_id": "{ggd}", "basis": "toestemming-ouders-en-jongere", "given_by": "ouders en Anna"},
    ),
    "exemption": (
        "vrijstellingen",
        {
            "article": "5-a",
            "advice_on": "18-11-2026",
            "decision": "toegekend",
            "decided_on": "20-11-2026",
            "starts_on": "01-12-2026",
        },
    ),
    "blocker": ("belemmeringen", {"kind": "wachtlijst-zorg", "since": "2026-11-01"}),
    "close": (
        "sluiten",
        {"outcome": "teruggeleid-zelfde-school", "education_resumed_on": "24-11-2026"},
    ),
}


# Who does each action in these tests (DESIGN §3a): vrijstellingen are leerplicht's alone.
ACTORS = {"exemption": "lpa"}


def actor(world, name: str):
    return getattr(world, ACTORS.get(name, "teacher"))


def action(world, name: str) -> tuple[str, dict]:
    path, data = ACTIONS[name]
    ids = {"wijkteam": world.wijkteam.id, "leerplicht": world.leerplicht.id, "ggd": world.ggd.id}
    return path, {k: v.format(**ids) for k, v in data.items()}


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_action_works_for_an_allowed_user(region, browser, session, name):
    case = region.anna
    before = snapshot(session, case.id)
    path, data = action(region, name)
    b = browser(actor(region, name))
    response = b.post(f"/casussen/{case.id}/{path}", data)
    assert response.status_code == 302, html(response)[:2000]
    assert response.headers["Location"].endswith(f"/casussen/{case.id}#{path}")
    after = snapshot(session, case.id)
    assert after != before and after[5] == before[5] + 1  # one more history entry
    page = html(b.get(f"/casussen/{case.id}"))
    assert 'class="alert alert--success"' in page


def test_each_action_changes_what_it_says(region, browser, session):
    case, b = region.anna, browser(region.teacher)
    for name in ("participation", "consent", "exemption", "blocker", "phase", "regie"):
        path, data = action(region, name)
        who = b if name not in ACTORS else browser(actor(region, name))
        assert who.post(f"/casussen/{case.id}/{path}", data).status_code == 302
    session.expire_all()
    assert region.wijkteam.id in case.participant_org_ids()
    assert {c.org_id for c in session.scalars(select(Consent))} == {
        region.wijkteam.id,
        region.ggd.id,
    }
    assert session.scalars(select(Exemption)).one().starts_on == date(2026, 12, 1)
    assert session.scalars(select(Blocker)).one().since == date(2026, 11, 1)
    # Regie asked of leerplicht (§6): the school keeps it until leerplicht agrees.
    assert case.phase == 2 and case.lead_org_id == region.school.id
    assert case.regie_proposal.org_id == region.leerplicht.id
    page = html(b.get(f"/casussen/{case.id}"))
    for text in (
        "Wijkteam Zaltbommel",
        "Toestemming van ouders/verzorgers",
        "Art. 5 onder a Leerplichtwet",
        "Wachtlijst zorg",
        "2. Zorg- en adviesteam",
        "Fase 1 → 2",
    ):
        assert text in page


def test_close_records_outcome_and_return_date(region, browser, session):
    path, data = action(region, "close")
    browser(region.teacher).post(f"/casussen/{region.anna.id}/{path}", data)
    session.expire_all()
    case = session.get(Case, region.anna.id)
    assert (case.status, case.outcome) == ("closed", "teruggeleid-zelfde-school")
    assert case.education_resumed_on == date(2026, 11, 24)


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_action_by_an_outsider_is_404_and_changes_nothing(region, browser, session, name):
    before = snapshot(session, region.anna.id)
    path, data = action(region, name)
    response = browser(region.far_worker).post(f"/casussen/{region.anna.id}/{path}", data)
    assert response.status_code == 404
    assert "Anna" not in html(response)
    assert snapshot(session, region.anna.id) == before


@pytest.mark.parametrize("name", ["regie", "phase", "close"])
def test_lead_action_by_a_participant_without_regie_is_403(region, browser, session, name):
    wijkteam_takes_part(region, session)
    before = snapshot(session, region.anna.id)
    path, data = action(region, name)
    response = browser(region.wijkteam_worker).post(f"/casussen/{region.anna.id}/{path}", data)
    assert response.status_code == 403
    assert "regie" in html(response) and "Er is niets gewijzigd." in html(response)
    assert snapshot(session, region.anna.id) == before


@pytest.mark.parametrize(
    "name, changes, field, message",
    [
        (
            "participation",
            {"consent_basis": ""},
            "consent_basis",
            "Wijkteam mag pas meekijken met toestemming",
        ),
        ("participation", {"org_id": "999999"}, "org_id", "Deze organisatie kennen we niet."),
        (
            "regie",
            {"lead_org_id": "{ggd}"},
            "lead_org_id",
            "is nog niet betrokken en heeft daarvoor toestemming",
        ),
        ("phase", {"reason": ""}, "reason", "Vul de reden van het besluit in."),
        ("phase", {"phase": "9"}, "phase", "Fase 9 bestaat niet"),
        ("consent", {"basis": "mondeling"}, "basis", "Onbekende waarde voor de grondslag"),
        (
            "exemption",
            {"ends_on": "30-11-2026"},
            "ends_on",
            "De einddatum ligt vóór de begindatum.",
        ),
        (
            "exemption",
            {"starts_on": "31-02-2026"},
            "starts_on",
            "De begindatum is geen geldige datum",
        ),
        ("blocker", {"since": "01-01-2027"}, "since", "De datum vanaf ligt in de toekomst."),
        (
            "close",
            {"education_resumed_on": ""},
            "education_resumed_on",
            "Vul de datum in waarop de leerling weer onderwijs volgt.",
        ),
    ],
)
def test_bad_input_shows_a_dutch_message_at_the_field_and_changes_nothing(
    region, browser, session, name, changes, field, message
):
    before = snapshot(session, region.anna.id)
    path, data = action(region, name)
    ids = {"ggd": region.ggd.id}
    data.update({k: v.format(**ids) for k, v in changes.items()})
    response = browser(actor(region, name)).post(f"/casussen/{region.anna.id}/{path}", data)
    page = html(response)
    assert response.status_code == 400
    assert message in page and "Er is niets gewijzigd." in page
    error_id = f"{path}-{field}-fout"
    assert f'id="{error_id}"' in page
    assert re.search(rf'aria-describedby="([^"]+ )?{error_id}" aria-invalid="true"', page)
    assert snapshot(session, region.anna.id) == before


def test_refused_form_keeps_what_was_typed(region, browser):
    path, data = action(region, "exemption")
    data.update(ends_on="30-11-2026", note="Verklaring jeugdarts volgt")
    page = html(browser(region.lpa).post(f"/casussen/{region.anna.id}/{path}", data))
    assert 'value="30-11-2026"' in page and ">Verklaring jeugdarts volgt</textarea>" in page
    assert '<details class="disclosure" open>' in page


def test_only_leerplicht_records_a_vrijstelling(region, browser, session):
    """The school sees the case in full but gets no form and a 403 in Dutch; nothing changes."""
    page = html(browser(region.teacher).get(f"/casussen/{region.anna.id}"))
    assert "Vrijstelling vastleggen" not in page
    assert "Vrijstelling vastleggen" in html(browser(region.lpa).get(f"/casussen/{region.anna.id}"))
    before = snapshot(session, region.anna.id)
    path, data = action(region, "exemption")
    response = browser(region.teacher).post(f"/casussen/{region.anna.id}/{path}", data)
    assert response.status_code == 403
    assert "Alleen leerplicht legt vrijstellingen vast" in html(response)
    assert snapshot(session, region.anna.id) == before


def test_end_participation_and_withdraw_consent(region, browser, session):
    case = region.anna
    p = participation.add_participation(
        session,
        region.teacher,
        case,
        "participant",
        {"org_id": str(region.ggd.id), "consent_basis": "toestemming-ouders-en-jongere"},
        now=now(),
    )
    session.commit()
    consent = session.scalars(select(Consent)).one()
    b = browser(region.teacher)
    before = snapshot(session, case.id)
    refused = b.post(f"/casussen/{case.id}/betrokkenen/{p.id}/beeindigen", {"reason": ""})
    assert refused.status_code == 400 and "Vul de reden van beëindigen in." in html(refused)
    assert snapshot(session, case.id) == before
    ended = b.post(
        f"/casussen/{case.id}/betrokkenen/{p.id}/beeindigen", {"reason": "Advies gegeven"}
    )
    assert ended.status_code == 302
    url = f"/casussen/{case.id}/toestemming/{consent.id}/intrekken"
    no_reason = b.post(url, {"reason": ""})
    assert no_reason.status_code == 400 and "Vul de reden van intrekking in." in html(no_reason)
    withdrawn = b.post(url, {"reason": "Ouders willen geen GGD meer"})
    assert withdrawn.status_code == 302
    session.expire_all()
    assert session.get(Participation, p.id).ended_on == date(2026, 11, 25)
    assert session.get(Consent, consent.id).withdrawn_on == date(2026, 11, 25)
    again = b.post(url, {"reason": "nogmaals"})
    assert again.status_code == 409 and "al ingetrokken" in html(again)
    page = html(b.get(f"/casussen/{case.id}"))
    assert "Beëindigd op 25 november 2026" in page and "Ingetrokken op 25 november 2026" in page


def test_end_blocker(region, browser, session):
    case = region.anna
    blocker = lifecycle.add_blocker(
        session,
        region.teacher,
        case,
        "participant",
        {"kind": "tlv-procedure", "since": "2026-10-01"},
        now=now(),
    )
    session.commit()
    b = browser(region.teacher)
    url = f"/casussen/{case.id}/belemmeringen/{blocker.id}/opheffen"
    refused = b.post(url, {"until": "01-09-2026"})
    assert refused.status_code == 400
    assert "De einddatum moet tussen de begindatum en vandaag liggen." in html(refused)
    session.expire_all()
    assert session.get(Blocker, blocker.id).until is None
    assert b.post(url, {"until": "20-11-2026"}).status_code == 302
    session.expire_all()
    assert session.get(Blocker, blocker.id).until == date(2026, 11, 20)


def test_action_on_a_closed_case_is_a_conflict(region, browser, session):
    lifecycle.close_case(
        session, region.teacher, region.anna, "participant", {"outcome": "verhuisd"}, now=now()
    )
    session.commit()
    before = snapshot(session, region.anna.id)
    path, data = action(region, "blocker")
    response = browser(region.teacher).post(f"/casussen/{region.anna.id}/{path}", data)
    assert response.status_code == 409 and "Deze casus is gesloten" in html(response)
    assert snapshot(session, region.anna.id) == before


def test_action_without_csrf_token_is_refused(region, browser, session):
    before = snapshot(session, region.anna.id)
    path, data = action(region, "blocker")
    b = browser(region.teacher)
    response = b.post(f"/casussen/{region.anna.id}/{path}", {**data, "csrf_token": ""})
    assert response.status_code == 400
    assert snapshot(session, region.anna.id) == before


@pytest.mark.parametrize("who, leads", [("teacher", True), ("wijkteam_worker", False)])
def test_lead_forms_only_for_those_who_may_lead(region, browser, session, who, leads):
    wijkteam_takes_part(region, session)
    page = html(browser(getattr(region, who)).get(f"/casussen/{region.anna.id}"))
    for form in ("/regie", "/fase", "/sluiten"):
        assert (f'action="/casussen/{region.anna.id}{form}"' in page) is leads
    assert f'action="/casussen/{region.anna.id}/belemmeringen"' in page


# The forms on Anna's case page per role (DESIGN §3a), by the path they post to: nobody
# sees a form that would answer 403. Anna: relatief, Lingeborgh with the mentor as
# casusregisseur, leerplicht taking part (past four weeks), the wijkteam added with consent.
FORMS = ("fase", "regie", "sluiten", "betrokkenen", "partijen", "vrijstellingen")
FORMS += ("verzuimmeldingen", "handhaving", "belemmeringen", "toestemming", "afspraken")
SEES_FORMS = {
    # regie (the school, as casusregisseur and as coordinator)
    "teacher": {"fase", "regie", "sluiten", "betrokkenen", "partijen", "verzuimmeldingen"},
    "zorgco": {"fase", "regie", "sluiten", "betrokkenen", "partijen", "verzuimmeldingen"},
    "lpa": {"fase", "regie", "sluiten", "betrokkenen", "partijen", "verzuimmeldingen"}
    | {"vrijstellingen", "handhaving"},
    "swv_coordinator": {"fase", "regie", "betrokkenen"},
    "wijkteam_worker": set(),  # a participant without regie: a viewer of the lead forms
}
EVERY_FULL_ACCESS = {"belemmeringen", "toestemming", "afspraken"}  # own consent, own agreement


@pytest.mark.parametrize("who", sorted(SEES_FORMS))
def test_each_role_sees_exactly_the_forms_it_may_use(region, browser, session, who):
    wijkteam_takes_part(region, session)
    page = html(browser(getattr(region, who)).get(f"/casussen/{region.anna.id}"))
    shown = {
        form
        for form in FORMS
        if f'action="/casussen/{region.anna.id}/{form}"' in page
        or (form == "afspraken" and re.search(r'action="/casussen/\d+/afspraken"', page))
    }
    assert shown == SEES_FORMS[who] | EVERY_FULL_ACCESS
    # Each form behind one button: a disclosure, closed until someone opens it.
    for form in shown:
        before = page.split(f'action="/casussen/{region.anna.id}/{form}"', 1)[0]
        assert before.rfind("<details") > before.rfind("</details>"), form
    assert '<details class="disclosure" open' not in page


def test_a_user_without_regie_gets_403_for_the_forms_they_do_not_see(region, browser, session):
    """The other side of the matrix above: what is not shown is also refused."""
    wijkteam_takes_part(region, session)
    before = snapshot(session, region.anna.id)
    b = browser(region.swv_coordinator)
    for name in ("close", "exemption"):
        path, data = action(region, name)
        assert b.post(f"/casussen/{region.anna.id}/{path}", data).status_code == 403
    assert snapshot(session, region.anna.id) == before


def test_summary_shows_the_next_term_and_marks_it_overdue(region, browser, session):
    from thuiszittertafel.agreements.services import create_agreement

    case = region.anna
    case.phase_due_on = date(2026, 12, 4)
    create_agreement(
        session,
        region.teacher,
        case,
        "participant",
        {
            "description": "Gesprek met de ouders",
            "owner_org_id": region.school.id,
            "due_at": "2026-11-30",
        },
        now=now(),
    )
    session.commit()
    b = browser(region.teacher)
    summary = html(b.get(f"/casussen/{case.id}")).split('<header class="case-summary">', 1)[1]
    summary = summary.split("</header>", 1)[0]
    assert "<h1>Anna Aalders" in summary
    assert re.search(
        r"15 jaar ·\s*<span class=\"visually-hidden\">School: </span>Lingeborgh", summary
    )
    assert '<span class="days">116</span>' in summary and "Thuiszitter, 3 maanden" in summary
    assert "1. Signalering en aanpak school" in summary and "Mentor" in summary
    assert "<dt>Regie</dt>\n      <dd>De school" in summary  # the school leads: said once
    term = summary.split("Volgende termijn", 1)[1].split("</dd>", 1)[0]
    assert "30-11-2026" in term and "Afspraak: Gesprek met de ouders (Lingeborgh)" in term
    assert "verlopen" not in term

    case.phase_due_on = date(2026, 11, 20)  # before today, 25 November: the phase term first
    session.commit()
    summary = html(b.get(f"/casussen/{case.id}")).split('<header class="case-summary">', 1)[1]
    term = summary.split("Volgende termijn", 1)[1].split("</dd>", 1)[0]
    assert "20-11-2026" in term and "Einde termijn fase 1" in term
    assert '<span class="badge badge--danger">verlopen</span>' in term


def test_meeting_access_shows_a_summary_without_name_school_forms_or_tabs(region, browser, session):
    """Rule 4 (DESIGN §3): an attendee of a published agenda sees what the table needs."""
    from thuiszittertafel.agreements.services import create_agreement
    from thuiszittertafel.meetings import services as meetings

    create_agreement(
        session,
        region.teacher,
        region.anna,
        "participant",
        {
            "description": "Gesprek met de ouders",
            "owner_org_id": region.school.id,
            "due_at": "2026-11-30",
        },
        now=now(),
    )
    (meeting,) = meetings.create_meeting(
        session,
        region.swv_coordinator,
        {
            "kind": "thuiszitterstafel",
            "title": "Thuiszitterstafel",
            "place": "Tiel",
            "starts_at": "2026-12-02T14:00",
            "attendee_user_ids": [region.wijkteam_worker.id],
        },
        now=now(),
    )
    meetings.add_item(
        session, region.swv_coordinator, meeting, {"case_id": region.anna.id}, now=now()
    )
    meetings.publish(session, region.swv_coordinator, meeting, now=now())
    session.commit()
    page = html(browser(region.wijkteam_worker).get(f"/casussen/{region.anna.id}"))
    summary = page.split('<header class="case-summary">', 1)[1].split("</header>", 1)[0]
    assert "<h1>A.A." in summary and "Anna" not in page and "Aalders" not in page
    assert re.search(
        r"15 jaar ·\s*<span class=\"visually-hidden\">Onderwijstype: </span>VO", summary
    )
    assert "School: " not in summary
    assert "Gesprek met de ouders" not in page  # no agreements on this page
    assert "data-case-tabs" not in page and 'data-case-panel="afspraken"' not in page
    assert 'method="post" action="/casussen/' not in page


def test_one_dutch_date_input_on_the_case_page(region, browser, session):
    """Every date field of every form on the case page is the same text field for
    dd-mm-jjjj (the `date` macro), never the browser's own date picker."""
    b = browser(region.lpa)
    page = html(b.get(f"/casussen/{region.anna.id}"))
    assert 'type="date"' not in page and "datetime-local" not in page
    dates = re.findall(r'<input class="input input--date" type="text" id="([^"]+)"', page)
    assert {
        "vrijstellingen-starts_on",
        "handhaving-taken_on",
        "sluiten-education_resumed_on",
    } <= set(dates)
    assert "afspraken-due_at" in dates
    hints = dict(re.findall(r'<p class="hint" id="([^"]+)-hint">([^<]*)</p>', page))
    assert all("ag-maand-jaar" in hints.get(field, "") for field in dates), hints


@pytest.mark.parametrize(
    "url", ["betrokkenen/{p}/beeindigen", "toestemming/{c}/intrekken", "belemmeringen/{b}/opheffen"]
)
def test_row_actions_by_an_outsider_are_404(region, browser, session, url):
    case = region.anna
    p = participation.add_participation(
        session,
        region.teacher,
        case,
        "participant",
        {"org_id": str(region.ggd.id), "consent_basis": "toestemming-ouders-en-jongere"},
        now=now(),
    )
    b = lifecycle.add_blocker(
        session, region.teacher, case, "participant", {"kind": "uit-beeld"}, now=now()
    )
    session.commit()
    c = session.scalars(select(Consent)).one()
    before = snapshot(session, case.id)
    path = url.format(p=p.id, c=c.id, b=b.id)
    response = browser(region.far_worker).post(
        f"/casussen/{case.id}/{path}", {"reason": "weg", "until": "25-11-2026"}
    )
    assert response.status_code == 404
    assert snapshot(session, case.id) == before


# --- intake ----------------------------------------------------------------------------

INTAKE = {
    "given_name": "Maxime",
    "family_name": "van Dijk",
    "birth_date": "01-06-2010",
    "education_type": "vo",
    "kind": "relatief",
    "absent_since": "01-10-2026",
    "summary": "Sinds de zomer niet meer op school.",
}


def intake(world, **changes) -> dict:
    data = {
        **INTAKE,
        "municipality_id": str(world.zaltbommel.id),
        "school_org_id": str(world.school.id),
        **changes,
    }
    return data


def test_intake_form_is_prefilled_for_a_school(world, browser, session):
    session.commit()
    page = html(browser(world.teacher).get("/casussen/nieuw"))
    assert f'<option value="{world.school.id}" selected>Lingeborgh</option>' in page
    assert f'<option value="{world.zaltbommel.id}" selected>Zaltbommel</option>' in page
    for label in (
        "Voornaam",
        "Achternaam",
        "Geboortedatum",
        "Woongemeente",
        "Eerste dag zonder onderwijs",
    ):
        assert f">{label}</label>" in page or f">{label} <span" in page


def test_intake_opens_the_case_and_shows_it(world, browser, session):
    session.commit()
    b = browser(world.teacher)
    response = b.post("/casussen/nieuw", intake(world))
    assert response.status_code == 302
    case = session.scalars(select(Case)).one()
    assert response.headers["Location"].endswith(f"/casussen/{case.id}")
    assert (case.pupil.name, case.kind, case.absent_since) == (
        "Maxime van Dijk",
        "relatief",
        date(2026, 10, 1),
    )
    page = html(b.get(f"/casussen/{case.id}"))
    assert "De casus voor Maxime van Dijk is geopend." in page
    assert "Sinds de zomer niet meer op school." in page


def test_intake_error_keeps_the_input_and_saves_nothing(world, browser, session):
    session.commit()
    response = browser(world.teacher).post(
        "/casussen/nieuw", intake(world, birth_date="31-02-2010", absent_since="")
    )
    page = html(response)
    assert response.status_code == 400
    assert 'value="Maxime"' in page and 'value="van Dijk"' in page
    assert 'value="31-02-2010"' in page and "Sinds de zomer niet meer op school.</textarea>" in page
    assert f'<option value="{world.zaltbommel.id}" selected>' in page
    assert "De geboortedatum is geen geldige datum; gebruik dd-mm-jjjj." in page
    assert "Vul de eerste dag zonder onderwijs in (dd-mm-jjjj)." in page
    assert 'aria-describedby="nieuw-birth_date-hint nieuw-birth_date-fout"' in page
    assert 'aria-invalid="true"' in page
    assert count(session, Case) == 0 and count(session, Pupil) == 0


def test_intake_for_a_pupil_with_an_open_case_is_a_conflict(region, browser, session):
    data = intake(region, given_name="Anna", family_name="Aalders", birth_date="04-05-2011")
    response = browser(region.zorgco).post("/casussen/nieuw", data, follow_redirects=True)
    assert response.status_code == 200
    # The zorgcoördinator may read the running case: told which one (else a neutral answer).
    assert "Voor deze leerling loopt al een casus (casus " in html(response)
    assert "doorgestuurd naar leerplicht" in html(response)
    assert count(session, Case) == 3


def test_intake_by_an_organisation_that_may_not_open_is_refused(world, browser, session):
    session.commit()
    response = browser(world.gemeente_worker).post("/casussen/nieuw", intake(world))
    assert response.status_code == 403
    assert "Uw organisatie kan geen casus openen." in html(response)
    assert count(session, Case) == 0
