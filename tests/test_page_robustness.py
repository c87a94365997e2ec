"""Odd input on pages never gives a 500: huge ids, non-ASCII digits, NUL bytes."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "path",
    [
        "/casussen/99999999999999999999",
        "/casussen/2147483648",
        "/berichten?page=²",
        "/berichten?page=99999999999999999999",
        "/casussen?page=²",
    ],
)
def test_odd_urls(world, make_case, browser, path):
    make_case(world.teacher)
    response = browser(world.teacher).get(path)
    assert response.status_code in (200, 400, 404), (path, response.status_code)


def test_huge_ids_in_posts_are_not_found(world, make_case, browser):
    case = make_case(world.teacher)
    b = browser(world.teacher)
    response = b.post(f"/casussen/{case.id}/belemmeringen/99999999999/opheffen")
    assert response.status_code == 400 and "bestaat niet" in response.get_data(as_text=True)
    assert b.get("/casussen/99999999999").status_code == 404
    assert b.post("/berichten/gelezen", {"selection": "1", "id": "²"}).status_code == 302


def test_nul_bytes_in_login_and_reasons(world, case_with_ggd, browser):
    case = case_with_ggd
    anonymous = browser()
    page = anonymous.get("/inloggen").get_data(as_text=True)
    token = __import__("re").search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = anonymous.client.post(
        "/inloggen", data={"username": "mentor\x00", "password": "x\x00", "csrf_token": token}
    )
    assert response.status_code == 400
    b = browser(world.teacher)
    ggd = next(p for p in case.active_participations() if p.org_id == world.ggd.id)
    response = b.post(f"/casussen/{case.id}/betrokkenen/{ggd.id}/beeindigen", {"reason": "a\x00b"})
    assert response.status_code == 400 and "ongeldige tekens" in response.get_data(as_text=True)
