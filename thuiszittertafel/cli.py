"""The `thuiszittertafel` command."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import clock
from .config import Settings


def cmd_db_upgrade(args, settings: Settings) -> int:
    from .core.migrate import upgrade

    upgrade(settings.database_url, args.revision)
    print(f"Database bijgewerkt tot {args.revision}.")
    return 0


def cmd_db_backup(args, settings: Settings) -> int:
    from .backup import backup

    return _backup_command(
        lambda: backup(settings.database_url, Path(args.to)),
        lambda cases: f"Backup gemaakt: {args.to} ({cases} casussen).",
    )


def cmd_db_restore(args, settings: Settings) -> int:
    from .backup import restore

    return _backup_command(
        lambda: restore(settings.database_url, Path(args.source)),
        lambda cases: (
            f"Hersteld uit {args.source}: {cases} casussen. Is de backup van een"
            " oudere versie, draai dan eerst `thuiszittertafel db upgrade`."
        ),
    )


def _backup_command(run: Callable[[], int], done: Callable[[int], str]) -> int:
    """Run a backup or restore: its message on success (0), its Dutch refusal (2)."""
    from .backup import BackupError

    try:
        cases = run()
    except BackupError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(done(cases))
    return 0


def cmd_user_create(args, settings: Settings) -> int:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from .auth.services import create_user
    from .core.errors import ValidationFailed
    from .extensions import make_engine
    from .organisations.models import Organisation

    engine = make_engine(settings.database_url)
    with Session(engine) as session:
        org = session.scalar(select(Organisation).where(Organisation.name == args.organisation))
        if org is None:
            print(f"Organisatie '{args.organisation}' bestaat niet.", file=sys.stderr)
            return 2
        password = args.password or _ask_password()
        try:
            user = create_user(
                session,
                username=args.username,
                name=args.name,
                password=password,
                organisation=org,
                roles=args.role,
                email=args.email,
                now=clock.now(),
            )
        except ValidationFailed as exc:
            for message in exc.errors.values():
                print(message, file=sys.stderr)
            return 2
        # The same action and detail as the beheer page's "account toevoegen".
        _cli_audit(
            session, settings, "users.add", "user", user.id, {"roles": user.roles, "org_id": org.id}
        )
        session.commit()
        print(f"Gebruiker {user.username} aangemaakt bij {org.name}.")
    return 0


def _ask_password() -> str:
    import getpass

    first = getpass.getpass("Wachtwoord: ")
    if getpass.getpass("Nogmaals: ") != first:
        raise SystemExit("De wachtwoorden zijn niet gelijk.")
    return first


def cmd_audit_verify(args, settings: Settings) -> int:
    from sqlalchemy.orm import Session

    from .audit.services import verify
    from .extensions import make_engine

    if not settings.audit_key_is_own:
        print(
            "Let op: THUISZITTERTAFEL_AUDIT_KEY is niet gezet; het auditlog is verzegeld met"
            " de SECRET_KEY. Zet een eigen sleutel (zie SECURITY.md).",
            file=sys.stderr,
        )
    # Settings.__post_init__ falls back to the secret key: the audit key is always set.
    assert settings.audit_key is not None
    with Session(make_engine(settings.database_url)) as session:
        problems = verify(session, settings.audit_key, settings.secret_key)
    if problems:
        print(f"Het auditlog is niet heel: {len(problems)} problemen.", file=sys.stderr)
        for problem in problems[:100]:
            print(f"- {problem}", file=sys.stderr)
        return 1
    print("Auditlog in orde: elke regel klopt met zijn zegel en de keten is compleet.")
    return 0


def _embedded_scheduler(settings: Settings) -> None:
    """`serve` and `demo` run the escalation pass in-process unless a separate scheduler is
    configured (THUISZITTERTAFEL_SCHEDULER=external; the default for PostgreSQL)."""
    from .escalation.scheduler import mode

    if mode(settings) == "embedded":
        settings.extra["ESCALATION_SCHEDULER_EMBEDDED"] = True


def cmd_escalations_run(args, settings: Settings) -> int:
    from datetime import datetime

    from .escalation.jobs import run_escalations
    from .extensions import make_engine, socketio

    now = None
    if args.now:
        try:
            now = datetime.fromisoformat(args.now)
        except ValueError:
            print(
                f"--now '{args.now}' is geen ISO-8601-tijdstip, bijvoorbeeld"
                " 2026-11-25T09:00:00+01:00.",
                file=sys.stderr,
            )
            return 2
        if now.tzinfo is None:
            now = now.replace(tzinfo=clock.LOCAL_TZ)
    live = bool(settings.redis_url)
    if live:
        socketio.init_app(None, message_queue=settings.redis_url, channel=settings.socketio_channel)
    result = run_escalations(make_engine(settings.database_url), settings, now, live=live)
    print(
        json.dumps(
            {
                "as_of": result.now.isoformat(),
                "due": result.due,
                "recorded": result.recorded,
                "notifications": result.notifications,
            }
        )
    )
    return 0


def cmd_retention_run(args, settings: Settings) -> int:
    from .extensions import make_engine
    from .retention.jobs import run_retention

    engine = make_engine(settings.database_url)
    result = run_retention(engine, settings, dry_run=args.dry_run, batch_size=args.batch_size)
    verb = "zouden worden geanonimiseerd" if args.dry_run else "geanonimiseerd"
    print(
        f"Bewaartermijn {settings.retention_years} jaar (gesloten voor"
        f" {result.cutoff.date().isoformat()}): {len(result.cases)} casussen {verb}."
    )
    for case_id, closed_at in result.cases:
        print(f"casus {case_id}\tgesloten {closed_at.date().isoformat()}")
    return 0


def cmd_cases_check(args, settings: Settings) -> int:
    from sqlalchemy.orm import Session

    from .cases.check import findings
    from .extensions import make_engine

    with Session(make_engine(settings.database_url)) as session:
        found = list(findings(session, clock.today()))
    if args.json:
        print(
            json.dumps(
                [{"case_id": f.case_id, "problem": f.problem} for f in found],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for f in found:
            print(f"casus {f.case_id}: {f.problem}")
        print(f"{len(found)} punt(en) om na te kijken." if found else "Alle open casussen kloppen.")
    return 0


def cmd_region_set(args, settings: Settings) -> int:
    """Per gemeente: the vast aanspreekpunt leerplicht and the kwalificatieplicht org."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from .auth.models import User
    from .core.errors import DomainError, ValidationFailed
    from .extensions import make_engine
    from .organisations.models import Municipality, Organisation
    from .organisations.services import apply_region_settings

    with Session(make_engine(settings.database_url)) as session:
        muni = session.scalar(select(Municipality).where(Municipality.name == args.gemeente))
        if muni is None:
            print(f"Gemeente '{args.gemeente}' bestaat niet.", file=sys.stderr)
            return 2
        data = {
            "leerplicht_contact_user_id": muni.leerplicht_contact_user_id,
            "kwalificatieplicht_org_id": muni.kwalificatieplicht_org_id,
        }
        if args.contact is not None:
            user = session.scalar(select(User).where(User.username == args.contact))
            if args.contact != "-" and user is None:
                print(f"Gebruiker '{args.contact}' bestaat niet.", file=sys.stderr)
                return 2
            data["leerplicht_contact_user_id"] = user.id if user else None
        if args.kwalificatieplicht is not None:
            org = session.scalar(
                select(Organisation).where(Organisation.name == args.kwalificatieplicht)
            )
            if args.kwalificatieplicht != "-" and org is None:
                print(f"Organisatie '{args.kwalificatieplicht}' bestaat niet.", file=sys.stderr)
                return 2
            data["kwalificatieplicht_org_id"] = org.id if org else None
        try:
            apply_region_settings(session, muni.id, data)
        except DomainError as exc:
            errors = exc.errors.values() if isinstance(exc, ValidationFailed) else [exc.message]
            for message in errors:
                print(message, file=sys.stderr)
            return 2
        # The same action and detail as /beheer/gemeenten.
        _cli_audit(session, settings, "region.municipality", "municipality", muni.id, data)
        session.commit()
        print(f"Instellingen voor {muni.name} opgeslagen.")
    return 0


