"""The three named stories from the source documents, step by step.

- Maxime (17), Jaarverslag Leerplicht Regio Rivierenland (seed 000): school → SWV (vso) →
  wijkteam → SWV thuiszitters (thuiszitterstafel) → Doorstroompunt. Two cases: the first,
  at her vo school, closes when she moves to the vso; the second, at the vso, is open.
- Sander (17), same report: enrolled at the ROC but working; leerplicht finds a bbl route
  with his employer. Closed: back to education at the same school (bbl niveau 2); he has
  no diploma yet, so not "startkwalificatie".
- Daan (14), Jaarverslag Leerplicht/Doorstroompunt IJssel-Vecht (seed 003), retold in this
  region: moved here from elsewhere, still enrolled at his old school, the plusvoorziening
  has no BRIN number so the SWV of origin issues no TLV. Long at home, escalated.

Family names are invented ("Sander is niet zijn echte naam", seed 000).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from . import region

if TYPE_CHECKING:
    from .seed import Region

MAXIME = ("Maxime", "van Dijk")
SANDER = ("Sander", "Verhoef")
DAAN = ("Daan", "de Ruiter")
STORY_PUPILS = (MAXIME, SANDER, DAAN)


def build(r: Region) -> None:
    maxime(r)
    sander(r)
    daan(r)


def _birth(r: Region, years: int, days: int):
    from .seed import years_before

    return years_before(r.today, years) - timedelta(days=days)


def maxime(r: Region) -> None:
    from .seed import CaseScript

    u, o = r.users, r.orgs
    home = r.munis[region.WEST_BETUWE]
    birth = _birth(r, 17, 130)

    # Case 1: at the Lingeborgh; school → ZAT → SWV → overstap naar het vso.
    first = CaseScript.open(
        r,
        u["zorgco.lingeborgh"],
        432,
        given=MAXIME[0],
        family=MAXIME[1],
        birth=birth,
        municipality=home,
        kind="dreigend",
        absent_ago=440,
        edu="vo",
        school=o["vo_lingeborgh"],
        onderwijsnummer="203948571",
        summary="Maxime heeft al een tijdje moeite om naar school te komen. Op de dagen dat"
        " het wel lukt, ervaart ze verschillende problemen. Samen met de ketenpartners"
        " wordt gezocht naar een passend traject voor Maxime.",
    )
    first.log(
        "contact",
        "Gesprek van mentor en zorgcoördinator met Maxime en haar ouders"
        " over het oplopende verzuim.",
        428,
        by=u["mentor.lingeborgh"],
    )
    first.participate(o["leerplicht"], 420)
    first.phase(
        2, "Aanpak school onvoldoende: bespreken in het zorg- en adviesteam met leerplicht.", 420
    )
    first.log(
        "meeting",
        "Overleg met alle betrokken partijen over de ondersteuningsbehoefte"
        " van Maxime. Het wordt al snel duidelijk dat de school tegen haar"
        " grenzen aanloopt en niet de juiste ondersteuning kan bieden. De"
        " leerplichtambtenaar, school en ouders concluderen gezamenlijk dat het"
        " voortgezet speciaal onderwijs wellicht beter bij Maxime past.",
        405,
    )
    first.phase(
        3,
        "Contact met het samenwerkingsverband om plaatsing in het voortgezet"
        " speciaal onderwijs te onderzoeken.",
        404,
    )
    first.lead(o["swv"], 404, user=u["swv.consulent"], by=u["swv.coordinator"])
    first.blocker("tlv-procedure", 400, "TLV voor het vso aangevraagd bij SWV Rivierenland.")
    first.end_blocker("tlv-procedure", 345)
    first.log("contact", "TLV afgegeven; intake bij SO/VSO De Lingestroom verliep goed.", 345)
    first.log("contact", "Kort daarna maakt Maxime de overstap naar het speciaal onderwijs.", 334)
    first.close("so-vso", 334, resumed_ago=336)

    # Case 2: at De Lingestroom; wijkteam → schoolgang stopt → thuiszitters → Doorstroompunt.
    second = CaseScript.open(
        r,
        u["zorgco.lingestroom"],
        210,
        given=MAXIME[0],
        family=MAXIME[1],
        birth=birth,
        municipality=home,
        kind="dreigend",
        absent_ago=215,
        edu="vso",
        school=o["vso_lingestroom"],
        summary="Ook op de nieuwe school blijkt Maxime (17) meer ondersteuning nodig te hebben"
        " dan zij kan krijgen. Het wijkteam kijkt naar hulp binnen het gezin en voor"
        " Maxime zelf. Ze voelt zich erg slecht, komt niet meer buiten en heeft haar"
        " sociale contacten verbroken; de schoolgang is volledig gestopt. Via het"
        " samenwerkingsverband thuiszitters liep ze stage met paarden, haar grote"
        " passie: ze komt weer buiten. Het grootste struikelblok blijft de schoolgang."
        " Het Doorstroompunt neemt een beroepskeuzetest af; zodra de uitslag bekend is,"
        " stellen de betrokkenen een plan op.",
    )
    wijkteam = o["wt_westbetuwe"]
    second.consent(
        wijkteam, 198, note="Maxime en haar ouders stemmen in met het inschakelen van het wijkteam."
    )
    second.participate(wijkteam, 198)
    second.log(
        "contact",
        "Wijkteam: Maxime voelt zich erg slecht; er wordt hulp aangeboden.",
        190,
        by=u["wijkteam.westbetuwe"],
    )
    second.participate(o["leerplicht"], 176)
    second.phase(
        2,
        "Ondanks de hulp neemt het verzuim toe: zorg- en adviesteam met leerplicht en wijkteam.",
        176,
    )
    second.log(
        "contact",
        "De ouders vertellen steeds meer openlijk over de situatie thuis:"
        " Maxime komt niet meer buiten en heeft haar sociale contacten"
        " verbroken. Ze weten niet meer hoe ze hun dochter kunnen"
        " ondersteunen en zien haar afglijden.",
        170,
        by=u["lpa.westbetuwe"],
    )
    second.update(
        {
            "kind": "relatief",
            "absent_since": r.day(165),
            "reason": "De schoolgang is inmiddels volledig gestopt.",
        },
        165,
    )
    second.participate(o["ggd"], 160)
    second.blocker(
        "anders",
        160,
        "Maxime weigert mee te werken aan de hulp; het lukt niemand om contact met haar te houden.",
        days_ago=158,
    )
    second.phase(
        3, "Samenwerkingsverband thuiszitters ingeschakeld om over Maxime te overleggen.", 125
    )
    second.lead(o["swv"], 125, user=u["swv.coordinator"], by=u["swv.coordinator"])
    second.phase(
        4,
        "Langer dan drie maanden zonder onderwijs (norm thuiszitterspact):"
        " bespreken aan de thuiszitterstafel.",
        72,
    )
    second.log(
        "meeting",
        "Thuiszitterstafel: het idee ontstaat om Maxime stage te laten lopen"
        " met paarden of andere dieren, omdat ze daar een grote passie voor"
        " heeft. Afgesproken: wijkteam benadert een zorgboerderij.",
        70,
    )
    second.log(
        "contact",
        "De stage met de paarden blijkt een succes: Maxime komt eindelijk weer buiten!",
        45,
        by=u["wijkteam.westbetuwe"],
    )
    second.end_blocker("anders", 45)
    second.log(
        "contact",
        "Een laagdrempelige vorm van hulp ingezet voor Maxime. Het grootste"
        " struikelblok blijft haar schoolgang.",
        38,
        by=u["wijkteam.westbetuwe"],
    )
    second.blocker(
        "geen-passend-aanbod",
        30,
        "Door eerdere ervaringen wil Maxime niets meer"
        " met school te maken hebben; nog geen aanbod"
        " dat bij haar toekomstbeeld past.",
    )
    second.log(
        "contact",
        "Maxime vertelt dat ze het erg naar haar zin heeft op de stage,"
        " maar dit niet als haar toekomstbeeld ziet. Een beroepskeuzetest op"
        " school zou logisch zijn, maar ze wil niets meer met school te maken"
        " hebben. Het Doorstroompunt wordt gevraagd de test af te nemen.",
        14,
    )
    second.participate(o["doorstroompunt"], 12)
    second.log(
        "contact",
        "Het Doorstroompunt heeft contact gelegd met Maxime en haar moeder"
        " over de beroepskeuzetest; dit lijkt hen een goede stap.",
        7,
        by=u["doorstroomcoach"],
    )
    second.log(
        "contact",
        "Beroepskeuzetest afgenomen. Zodra de uitslag bekend is, stellen de"
        " betrokkenen een plan op om hieraan vorm te geven.",
        2,
        by=u["doorstroomcoach"],
    )


def sander(r: Region) -> None:
    from .seed import CaseScript

    u, o = r.users, r.orgs
    home = r.munis[region.NEDER_BETUWE]
    case = CaseScript.open(
        r,
        u["slb.rivor"],
        232,
        given=SANDER[0],
        family=SANDER[1],
        birth=_birth(r, 17, 250),
        municipality=home,
        kind="relatief",
        absent_ago=240,
        edu="mbo",
        school=o["mbo_rivor"],
        summary="Sander (17) staat ingeschreven op het ROC, maar het gaat niet al te soepel: hij"
        " mist de motivatie om naar school te gaan. Op zijn werk leeft hij helemaal op;"
        " zijn werkgever is dolblij met hem. De opleiding past wel bij zijn interesses,"
        " maar die boeken en school... daar heeft hij het moeilijk mee.",
    )
    case.log(
        "contact",
        "Gesprek met Sander: hij komt nauwelijks nog op de lesdagen en werkt bijna fulltime.",
        225,
        by=u["slb.rivor"],
    )
    case.participate(o["leerplicht"], 212)
    case.phase(2, "Verzuim houdt aan: zorg- en adviesteam van het ROC met leerplicht.", 210)
    case.log(
        "contact",
        "Team Leerplicht in gesprek met Sander en de school: we luisteren naar"
        " zijn verhaal en onderzoeken de mogelijkheden.",
        205,
        by=u["lpa.nederbetuwe"],
    )
    case.lead(o["leerplicht"], 204, user=u["lpa.nederbetuwe"], by=u["zorgco.rivor"])
    case.log(
        "contact",
        "Een aanpassing in het lesrooster geprobeerd; dat lijkt niet te werken voor Sander.",
        190,
    )
    case.blocker(
        "geen-passend-aanbod",
        180,
        "Alternatieven passen niet bij zijn behoeften of"
        " voldoen niet aan de eisen voor diplomering.",
    )
    case.participate(o["doorstroompunt"], 160)
    case.log(
        "contact",
        "Na verschillende gesprekken, vanuit de passie die Sander in zijn werk"
        " toont, in gesprek met zijn werkgever: als die zich aanmeldt als"
        " leer-/werkbedrijf kan Sander de opleiding voortzetten via een bbl-"
        "traject niveau 2 en alsnog zijn diploma halen.",
        150,
    )
    case.end_blocker("geen-passend-aanbod", 140)
    case.blocker("anders", 140, "Werkgever meldt zich aan als erkend leerbedrijf (SBB).")
    case.end_blocker("anders", 110)
    case.log("contact", "De aanmelding als leerbedrijf is rond; bbl-overeenkomst getekend.", 110)
    case.log(
        "contact",
        "Sander blijft bij zijn werk en gaat één dag per week naar school."
        " Binnen een half jaar geregeld; met dat diploma heeft hij straks veel"
        " betere kansen op de arbeidsmarkt.",
        75,
    )
    case.close("teruggeleid-zelfde-school", 75, resumed_ago=78)


def daan(r: Region) -> None:
    from .seed import CaseScript

    u, o = r.users, r.orgs
    home = r.munis[region.ZALTBOMMEL]
    lpa = u["lpa.zaltbommel"]
    case = CaseScript.open(
        r,
        lpa,
        160,
        given=DAAN[0],
        family=DAAN[1],
        birth=_birth(r, 14, 240),
        municipality=home,
        kind="relatief",
        absent_ago=170,
        edu="vo",
        school=o["vo_vechtoever"],
        summary="Daan (14) is met een ouder van buiten de regio naar Zaltbommel verhuisd en"
        " staat nog ingeschreven op zijn oude school in Zwolle; de reisafstand daarheen"
        " is echt te ver. Samen met de vorige school en een ouder is gekozen voor het"
        " Bommelerwaard College, maar die school twijfelt of zij passend genoeg is. De"
        " plusvoorziening (thuiszittersklas van het OPDC) lijkt een betere plek. Dat"
        " aanbod heeft geen BRIN-nummer; daarom geeft het samenwerkingsverband van de"
        " regio waaruit Daan vertrok geen toelaatbaarheidsverklaring af. Daan wil zelf"
        " heel graag naar school.",
    )
    case.participate(o["vo_bommelerwaard"], 158, by=lpa)
    case.log(
        "contact",
        "Aanmelding bij het Bommelerwaard College besproken; de school"
        " twijfelt of zij passend genoeg is voor Daan.",
        156,
        by=u["zorgco.bommelerwaard"],
    )
    case.phase(
        2,
        "Zorg- en adviesoverleg op afstand met de oude school en het Bommelerwaard College.",
        150,
        by=lpa,
    )
    case.log(
        "meeting",
        "De plusvoorziening (OPDC) lijkt een betere plek dan een reguliere"
        " school; aanmelding via SWV Rivierenland.",
        140,
        by=lpa,
    )
    case.phase(
        3,
        "Voor de plusvoorziening is een TLV nodig van het samenwerkingsverband waar"
        " Daan staat ingeschreven.",
        138,
        by=lpa,
    )
    case.participate(o["swv"], 138, by=lpa)
    case.blocker(
        "tlv-procedure",
        132,
        "SWV VO Regio Zwolle geeft geen TLV af: de plusvoorziening heeft geen BRIN-nummer.",
        days_ago=130,
        by=lpa,
    )
    case.log(
        "contact",
        "Opnieuw navraag bij SWV VO Regio Zwolle. Het dreigt een langslepende"
        " administratieve kwestie te worden; Daan zit thuis.",
        110,
        by=lpa,
    )
    case.phase(
        4,
        "Langer dan drie maanden thuis (norm thuiszitterspact): aan de"
        " thuiszitterstafel van Rivierenland.",
        96,
        by=lpa,
    )
    case.lead(o["swv"], 95, user=u["swv.coordinator"], by=lpa)
    case.log(
        "meeting",
        "Casuïstiekoverleg met collega's van Participatie: contact gezocht met"
        " Werkzaak Rivierenland voor een stageplek met jobcoach, als"
        " overbrugging. Daan blijft ingeschreven bij zijn oude school.",
        92,
    )
    case.participate(o["wt_bommelerwaard"], 90)
    case.log(
        "contact",
        "Stage bij Werkzaak Rivierenland gestart; de jobcoach is enthousiast en"
        " ziet meteen mogelijkheden.",
        80,
        by=u["wijkteam.bommelerwaard"],
    )
    case.phase(
        5,
        "Termijn thuiszitterstafel verstreken zonder TLV: bestuurlijke opschaling"
        " tussen gemeente en beide samenwerkingsverbanden. Onderwijsconsulent"
        " ingeschakeld, Inspectie geïnformeerd.",
        50,
    )
    case.escalate(
        "Opgeschaald: de afspraak 'TLV-besluit SWV VO Regio Zwolle' is niet"
        " nagekomen. Regiehouder fase 5 (Gemeente Zaltbommel), coördinator SWV"
        " Rivierenland en leerplicht geïnformeerd.",
        49,
    )
    case.log(
        "contact",
        "De jobcoach adviseert extra ondersteuning bij de schoolgang; lijn"
        " gelegd met het wijkteam, zodat die direct bij de start kan beginnen.",
        20,
        by=u["wijkteam.bommelerwaard"],
    )
    case.log(
        "meeting",
        "Bestuurlijk overleg van Gemeente Zaltbommel met beide"
        " samenwerkingsverbanden gepland. Daan wil nog steeds graag naar de"
        " plusvoorziening.",
        5,
    )
