"""Test harness: the same suite on SQLite and PostgreSQL, factories and login helpers.

PostgreSQL comes from THUISZITTERTAFEL_TEST_POSTGRES_URL (default: the local server as user
postgres). Without a reachable server the PostgreSQL half skips with the reason — except
under CI=true, where a missing service fails the run.
"""

from __future__ import annotations

import itertools
import os
import re
import time
from datetime import UTC, date, datetime

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from tests.contract import ContractClient
from tests.live import AUDIT_KEY, SECRET_KEY
from thuiszittertafel import clock, create_app
from thuiszittertafel.agreements.next_term import stale_next_due
from thuiszittertafel.audit.services import verify
from thuiszittertafel.auth.models import User, UserRole
from thuiszittertafel.config import Settings
from thuiszittertafel.core.migrate import upgrade
from thuiszittertafel.escalation.model import load as load_model
from thuiszittertafel.extensions import db
from thuiszittertafel.models import metadata
from thuiszittertafel.organisations.models import Municipality, Organisation, OrgKind

PASSWORD = "wachtwoord-voor-tests"
# Argon2id with the lightest parameters (the world's and the authorisation matrix's
# accounts): verifying reads them from the hash, so the suite's thousands of logins cost
# milliseconds instead of 0.2 s each (on a 2-core CI machine that was a good part of the
# run). The app's own hashes (a password set or changed in a test, the demo's) keep the
# strong defaults.
PASSWORD_HASH = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
FROZEN_NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
IN_CI = os.environ.get("CI", "").lower() == "true"
POSTGRES_URL = os.environ.get(
    "THUISZITTERTAFEL_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def _admin_url():
    return make_url(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))


