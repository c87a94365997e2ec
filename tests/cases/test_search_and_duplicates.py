"""Search and duplicates (issue 14, item 5; issue 15, item 3): names found whatever their
accents and letter case on SQLite and PostgreSQL alike; an intake for a child who already
has a case never tells an outsider so; a likely duplicate (the same child written
differently) is told to who may see both cases, never to the intaker who may not."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.api.conftest import assert_error, case_count
from thuiszittertafel.audit.models import AuditEntry
from thuiszittertafel.cases import pupils
from thuiszittertafel.cases.models import Case, Pupil
from thuiszittertafel.notifications.models import Notification

NAMES = [
    ("Elif", "Öztürk"),
    ("Emre", "Ozturk"),
    ("Łukasz", "Wiśniewski"),
    ("Eëlco", "van Dijk"),
    ("Noëlle", "van der Ĳssel"),
    ("Zoë", "Jansen"),
]


@pytest.mark.parametrize(
    "text, key",
    [
        ("Öztürk", "ozturk"),
        ("ÖZTÜRK", "ozturk"),
        ("İsmail Çelik", "ismail celik"),
        ("Łukasz  Wiśniewski", "lukasz wisniewski"),
        ("Eëlco van Dĳk", "eelco van dijk"),
        ("Søren Ærø", "soren aero"),
    ],
)
def test_search_key_folds_case_accents_and_letters(text, key):
    assert pupils.search_key(text) == key


@pytest.fixture
def named(world, make_case):
    return {
        f"{g} {f}": make_case(
            world.teacher, given_name=g, family_name=f, birth_date=date(2012, 1, i + 1)
        )
        for i, (g, f) in enumerate(NAMES)
    }


@pytest.mark.parametrize(
    "q, expected",
    [
        ("Öztürk", {"Elif Öztürk", "Emre Ozturk"}),
        ("ozturk", {"Elif Öztürk", "Emre Ozturk"}),
        ("öZTÜrk", {"Elif Öztürk", "Emre Ozturk"}),
        ("elif ozt", {"Elif Öztürk"}),
        ("lukasz", {"Łukasz Wiśniewski"}),
        ("WIŚNIEWSKI", {"Łukasz Wiśniewski"}),
        ("wisniewski", {"Łukasz Wiśniewski"}),
        ("eelco", {"Eëlco van Dijk"}),
        ("Eëlco", {"Eëlco van Dijk"}),
        ("ijssel", {"Noëlle van der Ĳssel"}),
        ("noelle", {"Noëlle van der Ĳssel"}),
        ("zoe", {"Zoë Jansen"}),
        ("100%", set()),
        ("_", set()),
    ],
)
def test_name_search_ignores_accents_and_case_on_both_databases(api, world, named, q, expected):
    for user in (world.teacher, world.lpa):
        found = api(user).get("/api/v1/cases", query_string={"q": q}).get_json()["items"]
        assert {c["pupil"]["name"] for c in found} == expected, (user.username, q)
    # Someone who may not see these cases finds nothing, whatever they type.
    assert (
        api(world.far_worker).get("/api/v1/cases", query_string={"q": q}).get_json()["total"] == 0
    )


def test_the_case_table_searches_the_same_way(browser, world, named):
    page = browser(world.teacher).get("/casussen", query_string={"q": "ozturk"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Elif Öztürk" in html and "Emre Ozturk" in html
    assert "Wiśniewski" not in html


def test_search_name_is_kept_on_every_write(session, named):
    pupil = named["Elif Öztürk"].pupil
    assert (pupil.search_name, pupil.sort_name) == ("elif ozturk", "ozturk elif")
    pupil.family_name = "van Yıldız"
    session.commit()
    names = select(Pupil.search_name, Pupil.sort_name).where(Pupil.id == pupil.id)
    assert session.execute(names).one() == ("elif van yildiz", "yildiz van elif")
    # The case's copies, which the search and the sort read, follow in the same flush.
    case_id = named["Elif Öztürk"].id
    copies = select(Case.search_name, Case.sort_name).where(Case.id == case_id)
    assert session.execute(copies).one() == ("elif van yildiz", "yildiz van elif")


@pytest.mark.parametrize(
    "given, family, key",
    [
        ("Maxime", "van Dijk", "dijk van maxime"),  # under D, as Dutch lists have it
        ("Noëlle", "van der Ĳssel", "ijssel van der noelle"),
        ("Jan", "'t Hart", "hart 't jan"),
        ("Bram", "Bakker-de Vries", "bakker-de vries bram"),  # a double name stays whole
        ("Sem", "de vries", "vries de sem"),  # typed without capitals
        ("Geanonimiseerd", "leerling 12", "leerling 12 geanonimiseerd"),  # retention's name
        ("Lotte", "Van den Berg", "berg van den lotte"),
        ("Yara", "El Amrani", "el amrani yara"),  # an article that is part of the name
        ("Elif", "Öztürk", "ozturk elif"),
    ],
)
def test_sort_name_is_the_dutch_list_order(given, family, key):
    assert pupils.sort_name(given, family) == key


def test_the_table_sorts_by_name_as_a_dutch_list(api, world, make_case):
    """By family name without tussenvoegsels, letter case and accents ignored (by the bytes
    'de Vries' and 'van Dijk' came after 'Zwart', 'Öztürk' after all)."""
    for i, (given, family) in enumerate(
        [("Sem", "de Vries"), ("Anna", "Zwart"), ("Elif", "Öztürk"), ("Eva", "van Dijk")]
    ):
        make_case(
            world.teacher, given_name=given, family_name=family, birth_date=date(2012, 2, i + 1)
        )
    listed = api(world.teacher).get("/api/v1/cases", query_string={"sort": "name"}).get_json()
    names = [c["pupil"]["name"] for c in listed["items"]]
    assert names == ["Eva van Dijk", "Elif Öztürk", "Sem de Vries", "Anna Zwart"]


def test_every_case_carries_its_pupils_search_name(session, named, api, world):
    rows = session.execute(select(Case.search_name, Pupil.search_name).join(Case.pupil)).all()
    assert len(rows) == len(NAMES) and all(case == pupil != "" for case, pupil in rows)
    rows = session.execute(select(Case.sort_name, Pupil.sort_name).join(Case.pupil)).all()
    assert len(rows) == len(NAMES) and all(case == pupil != "" for case, pupil in rows)
    named["Zoë Jansen"].pupil.given_name = "Zoey"
    session.commit()
    found = api(world.teacher).get("/api/v1/cases", query_string={"q": "zoey"}).get_json()
    assert [c["pupil"]["name"] for c in found["items"]] == ["Zoey Jansen"]
    assert (
        api(world.teacher).get("/api/v1/cases", query_string={"q": "zoe jan"}).get_json()["total"]
        == 0
    )


# --- the exact duplicate: one open case per child -------------------------------------


@pytest.fixture
def intake(world):
    def body(**changes):
        data = {
            "given_name": "Maxime",
            "family_name": "van Dijk",
            "birth_date": "2012-03-14",
            "municipality_id": world.zaltbommel.id,
            "education_type": "vo",
            "kind": "relatief",
            "absent_since": "2026-10-20",
            "school_org_id": world.school.id,
        }
        return {**data, **changes}

    return body


@pytest.fixture
def lp_coordinator(make_user, world):
    return make_user(world.leerplicht, "coordinator", username="teamleider")


def page_form(world, **changes) -> dict:
    """The intake form as the page posts it: Maxime van Dijk, 14-03-2012, Zaltbommel."""
    form = {
        "given_name": "Maxime",
        "family_name": "van Dijk",
        "birth_date": "14-03-2012",
        "municipality_id": str(world.zaltbommel.id),
        "education_type": "vo",
        "kind": "relatief",
        "absent_since": "20-10-2026",
        "school_org_id": str(world.school.id),
    }
    return {**form, **changes}


def told(session, user) -> list[Notification]:
    return list(session.scalars(select(Notification).where(Notification.user_id == user.id)))


def test_exact_duplicate_gets_a_neutral_answer_for_an_outsider(
    api, world, intake, session, lp_coordinator
):
    first = api(world.teacher).post("/api/v1/cases", json=intake())
    assert first.status_code == 201
    before = case_count(session)
    outsider = api(world.wijkteam_worker).post("/api/v1/cases", json=intake(family_name="VAN DIJK"))
    assert outsider.status_code == 202
    body = outsider.get_json()
    assert body == {"forwarded": True, "message": body["message"]}
    assert "loopt al" not in body["message"] and "casus" not in body["message"]
    assert str(first.get_json()["id"]) not in body["message"]
    assert case_count(session) == before
    forwarded = told(session, lp_coordinator)
    assert [n.kind for n in forwarded] == ["intake_duplicate"]
    assert forwarded[0].case_id == first.get_json()["id"]
    assert told(session, world.wijkteam_worker) == []
    # Leerplicht and the privacy officer can see who reported the child again (probing).
    probe = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "api.case.duplicate_report")
    ).one()
    assert probe.user_id == world.wijkteam_worker.id
    assert probe.object_id == first.get_json()["id"]

    # Someone who may read the running case is told which one it is.
    again = api(world.zorgco).post("/api/v1/cases", json=intake())
    body = assert_error(again, 409, "melding-doorgestuurd")
    assert body["case_id"] == first.get_json()["id"] and "loopt al een casus" in body["message"]


def test_exact_duplicate_on_the_intake_page_is_neutral_for_an_outsider(
    browser, world, make_case, session
):
    make_case(
        world.teacher, given_name="Maxime", family_name="van Dijk", birth_date=date(2012, 3, 14)
    )
    form = page_form(world)
    page = browser(world.wijkteam_worker).post("/casussen/nieuw", form, follow_redirects=True)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "doorgestuurd naar leerplicht" in html
    assert "loopt al een casus" not in html and "Maxime" not in html.split("<main")[1]
    assert session.scalar(select(func.count()).select_from(Case)) == 1
    probe = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "case.duplicate_report")
    ).one()
    assert probe.user_id == world.wijkteam_worker.id and probe.object_type == "case"


# --- likely duplicates -----------------------------------------------------------------


@pytest.mark.parametrize(
    "given, family, alike",
    [
        ("Maxime", "van Dyk", True),  # 'ij' written as 'y'
        ("Maxim", "van Dijk", True),  # one letter
        ("Maxime", "Van-Dijk", True),
        ("Max", "Dekker", True),  # the same initials M.D.
        ("Noor", "Bakker", False),
    ],
)
def test_alike_names(given, family, alike):
    class P:
        def __init__(self, g, f):
            self.given_name, self.family_name = g, f

    assert pupils.alike(P("Maxime", "van Dijk"), P(given, family)) is alike


def test_likely_duplicate_is_told_to_leerplicht_not_to_the_intaker(
    api, world, intake, session, lp_coordinator
):
    first = api(world.teacher).post("/api/v1/cases", json=intake()).get_json()
    second = api(world.wijkteam_worker).post("/api/v1/cases", json=intake(family_name="van Dyk"))
    assert second.status_code == 201  # maybe another child: the case opens
    body = second.get_json()
    assert "Dijk" not in str(body) and "duplicate" not in str(body)  # nothing about the other
    assert told(session, world.wijkteam_worker) == []
    warned = told(session, lp_coordinator)
    assert len(warned) == 1 and warned[0].case_id == body["id"]
    assert f"casus {first['id']}" in warned[0].text and f"casus {body['id']}" in warned[0].text
    assert "Maxime" not in warned[0].text  # initials only in a notice

    # Not alike: another birth date or another gemeente is another child; nobody is told.
    for changes in ({"birth_date": "2012-03-15"}, {"municipality_id": world.tiel.id}):
        other = api(world.wijkteam_worker).post(
            "/api/v1/cases", json=intake(family_name="van Dijck", **changes)
        )
        assert other.status_code == 201, other.get_json()
    assert len(told(session, lp_coordinator)) == 1


def test_likely_duplicate_the_intaker_may_see_is_shown_to_them(
    browser, world, make_case, session, lp_coordinator
):
    old = make_case(
        world.teacher, given_name="Maxime", family_name="van Dijk", birth_date=date(2012, 3, 14)
    )
    form = page_form(world, family_name="van Dyk")
    page = browser(world.zorgco).post("/casussen/nieuw", form, follow_redirects=True)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f"Let op: Maxime van Dijk (casus {old.id})" in html
    assert told(session, lp_coordinator) == []  # the intaker knows; nobody else is needed
