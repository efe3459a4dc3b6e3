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
    final_text: str
    statements: str
    statement: str
    source: str
    answered: str
    idea: str
    ideas: str
    no_ideas: str
    consensus_line: str
    weakest_line: str
    serves: str
    statement_note: str
    chart_statements: str
    chart_statement_axis: str
    chart_too_small: str
    appendix: str
    appendix_intro: str
    method_statements: str

    def dot_count(self, count: int) -> str:
        return f"{count} {self.dot if count == 1 else self.dots}"

    def idea_refs(self, numbers: str, count: int) -> str:
        """A sentence's reference into the appendix: "[ideeën 1–3, 7]", or "[geen ideeën]"."""
        if not count:
            return f"[{self.no_ideas}]"
        return f"[{self.idea if count == 1 else self.ideas} {numbers}]"

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
    final_text="Eindtekst",
    statements="Stellingen",
    statement="Stelling",
    source="Stelling {number}:",
    answered="{answerers} deelnemers beantwoordden de stellingen.",
    idea="idee",
    ideas="ideeën",
    no_ideas="geen ideeën",
    consensus_line="consensus {mean} ({product})",
    weakest_line="zwakste groep: {group}",
    serves="dient: ronde {round}, stelling {number}: {text}",
    statement_note=(
        "Per groep: de steun (zie Werkwijze) en hoeveel van de antwoorden van de groep akkoord "
        "waren (pas telt mee als antwoord). Consensus is het meetkundig gemiddelde van de steun "
        "van de groepen die antwoordden, met daarbij het product. Een groep met minder dan "
        "{min_answers} antwoorden op een stelling is daar te klein om te lezen."
    ),
    chart_statements="Steun per groep, per stelling",
    chart_statement_axis="steun: (akkoord + 1) / (antwoorden + 2)",
    chart_too_small="te klein om te lezen (gearceerd)",
    appendix="Bijlage: de ideeën achter de tekst",
    appendix_intro=(
        "De nummers tussen haken bij de eindteksten verwijzen naar deze ideeën: de ideeën van de "
        "thema's waaruit de stellingen van elke zin voortkwamen."
    ),
    method_statements=(
        "Stellingen: de facilitator schreef stellingen vanuit de thema's; elke deelnemer "
        "antwoordde per stelling akkoord, niet akkoord of pas. Steun per groep is (a + 1) / "
        "(n + 2), met a de antwoorden akkoord en n alle antwoorden van de groep, pas inbegrepen. "
        "Consensus (product en meetkundig gemiddelde, zwakste groep) en verdeeld (|z| > {z}) "
        "zoals bij de stippen, met antwoorden in plaats van stemmers; een groep met minder dan "
        "{min_voters} antwoorden telt mee in de consensus, niet in de toets. Elke zin van de "
        "eindtekst draagt de steun van de stellingen waaruit ze ontstond."
    ),
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
    final_text="Texte final",
    statements="Propositions",
    statement="Proposition",
    source="Proposition {number} :",
    answered="{answerers} participants ont répondu aux propositions.",
    idea="idée",
    ideas="idées",
    no_ideas="aucune idée",
    consensus_line="consensus {mean} ({product})",
    weakest_line="groupe le plus faible : {group}",
    serves="sert : tour {round}, proposition {number} : {text}",
    statement_note=(
        "Par groupe : le soutien (voir Méthode) et combien des réponses du groupe étaient "
        "d'accord (passer compte comme réponse). Consensus est la moyenne géométrique du soutien "
        "des groupes qui ont répondu, avec leur produit. Un groupe de moins de {min_answers} "
        "réponses à une proposition y est trop petit pour être lu."
    ),
    chart_statements="Soutien par groupe, par proposition",
    chart_statement_axis="soutien : (d'accord + 1) / (réponses + 2)",
    chart_too_small="trop petit pour être lu (hachuré)",
    appendix="Annexe : les idées derrière le texte",
    appendix_intro=(
        "Les numéros entre crochets des textes finaux renvoient à ces idées : celles des thèmes "
        "dont sont issues les propositions de chaque phrase."
    ),
    method_statements=(
        "Propositions : l'animateur a rédigé des propositions à partir des thèmes ; chaque "
        "participant a répondu d'accord, pas d'accord ou passer. Le soutien d'un groupe est "
        "(a + 1) / (n + 2), où a est le nombre de réponses d'accord et n toutes les réponses du "
        "groupe, passer compris. Consensus (produit et moyenne géométrique, groupe le plus "
        "faible) et division (|z| > {z}) comme pour les gommettes, avec des réponses au lieu de "
        "votants ; un groupe de moins de {min_voters} réponses compte dans le consensus, pas "
        "dans le test. Chaque phrase du texte final porte le soutien des propositions dont elle "
        "est issue."
    ),
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
    final_text="Final text",
    statements="Statements",
    statement="Statement",
    source="Statement {number}:",
    answered="{answerers} participants answered the statements.",
    idea="idea",
    ideas="ideas",
    no_ideas="no ideas",
    consensus_line="consensus {mean} ({product})",
    weakest_line="weakest group: {group}",
    serves="serves: round {round}, statement {number}: {text}",
    statement_note=(
        "Per group: the support (see Method) and how many of the group's answers agreed (a pass "
        "counts as an answer). Consensus is the geometric mean of the support of the groups "
        "that answered, with their product. A group with fewer than {min_answers} answers to a "
        "statement is too small to read there."
    ),
    chart_statements="Support per group, per statement",
    chart_statement_axis="support: (agree + 1) / (answers + 2)",
    chart_too_small="too small to read (hatched)",
    appendix="Appendix: the ideas behind the text",
    appendix_intro=(
        "The numbers in brackets in the final texts refer to these ideas: those of the themes "
        "the statements of each sentence came from."
    ),
    method_statements=(
        "Statements: the facilitator wrote statements from the themes; each participant "
        "answered agree, disagree or pass. A group's support is (a + 1) / (n + 2), where a is "
        "its agree answers and n all its answers, passes included. Consensus (product and "
        "geometric mean, weakest group) and dividing (|z| > {z}) as for dots, with answers "
        "instead of voters; a group with fewer than {min_voters} answers counts in the "
        "consensus, not in the test. Each sentence of the final text carries the support of "
        "the statements it came from."
    ),
)

CATALOGUE = {Language.nl: NL, Language.fr: FR, Language.en: EN}


def labels_for(language: Language) -> Labels:
    return CATALOGUE[language]
