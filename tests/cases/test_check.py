"""`thuiszittertafel cases check`: open cases whose facts no longer fit are listed, not
changed; a case that fits is not listed."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

from tests.live import cli_env
from thuiszittertafel import clock
from thuiszittertafel.cases.check import findings
from thuiszittertafel.cases.models import Consent


def test_lists_what_does_not_fit_and_changes_nothing(session, world, make_case, database_url):
    fine = make_case(world.teacher, given_name="Sam", absent_since=date(2026, 11, 20))
    turned_18 = make_case(world.teacher, given_name="Tim", birth_date=date(2008, 11, 26))
    turned_18.pupil.birth_date = date(2008, 11, 1)  # opened in time, 18 since
    sick_or_not = make_case(
        world.teacher, given_name="Lotte", kind="dreigend", absent_since=date(2026, 9, 1)
    )
    vrijstelling = make_case(
        world.teacher, given_name="Noor", kind="vrijstelling-traject", absent_since=date(2026, 9, 1)
    )
    session.add(
        Consent(
            case_id=fine.id,
            org_id=world.wijkteam.id,
            basis="toestemming-jongere",  # a 15-year-old: parents and pupil
            given_on=date(2026, 11, 20),
            recorded_by_id=world.teacher.id,
        )
    )
    session.commit()
    found = {}
    for f in findings(session, clock.today()):
        found.setdefault(f.case_id, []).append(f.problem)
    assert set(found) == {fine.id, turned_18.id, sick_or_not.id, vrijstelling.id}
    assert "past niet bij de leeftijd" in found[fine.id][0]
    assert "18 jaar" in found[turned_18.id][0]
    assert "geoorloofd" in found[sick_or_not.id][0]
    assert "geen toegekende vrijstelling" in found[vrijstelling.id][0]
    # The command line says the same, as JSON, and changes nothing.
    env = cli_env(database_url)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.frozen_serve",
            clock.now().isoformat(),
            "cases",
            "check",
            "--json",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    listed = json.loads(run.stdout)
    assert {item["case_id"] for item in listed} == set(found)
    session.expire_all()
    assert session.get(type(fine), turned_18.id).status == "open"
