"""Downloads of case data are never kept by a browser or proxy cache (issue 15, item 10):
`Cache-Control: no-store` on every export, as on the pages; static files may be cached."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "url",
    [
        "/rapportages/download?school_year=2025-2026&format=csv",
        "/rapportages/download?school_year=2025-2026&format=xlsx",
        "/rapportages/leerplichttelling/download?school_year=2025-2026",
        "/rapportages/jaarverslag?format=csv",
        "/rapportages/jaarverslag?format=pdf&publication=true",
        "/casussen/export?format=csv",
        "/casussen/export?format=xlsx",
    ],
)
def test_downloads_are_not_cached(browser, world, case, url):
    response = browser(world.lpa).get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"


def test_swv_download_is_not_cached(browser, world, case):
    response = browser(world.swv_coordinator).get("/rapportages/swv?format=csv")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_stay_cacheable(browser):
    response = browser().get("/static/css/app.css")
    assert response.status_code == 200
    assert response.headers.get("Cache-Control") != "no-store"
