"""Scrapy extensions of difang."""