def create_postgres_database(purpose: str) -> str:
    """Create a fresh database for this test process and return its URL, or skip/fail."""
    url = _admin_url()
    name = f"tzt_{purpose}_{_worker()}_{os.getpid()}"
    try:
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
    except Exception as exc:  # noqa: BLE001 - any connection failure means "no server"
        reason = f"PostgreSQL niet bereikbaar op {url.render_as_string()}: {exc}"
        if IN_CI:
            pytest.fail(f"CI=true maar {reason}", pytrace=False)
        pytest.skip(reason)
    return url.set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(database_url: str) -> None:
    name = make_url(database_url).database
    admin = create_engine(_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def sqlite_database_url(tmp_path_factory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def database_url(backend, tmp_path_factory):
    url = (
        create_postgres_database("test")
        if backend == "postgresql"
        else sqlite_database_url(tmp_path_factory)
    )
    upgrade(url)  # the schema always comes from the migrations
    yield url
    if backend == "postgresql":
        db.dispose()
        drop_postgres_database(url)


@pytest.fixture(scope="session")
def app(database_url):
    settings = Settings(
        database_url=database_url, secret_key=SECRET_KEY, audit_key=AUDIT_KEY, testing=True
    )
    application = create_app(settings)
    # Every /api/v1 response the suite receives is checked against the OpenAPI document.
    application.test_client_class = ContractClient
    yield application
    db.dispose()


@pytest.fixture(autouse=True)
def fresh_login_limits():
    """Failed-login and live-join counts (in memory in the test process) start empty for
    every test."""
    from thuiszittertafel.auth.limits import failed_logins, live_joins

    failed_logins.reset()
    live_joins.reset()
    yield


@pytest.fixture(autouse=True)
def frozen_clock():
    clock.freeze(FROZEN_NOW)
    yield FROZEN_NOW
    clock.freeze(None)


@pytest.fixture
def session(app, request):
    """The app's scoped session inside an app context; all rows are wiped afterwards, once
    the audit chain the test wrote is found whole under the audit key (the test settings
    keep it apart from the secret key, so a row sealed with the wrong key fails here)."""
    with app.app_context():
        yield db.session
        db.session.rollback()
        problems: list[str] = []
        stale_terms: list[int] = []
        try:
            if request.node.get_closest_marker("audit_tampered") is None:
                problems = [str(p) for p in verify(db.session, AUDIT_KEY)]
            stale_terms = list(db.session.scalars(stale_next_due()))
        finally:
            db.session.rollback()  # the check's read must not hold up the wipe
            _wipe(db.engine)
            db.scoped.remove()
        assert problems == [], "het auditlog klopt niet onder de auditsleutel"
        # Every path that changes agreements keeps Case.next_due_at and open_agreements
        # (agreements/next_term.py).
        assert stale_terms == [], (
            f"next_due_at of open_agreements wijkt af van de afspraken bij casussen {stale_terms}"
        )


def _wipe(engine) -> None:
    """Empty every table. A live server process may still be finishing a socket event
    (presence on disconnect), so a lock conflict is retried rather than failing the test."""
    tables = [t.name for t in reversed(metadata.sorted_tables)]
    for attempt in range(10):
        try:
            with engine.begin() as conn:
                if engine.dialect.name == "postgresql":
                    conn.execute(
                        text("TRUNCATE " + ", ".join(tables) + " RESTART IDENTITY CASCADE")
                    )
                else:
                    for name in tables:
                        conn.execute(text(f"DELETE FROM {name}"))
            return
        except OperationalError:
            if attempt == 9:
                raise
            time.sleep(0.2)


@pytest.fixture
def model():
    return load_model()


_seq = itertools.count(1)


@pytest.fixture
def make_municipality(session):
    def make(name: str | None = None) -> Municipality:
        m = Municipality(name=name or f"Gemeente {next(_seq)}")
        session.add(m)
        session.flush()
        return m

    return make


@pytest.fixture
def make_org(session):
    def make(
        kind: OrgKind | str,
        name: str | None = None,
        *,
        municipality=None,
        swv=None,
        serves=(),
        education_types=None,
    ) -> Organisation:
        kind = OrgKind(kind)
        org = Organisation(
            name=name or f"{kind.value} {next(_seq)}",
            kind=kind,
            municipality=municipality,
            swv=swv,
            education_types=education_types,
            school_region="midden",
        )
        org.municipalities = list(serves)
        session.add(org)
        session.flush()
        return org

    return make


@pytest.fixture
def make_user(session):
    def make(
        org: Organisation, *roles: str, username: str | None = None, name: str | None = None
    ) -> User:
        username = username or f"user{next(_seq)}"
        user = User(
            username=username,
            name=name or username.capitalize(),
            org_id=org.id,
            password_hash=PASSWORD_HASH,
            active=True,
            created_at=clock.now(),
            email=f"{username}@example.test",
        )
        user.organisation = org
        user.role_rows = [UserRole(role=r) for r in (roles or ("medewerker",))]
        session.add(user)
        session.flush()
        return user

    return make


class World:
    """A small region: two municipalities, one SWV, schools, and every kind of partner."""

    def __init__(self, make_municipality, make_org, make_user):
        self.zaltbommel = make_municipality("Zaltbommel")
        self.tiel = make_municipality("Tiel")
        self.elders = make_municipality("Elders")
        self.swv = make_org("swv", "SWV Rivierenland", serves=[self.zaltbommel, self.tiel])
        self.other_swv = make_org("swv", "SWV Elders", serves=[self.elders])
        self.school = make_org(
            "school", "Lingeborgh", municipality=self.zaltbommel, swv=self.swv, education_types="vo"
        )
        self.school2 = make_org(
            "school", "RSG Lingecollege", municipality=self.tiel, swv=self.swv, education_types="vo"
        )
        self.far_school = make_org(
            "school",
            "Verre School",
            municipality=self.elders,
            swv=self.other_swv,
            education_types="po",
        )
        self.leerplicht = make_org(
            "leerplicht", "Team Leerplicht Rivierenland", serves=[self.zaltbommel, self.tiel]
        )
        self.other_leerplicht = make_org("leerplicht", "Leerplicht Elders", serves=[self.elders])
        self.wijkteam = make_org("wijkteam", "Wijkteam Zaltbommel", serves=[self.zaltbommel])
        self.ggd = make_org("ggd", "GGD Gelderland-Zuid", serves=[self.zaltbommel, self.tiel])
        self.doorstroompunt = make_org(
            "doorstroompunt", "Doorstroompunt Rivierenland", serves=[self.zaltbommel, self.tiel]
        )
        self.gemeente = make_org("gemeente", "Gemeente Zaltbommel", serves=[self.zaltbommel])
        u = make_user
        self.teacher = u(self.school, "medewerker", username="mentor")
        self.zorgco = u(self.school, "coordinator", username="zorgco")
        self.school2_worker = u(self.school2, "medewerker", username="school2")
        self.far_worker = u(self.far_school, "medewerker", username="ver")
        self.swv_coordinator = u(self.swv, "coordinator", username="swvco")
        self.swv_worker = u(self.swv, "medewerker", username="swvmw")
        self.other_swv_coordinator = u(self.other_swv, "coordinator", username="anderswv")
        self.lpa = u(self.leerplicht, "medewerker", username="lpa")
        self.other_lpa = u(self.other_leerplicht, "medewerker", username="lpaelders")
        self.wijkteam_worker = u(self.wijkteam, "medewerker", username="wijk")
        self.ggd_doctor = u(self.ggd, "medewerker", username="jeugdarts")
        self.doorstroom_worker = u(self.doorstroompunt, "medewerker", username="doorstroom")
        self.gemeente_worker = u(self.gemeente, "medewerker", username="gemeente")
        self.privacy_officer = u(self.gemeente, "privacy", username="privacy")


@pytest.fixture
def world(make_municipality, make_org, make_user) -> World:
    return World(make_municipality, make_org, make_user)


@pytest.fixture
def make_case(session, model):
    """Open a case through the intake service, as `actor` (default: the world's mentor)."""
    from thuiszittertafel.cases.intake import open_case

    def make(
        actor: User,
        *,
        given_name: str | None = None,
        family_name: str = "Jansen",
        birth_date: date = date(2011, 5, 4),
        municipality: Municipality | None = None,
        school: Organisation | None = None,
        kind: str = "relatief",
        absent_since: date = date(2026, 11, 2),
        education_type: str = "vo",
        **extra,
    ) -> object:
        data = {
            "given_name": given_name or f"Kind{next(_seq)}",
            "family_name": family_name,
            "birth_date": birth_date.isoformat(),
            "municipality_id": str(
                (
                    municipality
                    or actor.organisation.municipality
                    or actor.organisation.municipalities[0]
                ).id
            ),
            "education_type": education_type,
            "kind": kind,
            "absent_since": absent_since.isoformat(),
        }
        if school is not None:
            data["school_org_id"] = str(school.id)
        elif kind != "absoluut" and actor.organisation.kind == OrgKind.school:
            data["school_org_id"] = str(actor.org_id)
        data.update({k: str(v) for k, v in extra.items()})
        case = open_case(session, actor, data, now=clock.now(), model=model)
        session.commit()
        return case

    return make


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _fresh_request_globals() -> None:
    """Test requests share the test's app context, where Flask-Login and Flask-WTF cache the
    user and CSRF token in `g`; clear them so each request stands on its own."""
    from flask import g, has_app_context

    if has_app_context():
        g.pop("_login_user", None)
        g.pop("csrf_token", None)


class Browser:
    """A Flask test client that logs in through the real form and sends CSRF tokens."""

    def __init__(self, client):
        self.client = client
        self.csrf_token: str | None = None

    def login(self, user: User, password: str = PASSWORD):
        _fresh_request_globals()
        page = self.client.get("/inloggen")
        token = CSRF_RE.search(page.get_data(as_text=True)).group(1)
        response = self.client.post(
            "/inloggen", data={"username": user.username, "password": password, "csrf_token": token}
        )
        self.csrf_token = token
        return response

    def get(self, url: str, **kw):
        _fresh_request_globals()
        return self.client.get(url, **kw)

    def post(self, url: str, data: dict | None = None, **kw):
        _fresh_request_globals()
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token)
        return self.client.post(url, data=data, **kw)


@pytest.fixture
def browser(app, session):
    def make(user: User | None = None) -> Browser:
        b = Browser(app.test_client())
        if user is not None:
            response = b.login(user)
            assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return b

    return make


@pytest.fixture
def case(session, world, make_case):
    """Maxime's case at the school, with leerplicht involved (its contact: world.lpa)."""
    from thuiszittertafel.cases.participation import add_participation

    c = make_case(world.teacher, given_name="Maxime", family_name="de Vries")
    add_participation(
        session,
        world.teacher,
        c,
        "participant",
        {"org_id": world.leerplicht.id, "contact_user_id": world.lpa.id},
        now=clock.now(),
    )
    session.commit()
    return c


def meeting_and_consultation(session, world):
    """A draft meeting chaired by the SWV coordinator and the teacher's consultation with
    leerplicht, committed: where the last one-time keys apply (invitations, agenda)."""
    from thuiszittertafel.consultations import services as consultation_services
    from thuiszittertafel.meetings import services as meeting_services

    (meeting,) = meeting_services.create_meeting(
        session,
        world.swv_coordinator,
        {"kind": "thuiszitterstafel", "title": "Tafel", "starts_at": "2026-12-02T14:00"},
        now=clock.now(),
    )
    consultation = consultation_services.open_consultation(
        session,
        world.teacher,
        {
            "partner_org_id": world.leerplicht.id,
            "description": "Veel ziekteverzuim",
            "age": 13,
            "education_type": "vo",
            "municipality_id": world.zaltbommel.id,
        },
        now=clock.now(),
    )
    session.commit()
    return meeting, consultation


@pytest.fixture
def case_with_ggd(session, world, make_case):
    """Maxime's case at the school, with the GGD involved (parents' consent)."""
    from thuiszittertafel.cases.participation import add_participation

    case = make_case(world.teacher, given_name="Maxime")
    add_participation(
        session,
        world.teacher,
        case,
        "participant",
        {"org_id": world.ggd.id, "consent_basis": "toestemming-ouders-en-jongere"},
        now=clock.now(),
    )
    session.commit()
    return case


@pytest.fixture(scope="session")
def server(database_url, tmp_path_factory):
    """A real server process (gunicorn, threads) on the test database, one per backend."""
    from tests.live import ServerProcess

    process = ServerProcess(
        database_url, tmp_path_factory.mktemp("live"), frozen_at=FROZEN_NOW
    ).start()
    yield process
    process.stop()


REDIS_URL = os.environ.get("THUISZITTERTAFEL_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture(scope="session")
def redis_url():
    """The Redis for scale-out tests; skipped with the reason when absent (failed in CI)."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError as exc:
        if IN_CI:
            pytest.fail(f"CI=true maar Redis is niet bereikbaar op {REDIS_URL}: {exc}")
        pytest.skip(f"Redis niet bereikbaar op {REDIS_URL}: {exc}")
    return REDIS_URL


@pytest.fixture(scope="session")
def two_servers(database_url, redis_url, tmp_path_factory):
    """Two web processes on one database, with Redis between them (scale-out)."""
    from tests.live import ServerProcess

    logs = tmp_path_factory.mktemp("scaleout")
    servers = [
        ServerProcess(database_url, logs, redis_url=redis_url, frozen_at=FROZEN_NOW)
        for _ in range(2)
    ]
    try:
        for s in servers:
            s.start()
        yield servers
    finally:
        for s in servers:
            s.stop()


@pytest.fixture
def live_clients(session):
    """live_clients(cls, server, user): a logged-in socket client; all closed afterwards."""
    from thuiszittertafel.auth.services import issue_token

    opened = []

    def make(cls, server, user):
        token, _ = issue_token(session, user, clock.now())
        session.commit()
        client = cls(server.url, token)
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.close()