def _fail(exc) -> int:
    """A refused change: its Dutch messages on stderr, exit 2 (bad input)."""
    from .core.errors import ValidationFailed

    for message in exc.errors.values() if isinstance(exc, ValidationFailed) else [exc.message]:
        print(message, file=sys.stderr)
    return 2


def _sso_command(settings: Settings, work) -> int:
    """One single sign-on change in one transaction; a refusal prints its Dutch messages."""
    from sqlalchemy.orm import Session

    from .core.errors import ValidationFailed
    from .extensions import make_engine

    with Session(make_engine(settings.database_url)) as session:
        try:
            done = work(session)
        except ValidationFailed as exc:
            print("\n".join(exc.errors.values()), file=sys.stderr)
            return 2
        session.commit()
    print(done)
    return 0


def _cli_audit(session, settings: Settings, action: str, object_type: str, object_id, detail):
    """The administrator's change from the command line, in the audit log (no account)."""
    from .audit import services as audit

    assert settings.audit_key is not None  # Settings falls back to the secret key
    audit.record(
        session,
        key=settings.audit_key,
        actor=None,
        action=action,
        now=clock.now(),
        object_type=object_type,
        object_id=object_id,
        detail={"via": "cli", **detail},
    )


def _by_name(session, model, column, value: str, what: str):
    from sqlalchemy import select

    found = session.scalar(select(model).where(column == value))
    if found is None:
        print(f"{what} '{value}' bestaat niet.", file=sys.stderr)
    return found


