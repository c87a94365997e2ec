"""The whole case live (issue 14, item 2): every committed change to a case reaches the
people following it as `case_updated {case_id, what}`, through a real server and real
python-socketio clients; nobody without access hears anything, refused or rolled-back work
is never announced, and the page parts it names are fetched with access checked again."""

from __future__ import annotations

import queue
import re

import pytest
import requests
from sqlalchemy import select

from tests.conftest import PASSWORD
from tests.live import LiveClient
from thuiszittertafel import clock
from thuiszittertafel.auth.services import issue_token
from thuiszittertafel.cases.models import Consent, RegieProposal


class Follower(LiveClient):
    def __init__(self, url: str, token: str):
        super().__init__(url, token, "case_updated")

    def heard(self, case_id: int, *expected: str, timeout: float = 5) -> set[str]:
        """Read events until every `expected` part arrived; return all parts heard."""
        seen: set[str] = set()
        while not set(expected) <= seen:
            event = self.next("case_updated", timeout)
            assert set(event) == {"case_id", "what"}, event
            assert event["case_id"] == case_id
            seen.add(event["what"])
        while True:  # the other events of the same commit
            try:
                event = self.queues["case_updated"].get(timeout=0.3)
            except queue.Empty:
                return seen
            seen.add(event["what"])

    def deaf(self) -> bool:
        return self.silent("case_updated")


class Api:
    """Bearer-token requests against the live server."""

    def __init__(self, server, session, user):
        token, _ = issue_token(session, user, clock.now())
        session.commit()
        self.url = server.url + "/api/v1"
        self.headers = {"Authorization": f"Bearer {token}"}

    def post(self, path: str, body: dict) -> requests.Response:
        return requests.post(self.url + path, json=body, headers=self.headers, timeout=10)

    def patch(self, path: str, body: dict) -> requests.Response:
        return requests.patch(self.url + path, json=body, headers=self.headers, timeout=10)


def _page_login(server, user) -> tuple[requests.Session, str]:
    web = requests.Session()
    page = web.get(server.url + "/inloggen").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    web.post(
        server.url + "/inloggen",
        data={"username": user.username, "password": PASSWORD, "csrf_token": token},
    )
    return web, token


@pytest.fixture
def follow(live_clients):
    return lambda server, user: live_clients(Follower, server, user)


