"""Logging in through the organisation's OpenID Connect provider (issue 15, item 3): the
whole flow against a real provider, and every way it must be refused."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import func, select

from tests.conftest import _fresh_request_globals
from tests.sso.conftest import APP_URL
from tests.sso.idp import log_in_at_provider
from thuiszittertafel import clock
from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.auth.models import LoginSession

CALLBACK = f"{APP_URL}/inloggen/sso/terug"


def _leave(client, provider, query: str = "") -> str:
    """Click 'Inloggen met …': the address of the provider we are sent to."""
    _fresh_request_globals()
    response = client.get(f"/inloggen/sso/{provider.id}{query}")
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return response.headers["Location"]


def _come_back(client, url: str):
    parts = urlsplit(url)
    _fresh_request_globals()
    return client.get(f"{parts.path}?{parts.query}")


def _sign_in(client, provider, login: str):
    return _come_back(client, log_in_at_provider(_leave(client, provider), login, CALLBACK))


def _sessions(session, user) -> int:
    return session.scalar(select(func.count()).where(LoginSession.user_id == user.id))


def _refusals(session) -> list[dict]:
    import json

    rows = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "auth.sso.refused").order_by(AuditEntry.id)
    )
    return [json.loads(r.detail) | {"user_id": r.user_id} for r in rows]


def test_login_page_offers_each_enabled_provider_and_never_its_secret(
    app, session, world, providers
):
    providers["wijkteam"].enabled = False
    session.commit()
    _fresh_request_globals()
    page = app.test_client().get("/inloggen").get_data(as_text=True)
    assert "Inloggen met Lingeborgh" in page
    assert "Inloggen met Wijkteam" not in page
    assert providers["school"].client_secret not in page
    _fresh_request_globals()
    refused = app.test_client().get(f"/inloggen/sso/{providers['wijkteam'].id}")
    assert refused.status_code == 403
    assert "staat uit" in refused.get_data(as_text=True)


def test_code_flow_with_pkce_logs_the_linked_account_in_and_logout_ends_it(
    app, session, world, providers, idp
):
    client = app.test_client()
    url = _leave(client, providers["school"])
    query = parse_qs(urlsplit(url).query)
    assert url.startswith(idp.issuer + "/auth")
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"]
    assert query["state"] and query["nonce"] and query["client_id"] == ["lingeborgh"]
    assert "code_verifier" not in query

    back = _come_back(client, log_in_at_provider(url, "mentor-sub", CALLBACK))
    assert back.status_code == 302 and back.headers["Location"] == "/"
    _fresh_request_globals()
    assert world.teacher.name in client.get("/").get_data(as_text=True)
    assert _sessions(session, world.teacher) == 1
    assert session.scalar(
        select(func.count()).where(
            AuditEntry.action == "auth.sso.login", AuditEntry.user_id == world.teacher.id
        )
    )

    cookie = client.get_cookie("session").value
    _fresh_request_globals()
    page = client.get("/casussen")
    csrf = page.get_data(as_text=True).split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    _fresh_request_globals()
    out = client.post("/uitloggen", data={"csrf_token": csrf})
    assert out.status_code == 200
    html = out.get_data(as_text=True)
    assert f'content="0;url={idp.issuer}/session/end?' in html
    target = html.split('content="0;url=', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    end = parse_qs(urlsplit(target).query)
    assert end == {"client_id": ["lingeborgh"], "post_logout_redirect_uri": [f"{APP_URL}/inloggen"]}
    assert session.scalar(select(LoginSession.end_reason)) == "logout"

    client.set_cookie("session", cookie)  # the old cookie, replayed
    _fresh_request_globals()
    replay = client.get("/casussen")
    assert replay.status_code == 302 and "/inloggen" in replay.headers["Location"]


def test_password_logout_is_not_sent_to_a_provider(session, world, providers, browser):
    me = browser(world.teacher)
    out = me.post("/uitloggen")
    assert out.status_code == 302 and out.headers["Location"] == "/inloggen"


def test_unlinked_subject_is_refused_and_audited(app, session, world, providers):
    client = app.test_client()
    refused = _sign_in(client, providers["school"], "iemand-anders")
    text = refused.get_data(as_text=True)
    assert refused.status_code == 403
    assert "niet gekoppeld" in text and "beheerder" in text and "iemand-anders" in text
    assert session.scalar(select(func.count()).select_from(LoginSession)) == 0
    _fresh_request_globals()
    assert client.get("/").status_code == 302
    assert _refusals(session) == [
        {
            "reason": "not-linked",
            "detail": "subject not linked",
            "subject": "iemand-anders",
            "user_id": None,
        }
    ]


def test_deactivated_account_is_refused(app, session, world, providers):
    world.teacher.active = False
    session.commit()
    client = app.test_client()
    refused = _sign_in(client, providers["school"], "mentor-sub")
    assert refused.status_code == 403
    assert "uitgezet" in refused.get_data(as_text=True)
    assert _sessions(session, world.teacher) == 0
    assert _refusals(session)[0]["reason"] == "inactive"
    assert _refusals(session)[0]["user_id"] == world.teacher.id


def test_provider_of_another_organisation_does_not_log_in_its_accounts(
    app, session, world, providers
):
    """The wijkteam's provider is the same issuer: a wijkteam account linked there is not an
    account of the school, so the school's button refuses it (and vice versa)."""
    from thuiszittertafel.auth import oidc

    oidc.link(session, world.wijkteam_worker, "wijk-sub")
    session.commit()
    refused = _sign_in(app.test_client(), providers["school"], "wijk-sub")
    assert refused.status_code == 403
    refused = _sign_in(app.test_client(), providers["wijkteam"], "mentor-sub")
    assert refused.status_code == 403
    assert [r["detail"] for r in _refusals(session)] == [
        "linked to another organisation",
        "linked to another organisation",
    ]
    assert session.scalar(select(func.count()).select_from(LoginSession)) == 0
    ok = _sign_in(app.test_client(), providers["wijkteam"], "wijk-sub")
    assert ok.status_code == 302 and _sessions(session, world.wijkteam_worker) == 1


