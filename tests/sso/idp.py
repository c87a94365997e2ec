"""A real OpenID Connect provider (panva/oidc-provider under Node.js) for the SSO tests.

The test makes the provider's signing key, so it can sign tokens the provider's published
keys accept (expired, for another audience) as well as with a key of its own. Without node
or npm the tests skip with the reason, except under CI=true, where that fails the run.
"""

from __future__ import annotations

import fcntl
import json
import re
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from joserfc.jwk import RSAKey

from tests.conftest import IN_CI
from tests.live import ServerProcess, free_port

PROVIDER_DIR = Path(__file__).with_name("provider")
HOST = "127.0.0.2"  # not 127.0.0.1: cookies ignore ports, so the provider gets its own host


def new_key(kid: str = "provider-key") -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"})


def client(client_id: str, secret: str, app_url: str) -> dict:
    """A confidential web client of ours: code flow, our callback and login page."""
    return {
        "client_id": client_id,
        "client_secret": secret,
        "redirect_uris": [f"{app_url}/inloggen/sso/terug"],
        "post_logout_redirect_uris": [f"{app_url}/inloggen"],
        "grant_types": ["authorization_code"],
        "response_types": ["code"],
        "token_endpoint_auth_method": "client_secret_basic",
    }


def _node_tools() -> tuple[str, str]:
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        reason = "Node.js en npm niet gevonden (nodig voor de OIDC-testprovider, oidc-provider)"
        if IN_CI:
            pytest.fail(f"CI=true maar {reason}", pytrace=False)
        pytest.skip(reason)
    return node, npm


def _installed(npm: str) -> None:
    """`npm ci` once (from package-lock.json), one process at a time (xdist workers)."""
    with open(PROVIDER_DIR / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
            subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund"],
                cwd=PROVIDER_DIR,
                check=True,
                capture_output=True,
                timeout=300,
            )


class IdentityProvider:
    """The provider process: start() waits for its discovery document, stop() ends it."""

    def __init__(self, tmp: Path, clients: list[dict], key: RSAKey):
        self.port = free_port()
        self.issuer = f"http://{HOST}:{self.port}"
        self.key = key
        self.config_path = tmp / f"provider-{self.port}.json"
        self.log_path = tmp / f"provider-{self.port}.log"
        self.config_path.write_text(
            json.dumps(
                {
                    "issuer": self.issuer,
                    "host": HOST,
                    "port": self.port,
                    "clients": clients,
                    "jwks": {"keys": [key.as_dict(private=True)]},
                }
            )
        )
        self.process: subprocess.Popen | None = None

    def start(self) -> IdentityProvider:
        node, npm = _node_tools()
        _installed(npm)
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                [node, "provider.mjs", str(self.config_path)],
                cwd=PROVIDER_DIR,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if requests.get(self.discovery_url, timeout=2).ok:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"OIDC-provider startte niet:\n{self.log_path.read_text()[-3000:]}")

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    stop = ServerProcess.stop  # terminate, then kill after 10 s


FORM_ACTION = re.compile(r'<form[^>]*action="([^"]+)"')


def log_in_at_provider(authorization_url: str, login: str, callback_prefix: str) -> str:
    """What a person does at the provider, over plain HTTP: sign in as `login`, consent, and
    return the address the provider sends the browser back to (our callback)."""
    http = requests.Session()
    url, method, data = authorization_url, "GET", None
    for _ in range(12):
        response = http.request(method, url, data=data, allow_redirects=False, timeout=10)
        if response.is_redirect:
            url, method, data = urljoin(url, response.headers["Location"]), "GET", None
            if url.startswith(callback_prefix):
                return url
            continue
        response.raise_for_status()
        action = urljoin(url, FORM_ACTION.search(response.text).group(1))
        if 'value="login"' in response.text:
            data = {"prompt": "login", "login": login, "password": "geheim"}
        else:  # the consent page
            data = {"prompt": "consent"}
        url, method = action, "POST"
    raise AssertionError("de provider stuurde niet terug naar de app")