def test_every_kind_of_change_reaches_followers_and_nobody_else(
    server, follow, session, world, case, make_user
):
    boss = make_user(world.swv, "coordinator", username="swvbaas")
    session.commit()
    school, lpa, swv = (
        follow(server, u) for u in (world.teacher, world.lpa, world.swv_coordinator)
    )
    outsider, far_lpa, swv_worker = (
        follow(server, u) for u in (world.far_worker, world.other_lpa, world.swv_worker)
    )
    for c in (school, lpa, swv):
        assert c.call("join_case", {"case_id": case.id}) == {"ok": True}
    for c in (outsider, far_lpa, swv_worker):
        assert c.call("join_case", {"case_id": case.id})["ok"] is False
    followers, others = (school, lpa, swv), (outsider, far_lpa, swv_worker)

    def everyone_hears(*expected: str) -> set[str]:
        seen = [c.heard(case.id, *expected) for c in followers]
        assert seen[0] == seen[1] == seen[2], seen
        return seen[0]

    teacher_api, lpa_api = Api(server, session, world.teacher), Api(server, session, world.lpa)

    # Agreements: create, change the term, done.
    made = teacher_api.post(
        f"/cases/{case.id}/agreements",
        {"description": "Gesprek ouders", "owner_org_id": world.school.id, "due_at": "2026-12-04"},
    )
    assert made.status_code == 201, made.text
    assert everyone_hears("afspraken") == {"afspraken"}
    aid = made.json()["id"]
    moved = teacher_api.patch(f"/agreements/{aid}", {"due_at": "2026-12-11", "reason": "Ziek"})
    assert moved.status_code == 200, moved.text
    everyone_hears("afspraken")
    done = teacher_api.patch(f"/agreements/{aid}", {"status": "done", "result": "Gevoerd"})
    assert done.status_code == 200, done.text
    everyone_hears("afspraken")

    # Phase: the SWV is asked to take regie; its coordinator accepts.
    phase = teacher_api.patch(f"/cases/{case.id}", {"phase": 3, "reason": "Meer nodig"})
    assert phase.status_code == 200, phase.text
    assert {"fase", "regie"} <= everyone_hears("fase", "regie")
    session.expire_all()
    proposal = session.scalar(select(RegieProposal).where(RegieProposal.status == "open"))
    boss_api = Api(server, session, boss)
    accepted = boss_api.post(
        f"/regie-proposals/{proposal.id}/accept",
        {
            "lead_user_id": boss.id,
            "consent_basis": "toestemming-ouders-en-jongere",
            "consent_given_by": "moeder en Maxime",
        },
    )
    assert accepted.status_code == 200, accepted.text
    everyone_hears("regie")

    # Participant and consent: the wijkteam joins, follows, and stops hearing once its
    # consent is withdrawn (its participation ends in the same commit).
    added = lpa_api.post(
        f"/cases/{case.id}/participations",
        {
            "org_id": world.wijkteam.id,
            "consent_basis": "toestemming-ouders-en-jongere",
            "consent_given_by": "moeder en Maxime",
        },
    )
    assert added.status_code == 201, added.text
    assert {"betrokkenen", "toestemming"} <= everyone_hears("betrokkenen", "toestemming")
    wijk = follow(server, world.wijkteam_worker)
    assert wijk.call("join_case", {"case_id": case.id}) == {"ok": True}
    consent = session.scalar(select(Consent).where(Consent.org_id == world.wijkteam.id))
    withdrawn = boss_api.post(
        f"/consents/{consent.id}/withdraw", {"reason": "Ouders willen het niet"}
    )
    assert withdrawn.status_code == 200, withdrawn.text
    everyone_hears("toestemming", "betrokkenen")
    assert wijk.deaf()

    # Leerplicht records, parties and blockers.
    lpa_api.post(f"/cases/{case.id}/absence-reports", {"type": "signaal"}).raise_for_status()
    everyone_hears("verzuimmeldingen")
    lpa_api.post(
        f"/cases/{case.id}/exemptions", {"article": "15", "requested_on": "2026-11-20"}
    ).raise_for_status()
    everyone_hears("vrijstellingen")
    teacher_api.post(
        f"/cases/{case.id}/parties", {"role": "ouder", "name": "Ilse"}
    ).raise_for_status()
    everyone_hears("partijen")
    web, csrf = _page_login(server, world.teacher)
    posted = web.post(
        f"{server.url}/casussen/{case.id}/belemmeringen",
        data={"kind": "wachtlijst-zorg", "csrf_token": csrf},
        allow_redirects=False,
    )
    assert posted.status_code == 302, posted.text[:300]
    everyone_hears("belemmeringen")

    # Refused work (the SWV medewerker may not close; nothing changes) is never announced.
    close = {"outcome": "teruggeleid-zelfde-school", "resumed_on": "2026-11-24"}
    refused = Api(server, session, world.swv_worker).post(f"/cases/{case.id}/close", close)
    assert refused.status_code in (403, 404)
    assert all(c.deaf() for c in followers)

    # Closing.
    assert lpa_api.post(f"/cases/{case.id}/close", close).status_code == 200
    everyone_hears("afsluiting")

    assert all(c.deaf() for c in others)


def test_page_parts_are_fetched_with_access_checked(browser, world, case, make_case):
    school = browser(world.teacher)
    answer = school.get(f"/casussen/{case.id}/delen?wat=belemmeringen")
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    assert set(re.findall(r'data-case-part="([a-z]+)"', html)) == {"belemmeringen", "geschiedenis"}
    assert "chronologie" not in html and "Maxime" not in html  # the log and header stay out
    everything = school.get(f"/casussen/{case.id}/delen?wat=regie").get_data(as_text=True)
    assert 'data-case-part="kop"' in everything and "Maxime de Vries" in everything
    assert 'data-case-part="sluiten"' in everything

    bad = school.get(f"/casussen/{case.id}/delen?wat=alles")
    assert bad.status_code == 400 and "Onbekend onderdeel" in bad.get_data(as_text=True)
    assert school.get(f"/casussen/{case.id}/delen").status_code == 400
    # Someone who may not see the case learns nothing, not even that it exists.
    outsider = browser(world.far_worker)
    assert outsider.get(f"/casussen/{case.id}/delen?wat=afspraken").status_code == 404
    assert outsider.get("/casussen/999999/delen?wat=afspraken").status_code == 404
