"""The glossary every report ends with: the terms of the report in plain Dutch (taalniveau B1)."""

from __future__ import annotations

BENCHMARK_TERMS = {
    "Toetsingskader": "De afspraken waarmee we de gemeente vergelijken met vergelijkbare gemeenten: welke criteria, "
    "hoe zwaar elk criterium telt en wanneer iets goed genoeg is.",
    "Casus": "De benchmark: de gemeente die we vergelijken, met haar gegevens per jaar.",
    "Onderwerp": "Wat we vergelijken: hier de gemeente zelf.",
    "Nullijn": "Het startpunt waarmee we vergelijken: hier het gemiddelde of de mediaan van vergelijkbare "
    "gemeenten in hetzelfde jaar.",
}
EXTRA_TERMS: tuple[tuple[str, str], ...] = (
    (
        "Referentiegroep",
        (
            "Vergelijkbare gemeenten, gekozen met vaste regels (provincie, aantal inwoners, eigen "
            "personeel). De gemeente zelf telt niet mee. De uitkomst is een gemiddelde of mediaan van de groep."
        ),
    ),
    (
        "Signaal",
        (
            "Een getal dat we laten zien, maar dat niet meetelt in het cijfer, bijvoorbeeld de afwijking van "
            "de groep in euro's."
        ),
    ),
    (
        "Op schatting",
        (
            "Hoeveel van het gewicht rust op gegevens die illustratief zijn of een schatting "
            "(kwaliteit C). Hoe hoger, hoe voorzichtiger u de uitkomst moet lezen."
        ),
    ),
)


def glossary(kind: str = "samenwerking") -> tuple[tuple[str, str], ...]:
    """The glossary, worded for a samenwerking or for a benchmark of one gemeente."""
    if kind != "benchmark":
        return GLOSSARY + EXTRA_TERMS
    return (
        tuple((term, BENCHMARK_TERMS.get(term, text)) for term, text in GLOSSARY if term != "Vervlochten team")
        + EXTRA_TERMS
    )


GLOSSARY: tuple[tuple[str, str], ...] = (
    (
        "Toetsingskader",
        (
            "De afspraken waarmee we de samenwerking beoordelen: welke criteria, hoe zwaar elk criterium "
            "telt en wanneer iets goed genoeg is. De raad stelt het kader vast."
        ),
    ),
    ("Casus", "De samenwerking die we beoordelen, met alle gegevens per onderwerp en per jaar."),
    ("Onderwerp", "Wat we beoordelen: een vervlochten team of een voorstel voor een nieuwe samenwerking."),
    (
        "Vervlochten team",
        (
            "Een team dat voor twee gemeenten werkt. Het heeft één leiding. De medewerkers doen het "
            "werk voor beide gemeenten."
        ),
    ),
    (
        "Criterium",
        (
            "Een onderwerp van de beoordeling, bijvoorbeeld kosten. Een criterium bestaat uit kleinere "
            "criteria of uit indicatoren."
        ),
    ),
    ("Indicator", "Iets wat we meten, bijvoorbeeld het ziekteverzuim in procenten."),
    (
        "Rapportcijfer (score)",
        ("Een cijfer van 0 tot 10, zoals op school. Een 5,5 of hoger is voldoende, tenzij het kader iets anders zegt."),
    ),
    (
        "Nullijn",
        (
            "Het startpunt waarmee we vergelijken. Dat is bijvoorbeeld de situatie in 2017, vóór de "
            "samenwerking, of het gemiddelde van vergelijkbare gemeenten."
        ),
    ),
    ("Meting", "Wat we met de norm vergelijken: de waarde zelf, of het verschil met de nullijn."),
    (
        "Norm",
        (
            "De grens voor 'goed genoeg'. De raad kiest de norm. Een indicator zonder norm krijgt wel een cijfer, "
            "maar geen oordeel."
        ),
    ),
    (
        "Oordeel",
        (
            "Voldoet (✔): de meting haalt de norm. Voldoet niet (✘): de meting haalt de norm niet. Geen norm "
            "(–): er is geen grens afgesproken. Onvoldoende gegevens (?): er zijn te weinig gegevens om te oordelen."
        ),
    ),
    (
        "Knock-out",
        (
            "Een norm die zo belangrijk is dat het hele criterium niet voldoende kan zijn als deze norm niet "
            "gehaald wordt. Het rapport laat dan ook het cijfer vóór de knock-out zien."
        ),
    ),
    ("Gewicht", "Hoe zwaar een onderdeel meetelt in het cijfer erboven. Tussen haakjes staat het deel in procenten."),
    (
        "Bijdrage",
        (
            "Hoeveel punten een onderdeel aan het cijfer erboven geeft: het gewicht (als deel) keer het "
            "cijfer. Alle bijdragen samen vormen het cijfer erboven."
        ),
    ),
    (
        "Volledigheid",
        (
            "Voor hoeveel van het gewicht er gegevens waren. Bij 100 % was alles er. Ontbreekt iets, dan "
            "tellen de andere onderdelen zwaarder mee; er wordt nooit stil een 0 ingevuld."
        ),
    ),
    ("Periodescore", "Eén cijfer voor alle jaren samen, bijvoorbeeld het gemiddelde van de jaren."),
    ("Trend", "Of het cijfer over de jaren stijgt (↗), gelijk blijft (→) of daalt (↘)."),
    (
        "Bron",
        (
            "Het document waar een gegeven uit komt, met de plaats erin, bijvoorbeeld de jaarrekening 2019. In "
            "de tabellen staat een nummer (B1, B2 …); de lijst met bronnen staat achteraan."
        ),
    ),
    (
        "Kwaliteitslabel A, B, C",
        (
            "Hoe betrouwbaar een gegeven is. A: uit een gecontroleerde jaarrekening. B: uit "
            "een eigen registratie van de gemeente. C: een reconstructie of een schatting."
        ),
    ),
    (
        "Illustratief",
        (
            "Een verzonnen of geschat gegeven, om te laten zien hoe de beoordeling werkt. Het is geen "
            "echte meting. Gebruik uitkomsten met illustratieve gegevens niet als bevinding."
        ),
    ),
    (
        "Referentiegroep en index",
        (
            "Een groep vergelijkbare gemeenten. Een index van 100 betekent: precies het "
            "gemiddelde van die groep. Boven 100 is meer dan gemiddeld."
        ),
    ),
    (
        "Correctie",
        (
            "Een cijfer dat mensen na overleg hebben aangepast, met de reden erbij. Het berekende cijfer blijft "
            "altijd zichtbaar."
        ),
    ),
    (
        "Vingerafdruk (sha256)",
        (
            "Een lange code die hoort bij precies deze versie van een bestand. Verandert er één "
            "teken, dan verandert de code. Zo is na te gaan dat het rapport bij deze gegevens hoort."
        ),
    ),
)
