"""Internal addresses judged by what a connection reaches, in real crawls over loopback: the unit a
site names is host:port (another port of its own internal address is refused, by link or by
redirect); a host name that resolves to an internal address is refused even when a site names it,
unless ADDRESS_GUARD_ALLOW lets that address through; the resolver applies the same check to the
address each connection uses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from twisted.internet.error import DNSLookupError

from crawler.middlewares.address_guard import AddressPolicy, GuardedResolver
from tests.hostile.server import article, hostile_server, list_page
from tests.integration.crawlkit import crawl_env, scrapy_crawl

pytestmark = pytest.mark.integration


def run_of(tmp_path: Path) -> dict[str, Any]:
    return json.loads(next((tmp_path / "archive" / "runs").glob("*.json")).read_text())


def test_another_port_of_a_named_address_is_refused(tmp_path: Path) -> None:
    with hostile_server(articles=2) as site, hostile_server(articles=3) as neighbour:
        other = f"http://127.0.0.1:{neighbour.port}/a/3.html"
        site.html("/list.html", list_page(2).replace("</ul>", f"<li><a href='{other}'>x</a></li></ul>"))
        site.routes["/a/2.html"] = (302, {"Location": f"http://127.0.0.1:{neighbour.port}/a/2.html"}, b"")
        site.site_file(tmp_path / "sites")
        done = scrapy_crawl("hostile", crawl_env(tmp_path, tmp_path / "sites", str(tmp_path / "archive")))
        reached = list(neighbour.asked)
    assert done.returncode == 0, done.stderr[-2000:]
    assert reached == []
    assert run_of(tmp_path)["stats"]["difang/errors/private_address"] == 2, done.stderr[-5000:]
    refused = [line for line in done.stderr.splitlines() if "(private_address)" in line]
    assert len(refused) == 2 and all(f"127.0.0.1:{neighbour.port} is not a port any site names" in line
                                     for line in refused), refused


def site_by_name(tmp_path: Path, port: int) -> None:
    (tmp_path / "sites").mkdir(parents=True, exist_ok=True)
    (tmp_path / "sites" / "named.yaml").write_text(
        f"name: named\nstart_urls: ['http://localhost:{port}/list.html']\narticle_urls: ['/a/\\d+\\.html$']\n",
        encoding="utf-8")


def test_a_named_host_that_resolves_to_loopback_is_refused_unless_allowed(tmp_path: Path) -> None:
    with hostile_server(articles=2) as server:
        server.html("/a/1.html", article(1))
        site_by_name(tmp_path, server.port)
        env = crawl_env(tmp_path, tmp_path / "sites", str(tmp_path / "archive"))
        done = scrapy_crawl("named", env)
        refused_asked = list(server.asked)
        allowed = scrapy_crawl("named", env, "-s", "ADDRESS_GUARD_ALLOW=127.0.0.0/8")
        allowed_asked = list(server.asked[len(refused_asked):])
    assert done.returncode == 0, done.stderr[-2000:]
    assert refused_asked == []
    assert any("localhost is the loopback host" in line for line in done.stderr.splitlines())
    assert allowed.returncode == 0, allowed.stderr[-2000:]
    assert {"/list.html", "/a/1.html", "/a/2.html"} <= set(allowed_asked)


@pytest.mark.parametrize(("address", "allow", "refused"), [
    ("127.0.0.1", [], True),
    ("10.9.8.7", [], True),
    ("169.254.169.254", [], True),
    ("93.184.216.34", [], False),
    ("10.9.8.7", ["10.9.0.0/16"], False),
    ("10.9.8.7", ["10.8.0.0/16"], True),
])
def test_the_resolver_checks_the_address_a_connection_uses(address: str, allow: list[str], refused: bool) -> None:
    resolver = GuardedResolver.__new__(GuardedResolver)
    resolver.policy = AddressPolicy(allowed=AddressPolicy.from_settings(_Settings(allow), ()).allowed)
    if refused:
        with pytest.raises(DNSLookupError, match="private address refused"):
            resolver._check(address, "portal.example")
    else:
        assert resolver._check(address, "portal.example") == address


class _Settings:
    def __init__(self, allow: list[str]) -> None:
        self.allow = allow

    def getlist(self, name: str) -> list[str]:
        return self.allow if name == "ADDRESS_GUARD_ALLOW" else []
