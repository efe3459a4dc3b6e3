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
    common_ground: str
    dividing: str
    draagvlak: str
    theme: str
    breadth: str
    table_note: str
    no_votes: str
    chart_title: str
    chart_axis: str
    method: str
    method_text: tuple[str, ...]
    hidden_out: str
    hidden_in: str
    names_out: str
    names_in: str

    def dot_count(self, count: int) -> str:
        return f"{count} {self.dot if count == 1 else self.dots}"


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
    common_ground="gemeenschappelijke grond",
    dividing="verdeeld",
    draagvlak="Draagvlak per stakeholdergroep",
    theme="Thema",
    breadth="Breedte",
    table_note=(
        "Per groep: het aandeel van de stemmers uit die groep dat het thema minstens één stip "
        "gaf, en tussen haakjes het aantal ideeën dat de groep aanbracht. n is het aantal "
        "stemmers van de groep; groepen met minder dan {min_voters} stemmers (*) tellen niet "
        "mee voor de breedte."
    ),
    no_votes="In deze ronde werd niet gestemd.",
    chart_title="Steun per groep",
    chart_axis="aandeel van de stemmers van de groep dat minstens één stip gaf",
    method="Werkwijze",
    method_text=(
        "Deelnemers brachten anoniem korte ideeën in vanaf hun telefoon en gaven zichzelf een "
        "stakeholdergroep. Ideeën werden automatisch tot thema's gegroepeerd{model}; de "
        "facilitator corrigeerde de indeling en gaf thema's hun naam.",
        "Daarna verdeelde elke deelnemer stippen over de thema's (regels per ronde hierboven). "
        "Een nieuwe stem verving de vorige; alleen stippen op de uiteindelijke thema's tellen.",
        "Draagvlak: per thema en per groep het aandeel van de stemmers uit die groep dat het "
        "thema minstens één stip gaf. Een groep telt mee vanaf {min_voters} stemmers. De "
        "breedte is het harmonisch gemiddelde van die aandelen: ze is alleen hoog als elke "
        "meetellende groep het thema steunt, en 0 als één groep het helemaal niet steunt.",
        "Gemeenschappelijke grond: elke meetellende groep (minstens twee) steunt het thema voor "
        "minstens {carried}. Verdeeld: één groep steunt het voor minstens {carried}, een andere "
        "voor minder dan {weak}.",
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
    common_ground="terrain d'entente",
    dividing="divise",
    draagvlak="Adhésion par groupe de parties prenantes",
    theme="Thème",
    breadth="Largeur",
    table_note=(
        "Par groupe : la part des votants de ce groupe qui ont donné au moins une gommette au "
        "thème, et entre parenthèses le nombre d'idées apportées par le groupe. n est le nombre "
        "de votants du groupe ; les groupes de moins de {min_voters} votants (*) ne comptent "
        "pas pour la largeur."
    ),
    no_votes="Aucun vote dans ce tour.",
    chart_title="Soutien par groupe",
    chart_axis="part des votants du groupe ayant donné au moins une gommette",
    method="Méthode",
    method_text=(
        "Les participants ont proposé anonymement de courtes idées depuis leur téléphone et "
        "ont choisi leur groupe. Les idées ont été regroupées automatiquement en thèmes{model} ; "
        "l'animateur a corrigé le regroupement et nommé les thèmes.",
        "Chaque participant a ensuite réparti ses gommettes sur les thèmes (règles par tour "
        "ci-dessus). Un nouveau vote remplaçait le précédent ; seules les gommettes sur les "
        "thèmes finaux comptent.",
        "Adhésion : par thème et par groupe, la part des votants du groupe qui ont donné au "
        "moins une gommette au thème. Un groupe compte à partir de {min_voters} votants. La "
        "largeur est la moyenne harmonique de ces parts : elle n'est élevée que si chaque "
        "groupe pris en compte soutient le thème, et vaut 0 si un groupe ne le soutient pas.",
        "Terrain d'entente : chaque groupe pris en compte (au moins deux) soutient le thème à "
        "au moins {carried}. Divise : un groupe le soutient à au moins {carried}, un autre à "
        "moins de {weak}.",
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
    common_ground="common ground",
    dividing="dividing",
    draagvlak="Support per stakeholder group",
    theme="Theme",
    breadth="Breadth",
    table_note=(
        "Per group: the share of that group's voters who gave the theme at least one dot, and "
        "in brackets the number of ideas the group contributed. n is the group's number of "
        "voters; groups with fewer than {min_voters} voters (*) do not count towards breadth."
    ),
    no_votes="There was no vote in this round.",
    chart_title="Support per group",
    chart_axis="share of the group's voters who gave at least one dot",
    method="Method",
    method_text=(
        "Participants posted short ideas anonymously from their phones and chose their "
        "stakeholder group. Ideas were grouped into themes automatically{model}; the "
        "facilitator corrected the grouping and named the themes.",
        "Each participant then spread dots over the themes (rules per round above). A new vote "
        "replaced the previous one; only dots on the final themes count.",
        "Support: per theme and group, the share of that group's voters who gave the theme at "
        "least one dot. A group counts from {min_voters} voters on. Breadth is the harmonic "
        "mean of those shares: high only when every counted group supports the theme, and 0 "
        "when one group does not support it at all.",
        "Common ground: every counted group (at least two) supports the theme at {carried} or "
        "more. Dividing: one group supports it at {carried} or more, another at less than "
        "{weak}.",
    ),
    hidden_out="Ideas the facilitator hid are not in this report.",
    hidden_in="Ideas the facilitator hid are included, marked as hidden.",
    names_out="The report is anonymous: participants' names are not in it.",
    names_in="At the facilitator's request, participants' names are shown with their ideas.",
)

CATALOGUE = {Language.nl: NL, Language.fr: FR, Language.en: EN}


def labels_for(language: Language) -> Labels:
    return CATALOGUE[language]
