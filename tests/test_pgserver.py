"""The test PostgreSQL itself: it starts on loopback, and a fresh database per test is empty."""

from __future__ import annotations

from tests.pgserver import PostgresServer


def test_server_answers_on_loopback(pg_server: PostgresServer) -> None:
    assert pg_server.psql("SHOW listen_addresses").strip() == "127.0.0.1"
    assert pg_server.psql("SHOW fsync").strip() == "off"
    assert pg_server.psql("SELECT 6 * 7").strip() == "42"


def test_fresh_database_per_test(pg_server: PostgresServer, pg_database: str) -> None:
    name = pg_database.rsplit("/", 1)[1]
    pg_server.psql("CREATE TABLE marker (x int)", database=name)
    assert pg_server.psql("SELECT count(*) FROM pg_tables WHERE tablename = 'marker'", database=name).strip() == "1"
    assert pg_server.psql("SELECT count(*) FROM pg_tables WHERE tablename = 'marker'").strip() == "0"
