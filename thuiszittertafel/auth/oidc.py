"""Single sign-on with OpenID Connect (issue 15, item 3): one provider per organisation.

The authorization code flow with PKCE (S256), `state` and `nonce`; the ID token is checked
here, never taken on the provider's word: signature against the provider's published keys
(JWKS), issuer, audience (our client id), nonce, expiry. The provider's subject (`sub`) maps
to an existing, active account of that same organisation only, linked beforehand by an
administrator (`thuiszittertafel user link-sso`): a login never creates or links an account.

Two-factor: a login through an organisation's provider skips our own TOTP step; the
organisation relies on its provider's multi-factor authentication (README, SECURITY.md).
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from ipaddress import ip_address
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests
from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc6749.errors import OAuth2Error
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.errors import ValidationFailed
from ..organisations.models import Organisation
from .models import IdentityProvider, User

TIMEOUT = 10  # seconds for each call to a provider
METADATA_TTL = 3600  # seconds a provider's discovery document and keys are reused
LEEWAY = 60  # seconds of clock difference allowed on exp/iat/nbf
PENDING_FOR = 600  # seconds between leaving for the provider and coming back
# Only asymmetric signatures: a token signed with the client secret (HS256) or unsigned
# ("none") proves nothing about the provider.
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]

# Why a login through a provider was refused: the Dutch text the person reads.
REFUSALS = {
    "not-linked": "Uw account bij {org} is niet gekoppeld aan een account in Thuiszittertafel."
    " Vraag de beheerder van uw organisatie om uw account te koppelen en geef daarbij de"
    " code hieronder door.",
    "inactive": "Uw account in Thuiszittertafel is uitgezet. Vraag de beheerder van uw"
    " organisatie om het weer aan te zetten.",
    "state": "Deze inlogpoging is verlopen of hoort niet bij deze browser. Ga terug naar de"
    " inlogpagina en probeer het opnieuw.",
    "denied": "Het inloggen bij {org} is afgebroken of geweigerd. Ga terug naar de inlogpagina"
    " en probeer het opnieuw.",
    "token": "De aanmelding van {org} kon niet worden gecontroleerd, dus u bent niet"
    " ingelogd. Probeer het opnieuw; lukt het weer niet, meld het dan aan uw beheerder.",
    "unavailable": "De inlogdienst van {org} is nu niet bereikbaar. Probeer het later opnieuw"
    " of log in met uw gebruikersnaam en wachtwoord.",
    "disabled": "Inloggen via {org} staat uit. Log in met uw gebruikersnaam en wachtwoord.",
}


class SsoRefused(Exception):
    """A login through a provider that does not lead to a session; `reason` is a REFUSALS
    key, `detail` what the audit log keeps (never a token)."""

    def __init__(
        self, reason: str, *, user: User | None = None, subject: str | None = None, detail=""
    ):
        super().__init__(reason)
        self.reason = reason
        self.user = user
        self.subject = subject
        self.detail = detail

    @property
    def status(self) -> int:
        return {"unavailable": 502, "state": 400, "denied": 400}.get(self.reason, 403)

    def message(self, org_name: str) -> str:
        return REFUSALS[self.reason].format(org=org_name)


@dataclass(frozen=True)
class Pending:
    """What the browser's signed session keeps between leaving and coming back."""

    provider_id: int
    state: str
    nonce: str
    verifier: str
    next: str
    at: float

    def as_dict(self) -> dict:
        return self.__dict__.copy()

    @classmethod
    def of(cls, data: Any) -> Pending | None:
        try:
            return cls(**data)
        except TypeError:
            return None


def enabled_providers(session: Session) -> list[IdentityProvider]:
    """The providers the login page offers, by organisation name."""
    return list(
        session.scalars(
            select(IdentityProvider)
            .join(Organisation, Organisation.id == IdentityProvider.org_id)
            .where(IdentityProvider.enabled.is_(True))
            .order_by(Organisation.name)
        )
    )


