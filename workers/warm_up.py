"""Before the first idea: read every word list and dictionary the worker uses lazily, and
run the model once, so that the first ideas of a workshop are answered as fast as the rest.

Left lazy, simplemma's lemma tables, wordfreq's frequency lists and the parts of speech
were read while the first ideas waited (in the bench about a fifth of the worker's CPU in
its first 40 s, counted against those ideas).
"""

from __future__ import annotations

from workers.embed import Embedder
from workers.label import LabelContext, describe
from workers.language import LANGUAGES, Language

SAMPLES: dict[Language, tuple[str, ...]] = {
    "nl": ("Meer groene speelpleinen in elke deelgemeente", "Veilige fietspaden naar de scholen"),
    "fr": ("Plus de pistes cyclables sûres vers les écoles", "Des espaces verts dans chaque quartier"),
    "en": ("Safer cycle paths to every school", "More green playgrounds in each village"),
}


def warm_up(embedder: Embedder) -> None:
    """Embed and label a small theme in each workshop language."""
    for language in LANGUAGES:
        texts = SAMPLES[language]
        describe([texts], [embedder.encode(texts)], LabelContext(language=language))
