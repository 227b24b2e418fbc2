"""Article extraction: body, title, date, source, reporters and images from a portal page.

Plain functions over lxml, used by the ``extract`` pipeline stage and by the spider (which
follows :func:`article_page_links` and stitches the pages with :func:`merge_pages`).
"""

from .extractor import extract_article
from .model import Article
from .pagination import article_page_links, merge_pages

__all__ = ["Article", "article_page_links", "extract_article", "merge_pages"]