# --- the provider's published documents (discovery, keys), cached per process -------------

_cache: dict[str, tuple[float, dict]] = {}
_cache_lock = threading.Lock()


def _get_json(url: str) -> dict:
    response = requests.get(url, timeout=TIMEOUT, headers={"Accept": "application/json"})
    response.raise_for_status()
    data = response.json()
    if not isinstance(data, dict):
        raise ValueError(f"{url}: geen JSON-object")
    return data


def _cached(url: str, *, force: bool = False) -> dict:
    with _cache_lock:
        hit = _cache.get(url)
    if hit and not force and time.monotonic() - hit[0] < METADATA_TTL:
        return hit[1]
    data = _get_json(url)
    with _cache_lock:
        _cache[url] = (time.monotonic(), data)
    return data


def metadata(issuer: str) -> dict:
    """The provider's discovery document; its issuer must be exactly the configured one
    (OpenID Connect Discovery §4.3), or a look-alike could stand in for it."""
    data = _cached(issuer.rstrip("/") + "/.well-known/openid-configuration")
    if data.get("issuer") != issuer:
        raise SsoRefused("token", detail="discovery issuer differs")
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(data.get(key), str):
            raise SsoRefused("unavailable", detail=f"discovery without {key}")
    return data


def key_set(meta: dict, *, force: bool = False) -> KeySet:
    return KeySet.import_key_set(_cached(meta["jwks_uri"], force=force))  # type: ignore[arg-type]


# --- the flow ------------------------------------------------------------------------------


