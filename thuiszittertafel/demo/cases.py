"""The demo's everyday cases: situations from the source documents, as data.

Each `Situation` is a kind of story the seeds describe (school anxiety, long sick leave, a
TLV that takes months, a full ISK, an mbo student waiting for the next intake moment, …).
`SPECS` lists the cases to build from them: kind, phase, how long the child has been at home,
and for closed cases the outcome. Names, birth dates, schools and exact days are drawn with a
fixed-seed random generator in seed.py, so every run builds the same region.
"""

from __future__ import annotations

from dataclasses import dataclass, field

GIRLS = (
    "Emma",
    "Julia",
    "Mila",
    "Tess",
    "Sophie",
    "Zoë",
    "Lotte",
    "Noor",
    "Fleur",
    "Sara",
    "Eva",
    "Anna",
    "Lieke",
    "Femke",
    "Isa",
    "Yara",
    "Nina",
    "Roos",
    "Iris",
    "Evi",
    "Sanne",
    "Fenna",
    "Amira",
    "Lina",
    "Elif",
    "Jasmijn",
    "Floor",
    "Merel",
    "Demi",
    "Lynn",
)
BOYS = (
    "Daan",
    "Sem",
    "Lucas",
    "Milan",
    "Levi",
    "Finn",
    "Luuk",
    "Bram",
    "Thijs",
    "Jesse",
    "Ruben",
    "Noah",
    "Sven",
    "Gijs",
    "Stijn",
    "Tim",
    "Niels",
    "Jens",
    "Mohammed",
    "Youssef",
    "Ayoub",
    "Mats",
    "Julian",
    "Tygo",
    "Bas",
    "Joris",
    "Wessel",
    "Koen",
    "Rayan",
    "Hamza",
)
FAMILY_NAMES = (
    "de Vries",
    "van den Berg",
    "Bakker",
    "Janssen",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "Dijkstra",
    "de Graaf",
    "van der Meer",
    "van der Linden",
    "Kok",
    "de Haan",
    "van den Heuvel",
    "van der Veen",
    "van den Broek",
    "de Bruijn",
    "de Jong",
    "van Beek",
    "Verhoeven",
    "Schouten",
    "van Wijk",
    "Kuijpers",
    "van Maurik",
    "van Kooten",
    "van Ooijen",
    "Verwoert",
    "van Zuijlen",
    "van Herwaarden",
    "Hol",
    "van Tuijl",
    "Verbeek",
    "van de Water",
    "El Amrani",
    "Yıldız",
    "Öztürk",
    "Bouali",
    "Kaya",
    "van Ginkel",
    "Rietveld",
    "den Hartog",
    "van Mourik",
)
# Newcomers waiting for the ISK (seed 000: "Overvolle ISK-locaties").
NEWCOMER_GIRLS = ("Sofiia", "Anastasiia", "Rama", "Maryam")
NEWCOMER_BOYS = ("Oleksandr", "Maksym", "Omar", "Yusuf")
NEWCOMER_FAMILY_NAMES = (
    "Kovalenko",
    "Shevchenko",
    "Bondarenko",
    "Al-Hassan",
    "Haddad",
    "Tkachenko",
)


@dataclass(frozen=True)
class Situation:
    summary: str
    events: tuple[str, ...] = ()
    blockers: dict[str, str] = field(default_factory=dict)  # kind -> note
    partners: tuple[str, ...] = ()  # org kinds that join
    newcomer: bool = False
    closing: dict[str, str] = field(default_factory=dict)  # outcome -> last log line
    authorised: str | None = None  # absent with a valid reason (ABSENCE_REASONS): no verzuim


