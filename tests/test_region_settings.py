"""Who is told per gemeente (DESIGN §4a): functioneel beheer sets the vast aanspreekpunt
leerplicht on /beheer/gemeenten (or with `thuiszittertafel region set`); a melding then
reaches that person, not the coordinators; others find no page."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

from sqlalchemy import select

from tests.live import cli_env
from thuiszittertafel import clock
from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.cases.leerplicht import record_absence_report
from thuiszittertafel.notifications.models import Notification
from thuiszittertafel.organisations.models import Municipality


def test_the_vast_aanspreekpunt_gets_the_melding(session, world, make_case, make_user, browser):
    teammanager = make_user(world.leerplicht, "coordinator", username="teammanager")
    other_lpa = make_user(world.leerplicht, "medewerker", username="lpa2")
    beheer = make_user(world.gemeente, "functioneel-beheer", username="fb")
    session.commit()
    for user in (world.lpa, world.teacher):  # others find no page
        assert browser(user).get("/beheer/gemeenten").status_code == 404
    b = browser(beheer)
    page = b.get("/beheer/gemeenten").get_data(as_text=True)
    assert "Zaltbommel" in page and other_lpa.name in page
    # Someone who is no leerplicht of Zaltbommel is refused, in Dutch, and nothing changes.
    refused = b.post(
        f"/beheer/gemeenten/{world.zaltbommel.id}",
        {"leerplicht_contact_user_id": str(world.other_lpa.id)},
    )
    assert refused.status_code == 400 and "Er is niets gewijzigd." in refused.get_data(as_text=True)
    session.expire_all()
    assert session.get(Municipality, world.zaltbommel.id).leerplicht_contact_user_id is None
    saved = b.post(
        f"/beheer/gemeenten/{world.zaltbommel.id}",
        {"leerplicht_contact_user_id": str(other_lpa.id)},
    )
    assert saved.status_code == 302
    case = make_case(world.teacher, absent_since=date(2026, 11, 16))
    record_absence_report(
        session,
        world.teacher,
        case,
        "participant",
        {"type": "wettelijk", "hours": "16"},
        now=clock.now(),
    )
    session.commit()
    told = session.scalars(
        select(Notification.user_id).where(Notification.kind == "absence_report")
    ).all()
    assert told == [other_lpa.id]  # not the teammanager, not the other lpa
    assert teammanager.id not in told


def test_the_cli_sets_and_clears(session, world, make_user, database_url):
    other_lpa = make_user(world.leerplicht, "medewerker", username="lpa2")
    session.commit()
    env = cli_env(database_url)
    cli = [sys.executable, "-m", "thuiszittertafel.cli", "region", "set", "Zaltbommel"]
    ok = subprocess.run([*cli, "--contact", "lpa2"], env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    session.expire_all()
    assert session.get(Municipality, world.zaltbommel.id).leerplicht_contact_user_id == (
        other_lpa.id
    )
    wrong = subprocess.run([*cli, "--contact", "mentor"], env=env, capture_output=True, text=True)
    assert wrong.returncode == 2 and "leerplichtambtenaar" in wrong.stderr
    cleared = subprocess.run([*cli, "--contact", "-"], env=env, capture_output=True, text=True)
    assert cleared.returncode == 0
    session.expire_all()
    assert session.get(Municipality, world.zaltbommel.id).leerplicht_contact_user_id is None
    # Both changes are in the audit log as the page's are (no account: the command line);
    # the refused one is not.
    rows = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "region.municipality").order_by(AuditEntry.id)
    ).all()
    assert [(r.user_id, r.object_type, r.object_id) for r in rows] == [
        (None, "municipality", world.zaltbommel.id)
    ] * 2
    assert [json.loads(r.detail)["leerplicht_contact_user_id"] for r in rows] == [
        other_lpa.id,
        None,
    ]
    assert all(json.loads(r.detail)["via"] == "cli" for r in rows)
