"""Idea texts for the load: short Dutch sentences on a dozen municipal topics, so that
the workers find real themes, each text made unique by a place name."""

from __future__ import annotations

import random

TOPICS = (
    ("Meer veilige fietspaden", "Fietsstraten rond de scholen", "Een fietsbrug over de ring", "Trage wegen herstellen"),
    ("Eén digitaal loket voor alle diensten", "Loket ook op zaterdag open", "Minder wachten aan het loket", "Een website voor de nieuwe gemeente"),
    ("Lagere belastingen voor ondernemers", "Geen hogere gemeentebelasting", "Belastingen verlagen voor gezinnen", "Eerlijke verdeling van de lasten"),
    ("Meer bomen en schaduw op de pleinen", "Zonnepanelen op alle gemeentegebouwen", "Ruimte voor water langs de beek", "Klimaatneutraal tegen 2035"),
    ("Een belbus voor wie geen auto heeft", "Betere busverbinding naar het station", "Deelauto's aan elk dorpsplein", "Een vervoerplan met de buurgemeenten"),
    ("Subsidies voor jeugdbewegingen eenvoudiger", "Eén uitleendienst voor verenigingen", "Het cultuurcentrum samen programmeren", "Elke deelgemeente houdt haar kermis"),
    ("Betaalbare woningen voor jonge gezinnen", "Meer sociale huurwoningen", "Leegstand in de dorpskernen aanpakken", "Kangoeroewonen mogelijk maken"),
    ("Een woonzorgcentrum in elke deelgemeente", "Thuiszorg beter organiseren", "Eenzaamheid bij ouderen aanpakken", "Een sociaal huis voor alle zorgpartners"),
    ("Lokale handelaars ondersteunen", "Een wekelijkse markt in elke kern", "Minder leegstaande winkels", "Gratis parkeren bij de winkels"),
    ("Meer blauw op straat", "Betere verlichting van de straten", "Cameratoezicht aan de stations", "Snelheidsremmers bij de scholen"),
)
PLACES = ("in Deinze", "in Nazareth", "in Lievegem", "in de deelgemeenten", "in elke kern", "voor iedereen",
          "in het centrum", "tegen 2030", "samen met de inwoners", "voor jong en oud", "in onze regio", "nu")


def idea_texts(seed: int = 0) -> IdeaTexts:
    return IdeaTexts(random.Random(seed))


class IdeaTexts:
    """An endless supply of idea texts, numbered so that no two are equal."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._number = 0

    def next(self) -> str:
        self._number += 1
        phrase = self._rng.choice(self._rng.choice(TOPICS))
        return f"{phrase} {self._rng.choice(PLACES)} (#{self._number})"
