"""The `thuiszittertafel` command."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

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
        session.commit()
        print(f"Instellingen voor {muni.name} opgeslagen.")
    return 0


def cmd_scheduler(args, settings: Settings) -> int:
    import logging

    from .escalation.scheduler import run_dedicated

    logging.basicConfig(level=logging.INFO)
    run_dedicated(settings)
    return 0


def cmd_demo_data(args, settings: Settings) -> int:
    from .core.migrate import upgrade
    from .demo.bulk import generate

    upgrade(settings.database_url)
    started = time.monotonic()
    counts = generate(
        settings,
        cases=args.cases,
        seed=args.seed,
        progress=lambda done: print(
            f"{done} casussen ({time.monotonic() - started:.0f} s)", file=sys.stderr, flush=True
        ),
    )
    print(json.dumps(counts))
    return 0


def cmd_serve(args, settings: Settings) -> int:
    from .server import serve

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
