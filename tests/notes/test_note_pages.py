"""The case log without JavaScript: form posts, errors beside the field, the inbox page."""

from __future__ import annotations

from sqlalchemy import func, select

from thuiszittertafel.notes.models import Note
from thuiszittertafel.notifications.models import Notification


def count(session, model) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(model))


def test_post_a_note_with_the_form(session, world, make_case, browser):
    case = make_case(world.teacher, given_name="Maxime")
    b = browser(world.teacher)
    response = b.post(
        f"/casussen/{case.id}/notities",
        {"body": "Gesprek met **ouders**", "scope": "betrokkenen", "client_id": "form-1"},
    )
    assert response.status_code == 302
    page = b.get(f"/casussen/{case.id}").get_data(as_text=True)
    assert "<strong>ouders</strong>" in page and "Notitie geplaatst." in page
    again = b.post(
        f"/casussen/{case.id}/notities", {"body": "Gesprek met **ouders**", "client_id": "form-1"}
    )
    assert again.status_code == 302 and count(session, Note) == 1


def test_bad_note_keeps_the_text_and_says_why(session, world, make_case, browser):
    case = make_case(world.teacher, given_name="Maxime")
    b = browser(world.teacher)
    response = b.post(
        f"/casussen/{case.id}/notities",
        {"body": "Vraag aan @jeugdarts over belastbaarheid", "client_id": "x"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Vraag aan @jeugdarts over belastbaarheid</textarea>" in html
    assert "kan deze notitie niet lezen" in html
    assert count(session, Note) == 0


def test_outsider_cannot_post_and_gets_404(session, world, make_case, browser):
    case = make_case(world.teacher)
    b = browser(world.far_worker)
    assert b.post(f"/casussen/{case.id}/notities", {"body": "x"}).status_code == 404
    assert count(session, Note) == 0


def test_no_csrf_token_no_note(session, world, make_case, browser, app):
    case = make_case(world.teacher)
    b = browser(world.teacher)
    b.csrf_token = "vervalst"
    response = b.post(f"/casussen/{case.id}/notities", {"body": "x"})
    assert response.status_code == 400 and "formulier is verlopen" in response.get_data(
        as_text=True
    )
    assert count(session, Note) == 0


def test_inbox_page_marks_read(session, world, make_case, browser):
    case = make_case(world.teacher)
    teacher = browser(world.teacher)
    teacher.post(f"/casussen/{case.id}/notities", {"body": "@lpa kijk je mee?"})
    lpa = browser(world.lpa)
    page = lpa.get("/berichten").get_data(as_text=True)
    assert "U bent genoemd" in page and f"/casussen/{case.id}#notitie-" in page
    assert 'id="unread-badge"' in page and "1<span" in page
    n = session.scalar(select(Notification))
    refused = lpa.post("/berichten/gelezen", {"selection": "1"})
    assert refused.status_code == 302 and count(session, Notification) == 1
    session.expire_all()
    assert session.get(Notification, n.id).read_at is None
    lpa.post("/berichten/gelezen", {"selection": "1", "id": str(n.id)})
    session.expire_all()
    assert session.get(Notification, n.id).read_at is not None
    # The mentor sees no inbox entries of someone else.
    assert "U bent genoemd" not in teacher.get("/berichten").get_data(as_text=True)


def test_note_on_a_case_closed_meanwhile_is_refused_and_kept(session, world, make_case, browser):
    """The case was closed while the note was typed: 409 with the reason, the text kept on
    the page to copy, and no note stored."""
    case = make_case(world.teacher, given_name="Maxime")
    b = browser(world.teacher)
    case.status = "closed"
    session.commit()
    typed = "Afspraak met moeder over de terugkeer"
    response = b.post(f"/casussen/{case.id}/notities", {"body": typed, "client_id": "late-1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert typed in html and "Uw notitie is niet geplaatst." in html
    assert count(session, Note) == 0
