"""A rendered page's scripts reach nothing the crawl itself may not: fetch, WebSocket, EventSource,
beacon, iframe and prefetch to a loopback port no site names all fail before a byte reaches it
(WebSockets are routed too, which Playwright's request routing never sees), while a WebSocket to
the site's own host:port still connects. Needs the system Chromium, as the render tests do."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from crawler.render import find_browser
from tests.hostile.server import hostile_server, list_page
from tests.integration.crawlkit import crawl_env, scrapy_crawl

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(find_browser(os.environ.get("DIFANG_CHROMIUM", "")) is None,
                       reason="no Chromium to render with: apt-get install chromium (.ci/run does)"),
]

ESCAPES = """<script>
const t = 'http://127.0.0.1:{port}';
fetch(t + '/fetch').catch(() => {{}});
try {{ new WebSocket('ws://127.0.0.1:{port}/ws'); }} catch (e) {{}}
try {{ new WebSocket('ws://127.0.0.1:{own}/ws-own'); }} catch (e) {{}}
try {{ new EventSource(t + '/events'); }} catch (e) {{}}
try {{ navigator.sendBeacon(t + '/beacon', 'x'); }} catch (e) {{}}
const f = document.createElement('iframe'); f.src = t + '/frame'; document.body.appendChild(f);
const l = document.createElement('link'); l.rel = 'prefetch'; l.href = t + '/prefetch'; document.head.appendChild(l);
</script>"""


def test_a_rendered_pages_scripts_reach_no_unnamed_port(tmp_path: Path) -> None:
    with hostile_server(articles=2) as site, hostile_server(articles=0) as neighbour:
        script = ESCAPES.format(port=neighbour.port, own=site.port)
        site.html("/list.html", list_page(2).replace("</body>", script + "</body>"))
        site.site_file(tmp_path / "sites", render="true")
        env = crawl_env(tmp_path, tmp_path / "sites", str(tmp_path / "archive"))
        if os.environ.get("DIFANG_CHROMIUM"):
            env["DIFANG_CHROMIUM"] = os.environ["DIFANG_CHROMIUM"]
        done = scrapy_crawl("hostile", env)
        reached, own = list(neighbour.asked), list(site.asked)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "/a/1.html" in own and "/a/2.html" in own  # the list was rendered and crawled
    assert reached == [], reached
    assert "/ws-own" in own  # the site's own host:port: the WebSocket went through
    assert any("WebSocket to ws://127.0.0.1:" in line and "refused" in line for line in done.stderr.splitlines())
