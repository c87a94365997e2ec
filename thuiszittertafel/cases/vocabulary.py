"""The case vocabulary: codes stored in the database and their Dutch labels."""

from __future__ import annotations

EDUCATION_TYPES = {"po": "po", "so": "so", "vo": "vo", "vso": "vso", "mbo": "mbo"}

CASE_KINDS = {
    "absoluut": "Absoluut verzuim",
    "relatief": "Langdurig relatief verzuim",
    "dreigend": "Dreigend thuiszitter",
    "vrijstelling-traject": "Vrijstelling, traject naar onderwijs",
}

CASE_STATUSES = {"open": "Open", "closed": "Gesloten"}

OUTCOMES = {
    "teruggeleid-zelfde-school": "Teruggeleid naar dezelfde school",
    "teruggeleid-andere-school": "Teruggeleid naar een andere school",
    "so-vso": "Geplaatst in so/vso",
    "onderwijs-zorg-arrangement": "Onderwijs-zorgarrangement",
    "dagbesteding": "Dagbesteding",
    "vrijstelling": "Vrijstelling",
    "startkwalificatie": "Startkwalificatie behaald",
    "18-jaar": "18 jaar geworden",
    "verhuisd": "Verhuisd",
    "anders": "Anders",
}

BLOCKER_KINDS = {
    "wachtlijst-zorg": "Wachtlijst zorg",
    "wachtlijst-onderwijs": "Wachtlijst onderwijs",
    "wachtlijst-diagnostiek": "Wachtlijst diagnostiek",
    "tlv-procedure": "TLV-procedure",
    "geen-passend-aanbod": "Geen passend aanbod",
    "ouders-werken-niet-mee": "Ouders werken niet mee",
    "uit-beeld": "Uit beeld",
    "anders": "Anders",
}

EXEMPTION_ARTICLES = {
    "5a": "Art. 5 onder a Leerplichtwet (lichamelijke of psychische gronden)",
    "5b": "Art. 5 onder b Leerplichtwet (richting van het onderwijs)",
    "5c": "Art. 5 onder c Leerplichtwet (onderwijs in het buitenland)",
    "5a-lpw": "Art. 5a Leerplichtwet (verlaagde onderwijstijd / vervangende leerplicht)",
    "15": "Art. 15 Leerplichtwet (vrijstelling van geregeld schoolbezoek)",
}

CONSENT_BASES = {
    "toestemming-ouders": "Toestemming van ouders/verzorgers",
    "toestemming-jongere": "Toestemming van de jongere (16+)",
    "wettelijke-grondslag": "Wettelijke grondslag (vastgelegd)",
}

# Clocks (DESIGN §5): in days since absent_since.
FOUR_WEEKS_DAYS = 28
THREE_MONTHS_DAYS = 91
