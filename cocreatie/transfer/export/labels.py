"""The words of the reports, per workshop language: Dutch, French, English."""

from __future__ import annotations

from dataclasses import dataclass

from cocreatie.models.workshop import Language, RoundKind


@dataclass(frozen=True)
class Labels:
    report: str
    subtitle: str
    date_format: str
    chain: str
    kinds: dict[RoundKind, str]
    round: str
    rules: str
    stats: str
    groups_present: str
    unknown_group: str
    built_on: str
    headings: str
    themes: str
    unassigned: str
    no_themes: str
    dot: str
    dots: str
    hidden: str
    dividing: str
    draagvlak: str
    theme: str
    voter: str
    voters: str
    too_small: str
    of_voters: str
    consensus: str
    product: str
    weakest: str
    decimal: str
    table_note: str
    no_votes: str
    chart_title: str
    chart_axis: str
    chart_consensus: str
    method: str
    method_text: tuple[str, ...]
    hidden_out: str
    hidden_in: str
    names_out: str
    names_in: str

    def dot_count(self, count: int) -> str:
        return f"{count} {self.dot if count == 1 else self.dots}"

    def voter_count(self, count: int) -> str:
        return f"{count} {self.voter if count == 1 else self.voters}"

    def number(self, value: float, digits: int) -> str:
        """A decimal number as the workshop's language writes it (0,185 in Dutch and French)."""
        return f"{value:.{digits}f}".replace(".", self.decimal)


NL = Labels(
    report="Verslag van de co-creatie",
    subtitle="Resultaten, stemmen en draagvlak per stakeholdergroep",
    date_format="%d-%m-%Y",
    chain="Verloop",
    kinds={RoundKind.mission: "Missie", RoundKind.vision: "Visie",
           RoundKind.strategy: "Strategie", RoundKind.free: "Open ronde"},
    round="Ronde",
    rules="{dots} stippen per deelnemer, hoogstens {max_per_theme} op één thema.",
    stats="{ideas} ideeën, {voters} stemmers.",
    groups_present="Deelnemers per groep",
    unknown_group="onbekend",
    built_on="Bouwt verder op ronde {number}: {prompt}",
    headings="Deelvragen",
    themes="Thema's, volgens steun",
    unassigned="Niet ingedeeld",
    no_themes="Geen thema's in deze ronde.",
    dot="stip",
    dots="stippen",
    hidden="verborgen",
    dividing="verdeeld",
    draagvlak="Draagvlak per stakeholdergroep",
    theme="Thema",
    voter="stemmer",
    voters="stemmers",
    too_small="te klein",
    of_voters="{supporters} van {voters}",
    consensus="Consensus",
    product="product",
    weakest="Zwakste groep",
    decimal=",",
    table_note=(
        "Per groep: de steun (een schatting, zie Werkwijze) en hoeveel van de stemmers van de "
        "groep het thema minstens één stip gaven. Consensus is het meetkundig gemiddelde van de "
        "steun van de groepen met stemmers, met daarbij het product. Een groep met minder dan "
        "{min_voters} stemmers is te klein om te lezen: ze staat erbij en telt mee in de "
        "consensus, niet in de toets voor verdeeld."
    ),
    no_votes="In deze ronde werd niet gestemd.",
    chart_title="Steun per groep",
    chart_axis="steun: (stemmers met minstens één stip + 1) / (stemmers + 2)",
    chart_consensus="consensus (meetkundig gemiddelde)",
    method="Werkwijze",
    method_text=(
        "Deelnemers brachten anoniem korte ideeën in vanaf hun telefoon en gaven zichzelf een "
        "stakeholdergroep. Ideeën werden automatisch tot thema's gegroepeerd{model}; de "
        "facilitator corrigeerde de indeling en gaf thema's hun naam.",
        "Daarna verdeelde elke deelnemer stippen over de thema's (regels per ronde hierboven). "
        "Een nieuwe stem verving de vorige; alleen stippen op de uiteindelijke thema's tellen.",
        "Steun: per thema en groep (a + 1) / (n + 2), met n de stemmers van de groep en a wie "
        "van hen het thema minstens één stip gaf. Het telt mensen, geen stippen. Dat is de "
        "schatting van Pol.is: een kleine groep trekt ze naar 50 %, zodat twee stemmers geen "
        "100 % maken.",
        "Consensus: het product van de steun over de groepen met stemmers, ook als meetkundig "
        "gemiddelde (vergelijkbaar tussen workshops met een ander aantal groepen); de zwakste "
        "groep heeft de laagste steun. Een groep met minder dan {min_voters} stemmers staat "
        "erbij, gemarkeerd als te klein om te lezen, en telt mee in de consensus.",
        "Verdeeld: voor minstens één groep wijkt het aandeel dat het thema steunde af van dat "
        "van alle andere stemmers samen (z-toets voor twee proporties met 1 opgeteld bij elke "
        "telling, |z| > {z}, de drempel van 90 % van Pol.is). Groepen met minder dan "
        "{min_voters} stemmers doen niet mee aan die toets.",
    ),
    hidden_out="Ideeën die de facilitator verborg, staan niet in dit verslag.",
    hidden_in="Ideeën die de facilitator verborg, staan erin, gemarkeerd als verborgen.",
    names_out="Het verslag is anoniem: namen van deelnemers staan er niet in.",
    names_in="Op vraag van de facilitator staan de namen van deelnemers bij hun ideeën.",
)

