"""Scrapy commands of difang (COMMANDS_MODULE)."""
