"""The consultation pages without JavaScript: forms post, errors sit beside their fields,
typed input is kept, outsiders get the 404 of a missing page."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from thuiszittertafel.cases.models import Case
from thuiszittertafel.consultations.models import (
    Consultation,
    ConsultationMember,
    ConsultationMessage,
)
from thuiszittertafel.notes.models import Note

from .conftest import INTAKE, count


def html(response) -> str:
    return response.get_data(as_text=True)


def test_nav_list_and_filters(session, world, consultation, open_consultation, browser):
    closed = open_consultation(world.teacher, world.swv)
    teacher = browser(world.teacher)
    teacher.post(f"/consultaties/{closed.id}/sluiten")
    page = html(teacher.get("/consultaties"))
    assert 'href="/consultaties" aria-current="page">Consultaties' in page
    assert f'/consultaties/{consultation.id}"' in page
    assert f'/consultaties/{closed.id}"' not in page
    assert "Nieuwe consultatie" in page
    link = lambda c: f'/consultaties/{c.id}"'  # noqa: E731
    ended = html(teacher.get("/consultaties?status=gesloten"))
    assert link(closed) in ended and link(consultation) not in ended
    everything = html(teacher.get("/consultaties?status=alle&page=x"))
    assert link(closed) in everything and link(consultation) in everything
    # Leerplicht sees the one it was asked, and opens none itself.
    lpa = html(browser(world.lpa).get("/consultaties"))
    assert f'/consultaties/{consultation.id}"' in lpa and "Nieuwe consultatie</a>" not in lpa


def _without_csrf(page: str) -> str:
    return re.sub(r'(name="csrf[-_]token"\s+(?:value|content)=")[^"]*"', r'\1…"', page)


def test_outsiders_see_no_trace(session, world, consultation, browser):
    for user in (world.swv_coordinator, world.wijkteam_worker, world.other_lpa):
        b = browser(user)
        assert f"/consultaties/{consultation.id}" not in html(b.get("/consultaties?status=alle"))
        hidden, missing = b.get(f"/consultaties/{consultation.id}"), b.get("/consultaties/99999")
        assert hidden.status_code == missing.status_code == 404
        # The same page; only the CSRF token may differ (it carries the second it was made).
        assert _without_csrf(html(hidden)) == _without_csrf(html(missing))
        assert consultation.description not in html(hidden)
        for action in ("berichten", "uitnodigen", "sluiten", "omzetten"):
            assert (
                b.post(
                    f"/consultaties/{consultation.id}/{action}",
                    {"body": "x", "org_id": str(user.org_id)},
                ).status_code
                == 404
            )
    assert count(session, ConsultationMessage) == 0 and count(session, ConsultationMember) == 2


def test_login_required(app, session, consultation):
    response = app.test_client().get(f"/consultaties/{consultation.id}")
    assert response.status_code == 302 and "/inloggen" in response.headers["Location"]


def test_open_with_the_form(session, world, browser):
    teacher = browser(world.teacher)
    form = html(teacher.get("/consultaties/nieuw"))
    assert "Let op: noem geen namen" in form
    assert 'aria-describedby="geen-namen' in form
    # The school's municipality and education type are prefilled.
    assert f'<option value="{world.zaltbommel.id}" selected>' in form
    response = teacher.post(
        "/consultaties/nieuw",
        {
            "partner_org_id": str(world.leerplicht.id),
            "description": "Veel ziekteverzuim",
            "age": "13",
            "education_type": "vo",
            "municipality_id": str(world.zaltbommel.id),
        },
    )
    assert response.status_code == 302
    consultation = session.scalar(select(Consultation))
    assert response.headers["Location"].endswith(f"/consultaties/{consultation.id}")
    page = html(teacher.get(f"/consultaties/{consultation.id}"))
    assert "Veel ziekteverzuim" in page and "13 jaar" in page
    assert "is op de hoogte gebracht" in page


def test_bad_form_keeps_input_and_links_errors(session, world, browser):
    teacher = browser(world.teacher)
    response = teacher.post(
        "/consultaties/nieuw",
        {
            "partner_org_id": str(world.school2.id),
            "description": "Mijn getypte tekst",
            "age": "99",
            "education_type": "vo",
        },
    )
    page = html(response)
    assert response.status_code == 400
    assert "Mijn getypte tekst</textarea>" in page
    assert 'value="99"' in page
    assert 'id="nieuw-age-fout"' in page and 'aria-describedby="nieuw-age-fout"' in page
    assert "Vul een leeftijd tussen 4 en 23 jaar in." in page
    assert "Kies leerplicht of een samenwerkingsverband uit de lijst." in page
    assert 'href="#nieuw-partner_org_id"' in page
    assert count(session, Consultation) == 0


def test_leerplicht_cannot_open(session, world, browser):
    lpa = browser(world.lpa)
    assert "kan meedoen als zij gevraagd" in html(lpa.get("/consultaties/nieuw"))
    response = lpa.post(
        "/consultaties/nieuw",
        {
            "partner_org_id": str(world.swv.id),
            "description": "x",
            "age": "10",
            "education_type": "po",
        },
    )
    assert response.status_code == 403 and count(session, Consultation) == 0


def test_conversation_by_form(session, world, consultation, browser):
    teacher, lpa = browser(world.teacher), browser(world.lpa)
    page = html(teacher.get(f"/consultaties/{consultation.id}"))
    assert "Let op: noem geen namen" in page and "Nog geen berichten." in page
    client_id = re.search(r'name="client_id" value="([^"]+)"', page).group(1)
    response = teacher.post(
        f"/consultaties/{consultation.id}/berichten",
        {"body": "Wat kunnen wij **nu** doen?", "client_id": client_id},
    )
    assert response.status_code == 302 and "#bericht-" in response.headers["Location"]
    again = teacher.post(
        f"/consultaties/{consultation.id}/berichten",
        {"body": "Wat kunnen wij **nu** doen?", "client_id": client_id},
    )
    assert again.status_code == 302 and count(session, ConsultationMessage) == 1
    lpa.post(
        f"/consultaties/{consultation.id}/berichten",
        {"body": "<script>alert(1)</script> Bel mij", "client_id": "lpa-1"},
    )
    shown = html(lpa.get(f"/consultaties/{consultation.id}"))
    assert "<strong>nu</strong>" in shown
    assert "<script>alert(1)" not in shown and "&lt;script&gt;alert(1)" in shown
    assert shown.index("Wat kunnen wij") < shown.index("Bel mij")  # oldest first


def test_bad_message_keeps_the_text(session, world, consultation, browser):
    teacher = browser(world.teacher)
    response = teacher.post(
        f"/consultaties/{consultation.id}/berichten", {"body": "x" * 20001, "client_id": "kept-id"}
    )
    page = html(response)
    assert response.status_code == 400
    assert "x" * 20001 + "</textarea>" in page
    assert 'value="kept-id"' in page
    assert "hoogstens 20000 tekens" in page
    assert 'aria-describedby="bericht-body-hint bericht-body-fout"' in page
    assert count(session, ConsultationMessage) == 0


def test_json_post_from_the_page(session, world, consultation, browser):
    teacher = browser(world.teacher)
    url = f"/consultaties/{consultation.id}/berichten"
    headers = {"X-CSRFToken": teacher.csrf_token}
    first = teacher.client.post(
        url, json={"body": "Via fetch", "client_id": "f-1"}, headers=headers
    )
    again = teacher.client.post(
        url, json={"body": "Via fetch", "client_id": "f-1"}, headers=headers
    )
    assert first.status_code == 201 and again.status_code == 200
    assert first.get_json()["message"]["id"] == again.get_json()["message"]["id"]
    bad = teacher.client.post(url, json={"body": ""}, headers=headers)
    assert bad.status_code == 400 and bad.get_json()["fields"]["body"].startswith("Vul")
    no_csrf = teacher.client.post(url, json={"body": "zonder token"})
    assert no_csrf.status_code == 400 and count(session, ConsultationMessage) == 1


def test_no_csrf_token_no_message(session, world, consultation, browser):
    teacher = browser(world.teacher)
    teacher.csrf_token = "vervalst"
    response = teacher.post(f"/consultaties/{consultation.id}/berichten", {"body": "x"})
    assert response.status_code == 400 and count(session, ConsultationMessage) == 0


def test_invite_by_form(session, world, consultation, browser):
    lpa = browser(world.lpa)
    bad = lpa.post(f"/consultaties/{consultation.id}/uitnodigen", {"org_id": ""})
    assert bad.status_code == 400 and "Kies de organisatie." in html(bad)
    assert 'aria-describedby="uitnodigen-org_id-hint uitnodigen-org_id-fout"' in html(bad)
    member = lpa.post(
        f"/consultaties/{consultation.id}/uitnodigen", {"org_id": str(world.leerplicht.id)}
    )
    assert member.status_code == 400 and "doet al mee" in html(member)
    assert count(session, ConsultationMember) == 2
    ok = lpa.post(f"/consultaties/{consultation.id}/uitnodigen", {"org_id": str(world.wijkteam.id)})
    assert ok.status_code == 302
    page = html(browser(world.wijkteam_worker).get(f"/consultaties/{consultation.id}"))
    assert "Uitgenodigd door" in page and world.lpa.name in page
    # An invitee may write and invite, but not close or convert.
    assert 'id="message-form"' in page and 'id="omzetten"' not in page


def test_close_by_form(session, world, consultation, browser):
    lpa = browser(world.lpa)
    assert lpa.post(f"/consultaties/{consultation.id}/sluiten").status_code == 302
    page = html(lpa.get(f"/consultaties/{consultation.id}"))
    assert "Gesloten op" in page and 'id="message-form"' not in page
    again = lpa.post(f"/consultaties/{consultation.id}/sluiten")
    assert again.status_code == 409 and "gesloten" in html(again)
    refused = lpa.post(f"/consultaties/{consultation.id}/berichten", {"body": "nog iets"})
    assert refused.status_code == 409 and count(session, ConsultationMessage) == 0


def test_convert_by_form(session, world, consultation, say, browser):
    say(world.teacher, consultation, "Eerste vraag")
    say(world.lpa, consultation, "Eerste antwoord")
    lpa = browser(world.lpa)
    lpa.post(f"/consultaties/{consultation.id}/uitnodigen", {"org_id": str(world.wijkteam.id)})
    form = html(lpa.get(f"/consultaties/{consultation.id}"))
    assert f'name="consent_{world.wijkteam.id}"' in form
    assert "Niet betrekken (geen grondslag)" in form
    data = {
        **INTAKE,
        "municipality_id": str(world.zaltbommel.id),
        "school_org_id": str(world.school.id),
        f"consent_{world.wijkteam.id}": "",
    }
    response = lpa.post(f"/consultaties/{consultation.id}/omzetten", data)
    assert response.status_code == 302
    case = session.scalar(select(Case))
    assert response.headers["Location"].endswith(f"/casussen/{case.id}#chronologie")
    case_page = html(lpa.get(f"/casussen/{case.id}"))
    assert case_page.index("Eerste antwoord") < case_page.index("Eerste vraag")  # newest first
    after = html(lpa.get(f"/consultaties/{consultation.id}"))
    assert f'href="/casussen/{case.id}">casus {case.id}</a>' in after
    assert "Eerste vraag" not in after and 'id="omzetten"' not in after
    wijkteam = browser(world.wijkteam_worker)
    assert "Omgezet naar" in html(wijkteam.get(f"/consultaties/{consultation.id}"))
    assert wijkteam.get(f"/casussen/{case.id}").status_code == 404
    again = lpa.post(f"/consultaties/{consultation.id}/omzetten", data)
    assert again.status_code == 409 and count(session, Case) == 1
    assert count(session, Note) == 2


def test_bad_conversion_keeps_input(session, world, consultation, browser):
    teacher = browser(world.teacher)
    response = teacher.post(
        f"/consultaties/{consultation.id}/omzetten",
        {
            **INTAKE,
            "given_name": "Noor",
            "birth_date": "31-02-2012",
            "school_org_id": str(world.school.id),
            "municipality_id": str(world.zaltbommel.id),
        },
    )
    page = html(response)
    assert response.status_code == 400
    assert 'value="31-02-2012"' in page and 'value="Noor"' in page
    assert 'id="omzetten-birth_date-fout"' in page
    assert '<details class="disclosure" open>' in page
    assert count(session, Case) == 0
    assert session.get(Consultation, consultation.id).status == "open"


@pytest.mark.parametrize("path", ["/consultaties", "/consultaties/nieuw", "/consultaties/{id}"])
def test_pages_have_no_inline_scripts_or_styles(session, world, consultation, browser, path):
    page = html(browser(world.teacher).get(path.format(id=consultation.id)))
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", page)
    assert " style=" not in page and "<style" not in page and " onclick=" not in page
