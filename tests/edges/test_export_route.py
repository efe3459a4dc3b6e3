"""The export route's CSV over real HTTP: a Belgian Excel's semicolons for a Dutch or French
workshop, commas for an English one, and the other on request."""

from __future__ import annotations

import csv
import io

import httpx
import pytest

from cocreatie.transfer.export.csv_rows import COLUMNS
from tests.clients import Workshop, create_workshop


def _csv(workshop: Workshop, **params: str) -> httpx.Response:
    return httpx.get(f"{workshop.base}/api/workshops/{workshop.workshop_id}/export",
                     params={"format": "csv", **params},
                     headers={"Authorization": f"Bearer {workshop.token}"}, timeout=30)


@pytest.mark.parametrize(
    ("language", "params", "delimiter"),
    [("nl", {}, ";"), ("fr", {}, ";"), ("en", {}, ","), ("nl", {"separator": "comma"}, ","),
     ("en", {"separator": "semicolon"}, ";")],
)
def test_the_csv_splits_as_the_workshop_language_expects(
    web: str, language: str, params: dict[str, str], delimiter: str
) -> None:
    answer = _csv(create_workshop(web, language=language), **params)
    assert answer.status_code == 200
    (header,) = csv.reader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=delimiter)
    assert tuple(header) == COLUMNS


def test_an_unknown_separator_is_a_client_error(web: str) -> None:
    answer = _csv(create_workshop(web), separator="tab")
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "invalid_message"
    assert "unknown separator 'tab'" in answer.json()["error"]["message"]
