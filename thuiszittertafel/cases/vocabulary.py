"""The case vocabulary: codes stored in the database and their Dutch labels.

The legal terms follow the Leerplichtwet and the leerplichttelling (DESIGN §4a, seeds 001
and 003); what they mean for a case is decided in cases/law.py.
"""

from __future__ import annotations

EDUCATION_TYPES = {"po": "po", "so": "so", "vo": "vo", "vso": "vso", "mbo": "mbo"}

# "Langdurig" is never part of a kind's label: it is a derived badge from day 28 (law.py).
CASE_KINDS = {
    "absoluut": "Absoluut verzuim",
    "relatief": "Relatief verzuim",
    "dreigend": "Dreigend: risico op thuiszitten",
    "vrijstelling-traject": "Vrijstelling, traject naar onderwijs",
}
CASE_KIND_HINTS = {
    "absoluut": "Niet ingeschreven op een school.",
    "relatief": "Ingeschreven en zonder geldige reden afwezig (ongeoorloofd).",
    "dreigend": "Gedeeltelijk aanwezig, verkort rooster, of geoorloofd afwezig (ziek met een"
    " medische reden, verlof): geen verzuim.",
    "vrijstelling-traject": "Vrijgesteld van de leerplicht, op weg naar onderwijs.",
}

# Absent with a valid reason (geoorloofd): not verzuim, never counted as a thuiszitter.
ABSENCE_REASONS = {
    "ziek-medisch": "Ziek, met een medische reden",
    "verlof": "Verlof (vrijstelling van geregeld schoolbezoek)",
    "anders": "Een andere geldige reden",
}

CASE_STATUSES = {"open": "Open", "closed": "Gesloten"}

# The outcome categories of the national leerplichttelling (DESIGN §5).
OUTCOMES = {
    "teruggeleid-zelfde-school": "Teruggeleid naar dezelfde school",
    "teruggeleid-andere-school": "Teruggeleid naar een andere school",
    "so-vso": "Geplaatst in so/vso",
    "onderwijs-zorg-arrangement": "Onderwijs-zorgarrangement",
    "bbl-leren-werken": "Leren en werken (bbl)",
    "isk": "Internationale schakelklas (ISK)",
    "dagbesteding": "Dagbesteding",
    "verwezen-naar-zorg": "Verwezen naar zorg",
    "vrijstelling": "Vrijstelling",
    "startkwalificatie": "Startkwalificatie behaald",
    "18-jaar": "18 jaar geworden",
    "verhuisd": "Verhuisd",
    "overgedragen-andere-gemeente": "Overgedragen aan een andere gemeente",
    "overgedragen-doorstroompunt": "Overgedragen aan het Doorstroompunt",
    "anders": "Anders",
}
# Back in education: a relatief case is then *teruggeleid*, an absoluut case *opgelost*
# (enrolled; or exempted, outcome `vrijstelling`). The telling counts them apart.
RETURN_OUTCOMES = (
    "teruggeleid-zelfde-school",
    "teruggeleid-andere-school",
    "so-vso",
    "onderwijs-zorg-arrangement",
    "bbl-leren-werken",
    "isk",
    "startkwalificatie",
)

BLOCKER_KINDS = {
    "wachtlijst-zorg": "Wachtlijst zorg",
    "wachtlijst-onderwijs": "Wachtlijst onderwijs",
    "wachtlijst-diagnostiek": "Wachtlijst diagnostiek",
    "tlv-procedure": "TLV-procedure",
    "geen-passend-aanbod": "Geen passend aanbod",
    "geen-school-bereid": "Geen school bereid (zorgplicht)",
    "mbo-instroommoment": "Wachten op een instroommoment mbo",
    "financiering-onduidelijk": "Financiering onduidelijk",
    "multiproblematiek": "Multiproblematiek",
    "taal-onbekend-schoolsysteem": "Taal of onbekendheid met het schoolsysteem",
    "ouders-werken-niet-mee": "Ouders werken niet mee",
    "uit-beeld": "Uit beeld",
    "anders": "Anders",
}

