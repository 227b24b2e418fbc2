"""The search engine over the archive: the local index (SQLite segments with postings), its
feed from new records, ``reindex`` from the store's manifests, syndication clusters, exports."""