def test_wrong_or_missing_state_is_refused(app, session, world, providers):
    client = app.test_client()
    url = log_in_at_provider(_leave(client, providers["school"]), "mentor-sub", CALLBACK)
    forged = url.replace("state=", "state=x", 1)
    refused = _come_back(client, forged)
    assert refused.status_code == 400
    assert "verlopen" in refused.get_data(as_text=True)
    # The login under way is used up: the right state afterwards does not work either.
    assert _come_back(client, url).status_code == 400
    # A browser that never left for the provider has no login under way at all.
    assert _come_back(app.test_client(), url).status_code == 400
    assert session.scalar(select(func.count()).select_from(LoginSession)) == 0
    assert [r["detail"] for r in _refusals(session)] == [
        "state differs",
        "no login under way",
        "no login under way",
    ]


def test_a_forged_code_is_refused_by_the_provider(app, session, world, providers):
    client = app.test_client()
    state = parse_qs(urlsplit(_leave(client, providers["school"])).query)["state"][0]
    _fresh_request_globals()
    refused = client.get(f"/inloggen/sso/terug?code=verzonnen&state={state}")
    assert refused.status_code == 403
    assert "kon niet worden gecontroleerd" in refused.get_data(as_text=True)
    assert _refusals(session)[0]["detail"] == "token endpoint: invalid_grant"
    assert session.scalar(select(func.count()).select_from(LoginSession)) == 0


def test_an_expired_id_token_is_refused(app, session, world, providers):
    """Our clock two hours ahead of the provider's: its one-hour ID token has expired."""
    clock.freeze(clock.now() + timedelta(hours=2))
    refused = _sign_in(app.test_client(), providers["school"], "mentor-sub")
    assert refused.status_code == 403
    assert _refusals(session)[0]["detail"] == "id_token: expired_token (exp)"
    assert _sessions(session, world.teacher) == 0


def test_the_provider_denied_or_unreachable(app, session, world, providers):
    client = app.test_client()
    state = parse_qs(urlsplit(_leave(client, providers["school"])).query)["state"][0]
    _fresh_request_globals()
    denied = client.get(f"/inloggen/sso/terug?error=access_denied&state={state}")
    assert denied.status_code == 400 and "afgebroken" in denied.get_data(as_text=True)

    from tests.live import free_port

    providers["school"].issuer = f"http://127.0.0.2:{free_port()}"  # nobody listens there
    session.commit()
    _fresh_request_globals()
    down = app.test_client().get(f"/inloggen/sso/{providers['school'].id}")
    assert down.status_code == 502 and "niet bereikbaar" in down.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(LoginSession)) == 0


def test_next_page_is_kept_but_only_our_own(app, session, world, providers):
    client = app.test_client()
    url = _leave(client, providers["school"], "?next=/casussen")
    back = _come_back(client, log_in_at_provider(url, "mentor-sub", CALLBACK))
    assert back.headers["Location"] == "/casussen"
    client = app.test_client()
    url = _leave(client, providers["school"], "?next=//evil.example/")
    back = _come_back(client, log_in_at_provider(url, "mentor-sub", CALLBACK))
    assert back.headers["Location"] == "/"
