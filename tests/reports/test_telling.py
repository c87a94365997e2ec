"""The leerplichttelling over designed pupils, every expected figure worked out by hand.

School year 2025-2026, peildatum 31 Jul 2026 (the default for a past year; today is frozen
at 25 Nov 2026). Day counts are peildatum (or last day as thuiszitter) − first day. Ages on
the peildatum; LP = leerplichtig, KP = kwalificatieplichtig in 2025-2026.

Zaltbommel, absoluut (not enrolled):
  Abel   15 LP  since 1 Sep 2025, open                       op peildatum 333 d
  Bo     11 LP  1 Oct → enrolled 10 Nov 2025                  opgelost, longest 39 d
  Cor    12 LP  since 1 Jul 2026, open                        op peildatum 30 d
  Daan   15 LP  since 10 Jul 2026, open                       op peildatum 21 d: no duration
  Eva    14 LP  since 1 Sep 2025, vrijstelling 5-a 1 Dec      opgelost, longest 90 d (< 3 m)
  Fien   18 KP  since 1 Sep 2025, 18 on 15 Mar 2026           not opgelost, longest 194 d
  Gijs   15 LP  1 Mar → enrolled 15 Jul 2025                  closed before the year: nothing
  Hein   16 LP  since 1 Jun 2026, enrolled 15 Aug 2026        op peildatum 60 d, not opgelost
Zaltbommel, relatief (enrolled):
  Ilse   15 LP  1 Oct → back 29 Oct 2025 (day 28)             never langdurig
  Jop    13 LP  1 Oct → back 30 Oct 2025 (day 29), and        teruggeleid twice: counted once,
                1 Mar → back 1 Jun 2026 (91 d)                longest 91 d; 2 meldingen wettelijk
  Kees   15 LP  since 2 May 2026, open                        op peildatum 90 d; melding 31 Jul
  Lotte  16 LP  since 1 May 2026, open                        op peildatum 91 d
  Lars   17 KP  dreigend, sick (geoorloofd), melding signaal  never verzuim
  Mila   15 LP  since 1 Sep 2025, 5-b 1 Aug 2025 – 31 Jul     exempt all year; active on 31 Jul
  Noor   12 LP  since 1 Sep 2025, 5-c 1 Aug 2025 – 30 Jul     langdurig on 31 Jul only: 333 d
  Olaf   15 LP  vrijstelling-traject closed Jun 2025, art. 15 from 1 Jan 2025: still active
  Pim    11 LP  since 1 Jul 2026, open, 5a refused            langdurig from 29 Jul, 30 d
Tiel:
  Quinten 7 LP  absoluut since 1 Feb 2026, open               180 d; melding overig (and luxe
                                                              on 1 Aug 2026: the next year)
Elders (another leerplicht): Sven 10 LP relatief since 1 Sep 2025, open.
Consultations: leerplicht asked about a Zaltbommel pupil on 10 Jan 2026 and on 1 Aug 2026;
the SWV on 12 Jan 2026.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from tests.api.conftest import assert_error
from tests.reports.conftest import close, exemption, local, melding
from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.cases.vocabulary import RETURN_OUTCOMES
from thuiszittertafel.consultations.services import open_consultation
from thuiszittertafel.core.errors import Forbidden, ValidationFailed
from thuiszittertafel.reports import drilldown, telling
from thuiszittertafel.reports.telling_definitions import FIELDS, FIGURES, GROUPS

D = date
URL = "/api/v1/reports/leerplichttelling"
TODAY = D(2026, 11, 25)


BIRTH = D(2011, 5, 4)  # 15 on the peildatum


@pytest.fixture
def pupils(session, world, make_case):
    w, t, lp = world, world.teacher, world.lpa
    p = SimpleNamespace()

    def case(name, since, kind="relatief", birth=BIRTH, closed=None, outcome="isk", **kw):
        """A case made by the mentor; `closed`: closed then, education resumed that day
        for an outcome that returns to education."""
        c = make_case(t, given_name=name, kind=kind, absent_since=since, birth_date=birth, **kw)
        if closed:
            close(session, c, closed, outcome, closed if outcome in RETURN_OUTCOMES else None)
        setattr(p, name, c)
        return c

    case("Abel", D(2025, 9, 1), "absoluut")
    case("Bo", D(2025, 10, 1), "absoluut", D(2014, 8, 1), closed=D(2025, 11, 10))
    case("Cor", D(2026, 7, 1), "absoluut", D(2014, 7, 31))
    case("Daan", D(2026, 7, 10), "absoluut", D(2010, 8, 1))
    eva = case("Eva", D(2025, 9, 1), "absoluut", D(2012, 3, 3))
    exemption(session, eva, "5-a", D(2025, 12, 1), None, lp)
    case("Fien", D(2025, 9, 1), "absoluut", D(2008, 12, 1)).pupil.birth_date = D(2008, 3, 15)
    case("Gijs", D(2025, 3, 1), "absoluut", closed=D(2025, 7, 15))
    case("Hein", D(2026, 6, 1), "absoluut", D(2009, 8, 1), closed=D(2026, 8, 15))
    back = "teruggeleid-zelfde-school"
    case("Ilse", D(2025, 10, 1), closed=D(2025, 10, 29), outcome=back)
    jop = case("Jop", D(2025, 10, 1), birth=D(2013, 1, 10), closed=D(2025, 10, 30), outcome=back)
    melding(session, jop, "wettelijk", D(2025, 10, 15), t)
    session.commit()
    p.Jop2 = make_case(t, given_name="jop", absent_since=D(2026, 3, 1), birth_date=D(2013, 1, 10))
    close(session, p.Jop2, D(2026, 6, 1), "teruggeleid-andere-school", D(2026, 6, 1))
    melding(session, p.Jop2, "wettelijk", D(2026, 3, 10), t)
    melding(session, case("Kees", D(2026, 5, 2)), "langdurig", D(2026, 7, 31), t)
    case("Lotte", D(2026, 5, 1), birth=D(2010, 7, 31))
    sick = {"absence_authorised": "true", "absence_reason": "ziek-medisch"}
    lars = case("Lars", D(2025, 9, 1), "dreigend", D(2009, 7, 31), **sick)
    melding(session, lars, "signaal", D(2025, 10, 15), t)
    exemption(session, case("Mila", D(2025, 9, 1)), "5-b", D(2025, 8, 1), D(2026, 7, 31), lp)
    noor = case("Noor", D(2025, 9, 1), birth=D(2014, 7, 31))
    exemption(session, noor, "5-c", D(2025, 8, 1), D(2026, 7, 30), lp)
    olaf = case("Olaf", D(2024, 12, 1), "vrijstelling-traject")
    exemption(session, olaf, "15", D(2025, 1, 1), None, lp)
    close(session, olaf, D(2025, 6, 1), "vrijstelling")
    pim = case("Pim", D(2026, 7, 1), birth=D(2014, 8, 1))
    exemption(session, pim, "5a", D(2026, 7, 20), None, lp, decision="afgewezen")
    quinten = case("Quinten", D(2026, 2, 1), "absoluut", D(2019, 6, 15), municipality=w.tiel)
    melding(session, quinten, "overig", D(2026, 3, 1), t)
    melding(session, quinten, "luxe", D(2026, 8, 1), t)
    p.Sven = make_case(
        w.far_worker,
        given_name="Sven",
        education_type="po",
        birth_date=D(2016, 3, 3),
        absent_since=D(2025, 9, 1),
    )
    asked = ((w.leerplicht, D(2026, 1, 10)), (w.swv, D(2026, 1, 12)), (w.leerplicht, D(2026, 8, 1)))
    for partner, on in asked:
        data = {
            "partner_org_id": partner.id,
            "description": "Vraag over een leerling",
            "age": 14,
            "education_type": "vo",
            "municipality_id": w.zaltbommel.id,
        }
        open_consultation(session, w.zorgco, data, now=local(on).astimezone(UTC))
    session.commit()
    return p


def run(session, user, **args) -> telling.Telling:
    req = telling.parse_telling(user, args, TODAY)
    return telling.leerplichttelling(session, user, req)


def row(result: telling.Telling, name: str) -> dict:
    return next(r for r in result.rows() if r["municipality"] == name)


def nonzero(figures: dict) -> dict:
    """The non-zero counts of a row or group, flat by figure path."""
    out = {}
    for key, value in figures.items():
        if key in ("vrijstellingen", "meldingen"):
            for sub, v in value.items():
                for state, n in v.items() if isinstance(v, dict) else [(None, v)]:
                    if n:
                        out[".".join(x for x in (key, sub, state) if x)] = n
        elif isinstance(value, int) and value:
            out[key] = value
    return out


ZALTBOMMEL = {
    "absoluut_verzuimers": 7,  # Abel Bo Cor Daan Eva Fien Hein
    "absoluut_opgelost": 2,  # Bo (enrolled), Eva (vrijstelling)
    "absoluut_op_peildatum": 4,  # Abel Cor Daan Hein
    "langdurig_relatief_verzuimers": 5,  # Jop Kees Lotte Noor Pim
    "langdurig_relatief_teruggeleid": 1,  # Jop
    "thuiszitters_4w_3m": 4,  # Cor 30, Hein 60, Kees 90, Pim 30
    "thuiszitters_3m_plus": 3,  # Abel 333, Lotte 91, Noor 333
    "thuiszitters_jaar_4w_3m": 6,  # Bo 39, Cor 30, Eva 90, Hein 60, Kees 90, Pim 30
    "thuiszitters_jaar_3m_plus": 5,  # Abel 333, Fien 194, Jop 91, Lotte 91, Noor 333
    "meldingen_leerlingen": 3,  # Jop Kees Lars
    "vrijstellingen.5-a.new": 1,  # Eva
    "vrijstellingen.5-a.active": 1,
    "vrijstellingen.5-b.new": 1,  # Mila: ends on the peildatum, so still active
    "vrijstellingen.5-b.active": 1,
    "vrijstellingen.5-c.new": 1,  # Noor: ended the day before
    "vrijstellingen.15.active": 1,  # Olaf, case closed before the year
    "meldingen.wettelijk": 2,  # Jop, twice
    "meldingen.signaal": 1,  # Lars
    "meldingen.langdurig": 1,  # Kees, on the peildatum
    "consultaties": 1,  # 10 Jan 2026 (the SWV's is not leerplicht's; 1 Aug is next year)
}
ZALTBOMMEL_GROUPS = {
    "5-11": {  # Bo, Pim
        "absoluut_verzuimers": 1,
        "absoluut_opgelost": 1,
        "langdurig_relatief_verzuimers": 1,
        "thuiszitters_4w_3m": 1,
        "thuiszitters_jaar_4w_3m": 2,
    },
    "12-15": {  # Abel Cor Daan Eva Jop Kees Mila Noor Olaf
        "absoluut_verzuimers": 4,
        "absoluut_opgelost": 1,
        "absoluut_op_peildatum": 3,
        "langdurig_relatief_verzuimers": 3,
        "langdurig_relatief_teruggeleid": 1,
        "thuiszitters_4w_3m": 2,
        "thuiszitters_3m_plus": 2,
        "thuiszitters_jaar_4w_3m": 3,
        "thuiszitters_jaar_3m_plus": 3,
        "meldingen_leerlingen": 2,
        "vrijstellingen.5-a.new": 1,
        "vrijstellingen.5-a.active": 1,
        "vrijstellingen.5-b.new": 1,
        "vrijstellingen.5-b.active": 1,
        "vrijstellingen.5-c.new": 1,
        "vrijstellingen.15.active": 1,
        "meldingen.wettelijk": 2,
        "meldingen.langdurig": 1,
    },
    "16-17": {  # Hein Lotte Lars (Fien is 18: in no band)
        "absoluut_verzuimers": 1,
        "absoluut_op_peildatum": 1,
        "langdurig_relatief_verzuimers": 1,
        "thuiszitters_4w_3m": 1,
        "thuiszitters_3m_plus": 1,
        "thuiszitters_jaar_4w_3m": 1,
        "thuiszitters_jaar_3m_plus": 1,
        "meldingen_leerlingen": 1,
        "meldingen.signaal": 1,
    },
    "leerplichtig": {  # all but Fien and Lars
        "absoluut_verzuimers": 6,
        "absoluut_opgelost": 2,
        "absoluut_op_peildatum": 4,
        "langdurig_relatief_verzuimers": 5,
        "langdurig_relatief_teruggeleid": 1,
        "thuiszitters_4w_3m": 4,
        "thuiszitters_3m_plus": 3,
        "thuiszitters_jaar_4w_3m": 6,
        "thuiszitters_jaar_3m_plus": 4,
        "meldingen_leerlingen": 2,
        "vrijstellingen.5-a.new": 1,
        "vrijstellingen.5-a.active": 1,
        "vrijstellingen.5-b.new": 1,
        "vrijstellingen.5-b.active": 1,
        "vrijstellingen.5-c.new": 1,
        "vrijstellingen.15.active": 1,
        "meldingen.wettelijk": 2,
        "meldingen.langdurig": 1,
    },
    "kwalificatieplichtig": {  # Fien, Lars
        "absoluut_verzuimers": 1,
        "thuiszitters_jaar_3m_plus": 1,
        "meldingen_leerlingen": 1,
        "meldingen.signaal": 1,
    },
}
TIEL = {
    "absoluut_verzuimers": 1,
    "absoluut_op_peildatum": 1,
    "thuiszitters_3m_plus": 1,  # 180 d
    "thuiszitters_jaar_3m_plus": 1,
    "meldingen_leerlingen": 1,
    "meldingen.overig": 1,
}


def groups_of(r: dict) -> dict:
    return {
        **{band: nonzero(r["by_age"][band]) for band in r["by_age"]},
        "leerplichtig": nonzero(r["leerplichtig"]),
        "kwalificatieplichtig": nonzero(r["kwalificatieplichtig"]),
    }


def test_leerplicht_2025_2026_by_hand(session, world, pupils):
    result = run(session, world.lpa, school_year="2025-2026")
    assert result.request.peildatum == D(2026, 7, 31)
    assert [r["municipality"] for r in result.rows()] == ["Tiel", "Zaltbommel"]
    zaltbommel = row(result, "Zaltbommel")
    assert nonzero(zaltbommel) == ZALTBOMMEL
    assert groups_of(zaltbommel) == ZALTBOMMEL_GROUPS
    tiel = row(result, "Tiel")
    assert nonzero(tiel) == TIEL
    assert groups_of(tiel) == {
        "5-11": TIEL,
        "12-15": {},
        "16-17": {},
        "leerplichtig": TIEL,
        "kwalificatieplichtig": {},
    }


def test_a_peildatum_within_the_year(session, world, pupils):
    """31 Dec 2025: Cor, Daan, Hein, Kees, Lotte, Pim, Quinten not yet; Fien 17 and home."""
    result = run(session, world.lpa, school_year="2025-2026", peildatum="2025-12-31")
    zaltbommel = row(result, "Zaltbommel")
    assert nonzero(zaltbommel) == {
        "absoluut_verzuimers": 4,  # Abel Bo Eva Fien
        "absoluut_opgelost": 2,  # Bo Eva
        "absoluut_op_peildatum": 2,  # Abel, Fien
        "langdurig_relatief_verzuimers": 1,  # Jop (first case)
        "langdurig_relatief_teruggeleid": 1,
        "thuiszitters_3m_plus": 2,  # Abel 121, Fien 121
        "thuiszitters_jaar_4w_3m": 3,  # Bo 39, Eva 90, Jop 28
        "thuiszitters_jaar_3m_plus": 2,
        "meldingen_leerlingen": 2,  # Jop, Lars
        "vrijstellingen.5-a.new": 1,
        "vrijstellingen.5-a.active": 1,
        "vrijstellingen.5-b.new": 1,
        "vrijstellingen.5-b.active": 1,
        "vrijstellingen.5-c.new": 1,
        "vrijstellingen.5-c.active": 1,  # Noor's runs to 30 Jul 2026
        "vrijstellingen.15.active": 1,
        "meldingen.wettelijk": 1,
        "meldingen.signaal": 1,
    }
    assert nonzero(zaltbommel["by_age"]["16-17"]) == {  # Fien is 17 on 31 Dec 2025, Lars 16
        "absoluut_verzuimers": 1,
        "absoluut_op_peildatum": 1,
        "thuiszitters_3m_plus": 1,
        "thuiszitters_jaar_3m_plus": 1,
        "meldingen_leerlingen": 1,
        "meldingen.signaal": 1,
    }
    assert nonzero(row(result, "Tiel")) == {}


def test_every_number_lists_exactly_its_members(session, world, pupils):
    """The drill-down of every non-zero number, in every group, has that many rows."""
    result = run(session, world.lpa, school_year="2025-2026")
    walked = 0
    for m in result.request.municipalities:
        for group in (None, *GROUPS):
            for figure, n in result.flat(m.id, group).items():
                entries = drilldown.listed(session, world.lpa, result, m, figure, group)
                assert len(entries) == n, (m.name, group, figure)
                walked += bool(n)
    assert walked == 92  # 20 + 54 in Zaltbommel, 6 × 3 in Tiel
    bommel = next(m for m in result.request.municipalities if m.name == "Zaltbommel")
    names = {
        e.who
        for e in drilldown.listed(
            session, world.lpa, result, bommel, "thuiszitters_jaar_3m_plus", None
        )
    }
    assert names == {"Abel Jansen", "Fien Jansen", "Jop Jansen", "Lotte Jansen", "Noor Jansen"}
    jop = next(
        e
        for e in drilldown.listed(
            session, world.lpa, result, bommel, "langdurig_relatief_teruggeleid", None
        )
    )
    assert [c.id for c in jop.cases] == [pupils.Jop.id, pupils.Jop2.id]
    wettelijk = drilldown.listed(session, world.lpa, result, bommel, "meldingen.wettelijk", None)
    assert [e.note for e in wettelijk] == [
        "Melding wettelijk van 15-10-2025",
        "Melding wettelijk van 10-03-2026",
    ]
    assert {e.who for e in wettelijk} == {"Jop Jansen", "jop Jansen"}  # as each case wrote it


def test_swv_coordinator_and_gemeente_see_their_region(session, world, pupils, browser, api):
    swv = run(session, world.swv_coordinator, school_year="2025-2026")
    zaltbommel = nonzero(row(swv, "Zaltbommel"))
    assert zaltbommel == {**ZALTBOMMEL, "consultaties": 1}  # the SWV's own consultation
    assert swv.no_figures is None and "no_figures" not in swv.json()
    # The gemeente takes part in none of the cases: its zeros are no telling, and it is
    # told so (and by whom the telling is made), as the jaarverslag tells it.
    gemeente = run(session, world.gemeente_worker, school_year="2025-2026")
    assert [r["municipality"] for r in gemeente.rows()] == ["Zaltbommel"]
    assert nonzero(gemeente.rows()[0]) == {}
    assert "U ziet geen casussen" in gemeente.no_figures
    html = browser(world.gemeente_worker).get("/rapportages?school_year=2025-2026")
    html = html.get_data(as_text=True)
    assert 'id="telling-geen-cijfers"' in html and "vraag het hun" in html
    assert 'id="telling-verzuim"' not in html and "leerplichttelling/download" not in html
    body = api(world.gemeente_worker).get(URL + "?school_year=2025-2026").get_json()
    assert "U ziet geen casussen" in body["no_figures"]
    assert [r["municipality"] for r in body["rows"]] == ["Zaltbommel"]  # the shape stays
    body = api(world.lpa).get(URL + "?school_year=2025-2026").get_json()
    assert "no_figures" not in body


def test_another_gemeente_sees_none_of_yours(session, world, pupils):
    other = run(session, world.other_lpa, school_year="2025-2026")
    assert [r["municipality"] for r in other.rows()] == ["Elders"]
    assert nonzero(other.rows()[0]) == {
        "langdurig_relatief_verzuimers": 1,
        "thuiszitters_3m_plus": 1,
        "thuiszitters_jaar_3m_plus": 1,
    }
    with pytest.raises(ValidationFailed, match="Kies een gemeente van uw organisatie: Elders"):
        run(session, world.other_lpa, school_year="2025-2026", municipality="Zaltbommel")


@pytest.mark.parametrize("user", ["teacher", "zorgco", "swv_worker", "wijkteam_worker"])
def test_others_may_not_ask(session, world, user):
    with pytest.raises(Forbidden):
        run(session, getattr(world, user))


# --- API --------------------------------------------------------------------------------


def test_api_json_shape(api, world, pupils):
    body = api(world.lpa).get(URL + "?school_year=2025-2026&municipality=zaltbommel").get_json()
    assert body["school_year"] == "2025-2026" and body["peildatum"] == "2026-07-31"
    assert set(body["definitions"]) >= {*FIELDS, "vrijstellingen", "meldingen", "by_age"}
    [r] = body["rows"]
    assert r["municipality"] == "Zaltbommel"
    assert set(r) == {
        "municipality",
        *FIELDS,
        "vrijstellingen",
        "meldingen",
        "consultaties",
        "by_age",
        "leerplichtig",
        "kwalificatieplichtig",
        "handhaving",  # leerplicht only
    }
    assert r["vrijstellingen"]["5-b"] == {"new": 1, "active": 1}
    assert r["meldingen"] == {"wettelijk": 2, "luxe": 0, "signaal": 1, "langdurig": 1, "overig": 0}
    assert set(r["by_age"]) == {"5-11", "12-15", "16-17"}
    assert r["by_age"]["12-15"]["absoluut_op_peildatum"] == 3
    assert "consultaties" not in r["leerplichtig"]


def test_api_running_year_defaults_to_today(api, world, pupils):
    body = api(world.lpa).get(URL).get_json()
    assert body["school_year"] == "2026-2027" and body["peildatum"] == "2026-11-25"


def test_api_drilldown_and_publication(api, world, pupils, session):
    client = api(world.lpa)
    query = "?school_year=2025-2026&municipality=Zaltbommel&field=thuiszitters_4w_3m"
    body = client.get(URL + "/cases" + query).get_json()
    assert body["count"] == 4 and len(body["items"]) == 4
    assert {i["pupil"] for i in body["items"]} == {
        "Cor Jansen",
        "Hein Jansen",
        "Kees Jansen",
        "Pim Jansen",
    }
    assert body["items"][0]["cases"][0]["kind"] in ("absoluut", "relatief")
    assert (body["total"], body["page"], body["per_page"]) == (4, 1, 100)
    # DESIGN §8's list shape: a page of the list, the whole number in total (and count).
    second = client.get(URL + "/cases" + query + "&per_page=3&page=2").get_json()
    assert (second["count"], second["total"], second["page"], second["per_page"]) == (4, 4, 2, 3)
    assert [i["pupil"] for i in second["items"]] == [body["items"][3]["pupil"]]
    for bad in ("&per_page=101", "&page=x"):
        assert_error(client.get(URL + "/cases" + query + bad), 400)
    body = client.get(URL + "/cases" + query + "&group=16-17&format=csv&publication=true")
    assert body.status_code == 400  # a list is JSON
    body = client.get(URL + "/cases" + query + "&group=16-17").get_json()
    assert [i["pupil"] for i in body["items"]] == ["Hein Jansen"]
    session.expire_all()
    entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "api.report.telling.cases" and str(pupils.Hein.id) in entry.detail


def test_api_csv_for_publication(api, world, pupils):
    response = api(world.lpa).get(URL + "?school_year=2025-2026&format=csv&publication=true")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body[3:].decode("utf-8")), delimiter=";"))
    assert rows[0] == ["municipality", "group", *FIGURES]
    assert [r[:2] for r in rows[1:]] == [
        [name, group] for name in ("Tiel", "Zaltbommel") for group in ("totaal", *GROUPS)
    ]
    zaltbommel = dict(zip(rows[0], rows[7], strict=True))
    assert zaltbommel["absoluut_verzuimers"] == "7" and zaltbommel["absoluut_opgelost"] == "<5"
    assert zaltbommel["vrijstellingen.5a.new"] == "0" and zaltbommel["consultaties"] == "<5"
    age_row = dict(zip(rows[0], rows[8], strict=True))
    assert age_row["consultaties"] == ""  # not split


@pytest.mark.parametrize(
    "query",
    [
        "school_year=2025",
        "school_year=2027-2028",
        "peildatum=2026-08-01&school_year=2025-2026",
        "peildatum=2026-12-01",
        "peildatum=morgen",
        "peildatum=%00",
        "municipality=Elders",
        "municipality=" + "x" * 500,
        "format=pdf",
        "publication=true",
        "gemeente=Tiel",
    ],
)
def test_api_bad_input_is_a_dutch_400(api, world, query):
    assert_error(api(world.lpa).get(URL + "?" + query), 400)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "municipality=Tiel",
        "municipality=Tiel&field=onbekend",
        "municipality=Tiel&field=consultaties&group=5-11",
        "municipality=Tiel&field=cases&group=x",
    ],
)
def test_api_bad_drilldown_is_a_dutch_400(api, world, query):
    assert_error(api(world.lpa).get(URL + "/cases?" + query), 400)


def test_api_refuses_workers(api, anonymous, world):
    assert_error(api(world.teacher).get(URL), 403, "geen-toegang")
    assert_error(api(world.zorgco).get(URL + "/cases?municipality=Tiel&field=consultaties"), 403)
    assert_error(anonymous.get(URL), 401)


# --- page -------------------------------------------------------------------------------


def test_page_shows_the_telling_with_links_and_definitions(browser, world, pupils, session):
    html = browser(world.lpa).get("/rapportages?school_year=2025-2026").get_data(as_text=True)
    assert 'id="leerplichttelling"' in html and "Peildatum 31 juli 2026" in html
    assert 'data-figure="absoluut_verzuimers">' in html
    assert "field=absoluut_verzuimers" in html and "municipality=Zaltbommel" in html
    assert FIELDS["absoluut_opgelost"][1][:40] in html  # the definitions printed below
    assert "Handhaving" in html
    session.expire_all()
    actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions[-2:] == ["report.telling.view", "report.view"]


def test_page_drilldown_lists_the_rows(browser, world, pupils):
    b = browser(world.lpa)
    base = "/rapportages/leerplichttelling/casussen?school_year=2025-2026&municipality=Zaltbommel"
    html = b.get(base + "&field=absoluut_op_peildatum").get_data(as_text=True)
    assert html.count('class="telling-member"') == 4 and "Abel Jansen" in html
    assert f'href="/casussen/{pupils.Abel.id}"' in html
    html = b.get(base + "&field=absoluut_op_peildatum&publication=true").get_data(as_text=True)
    assert "Abel Jansen" not in html and "A.J." in html
    html = b.get(base + "&field=consultaties").get_data(as_text=True)
    assert html.count('class="telling-member"') == 1 and "/consultaties/" in html


def test_page_download_and_errors(browser, world, pupils):
    b = browser(world.lpa)
    response = b.get("/rapportages/leerplichttelling/download?school_year=2025-2026")
    assert response.status_code == 200 and response.get_data().startswith(b"\xef\xbb\xbf")
    assert b.get("/rapportages?school_year=2025-2026&peildatum=1-1-2030").status_code == 400
    assert b.get("/rapportages/leerplichttelling/casussen?field=x").status_code == 400
    zorgco = browser(world.zorgco)
    html = zorgco.get("/rapportages").get_data(as_text=True)
    assert 'id="leerplichttelling"' not in html  # the report, without the telling
    assert zorgco.get("/rapportages/leerplichttelling/download").status_code == 403


def test_csv_escapes_formulas(session, make_municipality, make_org, make_user):
    from thuiszittertafel.reports.exports import telling_csv

    evil = make_municipality("=HYPERLINK(1)")
    result = run(session, make_user(make_org("leerplicht", serves=[evil])))
    assert "\r\n'=HYPERLINK(1);totaal;0;" in telling_csv(result).decode()


def test_openapi_describes_the_telling(api, anonymous, world, pupils):
    doc = anonymous.get("/api/v1/openapi.json").get_json()
    schemas = doc["components"]["schemas"]
    [r] = api(world.lpa).get(URL + "?school_year=2025-2026&municipality=Tiel").get_json()["rows"]
    assert set(r) == set(schemas["TellingRow"]["properties"])  # leerplicht: with handhaving
    assert set(schemas["TellingRow"]["required"]) == set(r) - {"handhaving"}
    assert set(r["by_age"]["5-11"]) == set(schemas["TellingFigures"]["properties"])
    assert set(r["vrijstellingen"]) == set(
        schemas["TellingFigures"]["properties"]["vrijstellingen"]["properties"]
    )
    params = {
        p["name"] for p in doc["paths"]["/reports/leerplichttelling/cases"]["get"]["parameters"]
    }
    assert params == {
        "school_year",
        "peildatum",
        "municipality",
        "field",
        "group",
        "publication",
        "page",
        "per_page",
    }


@pytest.mark.parametrize("name", ["school_year", "peildatum", "municipality", "field", "group"])
def test_api_odd_values_never_crash(api, world, name):
    client = api(world.lpa)
    for value in ["", "%00", "%C2%B2", "9" * 30, "-1", "%ff", "%", "'--", "x" * 10_000, "1"]:
        for path in (URL, URL + "/cases?municipality=Tiel&field=absoluut_verzuimers"):
            sep = "&" if "?" in path else "?"
            response = client.get(f"{path}{sep}{name}={value}")
            assert response.status_code in (200, 400), (path, name, value, response.status_code)


def test_xlsx_download_with_labels_definitions_and_publication(
    session, api, browser, world, pupils
):
    """The telling as a spreadsheet: the same rows and numbers as the CSV, numbers typed,
    a row of Dutch labels, the definitions sheet; '<5' in the publication variant; audited
    like the CSV; other formats refused."""
    from openpyxl import load_workbook

    client = api(world.lpa)
    response = client.get(URL + "?school_year=2025-2026&format=xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    wb = load_workbook(io.BytesIO(response.get_data()))
    sheet = wb["Leerplichttelling"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == ["municipality", "group", *FIGURES]
    assert rows[1][0] == "Woongemeente" and "Absoluut verzuimers" in rows[1]
    zaltbommel = dict(zip(rows[0], rows[8], strict=True))
    assert zaltbommel["municipality"] == "Zaltbommel" and zaltbommel["group"] == "totaal"
    assert zaltbommel["absoluut_verzuimers"] == 7  # a number, not text
    assert "Definities" in wb.sheetnames
    definitions = [r[0] for r in wb["Definities"].iter_rows(values_only=True)]
    assert "Peildatum" in definitions and "absoluut_verzuimers" in definitions
    public = client.get(URL + "?school_year=2025-2026&format=xlsx&publication=true")
    rows = list(load_workbook(io.BytesIO(public.get_data()))["Leerplichttelling"].values)
    assert dict(zip(rows[0], rows[8], strict=True))["absoluut_opgelost"] == "<5"
    page = browser(world.lpa).get(
        "/rapportages/leerplichttelling/download?school_year=2025-2026&format=xlsx"
    )
    assert page.status_code == 200 and page.mimetype.endswith("spreadsheetml.sheet")
    assert (
        browser(world.lpa)
        .get("/rapportages/leerplichttelling/download?school_year=2025-2026&format=pdf")
        .status_code
        == 400
    )
    assert (
        browser(world.zorgco).get("/rapportages/leerplichttelling/download?format=xlsx").status_code
        == 403
    )
    actions = session.scalars(select(AuditEntry.action)).all()
    assert actions.count("api.report.telling.export") == 2
    assert actions.count("report.telling.export") == 1


def test_a_page_that_counts_a_period_twice_reads_its_cases_once(session, world, pupils):
    """/rapportages makes the telling and the thuiszitter report over the same year: a
    `verzuim.SharedLoads` reads the period's cases once and gives each call what
    `verzuim.load` gives it, per gemeente too; the telling made with it is the same."""
    from tests.test_statement_counts import counting
    from thuiszittertafel.reports import verzuim

    lpa, first, last = world.lpa, D(2025, 8, 1), D(2026, 7, 31)

    def cases(facts):
        return [(f.case_id, f.access, f.municipality_id, f.situation) for f in facts]

    shared = verzuim.SharedLoads()
    everything = cases(verzuim.load(session, lpa, first, last))
    in_tiel = cases(verzuim.load(session, lpa, first, last, [world.tiel.id]))
    assert cases(shared(session, lpa, first, last)) == everything
    with counting(session.get_bind()) as statements:
        assert cases(shared(session, lpa, first, last, [world.tiel.id])) == in_tiel
    assert statements == []  # read once
    assert 0 < len(in_tiel) < len(everything)  # the gemeente does filter
    # Another period or another actor is read on its own.
    assert cases(shared(session, lpa, first, D(2026, 3, 1))) == cases(
        verzuim.load(session, lpa, first, D(2026, 3, 1))
    )
    far = cases(shared(session, world.far_worker, first, last))
    assert [case_id for case_id, *_ in far] == [pupils.Sven.id]  # theirs, not leerplicht's
    req = telling.parse_telling(lpa, {"school_year": "2025-2026"}, TODAY)
    own = telling.leerplichttelling(session, lpa, req)
    with_shared = telling.leerplichttelling(session, lpa, req, verzuim.SharedLoads())
    assert with_shared.cells == own.cells and with_shared.groups == own.groups


def test_the_law_reads_each_case_once_with_all_its_granted_vrijstellingen(session, world, pupils):
    """`verzuim.load`: one CaseFacts per case, however many vrijstellingen it has, with
    every granted one that touches the period in the order recorded; a refused one, or one
    that ended before the period, is not among them."""
    from thuiszittertafel.reports import verzuim

    lp, abel = world.lpa, pupils.Abel
    exemption(session, abel, "5-a", D(2025, 9, 1), D(2025, 10, 1), lp)
    exemption(session, abel, "5-b", D(2026, 1, 1), None, lp)
    exemption(session, abel, "5-c", D(2025, 11, 1), None, lp, decision="afgewezen")
    exemption(session, abel, "15", D(2024, 1, 1), D(2025, 7, 31), lp)  # before the period
    session.commit()
    facts = verzuim.load(session, lp, D(2025, 8, 1), D(2026, 7, 31))
    ids = [f.case_id for f in facts]
    assert len(ids) == len(set(ids)) and ids == sorted(ids)
    by_case = {f.case_id: f.situation.exemptions for f in facts}
    assert by_case[abel.id] == (
        (D(2025, 9, 1), D(2025, 10, 1), "toegekend"),
        (D(2026, 1, 1), None, "toegekend"),
    )
    assert by_case[pupils.Pim.id] == ()  # refused only
    assert by_case[pupils.Eva.id] == ((D(2025, 12, 1), None, "toegekend"),)
