"""Dutch workshop ideas on four topics, for the calm-board tests."""

from __future__ import annotations

TOPICS: dict[str, list[str]] = {
    "bikes": [
        "meer fietspaden aanleggen", "veilige fietsroutes naar school", "een overdekte fietsenstalling aan het station",
        "fietsstraten in het centrum", "bredere fietspaden langs de steenweg", "een fietsbrug over de ring",
        "gescheiden fietspaden op de invalswegen", "deelfietsen aan elk station", "fietsenrekken aan de scholen",
        "een snelle fietsroute naar de stad", "verlichting op de fietspaden", "fietsherstelpunten in elke wijk",
        "meer plaats voor fietsers op het marktplein", "een fietsstraat aan elke school", "e-bikes om te huren",
    ],
    "taxes": [
        "belastingen verlagen voor bedrijven", "lagere gemeentebelasting voor gezinnen",
        "minder taksen voor kleine handelaars", "de belastingen eerlijker verdelen", "geen nieuwe belastingen",
        "een lagere onroerende voorheffing", "minder belasting op arbeid", "subsidies voor starters",
        "een belastingvoordeel voor groene daken", "de afvaltaks afschaffen", "lagere taksen voor verenigingen",
        "belastingkorting voor jonge gezinnen", "de gemeentebelasting bevriezen", "minder heffingen voor horeca",
        "een eerlijke belasting op leegstand",
    ],
    "trees": [
        "meer bomen in de straten", "een groot park met veel groen", "bloemen en planten op de pleinen",
        "een stadsbos aanplanten", "groene speelplaatsen aan de scholen", "geveltuinen in elke straat",
        "bomen langs de parking", "een moestuin voor de buurt", "meer groen op het kerkplein",
        "een bloemenweide in het park", "de oude bomen beschermen", "groendaken op openbare gebouwen",
        "een wandelpad door het bos", "meer bankjes in het groen", "hagen in plaats van hekken",
    ],
    "counter": [
        "een digitaal loket voor de gemeente", "het loket ook op zaterdag open", "eén loket voor alle diensten",
        "langere openingsuren van het gemeentehuis", "afspraken online kunnen maken", "sneller antwoord op mails",
        "een onthaal waar je altijd iemand spreekt", "formulieren online invullen", "het loket 's avonds open",
        "een app van de gemeente", "hulp bij digitale aanvragen", "minder wachten aan het loket",
        "een telefoonnummer voor alle vragen", "een loket in elke deelgemeente", "documenten thuis laten leveren",
    ],
}


def texts(per_topic: int, start: int = 0) -> list[str]:
    """`per_topic` ideas of every topic (from index `start`), interleaved as a room posts them."""
    return [TOPICS[topic][n] for n in range(start, start + per_topic) for topic in TOPICS]
