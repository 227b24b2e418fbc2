"""``difang sites probe`` over real HTTP on loopback: the proposed file, the preview, the archive of
every response, politeness, and one clear line (exit 2, nothing written) for each kind of bad input."""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from warcio.archiveiterator import ArchiveIterator

from archive.cli.main import main
from core.sites import load_site_file
from demo.portal import Response
from demo.server import DemoPortal, LoopbackSites
from demo.shapes import ShapePortals

ROOT = Path(__file__).resolve().parents[2]
ODD_SITES = {"closed": "127.0.3.20", "brochure": "127.0.3.21", "mover": "127.0.3.22"}


class OddSites(LoopbackSites):
    """A portal whose robots.txt says no to everyone, one with no article at all, and one whose
    front page moves to another loopback host."""

    def addresses(self) -> dict[str, str]:
        return ODD_SITES

    def respond(self, site: str, target: str) -> Response:
        if site == "mover" and target == "/":
            return Response(302, "text/html", b"moved", location=f"http://{ODD_SITES['closed']}:{self.port}/")
        if target == "/robots.txt":
            rules = "User-agent: *\nDisallow: /\n" if site == "closed" else "User-agent: *\nDisallow:\n"
            return Response(200, "text/plain", rules.encode())
        page = ('<html><head><title>溪山茶厂</title></head><body><div class="nav"><a href="/about.html">关于</a> '
                '<a href="/products.html">产品</a> <a href="/contact.html">联系</a></div><p>溪山茶厂始建于1958年，'
                "主产绿茶和红茶，产品远销各地。欢迎来厂参观。</p></body></html>")
        return Response(200, "text/html; charset=utf-8", page.encode())


@pytest.fixture(scope="module")
def shapes() -> Iterator[ShapePortals]:
    with ShapePortals(port=0, names=["php-query", "platform"]) as running:
        yield running


@pytest.fixture(scope="module")
def odd() -> Iterator[OddSites]:
    with OddSites() as running:
        yield running


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, folder in (("DIFANG_SITES", "sites"), ("DIFANG_HOME", "home"), ("DIFANG_ARCHIVE", "archive")):
        monkeypatch.setenv(name, str(tmp_path / folder))
    return tmp_path


