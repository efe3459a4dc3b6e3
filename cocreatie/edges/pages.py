"""The pages and static files of `web/`, with the security headers every response gets."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from importlib.resources import files
from pathlib import Path

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def _web_dir() -> Path:
    """`web/` as the package `cocreatie.web`: the checkout's folder (editable) or the wheel's copy."""
    web = files("cocreatie.web")
    if not isinstance(web, Path):
        raise TypeError(f"cocreatie.web must be a folder on disk to be served, not {web!r}")
    return web


WEB_DIR = _web_dir()

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


FRONT_END_SUFFIXES = frozenset({".html", ".js", ".css", ".svg", ".json"})
"""What /static serves of the folder: the front end, not its README or the package's Python."""


class FrontEnd(StaticFiles):
    """The files of `web/` that make the pages; anything else there answers 404."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        if Path(path).suffix not in FRONT_END_SUFFIXES:
            raise HTTPException(status_code=404)
        return await super().get_response(path, scope)


def _page(filename: str) -> Callable[[Request], Awaitable[Response]]:
    async def serve(request: Request) -> Response:
        return FileResponse(WEB_DIR / filename, headers={"Cache-Control": "no-cache"})

    return serve


def page_routes() -> list[Route | Mount]:
    return [
        Route("/", _page("index.html")),
        Route("/new", _page("new.html")),
        Route("/j/{code}", _page("participant.html")),
        Route("/board/{workshop_id}", _page("board.html")),
        Route("/screen/{code}", _page("screen.html")),
        Mount("/static", FrontEnd(directory=WEB_DIR, check_dir=False), name="static"),
    ]


class SecurityHeaders:
    """Pure ASGI middleware: adds the security headers to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
