"""Single sign-on against a real OpenID Connect provider started by the tests."""

from __future__ import annotations

import pytest

from tests.sso.idp import IdentityProvider, client, new_key
from thuiszittertafel import clock
from thuiszittertafel.auth import oidc

APP_URL = "http://localhost"  # what url_for(_external=True) gives under the test client
SECRETS = {"school": "school-geheim-9f2c", "wijkteam": "wijkteam-geheim-41aa"}


@pytest.fixture(autouse=True)
def frozen_clock():
    """The provider runs on the real clock, so these tests freeze ours on neither side
    (one test moves ours on purpose, to meet an expired token)."""
    yield None
    clock.freeze(None)


@pytest.fixture(scope="module")
def idp(tmp_path_factory):
    """One provider with a client for the school and one for the wijkteam."""
    provider = IdentityProvider(
        tmp_path_factory.mktemp("idp"),
        [
            client("lingeborgh", SECRETS["school"], APP_URL),
            client("wijkteam", SECRETS["wijkteam"], APP_URL),
        ],
        new_key(),
    ).start()
    yield provider
    provider.stop()


@pytest.fixture
def providers(session, world, idp):
    """The school and the wijkteam log in through the same provider, each as its own
    client; the mentor is linked to the subject 'mentor-sub'."""
    made = {
        name: oidc.configure(
            session,
            org,
            issuer=idp.issuer,
            client_id=client_id,
            client_secret=SECRETS[name],
            scopes="openid",
            enabled=True,
            now=clock.now(),
        )
        for name, org, client_id in (
            ("school", world.school, "lingeborgh"),
            ("wijkteam", world.wijkteam, "wijkteam"),
        )
    }
    oidc.link(session, world.teacher, "mentor-sub")
    session.commit()
    return made