FR = Labels(
    report="Rapport de co-création",
    subtitle="Résultats, votes et adhésion par groupe de parties prenantes",
    date_format="%d/%m/%Y",
    chain="Déroulement",
    kinds={RoundKind.mission: "Mission", RoundKind.vision: "Vision",
           RoundKind.strategy: "Stratégie", RoundKind.free: "Tour libre"},
    round="Tour",
    rules="{dots} gommettes par participant, au plus {max_per_theme} sur un thème.",
    stats="{ideas} idées, {voters} votants.",
    groups_present="Participants par groupe",
    unknown_group="inconnu",
    built_on="Prolonge le tour {number} : {prompt}",
    headings="Sous-questions",
    themes="Thèmes, par soutien",
    unassigned="Non classées",
    no_themes="Aucun thème dans ce tour.",
    dot="gommette",
    dots="gommettes",
    hidden="masquée",
    dividing="divise",
    draagvlak="Adhésion par groupe de parties prenantes",
    theme="Thème",
    voter="votant",
    voters="votants",
    too_small="trop petit",
    of_voters="{supporters} sur {voters}",
    consensus="Consensus",
    product="produit",
    weakest="Groupe le plus faible",
    decimal=",",
    table_note=(
        "Par groupe : le soutien (une estimation, voir Méthode) et combien des votants du groupe "
        "ont donné au moins une gommette au thème. Consensus est la moyenne géométrique du "
        "soutien des groupes ayant des votants, avec leur produit. Un groupe de moins de "
        "{min_voters} votants est trop petit pour être lu : il est affiché et compte dans le "
        "consensus, pas dans le test de division."
    ),
    no_votes="Aucun vote dans ce tour.",
    chart_title="Soutien par groupe",
    chart_axis="soutien : (votants avec au moins une gommette + 1) / (votants + 2)",
    chart_consensus="consensus (moyenne géométrique)",
    method="Méthode",
    method_text=(
        "Les participants ont proposé anonymement de courtes idées depuis leur téléphone et "
        "ont choisi leur groupe. Les idées ont été regroupées automatiquement en thèmes{model} ; "
        "l'animateur a corrigé le regroupement et nommé les thèmes.",
        "Chaque participant a ensuite réparti ses gommettes sur les thèmes (règles par tour "
        "ci-dessus). Un nouveau vote remplaçait le précédent ; seules les gommettes sur les "
        "thèmes finaux comptent.",
        "Soutien : par thème et par groupe (a + 1) / (n + 2), où n est le nombre de votants du "
        "groupe et a ceux qui ont donné au moins une gommette au thème. On compte des personnes, "
        "pas des gommettes. C'est l'estimation de Pol.is : un petit groupe est tiré vers 50 %, "
        "deux votants ne font pas 100 %.",
        "Consensus : le produit du soutien sur les groupes ayant des votants, aussi en moyenne "
        "géométrique (comparable entre ateliers ayant un nombre de groupes différent) ; le groupe "
        "le plus faible a le soutien le plus bas. Un groupe de moins de {min_voters} votants est "
        "affiché, marqué trop petit pour être lu, et compte dans le consensus.",
        "Divise : pour au moins un groupe, la part qui a soutenu le thème s'écarte de celle de "
        "tous les autres votants réunis (test z de deux proportions avec 1 ajouté à chaque "
        "compte, |z| > {z}, le seuil de 90 % de Pol.is). Les groupes de moins de {min_voters} "
        "votants ne participent pas à ce test.",
    ),
    hidden_out="Les idées masquées par l'animateur ne figurent pas dans ce rapport.",
    hidden_in="Les idées masquées par l'animateur y figurent, marquées comme masquées.",
    names_out="Le rapport est anonyme : les noms des participants n'y figurent pas.",
    names_in="À la demande de l'animateur, les noms des participants accompagnent leurs idées.",
)

