"""The demo region: Regio Rivierenland (seed 000), its partners and the public demo accounts.

Municipalities are the five for which Team Leerplicht Rivierenland works (Jaarverslag
Leerplicht Regio Rivierenland 2022-2023), spelt as the official municipality names. School
and staff names are invented; no real person is named.
"""

from __future__ import annotations

from dataclasses import dataclass

# One shared, public password for every demo account (at least 10 characters).
DEMO_PASSWORD = "demo-rivierenland"

# The five municipalities of Team Leerplicht Rivierenland (seed 000).
BUREN = "Buren"
NEDER_BETUWE = "Neder-Betuwe"
WEST_BETUWE = "West Betuwe"
WEST_MAAS_EN_WAAL = "West Maas en Waal"
ZALTBOMMEL = "Zaltbommel"
MUNICIPALITIES = (BUREN, NEDER_BETUWE, WEST_BETUWE, WEST_MAAS_EN_WAAL, ZALTBOMMEL)

# Outside the region: where the boy of seed 003 moved from (his old school and its SWV).
ZWOLLE = "Zwolle"

# School-holiday region (Rijksoverheid "schoolvakanties"): Rivierenland lies in regio zuid.
REGION_HOLIDAYS = "zuid"


@dataclass(frozen=True)
class OrgSpec:
    key: str
    name: str
    kind: str
    municipality: str | None = None  # schools: where the school is
    serves: tuple[str, ...] = ()  # partners: the municipalities they serve
    education_types: str | None = None  # schools: "po", "vo", "so,vso", "mbo"
    swv: str | None = None  # schools: key of their SWV
    school_region: str = REGION_HOLIDAYS
    sector: str | None = None  # SWVs: "po" or "vo" (a gemeente has one of each)


ORGANISATIONS: tuple[OrgSpec, ...] = (
    # The SWVs first, so schools can refer to them: one for vo (and so/vso, mbo entry),
    # one for po (DESIGN §4a: a gemeente has an SWV po and an SWV vo).
    OrgSpec("swv", "SWV Rivierenland", "swv", serves=MUNICIPALITIES, sector="vo"),
    OrgSpec("swv_po", "SWV PO Rivierenland", "swv", serves=MUNICIPALITIES, sector="po"),
    OrgSpec("leerplicht", "Team Leerplicht Rivierenland", "leerplicht", serves=MUNICIPALITIES),
    OrgSpec(
        "doorstroompunt", "Doorstroompunt Rivierenland", "doorstroompunt", serves=MUNICIPALITIES
    ),
    OrgSpec("ggd", "GGD Gelderland-Zuid", "ggd", serves=MUNICIPALITIES),
    # Wijkteams, each serving one or two municipalities.
    OrgSpec("wt_westbetuwe", "Wijkteam West Betuwe", "wijkteam", serves=(WEST_BETUWE,)),
    OrgSpec("wt_bommelerwaard", "Wijkteam Bommelerwaard", "wijkteam", serves=(ZALTBOMMEL,)),
    OrgSpec(
        "wt_buren_nb",
        "Sociaal Team Buren en Neder-Betuwe",
        "wijkteam",
        serves=(BUREN, NEDER_BETUWE),
    ),
    OrgSpec("wt_maasenwaal", "Wijkteam West Maas en Waal", "wijkteam", serves=(WEST_MAAS_EN_WAAL,)),
    # The gemeenten (regie in phase 5, bestuurlijke opschaling).
    OrgSpec("gem_buren", "Gemeente Buren", "gemeente", serves=(BUREN,)),
    OrgSpec("gem_nederbetuwe", "Gemeente Neder-Betuwe", "gemeente", serves=(NEDER_BETUWE,)),
    OrgSpec("gem_westbetuwe", "Gemeente West Betuwe", "gemeente", serves=(WEST_BETUWE,)),
    OrgSpec(
        "gem_westmaasenwaal", "Gemeente West Maas en Waal", "gemeente", serves=(WEST_MAAS_EN_WAAL,)
    ),
    OrgSpec("gem_zaltbommel", "Gemeente Zaltbommel", "gemeente", serves=(ZALTBOMMEL,)),
    # The regional body that runs leerplicht for the gemeenten; home of the region-wide
    # administrators. It serves no municipality itself, so it never takes regie.
    OrgSpec("regio", "Regio Rivierenland", "gemeente"),
    # Schools: po in every municipality, vo in three, so/vso, praktijkonderwijs and mbo.
    OrgSpec(
        "po_regenboog",
        "OBS De Regenboog Maurik",
        "school",
        municipality=BUREN,
        education_types="po",
        swv="swv_po",
    ),
    OrgSpec(
        "po_wegwijzer",
        "CBS De Wegwijzer Opheusden",
        "school",
        municipality=NEDER_BETUWE,
        education_types="po",
        swv="swv_po",
    ),
    OrgSpec(
        "po_vlonder",
        "OBS De Vlonder Geldermalsen",
        "school",
        municipality=WEST_BETUWE,
        education_types="po",
        swv="swv_po",
    ),
    OrgSpec(
        "po_maaswiel",
        "Basisschool Het Maaswiel Beneden-Leeuwen",
        "school",
        municipality=WEST_MAAS_EN_WAAL,
        education_types="po",
        swv="swv_po",
    ),
    OrgSpec(
        "po_morgenster",
        "CBS De Morgenster Zaltbommel",
        "school",
        municipality=ZALTBOMMEL,
        education_types="po",
        swv="swv_po",
    ),
    OrgSpec(
        "vo_lingeborgh",
        "Lingeborgh Geldermalsen",
        "school",
        municipality=WEST_BETUWE,
        education_types="vo",
        swv="swv",
    ),
    OrgSpec(
        "vo_bommelerwaard",
        "Bommelerwaard College",
        "school",
        municipality=ZALTBOMMEL,
        education_types="vo",
        swv="swv",
    ),
    OrgSpec(
        "vo_waalcollege",
        "Waalcollege Beneden-Leeuwen",
        "school",
        municipality=WEST_MAAS_EN_WAAL,
        education_types="vo",
        swv="swv",
    ),
    OrgSpec(
        "vo_debrug",
        "Praktijkschool De Brug",
        "school",
        municipality=ZALTBOMMEL,
        education_types="vo",
        swv="swv",
    ),
    OrgSpec(
        "vso_lingestroom",
        "SO/VSO De Lingestroom",
        "school",
        municipality=WEST_BETUWE,
        education_types="so,vso",
        swv="swv",
    ),
    OrgSpec(
        "mbo_rivor",
        "ROC Rivor Zaltbommel",
        "school",
        municipality=ZALTBOMMEL,
        education_types="mbo",
        swv="swv",
    ),
    # Outside the region (seed 003): the old school of a boy who moved here, and its SWV.
    # No accounts: nobody from there uses this installation.
    OrgSpec(
        "swv_zwolle",
        "SWV VO Regio Zwolle",
        "swv",
        serves=(ZWOLLE,),
        school_region="noord",
        sector="vo",
    ),
    OrgSpec(
        "vo_vechtoever",
        "Scholengemeenschap De Vechtoever Zwolle",
        "school",
        municipality=ZWOLLE,
        education_types="vo",
        swv="swv_zwolle",
        school_region="noord",
    ),
)


