"""What a person does on the case table and case page, in headless Chromium."""

from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def api_visible(server, account) -> dict[int, str]:
    """The cases the API shows this account (the policy's answer), id → name or initials."""
    token = requests.post(
        server.url + "/api/v1/tokens",
        json={"username": account["username"], "password": account["password"]},
    ).json()["token"]
    items, page = [], 1
    while True:
        body = requests.get(
            server.url + "/api/v1/cases",
            params={"per_page": 100, "page": page},
            headers={"Authorization": f"Bearer {token}"},
        ).json()
        items += body["items"]
        if len(items) >= body["total"]:
            break
        page += 1
    return {c["id"]: c["pupil"]["name"] or c["pupil"]["initials"] for c in items}


def table_rows(page) -> dict[int, str]:
    links = page.locator("table.case-table tbody th[scope=row] a")
    return {
        int(re.search(r"/casussen/(\d+)", links.nth(i).get_attribute("href")).group(1)): links.nth(
            i
        )
        .inner_text()
        .strip()
        for i in range(links.count())
    }


@pytest.mark.parametrize(
    "who",
    [
        ("school", "coordinator"),
        ("leerplicht", "medewerker"),
        ("swv", "coordinator"),
        ("wijkteam", "medewerker"),
    ],
)
def test_each_role_sees_exactly_its_cases(person, live_server, who):
    account = live_server.account(kind=who[0], role=who[1])
    me = person(account)
    me.goto("/casussen?status=all&per_page=100&sort=id")
    shown = table_rows(me.page)
    assert shown == api_visible(live_server, account)
    assert shown, f"{account['username']} ziet geen enkele casus in de demo"
    count = me.page.locator(".result-count").inner_text()
    assert count.startswith(f"{len(shown)} ")


def test_role_defaults_school_first_and_leerplicht_by_days(person, live_server):
    school = person(live_server.account(kind="school", role="coordinator"))
    school.goto("/casussen")
    assert "status=" not in school.page.url
    lpa = person(live_server.account(kind="leerplicht"))
    lpa.goto("/casussen")
    days = [
        int(d) for d in lpa.page.locator("td[data-label='Dagen thuis'] .days").all_inner_texts()
    ]
    assert days and days == sorted(days, reverse=True)


def test_filters_and_sorting_work_in_the_browser(person, live_server):
    lpa = person(live_server.account(kind="leerplicht"))
    lpa.goto("/casussen?status=all")
    lpa.page.get_by_label("Soort casus").select_option("absoluut")
    lpa.page.get_by_role("button", name="Toon casussen").click()
    lpa.page.wait_for_url(re.compile(r"kind=absoluut"))
    kinds = set(lpa.page.locator("td[data-label='Soort']").all_inner_texts())
    assert kinds == {"Absoluut verzuim"}
    # The view is shareable: the same URL in a fresh page shows the same rows.
    rows = table_rows(lpa.page)
    again = person(live_server.account(kind="leerplicht"))
    again.goto(lpa.page.url.replace(live_server.url, ""))
    assert table_rows(again.page) == rows

    lpa.goto("/casussen?status=open&sort=name")
    header = lpa.page.get_by_role("link", name=re.compile("^Dagen thuis"))
    header.click()
    lpa.page.wait_for_url(re.compile(r"sort=days_absent"))
    days = [
        int(d) for d in lpa.page.locator("td[data-label='Dagen thuis'] .days").all_inner_texts()
    ]
    assert len(set(days)) > 1 and days == sorted(days, reverse=True)
    assert lpa.page.locator("th[aria-sort=descending]").inner_text().startswith("Dagen")
    lpa.page.get_by_role("link", name=re.compile("^Dagen thuis")).click()
    lpa.page.wait_for_url(re.compile(r"sort=-days_absent"))
    days = [
        int(d) for d in lpa.page.locator("td[data-label='Dagen thuis'] .days").all_inner_texts()
    ]
    assert days == sorted(days)


def test_name_search_and_bad_filter_message(person, live_server):
    school = person(live_server.account(kind="school", role="coordinator"))
    school.goto("/casussen?status=all&q=zzzz-niemand")
    assert school.page.locator(".result-count").inner_text().startswith("0 ")
    response = school.goto("/casussen?per_page=5000")
    assert response.status == 400
    assert "hoogstens 100" in school.page.locator(".alert--error").inner_text()
    # Chromium logs the intended 400 of the page itself; that is not a script error.
    school.console_errors.remove(
        "Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"
    )


