"""GET /api/v1/cases: visibility per role, filters, pagination, the JSON shape, audit."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.cases.models import Participation

from .conftest import assert_error, ids

# user attribute on World → {case key: access reason}, with no filter at all
EXPECTED = {
    "teacher": {
        "school": "participant",
        "swv_phase": "participant",
        "elders_resident": "participant",
    },
    "school2_worker": {"closed": "participant"},
    "lpa": {
        "school": "leerplicht",
        "swv_phase": "participant",  # phase 3 puts leerplicht at the table (by law)
        "closed": "leerplicht",
        "absoluut": "participant",
    },
    "other_lpa": {"elders_resident": "leerplicht", "far": "participant"},
    "swv_coordinator": {
        "school": "swv-coordinator",
        "swv_phase": "participant",
        "elders_resident": "swv-coordinator",
        "closed": "swv-coordinator",
        "absoluut": "swv-coordinator",
    },
    # An SWV medewerker is no coordinator: only cases where the SWV takes part.
    "swv_worker": {"swv_phase": "participant"},
    "wijkteam_worker": {},
    "ggd_doctor": {},
    "gemeente_worker": {},
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_list_holds_exactly_the_visible_cases(api, world, cases, who):
    body = api(getattr(world, who)).get("/api/v1/cases?per_page=100").get_json()
    got = {item["id"]: item["access"] for item in body["items"]}
    want = {cases[key].id: access for key, access in EXPECTED[who].items()}
    assert got == want
    assert body["total"] == len(want)
    assert (body["page"], body["per_page"]) == (1, 100)


def test_no_default_filter_open_and_closed_in_id_order(api, world, cases):
    items = api(world.swv_coordinator).get("/api/v1/cases").get_json()["items"]
    assert [i["id"] for i in items] == sorted(i["id"] for i in items)
    assert {i["status"] for i in items} == {"open", "closed"}


def test_case_json_shape(api, world, cases):
    items = api(world.teacher).get("/api/v1/cases").get_json()["items"]
    item = next(i for i in items if i["id"] == cases["school"].id)
    assert item["pupil"] == {
        "initials": "S.A.",
        "name": "Sam Aalders",
        "birth_date": "2011-05-04",
        "municipality": "Zaltbommel",
    }
    assert item["kind"] == "relatief"
    assert item["status"] == "open"
    assert item["absent_since"] == "2026-11-02"
    assert item["days_absent"] == 23
    assert item["phase"] == 1
    assert item["escalated"] is False
    assert item["school_org_id"] == world.school.id
    assert item["swv_org_id"] == world.swv.id
    assert item["lead_org_id"] == world.school.id
    assert item["lead_user_id"] == world.teacher.id
    assert item["participant_org_ids"] == [world.school.id]
    assert item["access"] == "participant"
    assert item["education_type"] == "vo"
    assert item["phase_due_on"] == "2026-12-09"
    assert item["opened_at"].startswith("2026-11-25T09:00:00")
    assert item["closed_at"] is None


def test_participant_org_ids_are_active_and_sorted(api, world, cases):
    item = api(world.swv_worker).get("/api/v1/cases").get_json()["items"][0]
    assert item["id"] == cases["swv_phase"].id
    assert item["participant_org_ids"] == sorted(
        [world.school.id, world.swv.id, world.leerplicht.id]
    )
    assert item["lead_org_id"] == world.swv.id


def test_closed_case_shows_outcome_and_stops_counting(api, world, cases):
    item = api(world.school2_worker).get("/api/v1/cases").get_json()["items"][0]
    assert item["status"] == "closed"
    assert item["outcome"] == "verhuisd"
    assert item["closed_at"].startswith("2026-11-25")
    assert item["days_absent"] == 5


def test_names_only_with_full_access(api, world, cases):
    """Every rule that exists today gives full access: the name is there for all of them."""
    for who in ("teacher", "lpa", "swv_coordinator", "other_lpa"):
        for item in api(getattr(world, who)).get("/api/v1/cases").get_json()["items"]:
            assert item["pupil"]["name"], (who, item)


def test_meeting_access_hides_the_name(session, world, cases):
    """Meeting access (rule 4) sees initials only, never the name or summary."""
    from thuiszittertafel.api.serializers import case_json

    case = cases["school"]
    case.summary = "Angstklachten"
    hidden = case_json(case, "meeting", date(2026, 11, 25))
    shown = case_json(case, "participant", date(2026, 11, 25))
    assert hidden["pupil"]["name"] is None and hidden["summary"] is None
    assert hidden["pupil"]["initials"] == "S.A."
    assert shown["pupil"]["name"] == "Sam Aalders" and shown["summary"] == "Angstklachten"
    session.rollback()


FILTERS = [
    ("kind=absoluut", {"absoluut"}),
    ("kind=dreigend", {"swv_phase"}),
    ("phase=3", {"swv_phase"}),
    ("phase=1", {"school", "elders_resident", "closed", "absoluut"}),
    ("municipality=tiel", {"closed", "absoluut"}),
    ("municipality=Elders", {"elders_resident"}),
    ("status=open", {"school", "swv_phase", "elders_resident", "absoluut"}),
    ("status=closed", {"closed"}),
    ("q=sam", {"school"}),
    ("q=ali+evers", {"absoluut"}),
    ("overdue=true", {"school"}),
    ("kind=relatief&status=open", {"school", "elders_resident"}),
]


@pytest.mark.parametrize("query, want", FILTERS)
def test_each_filter_filters(api, world, cases, session, query, want):
    cases["school"].phase_due_on = date(2026, 11, 20)  # a term that has passed
    session.commit()
    got = ids(api(world.swv_coordinator).get(f"/api/v1/cases?{query}"))
    assert got == {cases[k].id for k in want}


def test_org_filters(api, world, cases):
    client = api(world.swv_coordinator)
    assert ids(client.get(f"/api/v1/cases?lead_org_id={world.swv.id}")) == {cases["swv_phase"].id}
    assert ids(client.get(f"/api/v1/cases?school_org_id={world.school2.id}")) == {
        cases["closed"].id
    }
    assert ids(client.get(f"/api/v1/cases?school_org_id={world.school.id}")) == {
        cases[k].id for k in ("school", "swv_phase", "elders_resident")
    }


def test_mine_is_the_users_own_cases(api, world, cases):
    assert ids(api(world.teacher).get("/api/v1/cases?mine=true")) == {cases["school"].id}
    # The SWV coordinator accepted regie in phase 3 and is its casusregisseur.
    assert ids(api(world.swv_coordinator).get("/api/v1/cases?mine=true")) == {cases["swv_phase"].id}
    assert ids(api(world.swv_worker).get("/api/v1/cases?mine=true")) == set()
    assert len(ids(api(world.teacher).get("/api/v1/cases?mine=false"))) == 3


def test_mine_is_also_where_the_user_is_the_contact_while_taking_part(api, world, cases, session):
    """The contact person of a participation has the case among their own until it ends."""
    taking_part = next(p for p in cases["swv_phase"].participations if p.org_id == world.swv.id)
    taking_part.contact_user_id = world.swv_worker.id
    session.commit()
    worker = api(world.swv_worker)
    assert ids(worker.get("/api/v1/cases?mine=true")) == {cases["swv_phase"].id}
    # The SWV takes part again, with no contact named: the case stays visible, not theirs.
    taking_part.ended_on = date(2026, 11, 27)
    session.flush()
    again = Participation(
        case_id=taking_part.case_id, org_id=world.swv.id, started_on=date(2026, 11, 27)
    )
    session.add(again)
    session.commit()
    assert cases["swv_phase"].id in ids(worker.get("/api/v1/cases?mine=false"))
    assert ids(worker.get("/api/v1/cases?mine=true")) == set()


@pytest.mark.parametrize(
    "sort, keys",
    [
        ("-id", ["far", "absoluut", "closed", "elders_resident", "swv_phase", "school"]),
        ("name", ["school", "swv_phase", "elders_resident", "closed", "absoluut", "far"]),
        ("days_absent", ["absoluut", "far", "school", "swv_phase", "elders_resident", "closed"]),
    ],
)
def test_sort(api, world, cases, sort, keys):
    got = [
        i["id"]
        for i in api(world.swv_coordinator).get(f"/api/v1/cases?sort={sort}").get_json()["items"]
    ]
    want = [cases[k].id for k in keys if k != "far"]
    assert got == want


def test_pagination(api, world, cases):
    client = api(world.swv_coordinator)
    pages = [client.get(f"/api/v1/cases?per_page=2&page={n}").get_json() for n in (1, 2, 3, 4)]
    assert [len(p["items"]) for p in pages] == [2, 2, 1, 0]
    assert {p["total"] for p in pages} == {5}
    assert [p["page"] for p in pages] == [1, 2, 3, 4]
    assert {p["per_page"] for p in pages} == {2}
    seen = [i["id"] for p in pages for i in p["items"]]
    assert seen == sorted(seen) and len(set(seen)) == 5


@pytest.mark.parametrize("sort", ["id", "-id", "days_absent", "-days_absent"])
def test_keyset_pages_are_the_offset_pages(api, world, cases, sort):
    """`after` (the previous page's `next_after`) gives the same pages as `page`, with any
    filter, and a null `next_after` on the last page."""
    client = api(world.swv_coordinator)
    for extra in ("", "&status=open"):
        base = f"/api/v1/cases?per_page=2&sort={sort}{extra}"
        by_offset = [
            i["id"] for n in (1, 2, 3) for i in client.get(f"{base}&page={n}").get_json()["items"]
        ]
        by_key, after, pages = [], None, 0
        while True:
            body = client.get(base + (f"&after={after}" if after else "")).get_json()
            by_key += [i["id"] for i in body["items"]]
            pages += 1
            after = body["next_after"]
            if after is None:
                break
            assert after == body["items"][-1]["id"]
        assert by_key == by_offset and pages <= 3
    assert "next_after" not in client.get("/api/v1/cases?sort=name").get_json()


def test_keyset_by_days_at_home_breaks_ties_by_number(api, world, cases, session):
    """Cases with the same first day at home follow each other by number, on every page."""
    same_day = date(2026, 11, 20)  # the closed case starts there already
    cases["school"].absent_since = cases["swv_phase"].absent_since = same_day
    session.commit()
    client = api(world.swv_coordinator)
    for sort in ("days_absent", "-days_absent"):
        everything = client.get(f"/api/v1/cases?per_page=100&sort={sort}").get_json()["items"]
        by_key, after = [], None
        while True:
            url = f"/api/v1/cases?per_page=1&sort={sort}" + (f"&after={after}" if after else "")
            body = client.get(url).get_json()
            by_key += [i["id"] for i in body["items"]]
            after = body["next_after"]
            if after is None:
                break
        assert by_key == [i["id"] for i in everything], sort
        tied = [i["id"] for i in everything if i["absent_since"] == same_day.isoformat()]
        assert len(tied) == 3 and tied == sorted(tied)


def test_after_only_with_the_keyset_sorts(api, world):
    body = assert_error(api(world.teacher).get("/api/v1/cases?sort=name&after=3"), 400)
    assert body["fields"]["after"] == (
        "'after' kan alleen met sort=id, -id, days_absent of -days_absent."
    )
    assert_error(api(world.teacher).get("/api/v1/cases?after=0"), 400)


def test_after_by_days_at_home_only_from_a_case_one_sees(api, world, cases):
    """Paging on from a case the user does not see would tell its first day at home: the
    same answer as for a number that does not exist, and nothing listed."""
    hidden = cases["far"].id  # another region's case
    unknown = max(c.id for c in cases.values()) + 1000
    client = api(world.swv_coordinator)
    for after in (hidden, unknown):
        body = assert_error(client.get(f"/api/v1/cases?sort=days_absent&after={after}"), 400)
        assert body["fields"]["after"] == (
            "Na casus: die casus staat niet in uw overzicht. Begin zonder 'after'."
        )
    # By number it is only a number: no case is read, the list simply goes on from there.
    assert client.get(f"/api/v1/cases?sort=id&after={hidden}").status_code == 200


def test_default_page_size_is_25(api, world, cases):
    body = api(world.teacher).get("/api/v1/cases").get_json()
    assert (body["page"], body["per_page"]) == (1, 25)


@pytest.mark.parametrize(
    "query, field",
    [
        ("per_page=101", "per_page"),
        ("per_page=1000", "per_page"),
        ("per_page=0", "per_page"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=abc", "page"),
        ("page=²", "page"),
        ("page=99999999999999999999999", "page"),
        ("per_page=1.5", "per_page"),
        ("phase=9", "phase"),
        ("phase=een", "phase"),
        ("lead_org_id=99999999999", "lead_org_id"),
        ("school_org_id=x", "school_org_id"),
        ("kind=verzuim", "kind"),
        ("status=dicht", "status"),
        ("sort=willekeurig", "sort"),
        ("statuss=open", "statuss"),
        ("q=a%00b", "q"),
    ],
)
def test_bad_query_parameters_are_400_in_dutch(api, world, cases, query, field):
    body = assert_error(api(world.teacher).get(f"/api/v1/cases?{query}"), 400, "ongeldige-invoer")
    assert field in body["fields"]
    assert body["message"]


def test_per_page_over_100_names_the_limit(api, world):
    body = assert_error(api(world.teacher).get("/api/v1/cases?per_page=101"), 400)
    assert body["fields"]["per_page"] == "Aantal per pagina mag hoogstens 100 zijn."


def test_list_is_audited_with_the_ids_shown(api, world, cases, session):
    client = api(world.lpa)
    client.get("/api/v1/cases?status=open&per_page=2")
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "api.case.list")).one()
    assert entry.user_id == world.lpa.id
    detail = json.loads(entry.detail)
    # Open cases lpa sees, in id order: school, swv_phase, absoluut; page 1 holds two.
    assert detail["ids"] == [cases["school"].id, cases["swv_phase"].id]
    assert detail["filters"] == {"status": "open", "per_page": 2}
