"""`thuiszittertafel sso set|list` and `user link-sso`: an administrator configures an
organisation's provider and links accounts; the secret is never printed; bad input gets a
Dutch message, exit code 2 and changes nothing."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from tests.live import AUDIT_KEY, SECRET_KEY
from thuiszittertafel import cli
from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.auth.models import IdentityProvider, User

ISSUER = "https://login.lingeborgh.example/realms/school"


@pytest.fixture
def run(session, world, database_url, monkeypatch, capsys):
    monkeypatch.setenv("THUISZITTERTAFEL_DATABASE_URL", database_url)
    monkeypatch.setenv("THUISZITTERTAFEL_SECRET_KEY", SECRET_KEY)
    monkeypatch.setenv("THUISZITTERTAFEL_AUDIT_KEY", AUDIT_KEY)  # the chain the suite checks
    session.commit()

    def run(*args: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = cli.main(list(args))
        out = capsys.readouterr()
        session.expire_all()
        return code, out.out, out.err

    return run


def _provider(session, org) -> IdentityProvider | None:
    return session.scalar(select(IdentityProvider).where(IdentityProvider.org_id == org.id))


def test_set_list_and_link(run, session, world):
    code, out, _ = run(
        "sso", "set", "--org", "Lingeborgh", "--issuer", ISSUER,
        "--client-id", "tzt", "--client-secret", "-", "--scopes", "email",
        stdin="heel-geheim\n",
    )  # fmt: skip
    assert code == 0 and "heel-geheim" not in out
    provider = _provider(session, world.school)
    assert (provider.issuer, provider.client_secret, provider.scopes) == (
        ISSUER, "heel-geheim", "openid email"
    )  # fmt: skip
    code, out, _ = run("sso", "set", "--org", "Lingeborgh", "--disable")
    assert code == 0 and "uit" in out and _provider(session, world.school).enabled is False
    assert _provider(session, world.school).client_secret == "heel-geheim"
    code, out, _ = run("sso", "list")
    assert code == 0 and "Lingeborgh" in out and ISSUER in out and "heel-geheim" not in out

    code, out, _ = run("user", "link-sso", "--username", "mentor", "--subject", "abc-123")
    assert code == 0
    mentor = session.get(User, world.teacher.id)
    assert (mentor.oidc_issuer, mentor.oidc_subject) == (ISSUER, "abc-123")
    code, _, err = run("user", "link-sso", "--username", "zorgco", "--subject", "abc-123")
    assert code == 2 and "al gekoppeld aan mentor" in err
    assert session.get(User, world.zorgco.id).oidc_subject is None
    code, _, _ = run("user", "link-sso", "--username", "mentor", "--remove")
    assert code == 0 and session.get(User, world.teacher.id).oidc_subject is None
    audited = session.execute(
        select(AuditEntry.action, AuditEntry.detail).order_by(AuditEntry.id)
    ).all()
    assert [a for a, _ in audited] == ["sso.provider.set"] * 2 + ["sso.user.linked"] * 2
    assert all("heel-geheim" not in (detail or "") for _, detail in audited)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sso", "set", "--org", "Bestaat Niet", "--issuer", ISSUER], "bestaat niet"),
        (
            ["sso", "set", "--org", "Lingeborgh", "--issuer", "http://login.example",
             "--client-id", "x", "--client-secret", "y"],
            "https-adres",
        ),
        (
            ["sso", "set", "--org", "Lingeborgh", "--issuer", ISSUER, "--client-id", "x"],
            "--client-secret",
        ),
        (["user", "link-sso", "--username", "mentor", "--subject", "s"], "geen inlogdienst"),
        (["user", "link-sso", "--username", "niemand", "--subject", "s"], "bestaat niet"),
    ],
)  # fmt: skip
def test_bad_input_changes_nothing(run, session, world, args, message):
    code, out, err = run(*args)
    assert code == 2 and message in err and out == ""
    assert session.scalar(select(IdentityProvider)) is None
    assert session.scalar(select(AuditEntry)) is None
    assert session.get(User, world.teacher.id).oidc_subject is None
