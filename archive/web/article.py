"""The article page (``/article/ID``, ``/article/ID.json``) and the story page (``/story/ID``):
``difang show`` and ``difang clusters --story`` in a browser."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from archive.cli.commands import clusters as clusters_command
from archive.cli.commands import show as show_command
from archive.web.params import namespace, record_id
from archive.web.render import page
from archive.web.state import WebState
from query.filters import Selection


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in (text or "").split("\n") if p.strip()]


def web_link(url: str | None) -> str:
    """``url`` if it is an http(s) address to link to, else "" (shown as text only)."""
    return url if url and url.lower().startswith(("http://", "https://")) else ""


def text_lang(script: str | None) -> str:
    """The ``lang`` of an article's text, so the browser picks a font of its script."""
    return {"zh-Hant": "zh-Hant", "zh-TW": "zh-TW", "zh-HK": "zh-HK"}.get(script or "", "zh-Hans")


def _story(state: WebState, name: str) -> dict[str, Any]:
    """The story an article or cluster id names, as ``difang clusters --story ID`` finds it."""
    args = namespace(Selection(), story=name, min_copies=1, json=True)
    story: dict[str, Any] = clusters_command.stories(state.context(), args)[0]
    return story


async def article_page(request: Request) -> Response:
    state: WebState = request.app.state.web
    name = request.path_params["id"]
    as_json = name.endswith(".json")
    rid = record_id(name.removesuffix(".json"))
    found = show_command.article(state.context(), rid)
    if as_json:
        body = json.dumps(found, ensure_ascii=False, indent=1, default=str)
        return Response(body, media_type="application/json; charset=utf-8")
    record = found["record"]
    role = "copy" if record.get("duplicate_of") else "origin"
    # The whole story, this article included, as the story page lists it.
    copies = _story(state, rid)["copies"] if found["cluster"] else []
    return page(request, "article.html", {
        "record": record, "copies": copies, "archived_as": found["archived_as"], "role": role,
        "paragraphs": _paragraphs(record.get("text") or ""), "text_lang": text_lang(record.get("script")),
        "story_size": len(copies), "link": web_link,
    })


async def story_page(request: Request) -> Response:
    state: WebState = request.app.state.web
    story = _story(state, record_id(request.path_params["id"]))
    return page(request, "story.html", {"story": story})