# Vrijstellingen (seed 003), granted by leerplicht only.
EXEMPTION_ARTICLES = {
    "5-a": "Art. 5 onder a Leerplichtwet: lichamelijk of psychisch niet geschikt",
    "5-b": "Art. 5 onder b Leerplichtwet: bedenkingen tegen de richting van alle scholen"
    " binnen redelijke afstand",
    "5-c": "Art. 5 onder c Leerplichtwet: ingeschreven op een school in het buitenland",
    "5a": "Art. 5a Leerplichtwet: ouders leiden een trekkend bestaan",
    "15": "Art. 15 Leerplichtwet: op andere wijze voldoende onderwijs",
}
# Articles whose vrijstelling holds for one school year and must be asked for again.
YEARLY_ARTICLES = ("5-b", "5-c")
# Art. 5 onder a needs the advice of a jeugdarts (or other expert) before the decision.
ADVICE_ARTICLES = ("5-a",)
EXEMPTION_DECISIONS = {
    "toegekend": "Toegekend (beschikking)",
    "van-rechtswege": "Van rechtswege (niet tijdig beslist)",
    "afgewezen": "Afgewezen",
}

# Verzuimmeldingen: the school's legal report, and the other kinds leerplicht receives.
ABSENCE_REPORT_TYPES = {
    "wettelijk": "Wettelijk: 16 uur ongeoorloofd verzuim in 4 weken",
    "luxe": "Luxe verzuim (vakantie buiten de schoolvakanties)",
    "signaal": "Signaal (zorgen over de aanwezigheid)",
    "langdurig": "Langdurig verzuim",
    "overig": "Overig",
}

# Handhaving: leerplicht's steps under the Leerplichtwet, scope leerplicht (Wet
# politiegegevens: only leerplicht reads them). Seed 004 counts them over ten years.
ENFORCEMENT_STEPS = {
    "waarschuwing": "Waarschuwing",
    "halt": "Halt-verwijzing",
    "proces-verbaal": "Proces-verbaal",
    "civiele-route": "Civiele route (Raad voor de Kinderbescherming)",
    "veilig-thuis": "Melding Veilig Thuis",
}
# The type of a proces-verbaal, as the leerplichttelling splits them.
PV_TYPES = {
    "relatief": "Relatief verzuim (niet luxe)",
    "luxe": "Luxe verzuim",
    "absoluut": "Absoluut verzuim",
}

# Who gives consent follows the pupil's age (DESIGN §4): under 12 the parents, 12–15 the
# parents and the pupil, 16 and older the pupil; a recorded legal ground at any age.
CONSENT_BASES = {
    "toestemming-ouders": "Toestemming van ouders/verzorgers (jonger dan 12)",
    "toestemming-ouders-en-jongere": "Toestemming van ouders/verzorgers én de jongere (12–15)",
    "toestemming-jongere": "Toestemming van de jongere (16 of ouder)",
    "wettelijke-grondslag": "Wettelijke grondslag (vastgelegd)",
}
# Parents and pupil (cirkel 0, DESIGN §4): parties to a case, never regie.
PARTY_ROLES = {"ouder": "Ouder", "verzorger": "Verzorger", "jongere": "De jongere zelf"}
# An agreement the parents or the pupil own; a professional checks it (reminders go there).
PARTY_OWNERS = {"ouders": "Ouders", "jongere": "De jongere"}

PROPOSAL_STATUSES = {
    "open": "Wacht op antwoord",
    "accepted": "Aangenomen",
    "declined": "Afgewezen",
    "superseded": "Vervallen (nieuw voorstel)",
}

# Clocks (DESIGN §5): in days since absent_since. The law's own names are in law.py.
FOUR_WEEKS_DAYS = 28
THREE_MONTHS_DAYS = 91
