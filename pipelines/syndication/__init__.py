"""pipelines/syndication"""
