"""The ID token check (auth/oidc.py) against the real provider's published keys: only a
token the provider signed, for us, for this login, and not expired, is accepted. The test
made the provider's signing key, so it can also sign tokens the provider never would."""

from __future__ import annotations

import base64
import json

import pytest
from joserfc import jwt
from joserfc.jwk import OctKey

from tests.sso.idp import new_key
from thuiszittertafel import clock
from thuiszittertafel.auth import oidc

NONCE = "nonce-van-deze-login"


def _now() -> int:
    return int(clock.now().timestamp())


def _claims(idp, **changes) -> dict:
    now = _now()
    claims = {
        "iss": idp.issuer,
        "sub": "mentor-sub",
        "aud": "lingeborgh",
        "iat": now,
        "exp": now + 600,
        "nonce": NONCE,
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def _signed(idp, key=None, alg="RS256", **changes) -> str:
    key = key or idp.key
    header = {"alg": alg, "kid": key.kid} if alg != "HS256" else {"alg": alg}
    return jwt.encode(header, _claims(idp, **changes), key, algorithms=[alg])


def _check(idp, token: str) -> dict:
    return oidc.validate_id_token(
        token, oidc.metadata(idp.issuer), client_id="lingeborgh", nonce=NONCE, now=clock.now()
    )


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def test_a_token_the_provider_signed_for_this_login_is_accepted(idp):
    assert _check(idp, _signed(idp))["sub"] == "mentor-sub"


def _tampered(idp) -> str:
    header, _payload, signature = _signed(idp).split(".")
    return ".".join([header, _b64(_claims(idp, sub="directeur")), signature])


def _unsigned(idp) -> str:
    return ".".join([_b64({"alg": "none"}), _b64(_claims(idp)), ""])


FORGED = {
    "signed with another key under the provider's key id": (
        lambda idp: _signed(idp, key=new_key("provider-key")),
        "bad_signature",
    ),
    "claims changed after signing": (_tampered, "bad_signature"),
    "unsigned (alg none)": (_unsigned, "unsupported_algorithm"),
    "signed with the client secret (HS256)": (
        lambda idp: _signed(idp, key=OctKey.import_key("school-geheim-9f2c"), alg="HS256"),
        "unsupported_algorithm",
    ),
    "signed with a key the provider does not publish": (
        lambda idp: _signed(idp, key=new_key("onbekende-sleutel")),
        "invalid_key_id",
    ),
    "expired": (
        lambda idp: _signed(idp, exp=_now() - 3600, iat=_now() - 7200),
        "expired_token (exp)",
    ),
    "for another client": (lambda idp: _signed(idp, aud="wijkteam"), "invalid_claim (aud)"),
    "from another issuer": (
        lambda idp: _signed(idp, iss="https://nep.example"),
        "invalid_claim (iss)",
    ),
    "for another login (nonce)": (
        lambda idp: _signed(idp, nonce="andere-login"),
        "invalid_claim (nonce)",
    ),
    "without a nonce": (lambda idp: _signed(idp, nonce=None), "missing_claim (nonce)"),
    "without an expiry": (lambda idp: _signed(idp, exp=None), "missing_claim (exp)"),
}


@pytest.mark.parametrize("case", FORGED)
def test_a_forged_or_foreign_token_is_refused(idp, case):
    make, why = FORGED[case]
    with pytest.raises(oidc.SsoRefused) as refused:
        _check(idp, make(idp))
    assert refused.value.reason == "token"
    assert refused.value.detail == f"id_token: {why}"
