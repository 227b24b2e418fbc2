"""difang's Scrapy commands (COMMANDS_MODULE): ``crawl`` (checks first), ``parse`` and ``shell``
(dry runs by default), ``sites`` (list and check the site files)."""

from __future__ import annotations

from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings


def archive_off_unless_asked(settings: BaseSettings) -> None:
    """``ARCHIVE_ENABLED=False`` unless the command line sets it (``-s ARCHIVE_ENABLED=True``).

    A command's ``default_settings`` rank below the project's settings, so the default is set here
    at command-line priority, after the command line's own ``-s`` values.
    """
    if (settings.getpriority("ARCHIVE_ENABLED") or 0) < SETTINGS_PRIORITIES["cmdline"]:
        settings.set("ARCHIVE_ENABLED", False, priority="cmdline")
