"""Dutch, French and English stop words, for labels and for the gloss.

`FILLERS` are words a theme label must never be (DESIGN §7: "mee", "eigen", "hele") but
the gloss keeps, because they carry meaning for the embedding ("nieuw", "samen").
"""

from __future__ import annotations

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

DUTCH = frozenset(
    """
    aan al alle alles als altijd ander andere anders ben bij bijvoorbeeld binnen daar daarom dan dat
    de deze die dit doch doen door dus een eens elk en er ergens geen geweest haar had heb hebben heeft
    hem het hier hij hoe hun iemand iets ik in is ja je jij jou jouw jullie kan kon kunnen laat
    maar me meer men met mij mijn moet moeten na naar niet niets nog nu of om omdat onder ons onze ook
    op over reeds s t te tegen toch toen tot u uit uw van veel voor vooral waar wanneer want waren was
    wat we wel welk welke werd wij wil willen word worden wordt zal ze zei zelf zich zij zijn zo zoals
    zonder zou zouden zulke heel graag even echt gewoon misschien beter goed elke ieder iedere
    """.split()
)

FRENCH = frozenset(
    """
    a à ai aie ainsi alors au aucun aussi autre aux avec avoir c ça car ce ceci cela celle celles celui
    ces cet cette chaque ci comme comment d dans de des donc dont du elle elles en encore est et été être
    eu fait faire il ils j je l la le les leur leurs lui m ma mais me même mes moi mon n ne ni nos notre
    nous on ont ou où par pas peu peut plus pour pourquoi qu quand que quel quelle quelles quels qui s sa
    sans se ses si son sont sous sur t ta te tes toi ton tous tout toute toutes très tu un une vos votre
    vous y bien faut il y a
    """.split()
)

ENGLISH = frozenset(ENGLISH_STOP_WORDS)

DUTCH_FILLERS = frozenset(
    """
    mee eigen eigenlijk hele heel geheel dezelfde hetzelfde zelfde samen steeds vaak weer enkel alleen
    enige enkele sommige paar weinig minder meest beetje zeker nodig mogelijk moet mag mogen kunnen
    zullen gaan gaat komen komt krijgen krijgt maken maakt houden doen zien zeggen geven blijven
    blijft staan staat liggen ligt zitten zit één twee drie vier vijf eerste tweede nieuw nieuwe
    groot grote klein kleine goede slecht slechte via per rond tussen tijdens sinds volgens zoveel
    zodat terwijl dankzij nooit soms elkaar mekaar allemaal zeer erg nogal best liefst meer ervoor
    erbij daarvoor daarbij hierbij waarbij waardoor daardoor mensen iedereen niemand ding dingen
    zaken zaak manier idee ideeën ene wie wiens waarom eerst extra langs naast opnieuw achter tegen
    zonder binnenkort vroeger later vroeg snel sneller beter graag echt gewoon zelf zelfs even ooit
    straks vooral zoals telkens overal
    """.split()
)

FRENCH_FILLERS = frozenset(
    """
    aussi moins entre faut peut être avoir faire chose choses gens tout tous plus très vraiment
    nouveau nouvelle nouveaux grand grande petit petite même mêmes ensemble propre propres autres
    idée idées deux trois un une premier première
    """.split()
)

ENGLISH_FILLERS = frozenset("idea ideas thing things people way lot new own make need".split())

BY_LANGUAGE = {"nl": DUTCH, "fr": FRENCH, "en": ENGLISH}
ALL = DUTCH | FRENCH | ENGLISH
FILLERS = DUTCH_FILLERS | FRENCH_FILLERS | ENGLISH_FILLERS