# Placeholders: {naam} given name, {leeftijd}, {ze}/{Ze} subject pronoun, {zijn} possessive,
# {gemeente} municipality of residence.
SITUATIONS: dict[str, Situation] = {
    "angst": Situation(
        summary="{naam} ({leeftijd}) komt sinds het begin van het schooljaar steeds minder op"
        " school: buikpijn, paniek op zondagavond, slaapt slecht. Mentor en ouders zien"
        " schoolangst (emotioneel belemmerd schoolverzuim). Inmiddels lukt het helemaal"
        " niet meer.",
        events=(
            "Gesprek met ouders en {naam}: {ze} is bang om de klas in te gaan; de ouders"
            " voelen zich machteloos.",
            "Afgesproken: opbouwschema van twee uur per dag via de time-outruimte, met de"
            " mentor als vaste contactpersoon.",
            "Opbouwschema na een week gestopt; {naam} raakt in paniek bij de schoolpoort.",
            "Jeugdarts gesproken: verwijzing naar de jeugd-GGZ besproken met ouders.",
        ),
        blockers={
            "wachtlijst-zorg": "Aangemeld bij de jeugd-GGZ; wachttijd voor de intake"
            " ongeveer 16 weken."
        },
        partners=("ggd", "wijkteam"),
        closing={
            "teruggeleid-zelfde-school": "{naam} volgt weer het volledige rooster; de mentor"
            " houdt wekelijks contact.",
            "onderwijs-zorg-arrangement": "Gestart met een onderwijs-zorgarrangement: drie"
            " ochtenden school, twee dagdelen behandeling.",
        },
    ),
    "ziek": Situation(
        summary="{naam} ({leeftijd}) is sinds maanden ziek (vermoedelijk post-COVID, ernstige"
        " vermoeidheid) en haalt maar een paar uur per week. School vraagt advies van de"
        " jeugdarts (Medische Advisering Zieke Leerling).",
        events=(
            "Jeugdarts: belastbaar ongeveer twee uur per dag; opbouw in overleg met de huisarts.",
            "Afgesproken: onderwijs op afstand voor de kernvakken en één ochtend per week op"
            " school.",
            "Evaluatie opbouw: {naam} houdt het vol, belastbaarheid naar drie uur per dag.",
        ),
        blockers={
            "wachtlijst-diagnostiek": "Wacht op onderzoek bij de kinderarts en het"
            " revalidatiecentrum."
        },
        partners=("ggd",),
        closing={
            "teruggeleid-zelfde-school": "{naam} volgt weer het volledige rooster, met"
            " een rustmoment per dag."
        },
        authorised="ziek-medisch",  # a doctor's note: geoorloofd, no leerplicht task
    ),
    "kermis": Situation(
        summary="{naam} ({leeftijd}) reist met de ouders mee met de kermis van april tot"
        " oktober. De ouders leiden een trekkend bestaan; {naam} staat ingeschreven bij de"
        " Rijdende School en heeft vrijstelling op grond van art. 5a Leerplichtwet.",
        events=(
            "Leerplicht spreekt met de ouders over het winterseizoen: {naam} gaat dan naar de"
            " basisschool in {gemeente}.",
            "Rijdende School levert het leerplan; school neemt het over in de wintermaanden.",
        ),
    ),
    "autisme": Situation(
        summary="{naam} ({leeftijd}) heeft een ASS-diagnose en is sinds de overgang naar een"
        " grotere klas overprikkeld en vastgelopen. School geeft aan de benodigde"
        " ondersteuning niet te kunnen bieden; gedacht wordt aan (v)so.",
        events=(
            "ZAT: ondersteuningsbehoefte in kaart gebracht; ontwikkelingsperspectief (OPP)"
            " bijgesteld.",
            "School en ouders vragen samen een toelaatbaarheidsverklaring (TLV) aan.",
            "Intake bij het (v)so gepland; plaatsing hangt af van de TLV.",
        ),
        blockers={
            "tlv-procedure": "TLV aangevraagd bij het samenwerkingsverband; de commissie vraagt"
            " eerst aanvullend onderzoek.",
            "wachtlijst-onderwijs": "Toelaatbaar, maar wachtlijst bij het (v)so: plaatsing"
            " pas na de volgende vakantie.",
        },
        partners=("ggd",),
        closing={"so-vso": "{naam} is gestart op het (v)so; eerste weken verlopen rustig."},
    ),
    "gedrag": Situation(
        summary="{naam} ({leeftijd}) is na herhaalde incidenten geschorst en daarna niet meer"
        " teruggekomen. School wil dat {ze} naar een andere school gaat; de ouders voelen"
        " zich niet gehoord.",
        events=(
            "Schorsing van vijf dagen gemeld bij leerplicht en de Inspectie.",
            "Andere scholen in de regio reageren terughoudend op de aanmelding.",
            "Opnieuw besproken op het plaatsingsoverleg, opnieuw zonder plek.",
        ),
        blockers={
            "geen-passend-aanbod": "Geen school in de regio biedt een passende plek; het"
            " samenwerkingsverband heeft geen doorzettingsmacht"
            " richting de schoolbesturen."
        },
        partners=("wijkteam",),
        closing={
            "teruggeleid-andere-school": "Geplaatst op een andere school, met een"
            " begeleider van het samenwerkingsverband.",
            "onderwijs-zorg-arrangement": "Gestart in de tussenvoorziening (OPDC) met"
            " gedragsbegeleiding vanuit het wijkteam.",
        },
    ),
    "thuissituatie": Situation(
        summary="Zorgen over de thuissituatie: de ouders gaan uit elkaar, {naam} ({leeftijd})"
        " zorgt veel voor een jonger broertje en komt steeds onregelmatiger op school.",
        events=(
            "Huisbezoek door de leerplichtambtenaar samen met de mentor.",
            "Wijkteam biedt gezinsondersteuning aan; moeder twijfelt, vader wil geen hulp.",
            "Afspraak met het wijkteam twee keer afgezegd.",
        ),
        blockers={
            "ouders-werken-niet-mee": "Vader wil geen hulp van het wijkteam; afspraken"
            " worden afgezegd."
        },
        partners=("wijkteam",),
        closing={
            "teruggeleid-zelfde-school": "{naam} komt weer elke dag; het wijkteam blijft"
            " het gezin ondersteunen."
        },
    ),
    "isk": Situation(
        summary="{naam} ({leeftijd}) kwam met het gezin naar {gemeente} en staat nog niet op"
        " een school ingeschreven: de Internationale Schakelklas (ISK) zit vol.",
        events=(
            "Aangemeld bij de ISK; de wachtlijst is enkele maanden.",
            "Overbrugging: taalles in het buurthuis, twee ochtenden per week. Maatschappelijk"
            " beter dan niets, maar geen onderwijs in de zin van de Leerplichtwet.",
            "Leerplicht belt maandelijks met de ISK over de plaatsingsdatum.",
        ),
        blockers={
            "wachtlijst-onderwijs": "Wachtlijst ISK; verwachte plaatsing over ongeveer zes maanden."
        },
        newcomer=True,
        closing={
            "teruggeleid-andere-school": "Ingeschreven en gestart op een reguliere school.",
            "isk": "Geplaatst in de Internationale Schakelklas in Tiel.",
        },
    ),
    "po_vo": Situation(
        summary="{naam} ({leeftijd}) is na groep 8 niet op een vo-school ingeschreven: het"
        " advies past volgens de ouders niet, en twee scholen wezen de aanmelding af.",
        events=(
            "DUO-signaal: geen inschrijving na de zomervakantie.",
            "Gesprek met de ouders; leerplicht legt de aanmeldprocedure en de zorgplicht uit.",
            "Samenwerkingsverband bemiddelt bij een derde school.",
        ),
        blockers={
            "geen-passend-aanbod": "Twee aanmeldingen afgewezen; zorgplicht ligt bij de"
            " school van eerste aanmelding."
        },
        closing={"teruggeleid-andere-school": "Ingeschreven en gestart in de brugklas."},
    ),
    "mbo_uitval": Situation(
        summary="{naam} ({leeftijd}) zit in het eerste jaar van een mbo-opleiding die niet bij"
        " {zijn} verwachting past en komt nauwelijks nog. Kwalificatieplichtig, geen"
        " startkwalificatie.",
        events=(
            "Gesprek met de studieloopbaanbegeleider en de doorstroomcoach: beroepskeuzetest"
            " afgesproken.",
            "Beroepskeuzetest afgenomen: interesse in techniek en logistiek.",
            "Andere opleiding gevonden; instroom kan pas bij het volgende instroommoment.",
        ),
        blockers={
            "wachtlijst-onderwijs": "Beperkt aantal instroommomenten in het mbo: de"
            " nieuwe opleiding start pas in februari."
        },
        partners=("doorstroompunt",),
        closing={
            "teruggeleid-andere-school": "Gestart op de nieuwe opleiding.",
            "18-jaar": "{naam} is 18 geworden zonder startkwalificatie; het Doorstroompunt"
            " (RMC) blijft contact houden.",
            "overgedragen-doorstroompunt": "{naam} wil eerst werken en daarna een opleiding:"
            " overgedragen aan het Doorstroompunt, dat het traject begeleidt.",
        },
    ),
    "werken": Situation(
        summary="{naam} ({leeftijd}) werkt veel bij een bedrijf in de buurt en ziet het nut van"
        " school niet. Kwalificatieplichtig, nog geen startkwalificatie; de ouders vinden"
        " werken belangrijker dan een diploma.",
        events=(
            "Leerplicht in gesprek met {naam}, ouders en school: werken én een diploma halen"
            " kan samen.",
            "Werkgever benaderd over een bbl-plek.",
        ),
        blockers={"anders": "Werkgever nog niet erkend als leerbedrijf (SBB)."},
        partners=("doorstroompunt",),
        closing={
            "startkwalificatie": "Diploma mbo niveau 2 behaald via de bbl; werkgever"
            " biedt een vast contract.",
            "bbl-leren-werken": "Gestart in de bbl bij de werkgever: vier dagen werken, één"
            " dag school.",
        },
    ),
    "diagnostiek": Situation(
        summary="{naam} ({leeftijd}) heeft woedeaanvallen in de klas en gaat nog alleen"
        " 's ochtends naar school (aangepast rooster). Vermoeden van een"
        " ontwikkelingsstoornis; onderzoek nodig om te bepalen welk onderwijs past.",
        events=(
            "Aangepast rooster (ochtenden) afgestemd met leerplicht, voor maximaal zes weken.",
            "Aangemeld voor diagnostisch onderzoek via de huisarts.",
            "Onderzoek afgerond: advies speciaal onderwijs cluster 4.",
        ),
        blockers={
            "wachtlijst-diagnostiek": "Wachttijd kinderpsychiatrisch onderzoek ongeveer"
            " vijf maanden."
        },
        partners=("wijkteam", "ggd"),
        closing={"so-vso": "{naam} is gestart op het so; de ouders zijn opgelucht."},
    ),
    "vrijstelling_5a": Situation(
        summary="{naam} ({leeftijd}) heeft een vrijstelling op grond van artikel 5 onder a"
        " (psychische gronden). De vrijstelling loopt af; ouders en behandelaar willen"
        " toewerken naar onderwijs in deeltijd.",
        events=(
            "Jeugdarts: een beperkte start in onderwijs lijkt haalbaar.",
            "Samenwerkingsverband zoekt een onderwijs-zorgarrangement (dagbehandeling en"
            " onderwijs).",
            "Scholen aarzelen: geen schoolbestuur wil de ondersteuning op zich nemen.",
        ),
        blockers={
            "geen-passend-aanbod": "Vanuit een vrijstelling 5 onder a wil geen schoolbestuur de"
            " leerling inschrijven (seed 004: 'bang zich te branden').",
            "wachtlijst-zorg": "Wachtlijst dagbehandeling jeugd-GGZ.",
        },
        partners=("ggd",),
        closing={
            "onderwijs-zorg-arrangement": "Gestart met een onderwijs-zorgarrangement:"
            " twee dagen onderwijs, drie dagen"
            " dagbehandeling."
        },
    ),
    "dagbesteding": Situation(
        summary="{naam} ({leeftijd}) is ernstig meervoudig beperkt. In het MAT-overleg is"
        " vastgesteld dat schoolgang (nog) niet haalbaar is; toewerken naar duurzame"
        " dagbesteding met zoveel mogelijk ontwikkeling.",
        events=(
            "MAT-overleg met so, wijkteam en jeugdarts: ontwikkelmogelijkheden besproken.",
            "Plek bij een kinderdagcentrum gevonden, met een ontwikkelingsgericht programma.",
        ),
        blockers={"wachtlijst-zorg": "Wachtlijst kinderdagcentrum."},
        partners=("ggd", "wijkteam"),
        closing={
            "dagbesteding": "Gestart bij het kinderdagcentrum; vrijstelling 5 onder a verlengd."
        },
    ),
    "richting_5b": Situation(
        summary="De ouders van {naam} ({leeftijd}) hebben bedenkingen tegen de richting van het"
        " onderwijs op alle scholen binnen redelijke afstand en vragen vrijstelling op"
        " grond van artikel 5 onder b.",
        events=(
            "Verklaring van de ouders ontvangen; leerplicht toetst de termijn en de scholen"
            " binnen redelijke afstand.",
        ),
        closing={
            "vrijstelling": "Vrijstelling artikel 5 onder b verleend; leerplicht"
            " controleert jaarlijks."
        },
    ),
    "uit_beeld": Situation(
        summary="{naam} ({leeftijd}) is na vertrek uit een justitiële jeugdinrichting"
        " uitgeschreven bij de school van de instelling. Niet ingeschreven en moeilijk"
        " bereikbaar.",
        events=(
            "Brief aan de jongere en de ouders; geen reactie.",
            "Huisbezoek: niemand thuis. Navraag bij het wijkteam en de reclassering.",
        ),
        blockers={
            "uit-beeld": "Jongere reageert niet op brieven en huisbezoek; het adres klopt"
            " mogelijk niet meer."
        },
        partners=("wijkteam", "doorstroompunt"),
        closing={
            "anders": "Jongere blijkt in een andere gemeente te verblijven; casus"
            " overgedragen aan leerplicht daar."
        },
    ),
    "verhuisd": Situation(
        summary="{naam} ({leeftijd}) kwam niet meer op school; het gezin blijkt te vertrekken"
        " naar het buitenland.",
        events=("Navraag bij de gemeente: het gezin is uitgeschreven uit de BRP.",),
        closing={
            "verhuisd": "Gezin geëmigreerd; inschrijving op een school in het buitenland"
            " bevestigd.",
            "overgedragen-andere-gemeente": "Gezin verhuisd naar Nijmegen; dossier overgedragen"
            " aan leerplicht daar, met toestemming van de ouders.",
        },
    ),
    "pesten": Situation(
        summary="{naam} ({leeftijd}) wordt al maanden gepest, ook online, en durft niet meer naar"
        " school.",
        events=(
            "Gesprek met school: veiligheidsplan en de vertrouwenspersoon ingeschakeld.",
            "Proefdag op een andere school verliep goed.",
        ),
        partners=("wijkteam",),
        closing={
            "teruggeleid-andere-school": "{naam} is gestart op de nieuwe school.",
            "teruggeleid-zelfde-school": "Na de aanpak van de school is {naam} teruggekeerd"
            " in een andere klas.",
        },
    ),
    "hoogbegaafd": Situation(
        summary="{naam} ({leeftijd}) is hoogbegaafd, verveelt zich en weigert steeds vaker naar"
        " school te gaan; de ouders overwegen thuisonderwijs.",
        events=(
            "Plusklas één dag per week aangeboden.",
            "Compacten en verrijken afgesproken met de leerkracht.",
        ),
        closing={
            "teruggeleid-zelfde-school": "{naam} gaat weer elke dag, met een aangepast programma."
        },
    ),
    "vervangend": Situation(
        summary="{naam} ({leeftijd}) volgt vervangende leerplicht: een leerwerktraject met"
        " twee dagen school per week. Het traject is stilgevallen toen de leerwerkplek"
        " stopte.",
        events=("Nieuwe leerwerkplek gezocht via Werkzaak Rivierenland.",),
        blockers={"geen-passend-aanbod": "Geen leerwerkplek beschikbaar in de buurt."},
        partners=("doorstroompunt",),
    ),
    "kliniek": Situation(
        summary="{naam} ({leeftijd}) is sterk achteruitgegaan en wordt opgenomen in een"
        " klinische jeugd-GGZ-setting buiten de regio.",
        events=("Opname bevestigd; onderwijs via de school van de kliniek.",),
        partners=("ggd",),
        closing={
            "anders": "Opgenomen in een klinische setting met eigen onderwijs; casus"
            " overgedragen aan de consulent onderwijs en ziekte.",
            "verwezen-naar-zorg": "Verwezen naar een behandeltraject in de jeugd-ggz; de"
            " jeugdarts volgt de terugkeer naar school.",
        },
    ),
}