def test_open_a_case_and_record_a_blocker(person, live_server):
    lpa = person(live_server.account(kind="leerplicht"))
    lpa.goto("/casussen?status=open&sort=days_absent")
    lpa.page.locator("table.case-table tbody th[scope=row] a").first.click()
    lpa.page.wait_for_url(re.compile(r"/casussen/\d+$"))
    assert lpa.page.locator("h1").inner_text()
    assert "Waarom zie ik dit" in lpa.page.content()
    section = lpa.page.locator("#belemmeringen")
    section.locator("summary", has_text="Belemmering vastleggen").click()
    before = section.locator("tbody > tr").count()
    section.get_by_label("Belemmering", exact=True).select_option("wachtlijst-diagnostiek")
    section.get_by_label("Toelichting").fill("Wachtlijst GGZ-diagnostiek, 14 weken")
    section.get_by_role("button", name="Belemmering vastleggen").click()
    # The page before the post is loaded too: wait for the new row, which only the next has.
    expect(lpa.page.locator("#belemmeringen tbody > tr")).to_have_count(before + 1)
    expect(lpa.page.locator("#belemmeringen")).to_contain_text(
        "Wachtlijst GGZ-diagnostiek, 14 weken", use_inner_text=True
    )
    expect(lpa.page.locator("#geschiedenis")).to_contain_text(
        "Belemmering: Wachtlijst diagnostiek", use_inner_text=True
    )


def test_outsider_gets_the_same_404_as_for_a_missing_case(person, live_server):
    lpa = person(live_server.account(kind="leerplicht"))
    lpa.goto("/casussen?status=all&per_page=100")
    visible = set(table_rows(lpa.page))
    gemeente = person(live_server.account(kind="gemeente"))
    hidden = next(
        i
        for i in sorted(visible)
        if i not in api_visible(live_server, live_server.account(kind="gemeente"))
    )
    missing = gemeente.goto("/casussen/999999")
    missing_text = gemeente.page.locator("main").inner_text()
    refused = gemeente.goto(f"/casussen/{hidden}")
    assert missing.status == refused.status == 404
    assert gemeente.page.locator("main").inner_text() == missing_text
    # Chromium logs the intended 404s of the pages themselves; not script errors.
    assert all("404" in e for e in gemeente.console_errors)
    gemeente.console_errors.clear()


@pytest.mark.parametrize("path", ["/casussen", "case-page"])
def test_no_serious_accessibility_violations(person, live_server, path):
    lpa = person(live_server.account(kind="leerplicht"))
    if path == "case-page":
        lpa.goto("/casussen")
        lpa.page.locator("table.case-table tbody th[scope=row] a").first.click()
        lpa.page.wait_for_url(re.compile(r"/casussen/\d+$"))
    else:
        lpa.goto(path)
    assert lpa.axe() == []


def test_the_pager_walks_every_page_and_keeps_the_view(person, live_server):
    """The pager under the table in a real browser: "Volgende pagina" to the last page and
    "Vorige pagina" back, the status, sort and page size kept; over the pages every visible
    case once, in the chosen order; no next link on the last page."""
    lpa = person(live_server.account(kind="leerplicht"))
    lpa.goto("/casussen?status=all&sort=id&per_page=3")
    total = int(lpa.page.locator(".result-count").inner_text().split()[0])
    pages = -(-total // 3)
    assert pages >= 3, total
    current = lpa.page.locator(".pagination [aria-current=page]")
    seen: list[int] = []
    for n in range(1, pages + 1):
        assert current.inner_text() == f"Pagina {n} van {pages}"
        rows = list(table_rows(lpa.page))
        assert len(rows) == min(3, total - 3 * (n - 1)), (n, rows)
        seen += rows
        if n < pages:
            lpa.page.get_by_role("link", name="Volgende pagina").click()
            lpa.page.wait_for_url(re.compile(rf"[?&]page={n + 1}(&|$)"))
            for kept in ("status=all", "sort=id", "per_page=3"):
                assert kept in lpa.page.url, lpa.page.url
    assert lpa.page.get_by_role("link", name="Volgende pagina").count() == 0
    assert seen == sorted(seen) and len(set(seen)) == total
    last = list(table_rows(lpa.page))
    lpa.page.get_by_role("link", name="Vorige pagina").click()
    lpa.page.wait_for_url(re.compile(rf"[?&]page={pages - 1}(&|$)"))
    assert list(table_rows(lpa.page)) == seen[3 * (pages - 2) : 3 * (pages - 1)]
    assert not set(last) & set(table_rows(lpa.page))
