"""Escalation test helpers: a case with an agreement, and a pass as of a given moment."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.live import AUDIT_KEY, SECRET_KEY, cli_env
from thuiszittertafel import clock
from thuiszittertafel.agreements.services import create_agreement
from thuiszittertafel.cases.queries import get_case
from thuiszittertafel.config import Settings
from thuiszittertafel.escalation.jobs import run_escalations
from thuiszittertafel.extensions import db

AMS = ZoneInfo("Europe/Amsterdam")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=AMS)


def run_processes(database_url: str, now: datetime, count: int = 2) -> list[dict]:
    """`count` × `thuiszittertafel escalations run --now` at the same moment; their results."""
    env = cli_env(database_url)
    env.pop("THUISZITTERTAFEL_REDIS_URL", None)
    cmd = [
        sys.executable,
        "-m",
        "thuiszittertafel.cli",
        "escalations",
        "run",
        "--now",
        now.isoformat(),
    ]
    procs = [
        subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(count)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    return [json.loads(out.strip().splitlines()[-1]) for out, _ in outs]


@pytest.fixture
def agree(session, world):
    def make(case, due_at="2026-12-04", user=None, **data):
        user = user or world.teacher
        _, access = get_case(session, user, case.id)
        a = create_agreement(
            session,
            user,
            case,
            access,
            {
                "description": "Gesprek met ouders",
                "owner_org_id": world.school.id,
                "owner_user_id": world.teacher.id,
                "due_at": due_at,
                **data,
            },
            now=clock.now(),
        )
        session.commit()
        return a

    return make


@pytest.fixture
def run(app, session, database_url):
    """run(now) → one pass as of `now`, like `thuiszittertafel escalations run --now`."""

    def go(now, smtp_url=None, **options):
        session.commit()
        settings = Settings(
            database_url=database_url, secret_key=SECRET_KEY, audit_key=AUDIT_KEY, smtp_url=smtp_url
        )
        result = run_escalations(db.engine, settings, now, live=False, **options)
        session.expire_all()
        return result

    return go
