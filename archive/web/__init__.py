"""``difang web``: the archive and the crawls in a browser, read-only.

app (routes, error pages, the guard: GET only, Host check, token, security headers), state (the
query context, reopened when ``difang reindex`` swaps the index in; the daemon's stores), params
(request parameters → a :class:`~query.filters.Selection`, validated like the CLI's),
i18n (Chinese first, English on request), marks (highlighted titles and snippets), charts
(server-side SVG), and one module per page: search, article (with its story), raw (the capture
in a sandbox), sites (board and site page), stats.

Every page calls the same functions as the ``difang`` commands (``search.find``,
``show.article``, ``raw.capture_of``, ``clusters.stories``, ``export.selected``,
``stats.report``) and the daemon's own history and job table: there is no second query engine.
Pages are server-rendered HTML that needs no JavaScript; nothing is fetched from elsewhere.
"""
