from __future__ import annotations

import io

from PIL import Image

from cocreatie.models.state import Theme
from cocreatie.models.workshop import Language
from cocreatie.rules.draagvlak import round_draagvlak
from cocreatie.transfer.export.chart import MAX_THEMES, draagvlak_png
from cocreatie.transfer.export.labels import labels_for
from tests.scripted_workshop import scripted


def test_the_chart_is_a_png_a_page_wide() -> None:
    state = scripted().state
    png = draagvlak_png(round_draagvlak(state, state.rounds[0]), labels_for(Language.nl))
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        width, height = image.size
    assert width > 900 and height < width


def test_many_themes_are_cut_to_the_best_supported() -> None:
    state = scripted().state
    round_state = state.rounds[0]
    for number in range(MAX_THEMES + 4):
        round_state.themes[f"extra-{number}"] = Theme(id=f"extra-{number}", label=f"Extra {number}")
    draagvlak = round_draagvlak(state, round_state)
    small = draagvlak.model_copy(update={"themes": draagvlak.themes[:MAX_THEMES]})
    labels = labels_for(Language.nl)
    assert draagvlak_png(draagvlak, labels) == draagvlak_png(small, labels)
