"""The demo's content is data (demo/data/*.toml, issue 10 item 4): every file parses, and
every name in it refers to something that exists, so a typo fails here, not in the seed."""

from __future__ import annotations

from importlib.resources import files

import pytest

from thuiszittertafel.cases.vocabulary import (
    ABSENCE_REPORT_TYPES,
    BLOCKER_KINDS,
    CASE_KINDS,
    EDUCATION_TYPES,
    OUTCOMES,
)
from thuiszittertafel.demo import region, stories
from thuiszittertafel.demo.cases import SITUATIONS, SPECS
from thuiszittertafel.demo.content import load
from thuiszittertafel.notes.models import CATEGORIES, SCOPES
from thuiszittertafel.organisations.models import OrgKind

ORGS = {o.key for o in region.ORGANISATIONS}
USERS = {a.username for a in region.ACCOUNTS}


def test_every_data_file_is_in_the_package_and_parses():
    data = files("thuiszittertafel.demo").joinpath("data")
    names = sorted(p.name.removesuffix(".toml") for p in data.iterdir() if p.name.endswith(".toml"))
    assert names == ["activity", "agreements", "cases", "pupils", "region"]
    stories_dir = data.joinpath("stories")
    assert sorted(p.name for p in stories_dir.iterdir()) == [
        f"{s}.toml" for s in sorted(stories.STORIES)
    ]
    for name in names:
        assert load(name)


def test_region_refers_to_itself():
    for org in region.ORGANISATIONS:
        assert OrgKind(org.kind)
        assert org.swv is None or org.swv in ORGS
        assert set(org.serves) <= set(region.MUNICIPALITIES) | {region.ZWOLLE}
    assert {a.org for a in region.ACCOUNTS} <= ORGS
    assert set(region.LPA_FOR) == set(region.MUNICIPALITIES)
    assert set(region.LPA_FOR.values()) <= USERS


@pytest.mark.parametrize("name", stories.STORIES)
def test_story_steps_name_known_steps_people_and_organisations(name):
    story = load(f"stories/{name}")
    assert story["municipality"] in region.MUNICIPALITIES
    for case in story["cases"]:
        assert case["by"] in USERS and case["kind"] in CASE_KINDS
        assert case["edu"] in EDUCATION_TYPES and case.get("school", "swv") in ORGS
        agos = [step["ago"] for step in case["steps"]]
        assert agos == sorted(agos, reverse=True), "steps in time order"
        for step in case["steps"]:
            assert step["do"] in stories.STEPS, step
            for key in ("by", "user"):
                assert step.get(key, "privacy") in USERS, step
            assert step.get("org", "swv") in ORGS, step
            if step["do"] == "note":
                assert step["category"] in CATEGORIES and step.get("scope", "betrokkenen") in SCOPES
                assert step["text"].strip()
            if step["do"] == "close":
                assert step["outcome"] in OUTCOMES
            if step["do"] == "blocker":
                assert step["kind"] in BLOCKER_KINDS


def test_generated_cases_and_activity_refer_to_what_exists():
    for spec in SPECS:
        assert spec.situation in SITUATIONS and spec.kind in CASE_KINDS
        assert spec.outcome is None or spec.outcome in OUTCOMES
        assert set(spec.blockers) <= set(BLOCKER_KINDS) and set(spec.ended) <= set(spec.blockers)
        assert spec.melding is None or spec.melding in ABSENCE_REPORT_TYPES
        assert spec.school is None or spec.school in ORGS
    assert {s.melding for s in SPECS if s.melding} == set(ABSENCE_REPORT_TYPES)
    activity = load("activity")
    for c in activity["consultations"]:
        assert c["by"] in USERS and c["partner"] in ORGS
        assert c["municipality"] in region.MUNICIPALITIES
        assert {m["by"] for m in c["messages"]} <= USERS
    for z in activity["zat"]:
        assert z["school"] in ORGS and z["chair"] in USERS and set(z["also"]) <= USERS
    assert set(activity["table"]["attendees"]) <= USERS and activity["table"]["chair"] in USERS
    lines = load("agreements")["lines"]
    assert all(OrgKind(kind) for kind in lines)


def test_pupil_totals_cover_every_gemeente_of_the_region():
    from thuiszittertafel.demo.content import load

    data = load("pupils")
    for year in ("this_year", "last_year"):
        assert sorted(data[year]) == sorted(region.MUNICIPALITIES)
