"""Retention: closed cases anonymised five years after closing, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from tests.live import AUDIT_KEY, SECRET_KEY, cli_env
from tests.reports.test_jaarverslag import figures
from tests.retention.conftest import NOW, details
from thuiszittertafel.agreements.models import Agreement, AgreementOccurrence, TermChange
from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.audit.services import verify
from thuiszittertafel.cases.models import Blocker, Case, CaseEvent, Consent, Party, Pupil
from thuiszittertafel.config import Settings
from thuiszittertafel.notes.models import Note
from thuiszittertafel.reports import jaarverslag, telling
from thuiszittertafel.reports.schoolyear import SchoolYear
from thuiszittertafel.retention import services
from thuiszittertafel.retention.jobs import run_retention

KEY = AUDIT_KEY  # the test settings' audit key (not the secret key)


def texts(session, case_id: int) -> list:
    """Every free text stored under a case and its pupil's name."""
    case = session.get(Case, case_id)
    agreements = select(Agreement.id).where(Agreement.case_id == case_id)
    return [
        case.pupil.given_name,
        case.pupil.family_name,
        case.summary,
        *session.scalars(select(Note.body).where(Note.case_id == case_id)),
        *session.scalars(select(Agreement.description).where(Agreement.case_id == case_id)),
        *session.scalars(
            select(AgreementOccurrence.result).where(
                AgreementOccurrence.agreement_id.in_(agreements)
            )
        ),
        *session.scalars(select(TermChange.reason).where(TermChange.agreement_id.in_(agreements))),
        *session.execute(
            select(Party.name, Party.contact, Party.note).where(Party.case_id == case_id)
        ).one(),
        *session.execute(
            select(Consent.given_by, Consent.note).where(Consent.case_id == case_id)
        ).one(),
        *session.scalars(select(Blocker.note).where(Blocker.case_id == case_id)),
        *session.scalars(select(CaseEvent.description).where(CaseEvent.case_id == case_id)),
    ]


def retention_audit(session) -> list[dict]:
    rows = session.scalars(
        select(AuditEntry).where(AuditEntry.action.like("retention.%")).order_by(AuditEntry.id)
    )
    return [{"action": r.action, **json.loads(r.detail)} for r in rows]


def test_dry_run_lists_what_would_go_and_changes_nothing(session, designed):
    p = designed
    before = {c.id: texts(session, c.id) for c in vars(p).values()}
    result = services.dry_run(session, now=NOW, years=5, audit_key=KEY)
    assert result.case_ids == [p.joris1.id, p.joris2.id, p.anna.id]
    assert [closed.date() for _, closed in result.cases] == [
        date(2021, 10, 5),
        date(2021, 11, 15),
        date(2021, 11, 24),
    ]
    session.expire_all()
    assert {c.id: texts(session, c.id) for c in vars(p).values()} == before
    assert (
        session.scalars(select(Case.anonymised_at).where(Case.anonymised_at.is_not(None))).all()
        == []
    )
    [entry] = retention_audit(session)
    assert entry["action"] == "retention.dry_run"
    assert entry["case_ids"] == result.case_ids
    assert entry["cutoff"].startswith("2021-11-25T09:00")