@dataclass(frozen=True)
class Spec:
    situation: str
    kind: str
    edu: str
    phase: int
    absent: int  # open: days at home; closed: days until return/closing
    outcome: str | None = None
    closed_ago: int = 0  # closed: days since closing
    blockers: tuple[str, ...] = ()
    ended: tuple[str, ...] = ()  # blockers lifted before now/closing
    escalated: bool = False
    lead: str | None = None  # "leerplicht" / "doorstroompunt": regie moved there
    age: int | None = None  # age today (otherwise drawn from the education type)
    exemption: str | None = None  # article
    school: str | None = None  # force a school (OrgSpec.key)
    melding: str | None = None  # a verzuimmelding of this type (ABSENCE_REPORT_TYPES)
    rooster: int | None = None  # a verkort rooster of this many hours a week (dreigend)


def _open(situation, kind, edu, phase, absent, **kw) -> Spec:
    return Spec(situation, kind, edu, phase, absent, **kw)


def _closed(situation, kind, edu, phase, absent, outcome, closed_ago, **kw) -> Spec:
    return Spec(situation, kind, edu, phase, absent, outcome=outcome, closed_ago=closed_ago, **kw)


SPECS: tuple[Spec, ...] = (
    # --- open, under four weeks at home -------------------------------------------------
    _open("pesten", "relatief", "vo", 1, 5, melding="signaal"),
    _open("ziek", "dreigend", "vo", 1, 9),
    _open("angst", "relatief", "vo", 1, 12),
    _open("hoogbegaafd", "dreigend", "po", 1, 16, melding="overig"),
    _open("isk", "absoluut", "vo", 1, 15, blockers=("wachtlijst-onderwijs",)),
    _open("richting_5b", "absoluut", "po", 1, 10),
    _open("thuissituatie", "dreigend", "po", 1, 4),
    _open("verhuisd", "relatief", "po", 1, 8, melding="luxe"),
    _open(
        "thuissituatie",
        "relatief",
        "po",
        2,
        24,
        blockers=("ouders-werken-niet-mee",),
        melding="wettelijk",
    ),
    _open("ziek", "dreigend", "vo", 2, 26, rooster=12),  # back part-time after sick leave
    # --- open, four weeks to three months ------------------------------------------------
    _open("po_vo", "absoluut", "vo", 2, 40, blockers=("geen-passend-aanbod",), age=12),
    _open("angst", "relatief", "vo", 2, 45, blockers=("wachtlijst-zorg",), melding="wettelijk"),
    _open("ziek", "dreigend", "vo", 2, 60),  # sick for two months: followed, no verzuim
    _open("kermis", "vrijstelling-traject", "po", 1, 20, exemption="5a", lead="leerplicht"),
    _open("mbo_uitval", "relatief", "mbo", 2, 35, blockers=("wachtlijst-onderwijs",), age=17),
    _open("thuissituatie", "relatief", "vo", 2, 50, blockers=("ouders-werken-niet-mee",)),
    _open("werken", "relatief", "mbo", 2, 40, lead="leerplicht", age=17, melding="langdurig"),
    _open("diagnostiek", "dreigend", "po", 2, 33),
    _open("angst", "relatief", "vo", 2, 58, blockers=("wachtlijst-zorg",)),
    _open("mbo_uitval", "absoluut", "mbo", 2, 55, blockers=("wachtlijst-onderwijs",), age=17),
    _open(
        "vrijstelling_5a", "vrijstelling-traject", "vo", 2, 65, exemption="5-a", lead="leerplicht"
    ),
    _open("autisme", "relatief", "vo", 3, 60, blockers=("tlv-procedure",)),
    _open("gedrag", "relatief", "vo", 3, 70, blockers=("geen-passend-aanbod",)),
    _open("diagnostiek", "dreigend", "po", 3, 80, blockers=("wachtlijst-diagnostiek",)),
    _open("angst", "relatief", "vso", 3, 88),
    # --- open, beyond three months -------------------------------------------------------
    _open(
        "ziek",
        "dreigend",
        "vo",
        3,
        95,
        blockers=("wachtlijst-diagnostiek",),
        ended=("wachtlijst-diagnostiek",),
    ),
    _open("thuissituatie", "relatief", "vo", 4, 100, blockers=("ouders-werken-niet-mee",)),
    _open(
        "mbo_uitval",
        "relatief",
        "mbo",
        3,
        105,
        blockers=("wachtlijst-onderwijs",),
        escalated=True,
        age=17,
    ),
    _open(
        "uit_beeld", "absoluut", "vo", 3, 110, blockers=("uit-beeld",), lead="leerplicht", age=15
    ),
    _open("angst", "relatief", "vo", 4, 120, blockers=("wachtlijst-zorg",), escalated=True),
    _open("isk", "absoluut", "vo", 3, 130, blockers=("wachtlijst-onderwijs",), lead="leerplicht"),
    _open(
        "vrijstelling_5a",
        "vrijstelling-traject",
        "vo",
        3,
        140,
        exemption="5-a",
        blockers=("geen-passend-aanbod", "wachtlijst-zorg"),
    ),
    _open(
        "autisme",
        "relatief",
        "vo",
        4,
        150,
        blockers=("tlv-procedure", "wachtlijst-onderwijs"),
        ended=("tlv-procedure",),
        escalated=True,
    ),
    _open(
        "vervangend",
        "vrijstelling-traject",
        "vo",
        3,
        100,
        exemption="15",
        blockers=("geen-passend-aanbod",),
        lead="leerplicht",
        age=15,
        school="vo_debrug",
    ),
    _open("gedrag", "relatief", "vo", 5, 200, blockers=("geen-passend-aanbod",), escalated=True),
    # --- closed: every outcome of the leerplichttelling ----------------------------------
    _closed("hoogbegaafd", "dreigend", "po", 1, 20, "teruggeleid-zelfde-school", 150),
    _closed(
        "ziek",
        "dreigend",
        "vo",
        2,
        70,
        "teruggeleid-zelfde-school",
        40,
        ended=(),
        blockers=("wachtlijst-diagnostiek",),
    ),
    _closed("thuissituatie", "relatief", "vo", 2, 45, "teruggeleid-zelfde-school", 12),
    _closed("pesten", "relatief", "vo", 2, 75, "teruggeleid-andere-school", 30),
    _closed(
        "po_vo",
        "absoluut",
        "vo",
        2,
        48,
        "teruggeleid-andere-school",
        60,
        age=12,
        blockers=("geen-passend-aanbod",),
    ),
    _closed(
        "isk",
        "absoluut",
        "vo",
        3,
        180,
        "teruggeleid-andere-school",
        20,
        blockers=("wachtlijst-onderwijs",),
    ),
    _closed(
        "mbo_uitval",
        "relatief",
        "mbo",
        2,
        90,
        "teruggeleid-andere-school",
        70,
        age=18,
        blockers=("wachtlijst-onderwijs",),
    ),
    _closed(
        "autisme",
        "relatief",
        "vo",
        4,
        160,
        "so-vso",
        25,
        blockers=("tlv-procedure", "wachtlijst-onderwijs"),
        ended=("tlv-procedure",),
    ),
    _closed(
        "diagnostiek",
        "dreigend",
        "po",
        3,
        140,
        "so-vso",
        90,
        blockers=("wachtlijst-diagnostiek",),
        ended=("wachtlijst-diagnostiek",),
    ),
    _closed(
        "angst",
        "relatief",
        "vo",
        4,
        130,
        "onderwijs-zorg-arrangement",
        15,
        blockers=("wachtlijst-zorg",),
    ),
    _closed(
        "gedrag",
        "relatief",
        "vo",
        3,
        95,
        "onderwijs-zorg-arrangement",
        45,
        blockers=("geen-passend-aanbod",),
    ),
    _closed(
        "vrijstelling_5a",
        "vrijstelling-traject",
        "vo",
        3,
        110,
        "onderwijs-zorg-arrangement",
        35,
        exemption="5-a",
    ),
    _closed(
        "dagbesteding",
        "vrijstelling-traject",
        "vso",
        2,
        75,
        "dagbesteding",
        50,
        exemption="5-a",
        blockers=("wachtlijst-zorg",),
    ),
    _closed("richting_5b", "absoluut", "po", 1, 30, "vrijstelling", 100, exemption="5-b"),
    _closed(
        "werken",
        "relatief",
        "mbo",
        2,
        120,
        "startkwalificatie",
        10,
        age=18,
        lead="leerplicht",
        blockers=("anders",),
        ended=("anders",),
    ),
    _closed(
        "mbo_uitval",
        "relatief",
        "mbo",
        3,
        100,
        "18-jaar",
        20,
        age=18,
        blockers=("wachtlijst-onderwijs",),
    ),
    _closed("verhuisd", "relatief", "po", 1, 25, "verhuisd", 80),
    # the outcomes of seeds 000, 001 and 004 (bbl, ISK, zorg, overgedragen)
    _closed("werken", "relatief", "mbo", 2, 80, "bbl-leren-werken", 40, age=17),
    _closed("isk", "absoluut", "vo", 2, 45, "isk", 60, lead="leerplicht"),
    _closed("kliniek", "relatief", "vo", 3, 130, "verwezen-naar-zorg", 30),
    _closed("verhuisd", "relatief", "vo", 2, 50, "overgedragen-andere-gemeente", 20),
    _closed("mbo_uitval", "relatief", "mbo", 2, 70, "overgedragen-doorstroompunt", 15, age=17),
    _closed("kliniek", "relatief", "vo", 2, 60, "anders", 55),
    _closed(
        "uit_beeld",
        "absoluut",
        "mbo",
        2,
        70,
        "anders",
        110,
        age=17,
        blockers=("uit-beeld",),
        lead="leerplicht",
    ),
)
