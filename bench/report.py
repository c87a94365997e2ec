"""Benchmark: the thuiszitter report, the leerplichttelling and the jaarverslag over 100k
cases (target: under 2 s).

    .venv/bin/python bench/report.py --cases 100000 [--runs 5] [--seed 1] [--database-url URL]
        [--only report,telling,jaarverslag]

`thuiszittertafel demo-data` makes open cases only (no closed cases, outcomes or blockers),
so this bench adds its own rows with bulk INSERTs on top of the seeded demo region, the
same for the same seed: cases spread over three school years, about half closed with an
outcome and a return date, a blocker on one case in three, participations of the school
and leerplicht (the visibility rules have something to check). The clock is frozen at
2026-11-25 like the tests; the report is for 2025-2026.

Per user (leerplicht, SWV coordinator) and per build it prints the median of --runs
builds (all SQL plus Python assembly) and a floor measured in the same run: a plain
`SELECT municipality, count(*) … GROUP BY` over the same visible cases of the year. The
ratio shows what the conditional counts, the law per case, blockers and durations cost on
top. Each figure also in CPU time of this process, steadier on a loaded machine (on
PostgreSQL the server's work is not in it). The leerplichttelling is the one of issue 13
(peildatum 31 July 2026, the user's gemeenten, handhaving for leerplicht); the jaarverslag
is two school years and regie, in pupils (bulk rows have no regie history: their present).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from thuiszittertafel import clock  # noqa: E402
from thuiszittertafel.auth.models import Role, User  # noqa: E402
from thuiszittertafel.cases.models import Blocker, Case, Participation, Pupil  # noqa: E402
from thuiszittertafel.cases.vocabulary import BLOCKER_KINDS, OUTCOMES  # noqa: E402
from thuiszittertafel.config import Settings  # noqa: E402
from thuiszittertafel.core import policy  # noqa: E402
from thuiszittertafel.core.migrate import upgrade  # noqa: E402
from thuiszittertafel.demo.seed import seed_if_empty  # noqa: E402
from thuiszittertafel.extensions import make_engine  # noqa: E402
from thuiszittertafel.organisations.models import (  # noqa: E402
    Organisation,
    OrgKind,
    organisation_municipalities,  # noqa: E402
)
from thuiszittertafel.reports.jaarverslag import jaarverslag  # noqa: E402
from thuiszittertafel.reports.schoolyear import SchoolYear  # noqa: E402
from thuiszittertafel.reports.services import thuiszitter_report  # noqa: E402
from thuiszittertafel.reports.telling import TellingRequest, leerplichttelling  # noqa: E402

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 25)
YEAR = SchoolYear(2025)
CHUNK = 5000


def load(session: Session, n: int, seed: int) -> None:
    rnd = random.Random(seed)
    schools = list(
        session.execute(
            select(Organisation.id, Organisation.municipality_id, Organisation.swv_id).where(
                Organisation.kind == OrgKind.school, Organisation.municipality_id.is_not(None)
            )
        )
    )
    leerplicht = dict(
        session.execute(
            select(organisation_municipalities.c.municipality_id, func.min(Organisation.id))
            .join(Organisation, Organisation.id == organisation_municipalities.c.organisation_id)
            .where(Organisation.kind == OrgKind.leerplicht)
            .group_by(organisation_municipalities.c.municipality_id)
        ).all()
    )
    author = session.scalar(select(func.min(User.id)))
    first_pupil = (session.scalar(select(func.max(Pupil.id))) or 0) + 1
    first_case = (session.scalar(select(func.max(Case.id))) or 0) + 1
    outcomes = list(OUTCOMES)
    pupils, cases, parts, blockers = [], [], [], []
    span = (TODAY - date(2024, 8, 1)).days
    for i in range(n):
        pid, cid = first_pupil + i, first_case + i
        school_id, muni_id, swv_id = rnd.choice(schools)
        absent = date(2024, 8, 1) + timedelta(days=rnd.randint(0, span - 1))
        kind = rnd.choices(
            ["relatief", "dreigend", "absoluut", "vrijstelling-traject"], [60, 25, 10, 5]
        )[0]
        pupils.append(
            {
                "id": pid,
                "given_name": "Kind",
                "family_name": f"B{i}",
                "birth_date": date(2011, 1, 1) + timedelta(days=rnd.randint(0, 2500)),
                "municipality_id": muni_id,
                "school_org_id": school_id,
                "education_type": rnd.choice(["po", "so", "vo", "vso", "mbo"]),
                "has_startkwalificatie": False,
            }
        )
        row = {
            "id": cid,
            "pupil_id": pid,
            "kind": kind,
            "status": "open",
            "absent_since": absent,
            "school_org_id": None if kind == "absoluut" else school_id,
            "swv_org_id": swv_id,
            "phase": rnd.randint(1, 5),
            "phase_since": absent,
            "phase_due_on": absent + timedelta(weeks=4),
            "lead_org_id": school_id,
            "lead_user_id": None,
            "escalated": False,
            "reported_by": "school",
            "summary": None,
            "opened_at": datetime.combine(absent, datetime.min.time(), UTC),
            "closed_at": None,
            "outcome": None,
            "education_resumed_on": None,
            "created_by_id": author,
        }
        back = absent + timedelta(days=rnd.randint(5, 250))
        if back < TODAY and rnd.random() < 0.6:
            outcome = rnd.choice(outcomes)
            row.update(
                status="closed",
                outcome=outcome,
                closed_at=datetime.combine(
                    back + timedelta(days=rnd.randint(0, 5)), datetime.min.time(), UTC
                ).replace(hour=14),
                education_resumed_on=back
                if outcome.startswith(("teruggeleid", "so-", "onderwijs"))
                else None,
            )
            if row["closed_at"] > NOW:
                row["closed_at"] = NOW
        cases.append(row)
        for org_id in (school_id, leerplicht.get(muni_id)):
            if org_id:
                parts.append({"case_id": cid, "org_id": org_id, "started_on": absent})
        if rnd.random() < 0.33:
            since = absent + timedelta(days=rnd.randint(0, 30))
            if since <= TODAY:
                until = since + timedelta(days=rnd.randint(1, 120))
                blockers.append(
                    {
                        "case_id": cid,
                        "kind": rnd.choice(list(BLOCKER_KINDS)),
                        "since": since,
                        "until": until if until <= TODAY else None,
                        "recorded_by_id": author,
                    }
                )
    for model, rows in (
        (Pupil, pupils),
        (Case, cases),
        (Participation, parts),
        (Blocker, blockers),
    ):
        for start in range(0, len(rows), CHUNK):
            session.execute(insert(model), rows[start : start + CHUNK])
    session.commit()


def floor_query(session: Session, actor: User) -> None:
    """The cheapest honest answer: visible cases of the year, counted per municipality."""
    start, _ = YEAR.instants()
    stmt = (
        policy.visible_cases(actor)
        .with_only_columns(Pupil.municipality_id, func.count())
        .where(Case.absent_since <= YEAR.end, (Case.status == "open") | (Case.closed_at >= start))
        .group_by(Pupil.municipality_id)
    )
    session.execute(stmt).all()


def _report(session: Session, user: User) -> int:
    return thuiszitter_report(session, user, YEAR, TODAY).total["cases"]


def _telling(session: Session, user: User) -> int:
    """The leerplichttelling of 2025-2026 for the user's gemeenten; its size: pupils
    counted as absoluut or langdurig relatief verzuimer."""
    municipalities = tuple(sorted(user.organisation.municipalities, key=lambda m: m.name))
    handhaving = user.organisation.kind == OrgKind.leerplicht
    req = TellingRequest(YEAR, YEAR.end, municipalities, handhaving=handhaving)
    result = leerplichttelling(session, user, req)
    return sum(
        result.count(m.id, f)
        for m in municipalities
        for f in ("absoluut_verzuimers", "langdurig_relatief_verzuimers")
    )


def _jaarverslag(session: Session, user: User) -> int:
    r = jaarverslag(session, user, YEAR, TODAY)
    return r.count(None, "cases", YEAR)


BUILDS = {"report": _report, "telling": _telling, "jaarverslag": _jaarverslag}
UNITS = {"report": "cases", "telling": "verzuimers", "jaarverslag": "pupils"}


def timed(fn, runs: int) -> tuple[float, float]:
    """Medians of the wall-clock time and of this process's CPU time (on SQLite all the
    work; on a loaded, shared machine the steadier of the two)."""
    walls, cpus = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), statistics.median(cpus)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", help="an empty database (default: a fresh SQLite)")
    parser.add_argument("--only", default="report,telling,jaarverslag", help="builds to time")
    parser.add_argument(
        "--no-load",
        action="store_true",
        help="the database already holds the cases (an earlier run on the same --database-url)",
    )
    args = parser.parse_args()
    clock.freeze(NOW)
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    settings = Settings(database_url=url, secret_key="bench")
    upgrade(url)
    seed_if_empty(settings)
    engine = make_engine(url)
    with Session(engine) as session:
        t0 = time.perf_counter()
        loaded = "loaded before"
        if not args.no_load:
            load(session, args.cases, args.seed)
            loaded = f"{args.cases} loaded in {time.perf_counter() - t0:.1f} s, seed {args.seed}"
        total = session.scalar(select(func.count(Case.id)))
        print(f"database {engine.dialect.name}, {total} cases ({loaded})")
        users = {
            "leerplicht": session.scalars(
                select(User).join(Organisation).where(Organisation.kind == OrgKind.leerplicht)
            ).first(),
            "swv-coordinator": next(
                u
                for u in session.scalars(
                    select(User).join(Organisation).where(Organisation.kind == OrgKind.swv)
                )
                if u.has_role(Role.coordinator)
            ),
        }
        for name, user in users.items():
            floor, floor_cpu = timed(lambda u=user: floor_query(session, u), args.runs)
            for what in args.only.split(","):
                build = BUILDS[what]
                size = build(session, user)  # warm-up
                took, cpu = timed(lambda u=user, b=build: b(session, u), args.runs)
                print(
                    f"{name:16} {what:12} {size:>7} {UNITS[what]:10} in {YEAR.label}:"
                    f" median {took * 1000:6.0f} ms (cpu {cpu * 1000:6.0f}), floor"
                    f" {floor * 1000:5.0f} ms (cpu {floor_cpu * 1000:5.0f}), ratio"
                    f" {took / floor:5.1f} (cpu {cpu / floor_cpu:5.1f})  ({args.runs} runs)"
                )
    engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