def test_run_anonymises_due_cases_only_once_and_keeps_the_log_whole(session, designed):
    p = designed
    kept = {c.id: texts(session, c.id) for c in (p.bram, p.open)}
    result = services.run(session, now=NOW, years=5, audit_key=KEY, batch_size=2)
    assert sorted(result.case_ids) == sorted([p.anna.id, p.joris1.id, p.joris2.id])
    session.expire_all()
    for case in (p.anna, p.joris1, p.joris2):
        stored = texts(session, case.id)
        assert not any(t and ("Anna" in t or "Joris" in t or "0612" in t) for t in stored), stored
        assert "06-12345678" not in stored
        row = session.get(Case, case.id)
        assert row.anonymised_at == NOW
        # What the reports count stays: dates, kind, outcome, the birth date.
        assert row.status == "closed" and row.outcome == "teruggeleid-zelfde-school"
        assert row.absent_since.year == 2021 and row.pupil.birth_date == date(2011, 5, 4)
    anna = session.get(Case, p.anna.id).pupil
    assert (anna.given_name, anna.family_name) == ("Geanonimiseerd", f"leerling {anna.id}")
    # Joris's two cases: still one child for the reports.
    j1, j2 = session.get(Case, p.joris1.id).pupil, session.get(Case, p.joris2.id).pupil
    assert j1.name == j2.name == f"Geanonimiseerd leerling {min(j1.id, j2.id)}"
    # The cases' copy of the name that search reads goes too; Bram's stays.
    copies = dict(session.execute(select(Case.id, Case.search_name)).all())
    assert copies[p.anna.id] == f"geanonimiseerd leerling {anna.id}"
    assert copies[p.joris1.id] == copies[p.joris2.id] == j1.search_name
    assert "bram" in copies[p.bram.id]
    # And the copy the name sort reads (on the pupil and the case).
    sorted_as = dict(session.execute(select(Case.id, Case.sort_name)).all())
    assert sorted_as[p.anna.id] == anna.sort_name == f"leerling {anna.id} geanonimiseerd"
    assert sorted_as[p.joris1.id] == sorted_as[p.joris2.id] == j1.sort_name
    assert "bram" in sorted_as[p.bram.id]
    assert {c.id: texts(session, c.id) for c in (p.bram, p.open)} == kept
    # One audit row per batch (2 + 1 cases), together every case once.
    runs = retention_audit(session)
    assert [r["action"] for r in runs] == ["retention.run", "retention.run"]
    assert sorted(i for r in runs for i in r["case_ids"]) == sorted(result.case_ids)
    # Again: nothing more to do, nothing recorded.
    again = services.run(session, now=NOW, years=5, audit_key=KEY)
    assert again.case_ids == [] and len(retention_audit(session)) == 2
    assert verify(session, KEY) == []


def test_open_cases_never_go_and_the_period_is_a_setting(session, designed):
    p = designed
    result = services.dry_run(session, now=datetime(2060, 1, 1, tzinfo=UTC), years=1, audit_key=KEY)
    assert p.open.id not in result.case_ids
    assert set(result.case_ids) == {p.anna.id, p.joris1.id, p.joris2.id, p.bram.id}
    assert services.dry_run(session, now=NOW, years=10, audit_key=KEY).case_ids == []
    assert Settings.from_env({"THUISZITTERTAFEL_DATABASE_URL": "sqlite://"}).retention_years == 5
    env = {"THUISZITTERTAFEL_DATABASE_URL": "sqlite://", "THUISZITTERTAFEL_RETENTION_YEARS": "7"}
    assert Settings.from_env(env).retention_years == 7
    with pytest.raises(ValueError, match="moet een geheel getal zijn"):
        Settings.from_env({**env, "THUISZITTERTAFEL_RETENTION_YEARS": "vijf"})


def test_past_school_year_telling_and_jaarverslag_are_the_same_after_anonymising(
    session, world, designed
):
    def counts():
        req = telling.parse_telling(world.lpa, {"school_year": "2021-2022"}, date(2026, 11, 25))
        return telling.leerplichttelling(session, world.lpa, req).rows()

    def yearly():
        r = jaarverslag.jaarverslag(session, world.lpa, SchoolYear(2021), date(2026, 11, 25))
        return figures(r, SchoolYear(2021), world.zaltbommel)

    before, before_year = counts(), yearly()
    # Pupils: Anna, Joris (two cases, once), Bram, Open; closed: Anna, Joris, Bram.
    assert before_year["cases"] == 4 and before_year["outcome.teruggeleid-zelfde-school"] == 3
    zaltbommel = next(r for r in before if r["municipality"] == "Zaltbommel")
    # The data counts something: Anna and Bram; Joris (two cases) and Open Ooms once each.
    assert zaltbommel["absoluut_verzuimers"] == 2
    assert (
        zaltbommel["langdurig_relatief_verzuimers"] == 2
    )  # Anna and Bram: the data counts something
    services.run(session, now=NOW, years=5, audit_key=KEY)
    session.expire_all()
    assert counts() == before
    assert yearly() == before_year


