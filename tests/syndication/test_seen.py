"""SeenUrls: articles are not fetched twice, list pages are; revisits point at the original."""

from __future__ import annotations

from pathlib import Path

from core.times import iso_epoch
from storage.seen import Capture, SeenUrls

URL = "https://www.bjd.com.cn/a/1.html"
T0 = "2024-03-03T08:00:00Z"
NOW = iso_epoch(T0)


def capture(seen: SeenUrls, digest: str, wid: str, at: str, *, is_article: bool = True, url: str = URL) -> None:
    seen.record_capture(url, payload_digest=digest, warc_record_id=wid, target_uri=url + "?from=x",
                        captured_at=at, is_article=is_article)


def test_unknown_url_is_fetched(tmp_path: Path) -> None:
    seen = SeenUrls(tmp_path / "seen.sqlite")
    assert seen.should_fetch(URL, refetch_after_s=None, now=NOW)
    assert seen.last_capture(URL) is None


def test_archived_article_not_fetched_again_even_after_restart(tmp_path: Path) -> None:
    seen = SeenUrls(tmp_path / "seen.sqlite")
    capture(seen, "sha1:AAA", "<urn:uuid:1>", T0)
    seen.close()
    seen = SeenUrls(tmp_path / "seen.sqlite")
    assert not seen.should_fetch(URL, refetch_after_s=None, now=NOW + 86400 * 365)


def test_refetch_age(tmp_path: Path) -> None:
    seen = SeenUrls(tmp_path / "seen.sqlite")
    capture(seen, "sha1:AAA", "<urn:uuid:1>", T0)
    assert not seen.should_fetch(URL, refetch_after_s=3600, now=NOW + 3599)
    assert seen.should_fetch(URL, refetch_after_s=3600, now=NOW + 3600)


def test_list_pages_are_always_fetched(tmp_path: Path) -> None:
    seen = SeenUrls(tmp_path / "seen.sqlite")
    capture(seen, "sha1:AAA", "<urn:uuid:1>", T0, is_article=False, url="https://x.cn/list_1.html")
    assert seen.should_fetch("https://x.cn/list_1.html", refetch_after_s=None, now=NOW)


def test_revisit_keeps_pointing_at_original(tmp_path: Path) -> None:
    seen = SeenUrls(tmp_path / "seen.sqlite")
    capture(seen, "sha1:AAA", "<urn:uuid:1>", T0)
    capture(seen, "sha1:AAA", "<urn:uuid:2>", "2024-03-04T08:00:00Z")  # the revisit record
    assert seen.last_capture(URL) == Capture("sha1:AAA", "<urn:uuid:1>", URL + "?from=x", T0)
    # the re-fetch age counts from the latest fetch, revisit or not
    assert not seen.should_fetch(URL, refetch_after_s=86400, now=NOW + 86400 + 10)
    capture(seen, "sha1:BBB", "<urn:uuid:3>", "2024-03-05T08:00:00Z")  # changed payload
    last = seen.last_capture(URL)
    assert last is not None and (last.payload_digest, last.warc_record_id) == ("sha1:BBB", "<urn:uuid:3>")
