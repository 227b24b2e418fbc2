"""Seen URLs in PostgreSQL answer as the SQLite store does, and crawls on other machines see them."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.postgres import DatabaseUnavailable
from core.times import iso_epoch
from storage.seen import Capture, SeenUrls, open_seen_urls
from storage.seen_pg import PgSeenUrls

URL = "https://www.bjd.com.cn/a/1.html"
T0 = "2024-03-03T08:00:00Z"
NOW = iso_epoch(T0)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> str | None:
    """None: SQLite under tmp_path; else the DSN of a fresh database."""
    return request.getfixturevalue("pg_database") if request.param == "postgresql" else None


def opened(tmp_path: Path, database: str | None) -> SeenUrls:
    return open_seen_urls(tmp_path, database)


def capture(seen: SeenUrls, digest: str, wid: str, at: str, *, is_article: bool = True, url: str = URL) -> None:
    seen.record_capture(url, payload_digest=digest, warc_record_id=wid, target_uri=url + "?from=x",
                        captured_at=at, is_article=is_article)


def test_the_backend_is_the_one_asked_for(tmp_path: Path, backend: str | None) -> None:
    seen = opened(tmp_path, backend)
    assert isinstance(seen, PgSeenUrls) == (backend is not None)
    assert (tmp_path / "seen.sqlite").exists() == (backend is None)
    seen.close()


def test_archived_article_is_not_fetched_again_by_another_process(tmp_path: Path, backend: str | None) -> None:
    first, second = opened(tmp_path, backend), opened(tmp_path, backend)
    assert second.should_fetch(URL, refetch_after_s=None, now=NOW)
    capture(first, "sha1:AAA", "<urn:uuid:1>", T0)
    first.close()
    assert not second.should_fetch(URL, refetch_after_s=None, now=NOW + 86400 * 365)
    assert not second.should_fetch(URL, refetch_after_s=3600, now=NOW + 3599)
    assert second.should_fetch(URL, refetch_after_s=3600, now=NOW + 3600)


def test_list_pages_and_raw_captures_do_not_count_as_archived(tmp_path: Path, backend: str | None) -> None:
    seen = opened(tmp_path, backend)
    capture(seen, "sha1:AAA", "<urn:uuid:1>", T0, is_article=False)
    assert seen.should_fetch(URL, refetch_after_s=None, now=NOW)
    capture(seen, "sha1:AAA", "<urn:uuid:2>", T0, is_article=True)
    capture(seen, "sha1:BBB", "<urn:uuid:3>", T0, is_article=False)  # a later raw capture: still archived
    assert not seen.should_fetch(URL, refetch_after_s=None, now=NOW)


def test_revisit_keeps_pointing_at_the_original(tmp_path: Path, backend: str | None) -> None:
    seen = opened(tmp_path, backend)
    capture(seen, "sha1:AAA", "<urn:uuid:1>", T0)
    capture(seen, "sha1:AAA", "<urn:uuid:2>", "2024-03-04T08:00:00Z")
    assert seen.last_capture(URL) == Capture("sha1:AAA", "<urn:uuid:1>", URL + "?from=x", T0)
    assert not seen.should_fetch(URL, refetch_after_s=86400, now=NOW + 86400 + 10)
    capture(seen, "sha1:BBB", "<urn:uuid:3>", "2024-03-05T08:00:00Z")
    last = seen.last_capture(URL)
    assert last is not None and (last.payload_digest, last.warc_record_id) == ("sha1:BBB", "<urn:uuid:3>")
    assert seen.last_capture(URL + "?other") is None


def test_textless_tries_are_counted_and_forgotten(tmp_path: Path, backend: str | None) -> None:
    seen = opened(tmp_path, backend)
    assert [seen.record_textless(URL, now=NOW + i) for i in range(3)] == [1, 2, 3]
    assert seen.gave_up(URL, tries=3) and not seen.gave_up(URL, tries=4)
    seen.forget_textless(URL)
    assert not seen.gave_up(URL, tries=1)
    assert seen.record_textless(URL, now=NOW) == 1


def test_a_lost_connection_is_opened_again(pg_server: object, pg_database: str, tmp_path: Path) -> None:
    seen = opened(tmp_path, pg_database)
    capture(seen, "sha1:AAA", "<urn:uuid:1>", T0)
    assert isinstance(seen, PgSeenUrls)
    conn = seen.connect()
    killer = PgSeenUrls(pg_database).connect()
    killer.execute("SELECT pg_terminate_backend(%s)", (conn.info.backend_pid,))
    assert not seen.should_fetch(URL, refetch_after_s=None, now=NOW)  # on a new connection
    assert seen.connect() is not conn


def test_an_unreachable_database_is_one_line_without_the_password(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nobody listens there once closed
    with pytest.raises(DatabaseUnavailable) as caught:
        open_seen_urls(tmp_path, f"postgresql://difang:s3cret@127.0.0.1:{port}/state")
    said = str(caught.value)
    assert f"127.0.0.1:{port}/state unreachable" in said and "s3cret" not in said and "\n" not in said
