"""Every number of the demo's reports can be traced to its cases (issue 13): as the demo's
leerplicht and its SWV coordinator, every non-zero number of the leerplichttelling, the
jaarverslag and the SWV view links to a list exactly as long as the number. The demo also
has what makes the jaarverslag whole: pupil totals (so percentages) and handhaving."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.conftest import FROZEN_NOW, Browser, _wipe
from thuiszittertafel import clock
from thuiszittertafel.config import Settings
from thuiszittertafel.demo import region
from thuiszittertafel.demo.seed import seed_if_empty
from thuiszittertafel.extensions import make_engine

LINK = re.compile(
    r'<a href="(/rapportages/(?:leerplichttelling|jaarverslag|swv)/casussen\?[^"]+)"[^>]*>'
    r"([0-9.]+)</a>"
)
MEMBER = {"leerplichttelling": "telling-member", "jaarverslag": "jv-member", "swv": "jv-member"}
PAGES = {
    "lpa.buren": ("/rapportages", "/rapportages/jaarverslag"),
    "swv.coordinator": ("/rapportages", "/rapportages/jaarverslag", "/rapportages/swv"),
}


@pytest.fixture(scope="module")
def demo(database_url):
    """The demo region, seeded once per backend for this module; wiped afterwards."""
    settings = Settings(database_url=database_url, secret_key="x")
    engine = make_engine(database_url)
    _wipe(engine)
    clock.freeze(FROZEN_NOW)  # module fixtures run before the autouse frozen clock
    try:
        seed_if_empty(settings)
    finally:
        clock.freeze(None)
    yield
    _wipe(engine)
    engine.dispose()


class _User:
    def __init__(self, username: str):
        self.username = username


def signed_in(app, username: str) -> Browser:
    b = Browser(app.test_client())
    response = b.login(_User(username), region.DEMO_PASSWORD)
    assert response.status_code == 302
    return b


def links(html: str) -> list[tuple[str, int]]:
    return [(unescape(u), int(n.replace(".", ""))) for u, n in LINK.findall(html)]


@pytest.mark.parametrize("username", list(PAGES))
def test_every_number_lists_as_many_pupils(app, demo, username):
    b = signed_in(app, username)
    walked = 0
    for page in PAGES[username]:
        response = b.get(page)
        assert response.status_code == 200, page
        found = links(response.get_data(as_text=True))
        assert found, page  # the demo has figures on every report
        for url, n in found:
            listed = b.get(url)
            assert listed.status_code == 200, url
            report = url.split("/")[2]
            assert listed.get_data(as_text=True).count(f'class="{MEMBER[report]}"') == n, url
            walked += 1
    assert walked > 20


def test_demo_jaarverslag_has_percentages_and_handhaving(app, demo):
    html = unescape(signed_in(app, "lpa.buren").get("/rapportages/jaarverslag").get_data(True))
    pupils = html[html.index('id="jv-casussen"') : html.index('id="jv-thuiszitters"')]
    assert re.search(r"[0-9],[0-9]{2}%", pupils)  # a percentage: the demo has pupil totals
    assert "3.140" in pupils  # Buren leerplichtig, seed 000
    processes = html[html.index('id="jv-processen"') :]
    processes = processes[: processes.index("</section>")]
    assert "Waarvan Halt" in processes
    assert re.search(r"field=proces\.(halt|proces-verbaal)", processes)
    # The SWV coordinator counts the same processes, but never sees handhaving.
    swv = unescape(signed_in(app, "swv.coordinator").get("/rapportages/jaarverslag").get_data(True))
    assert 'id="jv-processen"' in swv and "Waarvan Halt" not in swv
