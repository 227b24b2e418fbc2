"""The write side of the archive: WARC files and their CDXJ, the spool and its uploader, the run
journal and manifests, recovery after a crash, the object store (a folder or S3), the seen-URL
history, and the archive session that ties them together for one crawl (a Scrapy extension)."""
