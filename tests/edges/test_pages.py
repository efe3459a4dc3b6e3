"""The pages and /static serve the front end of web/, and nothing else that lies in that folder."""

from __future__ import annotations

import httpx
import pytest


@pytest.mark.parametrize("path", ["/", "/j/TVC7XM", "/board/w_x", "/screen/TVC7XM", "/static/style.css",
                                  "/static/socket.js", "/static/i18n/nl.json", "/static/favicon.svg"])
def test_the_front_end_is_served(web: str, path: str) -> None:
    assert httpx.get(web + path, timeout=5).status_code == 200


@pytest.mark.parametrize("path", ["/static/__init__.py", "/static/README.md", "/static/nothing.js"])
def test_what_is_not_front_end_is_not_found(web: str, path: str) -> None:
    assert httpx.get(web + path, timeout=5).status_code == 404