def test_two_processes_anonymise_each_case_exactly_once(session, world, make_case, database_url):
    cases = []
    for n in range(16):
        c = make_case(
            world.teacher,
            given_name=f"Kind{n}",
            family_name="Dubbel",
            absent_since=date(2019, 9, 1),
        )
        c.status, c.outcome = "closed", "isk"
        c.closed_at = datetime(2020, 1, 1 + n, 12, tzinfo=UTC)
        details(session, c, world.teacher, f"Kind{n} Dubbel")
        cases.append(c)
    still_open = make_case(world.teacher, given_name="Blijft", family_name="Open")
    session.commit()
    env = cli_env(database_url)
    command = [
        sys.executable,
        "-m",
        "thuiszittertafel.cli",
        "retention",
        "run",
        "--batch-size",
        "3",
    ]
    procs = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True) for _ in range(2)
    ]
    outputs = [proc.communicate(timeout=120)[0] for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], outputs
    session.expire_all()
    ids = [
        i for r in retention_audit(session) if r["action"] == "retention.run" for i in r["case_ids"]
    ]
    assert sorted(ids) == sorted(c.id for c in cases)  # every case once, by one of the two
    assert len(ids) == len(set(ids)) == 16
    assert session.get(Case, still_open.id).anonymised_at is None
    assert session.scalar(select(Pupil.given_name).where(Pupil.family_name == "Dubbel")) is None
    assert verify(session, KEY) == []


def test_job_dry_run_lists_ids_and_changes_nothing(session, designed, database_url):
    result = run_retention(
        _engine(database_url),
        Settings(database_url=database_url, secret_key=SECRET_KEY, audit_key=KEY),
        NOW,
        dry_run=True,
    )
    assert result.case_ids == [designed.joris1.id, designed.joris2.id, designed.anna.id]
    session.expire_all()
    assert session.get(Case, designed.anna.id).anonymised_at is None


def _engine(url):
    from thuiszittertafel.extensions import make_engine

    return make_engine(url)


def test_the_daily_scheduler_job_runs_retention(session, designed, database_url, frozen_clock):
    from apscheduler.schedulers.background import BackgroundScheduler

    from thuiszittertafel.retention.jobs import schedule

    scheduler = BackgroundScheduler(timezone="UTC")  # not started: the test runs the job
    settings = Settings(database_url=database_url, secret_key=SECRET_KEY, audit_key=KEY)
    schedule(scheduler, lambda: _engine(database_url), settings)
    [job] = scheduler.get_jobs()
    assert job.id == "retention" and job.trigger.interval.days == 1
    job.func()
    session.expire_all()
    assert session.get(Case, designed.anna.id).anonymised_at == NOW
    assert session.get(Case, designed.bram.id).anonymised_at is None


def test_cli_dry_run_prints_case_ids_and_closing_dates(
    session, designed, database_url, monkeypatch, capsys, frozen_clock
):
    from thuiszittertafel.cli import main

    monkeypatch.setenv("THUISZITTERTAFEL_DATABASE_URL", database_url)
    monkeypatch.setenv("THUISZITTERTAFEL_SECRET_KEY", SECRET_KEY)
    monkeypatch.setenv("THUISZITTERTAFEL_AUDIT_KEY", KEY)
    monkeypatch.setenv("THUISZITTERTAFEL_TIMEZONE", "Europe/Amsterdam")
    assert main(["retention", "run", "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "Bewaartermijn 5 jaar (gesloten voor 2021-11-25): 3 casussen zouden worden geanonimiseerd."
    )
    assert out[1:] == [
        f"casus {designed.joris1.id}\tgesloten 2021-10-05",
        f"casus {designed.joris2.id}\tgesloten 2021-11-15",
        f"casus {designed.anna.id}\tgesloten 2021-11-24",
    ]
    session.expire_all()
    assert session.get(Case, designed.anna.id).anonymised_at is None
