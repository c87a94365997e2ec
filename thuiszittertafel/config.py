"""Settings from THUISZITTERTAFEL_* environment variables, with safe defaults."""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

PREFIX = "THUISZITTERTAFEL_"


def default_data_dir() -> Path:
    """Where the embedded SQLite database lives when nothing else is configured."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "thuiszittertafel"


def default_database_url() -> str:
    return f"sqlite:///{default_data_dir() / 'thuiszittertafel.db'}"


def _secret_key(data_dir: Path) -> str:
    """Keep a generated key beside the embedded database so sessions survive restarts."""
    path = data_dir / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        path.write_text(key)
        path.chmod(0o600)
        return key


@dataclass
class Settings:
    database_url: str
    secret_key: str
    redis_url: str | None = None
    smtp_url: str | None = None
    escalation_model: str | None = None
    timezone: str = "Europe/Amsterdam"
    # Served over HTTPS (directly or behind a TLS-terminating proxy): cookies only over
    # HTTPS, and browsers are told to keep using HTTPS (HSTS).
    https: bool = False
    # How many proxies (load balancers) in front set X-Forwarded-For/-Proto; 0: none.
    proxies: int = 0
    testing: bool = False
    extra: dict = field(default_factory=dict)
    # The audit log's own key (issue 15; DESIGN names none): THUISZITTERTAFEL_AUDIT_KEY,
    # else the secret key — then one leaked key forges both sessions and audit seals, so
    # `audit verify` warns. All processes of an installation need the same key.
    audit_key: str | None = None
    # Sessions end after this many idle minutes and at most this many hours after login.
    session_idle_minutes: int = 30
    session_max_hours: int = 12
    # Roles that must use two-factor in every organisation (organisations: /beheer).
    two_factor_roles: tuple[str, ...] = ()
    # Live rooms (case, meeting, consultation) one user may join per minute.
    live_joins_per_minute: int = 60
    # Closed cases are anonymised this many years after closing (retention/services.py).
    retention_years: int = 5

    def __post_init__(self) -> None:
        self.audit_key_is_own = bool(self.audit_key)
        if not self.audit_key:
            self.audit_key = self.secret_key

    @property
    def socketio_channel(self) -> str:
        """The Redis channel: one per database, so web processes and the scheduler of one
        installation share it and two installations on one Redis never hear each other."""
        digest = hashlib.sha256(self.database_url.encode()).hexdigest()[:12]
        return f"thuiszittertafel-{digest}"

    @classmethod
    def from_env(cls, env: os._Environ | dict | None = None) -> Settings:
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(PREFIX + name)
            return value.strip() if value and value.strip() else None

        database_url = get("DATABASE_URL") or default_database_url()
        secret_key = get("SECRET_KEY") or _secret_key(default_data_dir())
        return cls(
            database_url=normalise_database_url(database_url),
            secret_key=secret_key,
            redis_url=get("REDIS_URL"),
            smtp_url=get("SMTP_URL"),
            escalation_model=get("ESCALATION_MODEL"),
            timezone=get("TIMEZONE") or "Europe/Amsterdam",
            https=(get("HTTPS") or "").lower() in ("1", "true", "ja", "yes"),
            proxies=_count(get("PROXIES"), "PROXIES"),
            audit_key=get("AUDIT_KEY"),
            session_idle_minutes=_count(get("SESSION_IDLE_MINUTES"), "SESSION_IDLE_MINUTES") or 30,
            session_max_hours=_count(get("SESSION_MAX_HOURS"), "SESSION_MAX_HOURS") or 12,
            retention_years=_count(get("RETENTION_YEARS"), "RETENTION_YEARS") or 5,
            live_joins_per_minute=_count(get("LIVE_JOINS_PER_MINUTE"), "LIVE_JOINS_PER_MINUTE")
            or 60,
            two_factor_roles=tuple(
                r.strip() for r in (get("TWO_FACTOR_ROLES") or "").split(",") if r.strip()
            ),
        )


def _count(value: str | None, name: str) -> int:
    if value is None:
        return 0
    if not value.isdigit():
        raise ValueError(
            f"{PREFIX}{name} moet een geheel getal zijn (bijvoorbeeld 1), niet '{value}'."
        )
    return int(value)


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whichever spelling the operator wrote."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
