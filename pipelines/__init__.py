"""The item pipelines (one module per stage) and the libraries they run: text/ (decoding and
repair), article/ (extraction), syndication/ (dedupe), rebuild/ (re-running them over the archive)."""