def probe(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        status = main(["sites", "probe", *args])
    finally:
        sys.stdout, sys.stderr = saved
    return status, out.getvalue(), err.getvalue()


def allow(host: str) -> list[str]:
    return ["-s", "PROBE_DELAY=0", "-s", f"ADDRESS_GUARD_EXTRA_HOSTS={host}"]


def warc_responses(archive: Path) -> list[str]:
    urls = []
    for path in sorted(archive.glob("raw/site=*/date=*/*.warc.gz")):
        with path.open("rb") as fh:
            urls += [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(fh, check_digests=True)
                     if r.rec_type == "response"]
    return urls


def nothing_written(root: Path) -> bool:
    return not (root / "sites").exists() and not list(root.glob("archive/**/*.*"))


def test_probe_writes_a_working_site_file_and_archives_every_response(shapes: ShapePortals, env: Path) -> None:
    shape = shapes.shapes["php-query"]
    before = len(shapes.requests)
    status, out, err = probe(shape.probe_url, "--name", "php-query", "--write", *allow(shapes.host_of("php-query")))
    assert status == 0, err
    served = [(s, p) for s, _, p in shapes.requests[before:] if s == "php-query"]
    path = env / "sites" / "php-query.yaml"
    site = load_site_file(path)  # the crawl's own loader takes it
    assert site.hosts == {shapes.host_of("php-query")}
    assert all(site.is_article(u) for u in shape.article_urls())
    assert not any(site.is_article(u) for u in shape.non_article_urls())
    assert site.render is False and site.script == "zh-Hans"
    printed = out.split("\n\n", 1)[0].split("\n", 1)[1]  # the YAML under the first comment line
    assert yaml.safe_load(printed) == yaml.safe_load(path.read_text(encoding="utf-8"))
    titles = {a.title for _, a in shape.articles}
    preview = out.split("sample articles", 1)[1]
    assert sum(1 for t in titles if t[:12] in preview) >= 2  # real headlines in the preview
    assert f"written: {path}" in out
    # every response the server sent is in the WARC, once, and the run file says it was a probe
    archived = warc_responses(env / "archive")
    assert sorted(archived) == sorted(shape.url(p) for _, p in served)
    [run] = [json.loads(p.read_text()) for p in (env / "archive" / "runs").glob("*.json")]
    assert run["site"] == "php-query" and run["finish_reason"] == "probe"
    assert run["stats"]["difang/probe/requests"] == len(served) <= 40


def test_sub_site_probe_stays_in_its_sub_site(shapes: ShapePortals, env: Path) -> None:
    shape = shapes.shapes["platform"]
    status, out, err = probe(shape.probe_url, "--name", "yunxi", *allow(shapes.host_of("platform")))
    assert status == 0, err
    site = yaml.safe_load(out.split("\n\n", 1)[0].split("\n", 1)[1])
    assert site["name"] == "yunxi"
    assert all(u.startswith(shape.url("/yunxi/")) for u in site["start_urls"])
    others = [shape.url(p) for p in shape.routes if p.endswith(".html") and "/content_" in p
              and not p.startswith("/yunxi/")]
    assert others  # the platform's and the neighbours' stories, linked from the sub-site's home
    parsed = load_site_file_from(site, env)
    assert all(parsed.is_article(u) for u in shape.article_urls())
    assert not any(parsed.is_article(u) for u in others)
    assert "not written: add --write" in out and not (env / "sites").exists()


def load_site_file_from(site: dict[str, object], root: Path) -> object:
    from crawler.probe.report import site_yaml

    path = root / "check" / f"{site['name']}.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(site_yaml(site), encoding="utf-8")
    return load_site_file(path)


def test_write_never_replaces_a_file_without_force(shapes: ShapePortals, env: Path) -> None:
    path = env / "sites" / "php-query.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("# mine\n", encoding="utf-8")
    url = shapes.shapes["php-query"].probe_url
    before = len(shapes.requests)
    status, out, err = probe(url, "--name", "php-query", "--write", *allow(shapes.host_of("php-query")))
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and str(path) in err and "--force" in err
    assert path.read_text(encoding="utf-8") == "# mine\n"
    assert len(shapes.requests) == before  # refused before fetching anything
    status, out, err = probe(url, "--name", "php-query", "--write", "--force", *allow(shapes.host_of("php-query")))
    assert status == 0, err
    assert load_site_file(path).name == "php-query"


def test_politeness_budget_and_delay(shapes: ShapePortals, env: Path) -> None:
    before = len(shapes.requests)
    status, _out, err = probe(shapes.shapes["php-query"].probe_url, "-s", "PROBE_DELAY=0.2",
                              "-s", "PROBE_MAX_REQUESTS=5", "-s",
                              f"ADDRESS_GUARD_EXTRA_HOSTS={shapes.host_of('php-query')}")
    times = shapes.request_times[before:]
    assert 0 < len(times) <= 5
    assert all(b - a >= 0.19 for a, b in zip(times, times[1:], strict=False))  # one at a time, 0.2 s apart
    if status != 0:  # five requests may not find an article: then it says so, and writes nothing
        assert status == 2 and err.count("\n") == 1 and "no article found" in err
        assert nothing_written(env)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("case", ["unreachable", "robots", "no_article", "private", "not_http"])
def test_bad_input_is_one_line_exit_2_nothing_written(case: str, odd: OddSites, shapes: ShapePortals,
                                                      env: Path) -> None:
    before = len(shapes.requests)
    url, extra, said = {
        "unreachable": (f"http://127.0.0.1:{free_port()}/", allow("127.0.0.1"), "unreachable"),
        "robots": (f"http://{ODD_SITES['closed']}:{odd.port}/", allow(ODD_SITES["closed"]), "robots.txt"),
        "no_article": (f"http://{ODD_SITES['brochure']}:{odd.port}/", allow(ODD_SITES["brochure"]),
                       "no article found"),
        "private": (shapes.shapes["php-query"].probe_url, [], "private, loopback or link-local"),
        "not_http": ("ftp://127.0.0.1/", [], "not an absolute http(s) URL"),
    }[case]
    status, out, err = probe(url, "--write", *extra)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and said in err and url.rstrip("/") in err, err
    assert "Traceback" not in err
    assert nothing_written(env)
    if case == "private":
        assert len(shapes.requests) == before  # refused before any request
    if case == "robots":
        assert [p for s, _, p in odd.requests if s == "closed"] == ["/robots.txt"]


def test_every_redirect_passes_the_address_guard(odd: OddSites, env: Path) -> None:
    before = len(odd.requests)
    status, out, err = probe(f"http://{ODD_SITES['mover']}:{odd.port}/", *allow(ODD_SITES["mover"]))
    assert status == 2 and out == "" and err.count("\n") == 1
    assert f"{ODD_SITES['closed']} is a private, loopback or link-local address" in err
    assert [(s, p) for s, _, p in odd.requests[before:]] == [("mover", "/robots.txt"), ("mover", "/")]
    assert nothing_written(env)


def test_the_command_line_entry_point(tmp_path: Path) -> None:
    env = {"DIFANG_SITES": str(tmp_path / "sites"), "DIFANG_HOME": str(tmp_path / "home"),
           "DIFANG_ARCHIVE": str(tmp_path / "archive"), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-m", "archive.cli.main", "sites", "probe", "http://10.0.0.9/", "--write"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == ("difang sites probe: http://10.0.0.9/: 10.0.0.9 is a private, loopback or link-local "
                           "address no site names; allow it with -s ADDRESS_GUARD_EXTRA_HOSTS=10.0.0.9 (or a site file that "
                           "names it)\n")
    assert nothing_written(tmp_path)


def test_demo_portal_probe_obeys_robots_and_finds_feed_and_sitemaps(env: Path) -> None:
    with DemoPortal(port=0, bench_articles=3) as portal:
        url = portal.sites["demo-utf8"]
        status, out, err = probe(url, "--name", "demo-utf8", *allow("127.0.0.2"))
        paths = [p for s, _, p in portal.requests if s == "demo-utf8"]
    assert status == 0, err
    site = yaml.safe_load(out.split("\n\n", 1)[0].split("\n", 1)[1])
    assert site["feeds"] == [url + "rss.xml"]
    assert site["sitemaps"] == [url + "robots.txt"]  # robots.txt names the sitemap index
    assert "/sitemap.xml" in paths and "/sitemap-news.xml" in paths  # the index, opened at its news sitemap
    assert paths[0] == "/robots.txt" and paths.count("/robots.txt") == 1
    assert not [p for p in paths if p.startswith(("/private/", "/search"))]  # Disallow: /private/, /search


@pytest.mark.parametrize(("setting", "said"), [("PROBE_DELAY=soon", "bad setting"), ("PROBE_DELAY", "NAME=VALUE"),
                                               ("PROBE_MAX_REQUESTS=0", "PROBE_MAX_REQUESTS")])
def test_bad_setting_is_one_line(setting: str, said: str, env: Path) -> None:
    status, out, err = probe("http://127.0.0.1:9/", "-s", setting)
    assert status == 2 and out == "" and err.count("\n") == 1 and said in err
    assert nothing_written(env)