EN = Labels(
    report="Co-creation report",
    subtitle="Results, votes and support per stakeholder group",
    date_format="%Y-%m-%d",
    chain="Sequence",
    kinds={RoundKind.mission: "Mission", RoundKind.vision: "Vision",
           RoundKind.strategy: "Strategy", RoundKind.free: "Open round"},
    round="Round",
    rules="{dots} dots per participant, at most {max_per_theme} on one theme.",
    stats="{ideas} ideas, {voters} voters.",
    groups_present="Participants per group",
    unknown_group="unknown",
    built_on="Builds on round {number}: {prompt}",
    headings="Sub-questions",
    themes="Themes, by support",
    unassigned="Not assigned",
    no_themes="No themes in this round.",
    dot="dot",
    dots="dots",
    hidden="hidden",
    dividing="dividing",
    draagvlak="Support per stakeholder group",
    theme="Theme",
    voter="voter",
    voters="voters",
    too_small="too small",
    of_voters="{supporters} of {voters}",
    consensus="Consensus",
    product="product",
    weakest="Weakest group",
    decimal=".",
    table_note=(
        "Per group: the support (an estimate, see Method) and how many of the group's voters "
        "gave the theme at least one dot. Consensus is the geometric mean of the support of the "
        "groups with voters, with their product. A group with fewer than {min_voters} "
        "voters is too small to read: it is shown and counts in the consensus, not in the test "
        "for dividing."
    ),
    no_votes="There was no vote in this round.",
    chart_title="Support per group",
    chart_axis="support: (voters with at least one dot + 1) / (voters + 2)",
    chart_consensus="consensus (geometric mean)",
    method="Method",
    method_text=(
        "Participants posted short ideas anonymously from their phones and chose their "
        "stakeholder group. Ideas were grouped into themes automatically{model}; the "
        "facilitator corrected the grouping and named the themes.",
        "Each participant then spread dots over the themes (rules per round above). A new vote "
        "replaced the previous one; only dots on the final themes count.",
        "Support: per theme and group (a + 1) / (n + 2), where n is the group's number of "
        "voters and a those of them who gave the theme at least one dot. It counts people, not "
        "dots. This is Pol.is' estimate: a small group is pulled towards 50 %, so two voters do "
        "not make 100 %.",
        "Consensus: the product of the support over the groups with voters, also as its "
        "geometric mean (comparable across workshops with different numbers of groups); the "
        "weakest group has the lowest support. A group with fewer than {min_voters} voters is "
        "shown, marked too small to read, and counts in the consensus.",
        "Dividing: for at least one group, the share that supported the theme differs from that "
        "of all other voters pooled (two-proportion z-test with 1 added to each count, "
        "|z| > {z}, Pol.is' 90 % threshold). Groups with fewer than {min_voters} voters take "
        "no part in that test.",
    ),
    hidden_out="Ideas the facilitator hid are not in this report.",
    hidden_in="Ideas the facilitator hid are included, marked as hidden.",
    names_out="The report is anonymous: participants' names are not in it.",
    names_in="At the facilitator's request, participants' names are shown with their ideas.",
)

CATALOGUE = {Language.nl: NL, Language.fr: FR, Language.en: EN}


def labels_for(language: Language) -> Labels:
    return CATALOGUE[language]
