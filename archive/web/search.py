"""The search page (``/``) and its export (``/export``): ``difang search`` and ``difang export``
in a form.

Hits come from :func:`archive.cli.commands.search.find`; the count from the same engine's posting
masks (:meth:`query.index.QueryIndex.count_hits`: no text read, so a common word costs no more
than a page; with a word of three or more characters it is an upper bound, and says so). Snippets come from the text the index keeps for confirming words (the article's
text, in Simplified); for an article archived in another script the clean record is read, so
the snippet is in the article's own characters.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from archive.cli.commands import export as export_command
from archive.cli.commands import search as search_command
from archive.cli.context import Context
from archive.web.marks import marked, snippet, words_of
from archive.web.params import BadParameter, Query, SearchForm, filters_only, search_form
from archive.web.render import page
from archive.web.state import WebState
from query.export import FORMATS, selected_tables, write
from query.filters import Selection
from query.segment import unpack_text

EXPORT_TYPES = {"jsonl": "application/x-ndjson; charset=utf-8", "csv": "text/csv; charset=utf-8",
                "parquet": "application/vnd.apache.parquet"}


def count(ctx: Context, sel: Selection) -> tuple[int, bool]:
    """How many articles ``sel`` selects, and whether exactly (else at most that many)."""
    members = ctx.current.members(sel.cluster) if sel.cluster and ctx.current is not None else None
    return ctx.index.count_hits(sel, members or None)


def _texts(ctx: Context, hits: list[dict[str, Any]]) -> dict[str, str]:
    """The text of each hit for its snippet: the index's copy, or the record's in other scripts."""
    ids = [h["id"] for h in hits if h.get("script") in (None, "zh-Hans")]
    texts: dict[str, str] = {}
    if ids:
        rows = ctx.index.execute(
            "SELECT a.id, t.body FROM articles a JOIN texts t ON t.docno = a.docno "
            f"WHERE a.id IN ({','.join('?' * len(ids))})", ids)
        texts = {r["id"]: unpack_text(r["body"]).partition("\n")[2] for r in rows}
    for hit in hits:
        if hit["id"] not in texts and hit.get("clean_key"):
            texts[hit["id"]] = ctx.archive.record(hit["clean_key"]).get("text") or ""
    return texts


def results(ctx: Context, form: SearchForm) -> dict[str, Any]:
    sel = form.selection
    found = search_command.find(ctx, sel)
    words = words_of(sel.query)
    texts = _texts(ctx, found)
    hits = [{**hit, "title_marked": marked(hit["title"] or "", words, hit.get("script")),
             "snippet": snippet(texts.get(hit["id"], ""), words, hit.get("script")) if texts.get(hit["id"])
             else Markup("")} for hit in found]
    total, exact = count(ctx, sel)
    full = len(hits) == sel.limit
    return {"hits": hits, "total": total, "exact": exact, "first": sel.offset + 1,
            "last": sel.offset + len(hits), "has_next": full and sel.offset + len(hits) < total}


async def search_page(request: Request) -> Response:
    state: WebState = request.app.state.web
    query = Query(request.query_params.multi_items())
    files = state.site_files()
    context: dict[str, Any] = {"sites": files.sites, "error": None, "form": None, "result": None}
    try:
        form = search_form(query)
    except BadParameter as exc:
        context["error"] = str(exc)
        context["form"] = search_form(Query([]))
        context["raw_q"] = query.get("q")[:200]
        return page(request, "search.html", context, status=400)
    context["form"] = form
    context["raw_q"] = form.selection.query
    context["export"] = {fmt: "/export?" + urlencode([*filters_only(form), ("format", fmt)]) for fmt in FORMATS}
    context["result"] = results(state.context(), form)
    return page(request, "search.html", context)


async def export(request: Request) -> Response:
    """The same selection as the search page, as JSONL, CSV or Parquet (written to a temporary
    file, sent, then removed): ``difang export``."""
    state: WebState = request.app.state.web
    query = Query(request.query_params.multi_items())
    fmt = query.get("format", "jsonl")
    if fmt not in FORMATS:
        raise BadParameter(f"format: expected one of {', '.join(FORMATS)}, got {fmt[:20]!r}")
    form = search_form(Query([(k, v) for k, v in query.items if k not in ("format", "page", "lang")]))
    ctx = state.context()
    wanted = export_command.selected(ctx, form.selection)
    handle, path = tempfile.mkstemp(prefix="difang-export-", suffix=f".{fmt}")
    os.close(handle)
    try:
        # Reading the records and writing the file touch the archive only, not the index's
        # connections (which belong to this thread): done in a worker, so other pages go on.
        await run_in_threadpool(write, selected_tables(ctx.archive, wanted), path, fmt)  # type: ignore[arg-type]
    except BaseException:
        os.unlink(path)
        raise
    return FileResponse(path, media_type=EXPORT_TYPES[fmt], filename=f"difang-export.{fmt}",
                        background=BackgroundTask(os.unlink, path))
