"""The OpenAPI document and the code agree on paging and limits (issue 15, item 10):
page=0 and per_page=0 are refused in Dutch (the document says minimum 1) instead of
falling back to the defaults, and the 414 a too long URL gets is documented."""

from __future__ import annotations

import pytest
import requests

from tests.api.conftest import assert_error
from thuiszittertafel.api.openapi import document

PAGED = [
    ("teacher", "/api/v1/cases/{case}/agreements"),
    ("teacher", "/api/v1/cases/{case}/notes"),
    ("teacher", "/api/v1/notifications"),
    ("teacher", "/api/v1/consultations"),
    ("teacher", "/api/v1/meetings"),
    ("lpa", "/api/v1/cases/{case}/exemptions"),
    ("lpa", "/api/v1/cases/{case}/enforcement-steps"),
    ("privacy_officer", "/api/v1/audit"),
]


@pytest.mark.parametrize(("who", "url"), PAGED)
def test_page_and_per_page_zero_are_a_dutch_400(api, world, case, who, url):
    client = api(getattr(world, who))
    url = url.format(case=case.id)
    assert client.get(f"{url}?page=1&per_page=1").status_code == 200
    page = assert_error(client.get(f"{url}?page=0"), 400, "ongeldige-invoer")
    assert page["fields"] == {"page": "De pagina begint bij 1."}
    per_page = assert_error(client.get(f"{url}?per_page=0"), 400, "ongeldige-invoer")
    assert per_page["fields"] == {"per_page": "Het aantal per pagina is minstens 1."}
    both = assert_error(client.get(f"{url}?page=0&per_page=0"), 400)
    assert set(both["fields"]) == {"page", "per_page"}


def test_every_operation_documents_414():
    paths = document()["paths"]
    missing = [
        (path, method)
        for path, item in paths.items()
        for method, operation in item.items()
        if method != "parameters" and "414" not in operation["responses"]
    ]
    assert missing == []


def test_a_too_long_url_gets_the_documented_414(server):
    """The real server (gunicorn) refuses the request line before the app sees it."""
    response = requests.get(f"{server.url}/api/v1/cases?q={'x' * 5000}", timeout=10)
    assert response.status_code == 414
    documented = document()["paths"]["/cases"]["get"]["responses"]["414"]
    resolved = document()["components"]["responses"][documented["$ref"].rsplit("/", 1)[1]]
    assert response.headers["Content-Type"].split(";")[0] in resolved["content"]
    # A URL within the limit reaches the app: its own JSON 401 without a token.
    assert requests.get(f"{server.url}/api/v1/cases?q={'x' * 100}", timeout=10).status_code == 401
