"""The user side of the archive: the ``difang`` command (cli/), the web UI (web/), ``verify``."""
