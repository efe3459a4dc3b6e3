from __future__ import annotations

import io

from PIL import Image

from cocreatie.models.workshop import Language
from cocreatie.rules.draagvlak import round_draagvlak
from cocreatie.transfer.export.chart import MAX_INCHES, chart_pages, draagvlak_pngs
from cocreatie.transfer.export.labels import labels_for
from tests.dot_workshop import dot_workshop
from tests.scripted_workshop import scripted

NL = labels_for(Language.nl)


def sizes(pngs: list[bytes]) -> list[tuple[int, int]]:
    result = []
    for png in pngs:
        with Image.open(io.BytesIO(png)) as image:
            assert image.format == "PNG"
            result.append(image.size)
    return result


def many_themes(themes: int) -> list[bytes]:
    ballots = {group: [[voter % themes, (voter * 3 + 1) % themes] for voter in range(4)]
               for group in ("politiek", "administratie", "burger", "partner")}
    state = dot_workshop(themes, ballots)
    return draagvlak_pngs(round_draagvlak(state, state.rounds[0]), NL)


def test_the_chart_is_a_png_a_page_wide() -> None:
    state = scripted().state
    ((width, height),) = sizes(draagvlak_pngs(round_draagvlak(state, state.rounds[0]), NL))
    assert width > 900 and height < width


def test_a_chart_grows_with_its_themes_and_stays_within_a_page() -> None:
    (few,), (more,) = sizes(many_themes(3)), sizes(many_themes(9))
    assert more[1] > few[1]
    assert all(height <= MAX_INCHES * 150 for _, height in sizes(many_themes(30)))


def test_every_theme_is_drawn_on_some_chart() -> None:
    state = dot_workshop(30, {group: [[0]] * 3 for group in ("politiek", "burger", "partner", "x", "y")})
    draagvlak = round_draagvlak(state, state.rounds[0])
    pages = chart_pages(draagvlak.themes, len(draagvlak.group_voters))
    assert len(pages) > 2
    assert [theme for page in pages for theme in page] == draagvlak.themes
    assert len(draagvlak_pngs(draagvlak, NL)) == len(pages)
