"""``difang sites probe``: learn a working site file from a portal's home page.

- :mod:`crawler.probe.probe` — the steps of one probe, from robots.txt to the site file
- :mod:`crawler.probe.fetch` — the polite fetcher: budget, delay, robots.txt, address guard, WARC
- :mod:`crawler.probe.links` — links of a page, furniture, announced feeds, pagers
- :mod:`crawler.probe.candidates` — which link shapes to sample as articles, which pages as lists
- :mod:`crawler.probe.urlshapes` — URLs generalized into article and pagination patterns
- :mod:`crawler.probe.browser` — rendering pages whose lists scripts fill
- :mod:`crawler.probe.locale` — script, time zone, site name and title
- :mod:`crawler.probe.report` — the site file as YAML and the preview the user sees

Whether a page is an article is pipelines.verdict's to say (the crawl by content uses it too).
Nothing is imported here: the spider takes crawler.probe.links and .urlshapes alone.
"""
