"""Rendering a page: its template, in the request's language, with the frame's links."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from archive.web.i18n import COOKIE, HTML_LANG, choose, translator

HERE = Path(__file__).parent
LANG_COOKIE_AGE = 365 * 24 * 3600

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                          undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
templates = Jinja2Templates(env=_env)


def language(request: Request) -> tuple[str, bool]:
    return choose(request.query_params, request.cookies)


def switch_link(request: Request, lang: str) -> str:
    """This page in the other language."""
    other = "en" if lang == "zh" else "zh"
    items = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"] + [("lang", other)]
    return f"{request.url.path}?{urlencode(items)}"


def page(request: Request, name: str, context: dict[str, Any], *, status: int = 200) -> Response:
    lang, asked = language(request)
    values = {"t": translator(lang), "lang": lang, "html_lang": HTML_LANG[lang],
              "switch": switch_link(request, lang), "path": request.url.path, **context}
    response = templates.TemplateResponse(request, name, values, status_code=status)
    if asked:
        response.set_cookie(COOKIE, lang, max_age=LANG_COOKIE_AGE, httponly=True, samesite="strict")
    return response