@dataclass(frozen=True)
class AccountSpec:
    username: str
    name: str
    org: str  # OrgSpec.key
    roles: tuple[str, ...]
    function: str  # what the person does (shown nowhere yet; for the reader)


ACCOUNTS: tuple[AccountSpec, ...] = (
    # Schools: a zorgcoördinator / intern begeleider (coordinator) per school, plus workers.
    AccountSpec(
        "zorgco.lingeborgh", "Hanneke Verbeek", "vo_lingeborgh", ("coordinator",), "zorgcoördinator"
    ),
    AccountSpec("mentor.lingeborgh", "Joost Timmer", "vo_lingeborgh", ("medewerker",), "mentor"),
    AccountSpec(
        "zorgco.bommelerwaard",
        "Erik Gerritsen",
        "vo_bommelerwaard",
        ("coordinator", "beheerder"),
        "zorgcoördinator en applicatiebeheerder school",
    ),
    AccountSpec(
        "zorgco.waalcollege",
        "Marloes Hermsen",
        "vo_waalcollege",
        ("coordinator",),
        "zorgcoördinator",
    ),
    AccountSpec(
        "zorgco.debrug",
        "Ingrid Kolkman",
        "vo_debrug",
        ("coordinator",),
        "zorgcoördinator praktijkonderwijs",
    ),
    AccountSpec(
        "zorgco.lingestroom",
        "Wilma Schouten",
        "vso_lingestroom",
        ("coordinator",),
        "zorgcoördinator so/vso",
    ),
    AccountSpec(
        "zorgco.rivor", "Ahmed Benali", "mbo_rivor", ("coordinator",), "zorgcoördinator mbo"
    ),
    AccountSpec(
        "slb.rivor", "Sanne de Kruijf", "mbo_rivor", ("medewerker",), "studieloopbaanbegeleider"
    ),
    AccountSpec(
        "ib.regenboog", "Annemiek Rutten", "po_regenboog", ("coordinator",), "intern begeleider"
    ),
    AccountSpec(
        "ib.wegwijzer", "Gerda van Ommeren", "po_wegwijzer", ("coordinator",), "intern begeleider"
    ),
    AccountSpec("ib.vlonder", "Kees Hol", "po_vlonder", ("coordinator",), "intern begeleider"),
    AccountSpec(
        "ib.maaswiel", "Petra van Herwaarden", "po_maaswiel", ("coordinator",), "intern begeleider"
    ),
    AccountSpec(
        "ib.morgenster", "Linda Verwoert", "po_morgenster", ("coordinator",), "intern begeleider"
    ),
    AccountSpec(
        "leerkracht.morgenster",
        "Tom de Ridder",
        "po_morgenster",
        ("medewerker",),
        "groepsleerkracht",
    ),
    # SWV Rivierenland.
    AccountSpec(
        "swv.coordinator", "Anouk Hendriksen", "swv", ("coordinator",), "thuiszittercoördinator"
    ),
    AccountSpec(
        "swv.consulent",
        "Ruud Verhagen",
        "swv",
        ("medewerker",),
        "onderwijsconsulent / ondersteuningsadviseur",
    ),
    # SWV PO Rivierenland.
    AccountSpec(
        "swvpo.coordinator",
        "Marloes Claassen",
        "swv_po",
        ("coordinator",),
        "thuiszittercoördinator po",
    ),
    AccountSpec(
        "beheer.swv",
        "Ellen van Kooten",
        "swv",
        ("beheerder",),
        "applicatiebeheerder samenwerkingsverband",
    ),
    # Team Leerplicht Rivierenland: one vast aanspreekpunt per municipality, a teammanager.
    AccountSpec(
        "lpa.buren", "Femke de Wit", "leerplicht", ("medewerker",), "leerplichtambtenaar Buren"
    ),
    AccountSpec(
        "lpa.nederbetuwe",
        "Jeroen Kuipers",
        "leerplicht",
        ("medewerker",),
        "leerplichtambtenaar Neder-Betuwe",
    ),
    AccountSpec(
        "lpa.westbetuwe",
        "Sabine van Zuijlen",
        "leerplicht",
        ("medewerker",),
        "leerplichtambtenaar West Betuwe",
    ),
    AccountSpec(
        "lpa.westmaasenwaal",
        "Nadia Bouzid",
        "leerplicht",
        ("medewerker",),
        "leerplichtambtenaar West Maas en Waal",
    ),
    AccountSpec(
        "lpa.zaltbommel",
        "Maarten Vos",
        "leerplicht",
        ("medewerker",),
        "leerplichtambtenaar Zaltbommel",
    ),
    AccountSpec(
        "teammanager.leerplicht",
        "Carla Jacobs",
        "leerplicht",
        ("coordinator", "beheerder"),
        "teammanager Leerplicht en Doorstroompunt",
    ),
    # Wijkteams.
    AccountSpec(
        "wijkteam.westbetuwe",
        "Lisa van Leeuwen",
        "wt_westbetuwe",
        ("medewerker",),
        "jeugdconsulent wijkteam",
    ),
    AccountSpec(
        "wijkteam.bommelerwaard",
        "Mehmet Yilmaz",
        "wt_bommelerwaard",
        ("medewerker",),
        "jeugdconsulent wijkteam",
    ),
    AccountSpec(
        "wijkteam.buren",
        "Judith Brouwer",
        "wt_buren_nb",
        ("medewerker",),
        "jeugdconsulent sociaal team",
    ),
    AccountSpec(
        "wijkteam.maasenwaal",
        "Rik Janssen",
        "wt_maasenwaal",
        ("medewerker", "coordinator"),
        "teamleider wijkteam",
    ),
    # GGD and Doorstroompunt.
    AccountSpec("jeugdarts", "dr. Marieke Dekker", "ggd", ("medewerker",), "jeugdarts"),
    AccountSpec(
        "doorstroomcoach", "Wouter van Rijn", "doorstroompunt", ("medewerker",), "doorstroomcoach"
    ),
    # Gemeenten: the beleidsadviseur onderwijs/jeugd, addressed in bestuurlijke opschaling.
    AccountSpec(
        "gemeente.buren",
        "Paul Willems",
        "gem_buren",
        ("medewerker", "coordinator"),
        "beleidsadviseur onderwijs",
    ),
    AccountSpec(
        "gemeente.nederbetuwe",
        "Ilse Mulder",
        "gem_nederbetuwe",
        ("medewerker", "coordinator"),
        "beleidsadviseur onderwijs",
    ),
    AccountSpec(
        "gemeente.westbetuwe",
        "Frank van den Heuvel",
        "gem_westbetuwe",
        ("medewerker", "coordinator"),
        "adviseur sociaal domein",
    ),
    AccountSpec(
        "gemeente.westmaasenwaal",
        "Yvonne Peters",
        "gem_westmaasenwaal",
        ("medewerker", "coordinator"),
        "beleidsadviseur jeugd en onderwijs",
    ),
    AccountSpec(
        "gemeente.zaltbommel",
        "Bas de Graaf",
        "gem_zaltbommel",
        ("medewerker", "coordinator"),
        "beleidsadviseur onderwijs",
    ),
    # Region-wide: functional administration and the privacy officer (audit log).
    AccountSpec(
        "functioneel.beheer",
        "Hans Smit",
        "regio",
        ("functioneel-beheer",),
        "functioneel beheerder Thuiszittertafel",
    ),
    AccountSpec(
        "privacy", "Renée Vermeulen", "regio", ("privacy",), "functionaris gegevensbescherming"
    ),
)

# The leerplichtambtenaar who is vast aanspreekpunt for each municipality (seed 000).
LPA_FOR = {
    BUREN: "lpa.buren",
    NEDER_BETUWE: "lpa.nederbetuwe",
    WEST_BETUWE: "lpa.westbetuwe",
    WEST_MAAS_EN_WAAL: "lpa.westmaasenwaal",
    ZALTBOMMEL: "lpa.zaltbommel",
}