def _client(provider: IdentityProvider, redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(
        provider.client_id,
        provider.client_secret,
        scope=provider.scopes,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_basic",
    )


def begin(
    provider: IdentityProvider, redirect_uri: str, next_url: str, now: datetime
) -> tuple[str, Pending]:
    """Where to send the browser, and what to remember until it comes back."""
    if not provider.enabled:
        raise SsoRefused("disabled")
    meta = _reachable(metadata, provider.issuer)
    pending = Pending(
        provider_id=provider.id,
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        verifier=secrets.token_urlsafe(64),
        next=next_url,
        at=now.timestamp(),
    )
    url, _ = _client(provider, redirect_uri).create_authorization_url(
        meta["authorization_endpoint"],
        state=pending.state,
        nonce=pending.nonce,
        code_verifier=pending.verifier,
    )
    return url, pending


def finish(
    session: Session,
    provider: IdentityProvider,
    pending: Pending,
    args: dict[str, str],
    redirect_uri: str,
    now: datetime,
) -> tuple[User, dict]:
    """The provider sent the browser back: check it, exchange the code, check the ID token
    and find the linked account. Returns the user and the token's claims."""
    if not hmac.compare_digest(args.get("state", ""), pending.state):
        raise SsoRefused("state", detail="state differs")
    if now.timestamp() - pending.at > PENDING_FOR:
        raise SsoRefused("state", detail="too late")
    if args.get("error"):
        raise SsoRefused("denied", detail=args["error"][:100])
    if not provider.enabled:
        raise SsoRefused("disabled")
    meta = _reachable(metadata, provider.issuer)
    try:
        token = _client(provider, redirect_uri).fetch_token(
            meta["token_endpoint"],
            grant_type="authorization_code",
            code=args.get("code", ""),
            code_verifier=pending.verifier,
            timeout=TIMEOUT,
        )
    except (OAuthError, OAuth2Error) as exc:
        raise SsoRefused("token", detail=f"token endpoint: {exc.error}") from exc
    except requests.RequestException as exc:
        raise SsoRefused("unavailable", detail="token endpoint unreachable") from exc
    if not token.get("id_token"):
        raise SsoRefused("token", detail="no id_token")
    claims = validate_id_token(
        token["id_token"],
        meta,
        client_id=provider.client_id,
        nonce=pending.nonce,
        now=now,
        access_token=token.get("access_token"),
    )
    return account_for(session, provider, claims["sub"]), claims


def _reachable(fetch, *args):
    try:
        return fetch(*args)
    except (requests.RequestException, ValueError) as exc:
        raise SsoRefused("unavailable", detail="provider unreachable") from exc


def validate_id_token(
    id_token: str,
    meta: dict,
    *,
    client_id: str,
    nonce: str,
    now: datetime,
    access_token: str | None = None,
) -> dict:
    """The token's claims once signature, issuer, audience, nonce and times hold."""
    registry = JWSRegistry(algorithms=ALGORITHMS, strict_check_header=False)
    try:
        try:
            decoded = jwt.decode(id_token, _reachable(key_set, meta), registry=registry)
        except JoseError as exc:
            if exc.error != "invalid_key_id":
                raise
            # The provider rotated its keys since we cached them: fetch them once more.
            fresh = _reachable(lambda: key_set(meta, force=True))
            decoded = jwt.decode(id_token, fresh, registry=registry)
        claims = CodeIDToken(
            decoded.claims,
            decoded.header,
            {
                "iss": {"essential": True, "value": meta["issuer"]},
                "aud": {"essential": True, "value": client_id},
                "nonce": {"essential": True, "value": nonce},
            },
            {"nonce": nonce, "client_id": client_id, "access_token": access_token},
        )
        claims.validate(now=int(now.timestamp()), leeway=LEEWAY)
    except (JoseError, ValueError) as exc:
        raise SsoRefused("token", detail=f"id_token: {_why(exc)}") from exc
    if not isinstance(claims.get("sub"), str) or not 0 < len(claims["sub"]) <= 255:
        raise SsoRefused("token", detail="id_token: sub")
    return dict(claims)


def _why(exc: Exception) -> str:
    """What failed, for the audit log: the error code and the claim, e.g. 'expired_token
    (exp)'."""
    claim = getattr(exc, "claim", None)
    code = str(getattr(exc, "error", None) or type(exc).__name__)[:80]
    return f"{code} ({claim})" if claim else code


def account_for(session: Session, provider: IdentityProvider, subject: str) -> User:
    """The active account of the provider's organisation linked to this subject."""
    user = session.scalar(
        select(User).where(User.oidc_issuer == provider.issuer, User.oidc_subject == subject)
    )
    if user is None or user.org_id != provider.org_id:
        detail = "linked to another organisation" if user else "subject not linked"
        raise SsoRefused("not-linked", subject=subject, detail=detail)
    if not user.active:
        raise SsoRefused("inactive", user=user, subject=subject, detail="account inactive")
    return user


def logout_target(
    session: Session, provider_id: object, post_logout_redirect_uri: str
) -> tuple[str, str] | None:
    """After our own logout of a single sign-on session: the provider's end-session address
    and the organisation's name (RP-initiated logout), when the provider offers one."""
    if not isinstance(provider_id, int):
        return None
    provider = session.get(IdentityProvider, provider_id)
    url = end_session_url(provider, post_logout_redirect_uri) if provider else None
    return (url, provider.organisation.name) if provider and url else None


def end_session_url(provider: IdentityProvider, post_logout_redirect_uri: str) -> str | None:
    """RP-initiated logout: the provider's end_session_endpoint, when it publishes one."""
    try:
        endpoint = metadata(provider.issuer).get("end_session_endpoint")
    except (SsoRefused, requests.RequestException, ValueError):
        return None  # our session has ended; the provider's we cannot reach now
    if not isinstance(endpoint, str):
        return None
    query = urlencode(
        {"client_id": provider.client_id, "post_logout_redirect_uri": post_logout_redirect_uri}
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


# --- configuration (the CLI) ---------------------------------------------------------------


def organisation_named(session: Session, name: str) -> Organisation:
    org = session.scalar(select(Organisation).where(Organisation.name == name))
    if org is None:
        raise ValidationFailed({"org": f"Organisatie '{name}' bestaat niet."})
    return org


def user_named(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise ValidationFailed({"username": f"Gebruiker '{username}' bestaat niet."})
    return user


def providers(session: Session) -> list[IdentityProvider]:
    return list(session.scalars(select(IdentityProvider).order_by(IdentityProvider.id)))


def describe(provider: IdentityProvider) -> str:
    """One line about a provider for administrators: everything but the secret."""
    state = "aan" if provider.enabled else "uit"
    return f"{provider.issuer}, client {provider.client_id}, scopes '{provider.scopes}', {state}"


def check_issuer(issuer: str) -> str:
    """An https address (http only on this machine's loopback, for tests and trials)."""
    parts = urlsplit(issuer)
    try:
        loopback = ip_address(parts.hostname or "").is_loopback
    except ValueError:
        loopback = parts.hostname == "localhost"
    allowed = (
        parts.scheme == "https" and bool(parts.hostname) or (parts.scheme == "http" and loopback)
    )
    if allowed and not parts.query and not parts.fragment:
        return issuer
    raise ValidationFailed(
        {
            "issuer": "De issuer moet een https-adres zijn zonder ?-deel, bijvoorbeeld"
            " https://login.voorbeeld.nl/realms/school."
        }
    )


def configure(
    session: Session,
    org: Organisation,
    *,
    issuer: str | None,
    client_id: str | None,
    client_secret: str | None,
    scopes: str | None,
    enabled: bool | None,
    now: datetime,
) -> IdentityProvider:
    """Set (or change) an organisation's provider; what is not given stays as it was."""
    provider = session.scalar(select(IdentityProvider).where(IdentityProvider.org_id == org.id))
    if provider is None:
        missing = [n for n, v in (("--issuer", issuer), ("--client-id", client_id)) if not v]
        if missing or not client_secret:
            missing += [] if client_secret else ["--client-secret"]
            raise ValidationFailed({"": "Een nieuwe koppeling heeft nodig: " + ", ".join(missing)})
        provider = IdentityProvider(org_id=org.id, organisation=org, enabled=True)
        session.add(provider)
    if issuer is not None:
        provider.issuer = check_issuer(issuer.strip())
    if client_id is not None:
        provider.client_id = _text(client_id, "client-id", 200)
    if client_secret is not None:
        provider.client_secret = _text(client_secret, "client-secret", 500)
    if scopes is not None or provider.scopes is None:
        words = (scopes or "openid").split()
        provider.scopes = " ".join(["openid"] + [w for w in words if w != "openid"])[:300]
    if enabled is not None:
        provider.enabled = enabled
    provider.updated_at = now
    session.flush()
    return provider


def _text(value: str, name: str, limit: int) -> str:
    value = value.strip()
    if not value or len(value) > limit:
        raise ValidationFailed({name: f"--{name} moet 1 tot {limit} tekens zijn."})
    return value


def link(session: Session, user: User, subject: str | None) -> IdentityProvider | None:
    """Link an account to its subject at its organisation's provider (None: unlink)."""
    if subject is None:
        user.oidc_issuer = user.oidc_subject = None
        session.flush()
        return None
    provider = session.scalar(
        select(IdentityProvider).where(IdentityProvider.org_id == user.org_id)
    )
    if provider is None:
        raise ValidationFailed(
            {
                "": f"{user.organisation.name} heeft geen inlogdienst; stel die eerst in met"
                " 'thuiszittertafel sso set'."
            }
        )
    subject = _text(subject, "subject", 255)
    taken = session.scalar(
        select(User).where(
            User.oidc_issuer == provider.issuer, User.oidc_subject == subject, User.id != user.id
        )
    )
    if taken is not None:
        raise ValidationFailed({"subject": f"Dit subject is al gekoppeld aan {taken.username}."})
    user.oidc_issuer, user.oidc_subject = provider.issuer, subject
    session.flush()
    return provider