def cmd_org_list(args, settings: Settings) -> int:
    from sqlalchemy.orm import Session

    from .extensions import make_engine
    from .organisations.admin import organisations

    with Session(make_engine(settings.database_url)) as session:
        rows: list[dict[str, Any]] = [
            {
                "id": o.id,
                "name": o.name,
                "kind": o.kind.value,
                "municipalities": o.served_municipality_names(),
                "active": o.active,
            }
            for o in organisations(session)
        ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        state = "" if r["active"] else "\tuitgezet"
        print(f"{r['name']}\t{r['kind']}\t{', '.join(r['municipalities'])}{state}")
    return 0


def cmd_org_add(args, settings: Settings) -> int:
    from sqlalchemy.orm import Session

    from .core.errors import DomainError
    from .extensions import make_engine
    from .organisations import admin
    from .organisations.models import Municipality, Organisation

    with Session(make_engine(settings.database_url)) as session:
        munis = [
            _by_name(session, Municipality, Municipality.name, g, "Gemeente")
            for g in args.gemeente or []
        ]
        swv = (
            _by_name(session, Organisation, Organisation.name, args.swv, "Organisatie")
            if args.swv
            else None
        )
        if None in munis or (args.swv and swv is None):
            return 2
        data = {
            "name": args.name,
            "kind": args.kind,
            "municipality_ids": [m.id for m in munis],
            "municipality_id": munis[0].id if args.kind == "school" and munis else None,
            "swv_id": swv.id if swv else None,
            "education_types": args.onderwijs or [],
            "sector": args.sector,
            "school_region": args.regio,
        }
        try:
            org = admin.add_organisation(session, data)
        except DomainError as exc:
            return _fail(exc)
        _cli_audit(session, settings, "region.organisation.add", "organisation", org.id, {})
        session.commit()
        print(f"Organisatie {org.name} ({org.kind_label.lower()}) toegevoegd.")
    return 0


def cmd_org_active(args, settings: Settings) -> int:
    from sqlalchemy.orm import Session

    from .core.errors import DomainError
    from .extensions import make_engine
    from .organisations.admin import set_organisation_active
    from .organisations.models import Organisation

    on = args.org_command == "activate"
    with Session(make_engine(settings.database_url)) as session:
        org = _by_name(session, Organisation, Organisation.name, args.name, "Organisatie")
        if org is None:
            return 2
        try:
            org, ended = set_organisation_active(session, org.id, on, now=clock.now())
        except DomainError as exc:
            return _fail(exc)
        action = "region.organisation.activate" if on else "region.organisation.deactivate"
        _cli_audit(session, settings, action, "organisation", org.id, {"accounts_off": ended})
        session.commit()
        done = (
            f"{args.name} is weer actief; de accounts blijven uit tot een beheerder ze aanzet."
            if on
            else f"{args.name} is uitgezet, met {len(ended)} account(s)."
        )
    if ended:
        _revoked_everywhere(settings)
    print(done)
    return 0


def _revoked_everywhere(settings: Settings) -> None:
    """Tell the web processes to re-check their live connections now (through Redis);
    without Redis they do so within seconds anyway (auth.live_guard)."""
    if settings.redis_url:
        import redis

        try:
            redis.Redis.from_url(settings.redis_url).publish(
                settings.socketio_channel + "-revoked", "1"
            )
        except redis.RedisError:
            print(
                "Let op: Redis is niet bereikbaar; de webprocessen beëindigen de live"
                " verbindingen binnen enkele seconden.",
                file=sys.stderr,
            )


def cmd_user_set_active(args, settings: Settings) -> int:
    from sqlalchemy.orm import Session

    from .auth.admin import last_region_admin, set_account_active
    from .auth.models import User
    from .extensions import make_engine

    words = {"ja": True, "true": True, "aan": True, "nee": False, "false": False, "uit": False}
    if args.active.lower() not in words:
        print("Kies 'ja' (kan inloggen) of 'nee' (uitgezet).", file=sys.stderr)
        return 2
    on = words[args.active.lower()]
    with Session(make_engine(settings.database_url)) as session:
        user = _by_name(session, User, User.username, args.username.lower(), "Gebruiker")
        if user is None:
            return 2
        if not on and last_region_admin(session, user):
            print(
                "Dit is het laatste account met functioneel beheer; wijs eerst een ander aan.",
                file=sys.stderr,
            )
            return 2
        set_account_active(session, user, on, clock.now())
        action = "users.activate" if on else "users.deactivate"
        _cli_audit(session, settings, action, "user", user.id, {})
        session.commit()
        name = user.username
    if not on:
        _revoked_everywhere(settings)
    print(
        f"{name} kan weer inloggen."
        if on
        else f"{name} is uitgezet; sessies en tokens zijn beëindigd."
    )
    return 0


def cmd_user_roles(args, settings: Settings) -> int:
    from sqlalchemy.orm import Session

    from .auth.admin import last_region_admin
    from .auth.models import ROLE_LABELS, Role, User, UserRole
    from .extensions import make_engine

    valid = [r.value for r in Role]
    bad = [r for r in args.role if r not in valid]
    if bad:
        print(f"Onbekende rol '{bad[0]}'; kies uit: {', '.join(valid)}.", file=sys.stderr)
        return 2
    with Session(make_engine(settings.database_url)) as session:
        user = _by_name(session, User, User.username, args.username.lower(), "Gebruiker")
        if user is None:
            return 2
        if Role.functioneel_beheer.value not in args.role and last_region_admin(session, user):
            print(
                "Dit is het laatste account met functioneel beheer; wijs eerst een ander aan.",
                file=sys.stderr,
            )
            return 2
        user.role_rows = [UserRole(role=r) for r in sorted(set(args.role))]
        session.flush()
        _cli_audit(session, settings, "users.roles", "user", user.id, {"roles": user.roles})
        session.commit()
        labels = ", ".join(ROLE_LABELS[Role(r)] for r in user.roles)
        print(f"Rollen van {user.username}: {labels}.")
    return 0


def cmd_sso_set(args, settings: Settings) -> int:
    """An organisation's OpenID Connect provider (single sign-on); the secret is never shown."""
    from .auth import oidc

    secret = args.client_secret
    if secret == "-":  # from standard input: not visible in the process list
        secret = sys.stdin.readline().strip()

    def work(session) -> str:
        org = oidc.organisation_named(session, args.org)
        provider = oidc.configure(
            session,
            org,
            issuer=args.issuer,
            client_id=args.client_id,
            client_secret=secret,
            scopes=args.scopes,
            enabled=args.enabled,
            now=clock.now(),
        )
        detail = {"org_id": org.id, "provider": oidc.describe(provider)}
        if secret is not None:
            detail["client_secret"] = "gewijzigd"  # that it changed, never the secret
        _cli_audit(session, settings, "sso.provider.set", "identity_provider", provider.id, detail)
        return f"Inlogdienst van {org.name}: {oidc.describe(provider)}."

    return _sso_command(settings, work)


def cmd_sso_list(args, settings: Settings) -> int:
    from .auth import oidc

    def work(session) -> str:
        lines = [f"{p.organisation.name}: {oidc.describe(p)}" for p in oidc.providers(session)]
        return "\n".join(lines) or "Geen inlogdiensten ingesteld."

    return _sso_command(settings, work)


def cmd_user_link_sso(args, settings: Settings) -> int:
    """Link an account to its subject at its organisation's provider (or unlink it)."""
    from .auth import oidc

    def work(session) -> str:
        user = oidc.user_named(session, args.username)
        provider = oidc.link(session, user, None if args.remove else args.subject)
        detail = {"issuer": user.oidc_issuer, "subject": user.oidc_subject}
        _cli_audit(session, settings, "sso.user.linked", "user", user.id, detail)
        if provider is None:
            return f"Gebruiker {user.username} is niet meer gekoppeld aan een inlogdienst."
        return f"Gebruiker {user.username} gekoppeld aan {provider.issuer} ({args.subject})."

    return _sso_command(settings, work)


NO_AUDIT_KEY = (
    "THUISZITTERTAFEL_AUDIT_KEY is niet gezet: het auditlog wordt verzegeld met de"
    " SECRET_KEY, zodat wie die sleutel heeft ook de zegels kan namaken."
)


def _audit_key_refused(settings: Settings) -> bool:
    """A live site (HTTPS=1) does not start without an audit key of its own; any other
    `serve` or scheduler warns and falls back to the secret key (SECURITY.md). The demo and
    the tests never come here without their own settings."""
    if settings.audit_key_is_own:
        return False
    if settings.https:
        print(
            f"{NO_AUDIT_KEY} Met THUISZITTERTAFEL_HTTPS=1 (een site in gebruik) start de"
            " server daarom niet. Zet een eigen sleutel, voor alle processen dezelfde,"
            " vóór de eerste start (zie SECURITY.md).",
            file=sys.stderr,
        )
        return True
    print(f"Let op: {NO_AUDIT_KEY} Zet een eigen sleutel (zie SECURITY.md).", file=sys.stderr)
    return False


def cmd_scheduler(args, settings: Settings) -> int:
    import logging

    from .escalation.scheduler import run_dedicated

    if _audit_key_refused(settings):
        return 2

    logging.basicConfig(level=logging.INFO)
    run_dedicated(settings)
    return 0


def _regions(value: str) -> int:
    """`--regions`: a whole number from 1 to 1,000."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if not 1 <= number <= 1000:
        raise argparse.ArgumentTypeError(
            f"ongeldig aantal regio's: {value!r}; geef een geheel getal van 1 tot en met 1000"
        )
    return number


def cmd_demo_data(args, settings: Settings) -> int:
    from .core.migrate import upgrade
    from .demo.bulk import generate

    upgrade(settings.database_url)
    started = time.monotonic()
    counts = generate(
        settings,
        cases=args.cases,
        seed=args.seed,
        regions=args.regions,
        progress=lambda done: print(
            f"{done} casussen ({time.monotonic() - started:.0f} s)", file=sys.stderr, flush=True
        ),
    )
    print(json.dumps(counts))
    return 0


def cmd_serve(args, settings: Settings) -> int:
    from .server import serve

    if _audit_key_refused(settings):
        return 2
    _embedded_scheduler(settings)

    serve(settings, host=args.host, port=args.port, threads=args.threads)
    return 0


def cmd_demo(args, settings: Settings) -> int:
    import os

    from .core.migrate import upgrade
    from .demo import time_shift
    from .demo.seed import seed_if_empty

    try:
        shift = time_shift.requested(
            args.clock or os.environ.get(time_shift.ENV), settings.database_url
        )
    except time_shift.Refused as refusal:
        print(refusal, file=sys.stderr)
        return 2
    upgrade(settings.database_url)
    accounts = seed_if_empty(settings)  # at the real time: the moved clock shows time passing
    if shift:
        clock.shift(shift)
    if args.json:
        print(json.dumps({"accounts": accounts}, ensure_ascii=False, indent=2))
    elif args.seed_only:
        print(account_table(accounts))
    if args.seed_only:
        return 0
    from .core.dates import nl_date
    from .server import serve

    _embedded_scheduler(settings)
    settings.extra["DEMO_SERVER"] = True  # the account table at /demo, on this server only
    url = f"http://{args.host}:{args.port}/"

    def ready() -> None:
        # After gunicorn's start-up lines, so the table does not scroll away under them.
        moved = (
            f"Demo-klok: {shift.days} dagen vooruit, het is hier {nl_date(clock.today())}.\n\n"
            if shift
            else ""
        )
        print(
            f"\nThuiszittertafel draait op {url}\n\n{moved}{account_table(accounts)}\n\n"
            f"Deze lijst staat ook op {url}demo. Stoppen: Ctrl+C.\n",
            flush=True,
        )

    serve(settings, host=args.host, port=args.port, on_ready=None if args.json else ready)
    return 0


def account_table(accounts: list[dict]) -> str:
    """The demo accounts as a plain-text table (the same as /demo shows)."""
    lines = ["Demo-accounts (gebruikersnaam / wachtwoord / organisatie, rollen):"]
    lines += [
        f"  {a['username']:<24} {a['password']:<18} {a['organisation']} ({', '.join(a['roles'])})"
        for a in accounts
    ]
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thuiszittertafel", description="Gedeelde casustafel voor thuiszitters."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="demo-regio vullen (als leeg) en starten")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=5000)
    demo.add_argument("--seed-only", action="store_true", help="alleen vullen, niet starten")
    demo.add_argument("--json", action="store_true", help="accounts als JSON tonen")
    demo.add_argument(
        "--clock",
        metavar="+3w",
        help="de demo dagen of weken vooruit laten lopen, bijvoorbeeld +3w of +10d (ook:"
        " THUISZITTERTAFEL_DEMO_CLOCK); alleen met de eigen SQLite-database van de demo",
    )
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="productieserver met Socket.IO")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=5000)
    serve.add_argument(
        "--threads",
        type=int,
        default=100,
        help="threads = gelijktijdige live verbindingen per proces",
    )
    serve.set_defaults(func=cmd_serve)

    db = sub.add_parser("db", help="database")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    up = db_sub.add_parser("upgrade", help="migraties uitvoeren")
    up.add_argument("revision", nargs="?", default="head")
    up.set_defaults(func=cmd_db_upgrade)
    dump = db_sub.add_parser(
        "backup", help="backup maken (SQLite: online backup; PostgreSQL: pg_dump)"
    )
    dump.add_argument("--to", required=True, metavar="BESTAND", help="nieuw bestand")
    dump.set_defaults(func=cmd_db_backup)
    load = db_sub.add_parser("restore", help="backup terugzetten in een lege database")
    load.add_argument(
        "--from", dest="source", required=True, metavar="BESTAND", help="backupbestand"
    )
    load.set_defaults(func=cmd_db_restore)

    user = sub.add_parser("user", help="gebruikers")
    user_sub = user.add_subparsers(dest="user_command", required=True)
    create = user_sub.add_parser("create", help="gebruiker aanmaken")
    create.add_argument("username")
    create.add_argument("--name", required=True)
    create.add_argument("--organisation", required=True, help="naam van de organisatie")
    create.add_argument(
        "--role",
        action="append",
        required=True,
        help="rol (herhaalbaar): medewerker, coordinator, beheerder, …",
    )
    create.add_argument("--email")
    create.add_argument("--password", help="anders wordt erom gevraagd")
    create.set_defaults(func=cmd_user_create)
    set_active = user_sub.add_parser("set-active", help="account aan- of uitzetten")
    set_active.add_argument("username")
    set_active.add_argument("active", metavar="ja|nee", help="ja: kan inloggen; nee: uitgezet")
    set_active.set_defaults(func=cmd_user_set_active)
    roles = user_sub.add_parser("roles", help="de rollen van een account vervangen")
    roles.add_argument("username")
    roles.add_argument("--role", action="append", required=True, help="rol (herhaalbaar)")
    roles.set_defaults(func=cmd_user_roles)

    org = sub.add_parser("org", help="organisaties")
    org_sub = org.add_subparsers(dest="org_command", required=True)
    olist = org_sub.add_parser("list", help="alle organisaties")
    olist.add_argument("--json", action="store_true", help="als JSON")
    olist.set_defaults(func=cmd_org_list)
    oadd = org_sub.add_parser("add", help="organisatie toevoegen")
    oadd.add_argument("name")
    oadd.add_argument(
        "--kind",
        required=True,
        help="school, swv, wijkteam, ggd, doorstroompunt, leerplicht of gemeente",
    )
    oadd.add_argument(
        "--gemeente",
        action="append",
        help="bediende gemeente (herhaalbaar); bij een school: haar gemeente",
    )
    oadd.add_argument("--swv", help="school: naam van het samenwerkingsverband")
    oadd.add_argument(
        "--onderwijs",
        action="append",
        help="school: onderwijssoort (herhaalbaar): po, so, vo, vso, mbo",
    )
    oadd.add_argument("--sector", help="samenwerkingsverband: po of vo")
    oadd.add_argument("--regio", default="midden", help="vakantieregio: noord, midden of zuid")
    oadd.set_defaults(func=cmd_org_add)
    for verb, text in (
        ("deactivate", "organisatie en haar accounts uitzetten"),
        ("activate", "organisatie weer aanzetten"),
    ):
        act = org_sub.add_parser(verb, help=text)
        act.add_argument("name")
        act.set_defaults(func=cmd_org_active)

    link = user_sub.add_parser(
        "link-sso", help="account koppelen aan de inlogdienst van zijn organisatie"
    )
    link.add_argument("--username", required=True)
    who = link.add_mutually_exclusive_group(required=True)
    who.add_argument("--subject", help="het 'sub' van de gebruiker bij de inlogdienst")
    who.add_argument("--remove", action="store_true", help="koppeling verwijderen")
    link.set_defaults(func=cmd_user_link_sso)

    sso = sub.add_parser("sso", help="inloggen via de inlogdienst van een organisatie (OIDC)")
    sso_sub = sso.add_subparsers(dest="sso_command", required=True)
    sso_set = sso_sub.add_parser("set", help="inlogdienst van een organisatie instellen")
    sso_set.add_argument("--org", required=True, help="naam van de organisatie")
    sso_set.add_argument("--issuer", help="issuer-adres, bijvoorbeeld https://login.example.nl")
    sso_set.add_argument("--client-id")
    sso_set.add_argument("--client-secret", help="'-': lees het geheim van standaardinvoer")
    sso_set.add_argument("--scopes", help="extra scopes naast openid, gescheiden door spaties")
    on_off = sso_set.add_mutually_exclusive_group()
    on_off.add_argument("--enable", dest="enabled", action="store_const", const=True)
    on_off.add_argument("--disable", dest="enabled", action="store_const", const=False)
    sso_set.set_defaults(func=cmd_sso_set, enabled=None)
    sso_list = sso_sub.add_parser("list", help="ingestelde inlogdiensten (zonder geheimen)")
    sso_list.set_defaults(func=cmd_sso_list)

    esc = sub.add_parser("escalations", help="herinneringen en opschaling")
    esc_sub = esc.add_subparsers(dest="escalations_command", required=True)
    run = esc_sub.add_parser("run", help="één escalatiepass (idempotent)")
    run.add_argument("--now", help="peilmoment, ISO-8601 (standaard: nu)")
    run.set_defaults(func=cmd_escalations_run)

    cases = sub.add_parser("cases", help="casussen")
    cases_sub = cases.add_subparsers(dest="cases_command", required=True)
    check = cases_sub.add_parser(
        "check", help="open casussen die niet (meer) kloppen met de wet of de regels"
    )
    check.add_argument("--json", action="store_true", help="als JSON")
    check.set_defaults(func=cmd_cases_check)

    retention = sub.add_parser("retention", help="bewaartermijn van gesloten casussen")
    retention_sub = retention.add_subparsers(dest="retention_command", required=True)
    rrun = retention_sub.add_parser(
        "run", help="gesloten casussen na de bewaartermijn anonimiseren (idempotent)"
    )
    rrun.add_argument(
        "--dry-run", action="store_true", help="alleen tonen welke casussen zouden gaan"
    )
    rrun.add_argument("--batch-size", type=int, default=100, help="casussen per transactie")
    rrun.set_defaults(func=cmd_retention_run)

    region = sub.add_parser("region", help="regio-instellingen per gemeente")
    region_sub = region.add_subparsers(dest="region_command", required=True)
    rset = region_sub.add_parser(
        "set", help="vast aanspreekpunt leerplicht en kwalificatieplicht van een gemeente"
    )
    rset.add_argument("gemeente", help="officiële naam, bijvoorbeeld 'West Betuwe'")
    rset.add_argument("--contact", help="gebruikersnaam van het vaste aanspreekpunt ('-': geen)")
    rset.add_argument(
        "--kwalificatieplicht", help="naam van de leerplichtorganisatie voor 16-17 ('-': eigen)"
    )
    rset.set_defaults(func=cmd_region_set)

    scheduler = sub.add_parser("scheduler", help="aparte scheduler (escalatiepass elke 5 min)")
    scheduler.set_defaults(func=cmd_scheduler)

    bulk = sub.add_parser("demo-data", help="veel realistische casussen (benchmarks)")
    bulk.add_argument("--cases", type=int, required=True)
    bulk.add_argument("--seed", type=int, default=1)
    bulk.add_argument(
        "--regions",
        type=_regions,
        default=1,
        help="over hoeveel regio's de casussen verdeeld worden: de demoregio en kopieën ervan"
        " (een grote regio heeft ~2.500 casussen per jaar)",
    )
    bulk.set_defaults(func=cmd_demo_data)

    audit = sub.add_parser("audit", help="auditlog")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_sub.add_parser("verify", help="zegels van het auditlog controleren")
    verify.set_defaults(func=cmd_audit_verify)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings.from_env()
    clock.set_timezone(settings.timezone)
    return args.func(args, settings)


if __name__ == "__main__":
    sys.exit(main())
