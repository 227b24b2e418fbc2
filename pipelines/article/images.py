"""Pictures of the article body and their captions (which are left out of the text)."""

from __future__ import annotations

import re

from lxml import etree

from .dom import clean_space, lines_of, next_element, tag_of, text_content, visible_text
from .parse import join_url

_LAZY_ATTRS = ("data-src", "data-original", "data-url", "data-lazy-src", "original", "data-echo", "file", "src")
_NOT_PICTURE = re.compile(r"(?:icon|logo|qrcode|erweima|ewm|share|placeholder|blank|spacer|loading|"
                          r"pixel|avatar|emoji|smilies|/ad/|banner)", re.IGNORECASE)
_CAPTION_TEXT = re.compile(
    r"(?:^[（(【\[]?\s*(?:图为|圖為|图片|圖片|资料图|資料圖|相关资料图|相關資料圖|图\s*\d|圖\s*\d|上图|下图|左图|右图)|"
    r"[摄攝][）)]?\s*$|[摄攝]影[:：]|^[（(].{0,30}[供摄攝][图圖]?[）)]$|[（(]\s*(?:相关)?资料图\s*[）)]|"
    r"[（(]\s*(?:相關)?資料圖\s*[）)])")
_CAPTION_ATTR = re.compile(r"(?:caption|pic|img|photo|tu|note|desc|explain)", re.IGNORECASE)


def _picture_src(img: etree._Element) -> str:
    for attr in _LAZY_ATTRS:
        value = str(img.get(attr) or "").strip()
        if value and not value.startswith("data:") and not (attr == "src" and _NOT_PICTURE.search(value)):
            return value
    return ""


def _too_small(img: etree._Element) -> bool:
    for attr in ("width", "height"):
        value = str(img.get(attr) or "").strip().rstrip("px")
        if value.isdigit() and int(value) < 60:
            return True
    return False


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def _hidden(img: etree._Element) -> bool:
    """A picture the page never shows (a share thumbnail kept for crawlers)."""
    style = img.get("style")
    return bool(style) and bool(_HIDDEN_STYLE.search(str(style)))


def _holder(img: etree._Element, body: etree._Element) -> etree._Element:
    """The block that holds nothing but the picture (its <p>, <div> or <figure>)."""
    node = img
    while node.getparent() is not None and node is not body:
        parent = node.getparent()
        if parent is None or parent is body or visible_text(parent):
            break
        node = parent
    return node


def _caption_after(holder: etree._Element) -> str:
    """The caption line right after a picture, when it looks like one."""
    following = next_element(holder)
    if following is None or tag_of(following) in ("img", "table", "ul", "ol"):
        return ""
    text = visible_text(following)
    if not text or len(text) > 120 or following.find(".//img") is not None:
        return ""
    style = " ".join(str(following.get(a) or "") for a in ("style", "align", "class"))
    centred = "center" in style.lower() or bool(_CAPTION_ATTR.search(style))
    if _CAPTION_TEXT.search(text) or (centred and len(text) < 80):
        return text
    return ""


GALLERY_SHARE = 0.5  # of the body's text in picture boxes, from which on it is a gallery
BOX_SHARE = 0.3  # of the body's text in one caption line at most
CAPTION_CHARS = 120  # a caption is short; a longer text beside a picture is a paragraph
_FIGURE_LEVELS = 3  # how far above a picture's own block its figure-like box may sit


def _caption_within(holder: etree._Element, body: etree._Element) -> list[str]:
    """The caption lines of a figure built without ``<figure>``: the nearest box above the
    picture's block that holds text, when that box holds this one picture and a short text, all
    of it in blocks of its own (``<div><a><img></a><div><center>…</center></div></div>``, the
    slides of a gallery). Text flowing beside the picture in one paragraph is prose, not this.
    The caller judges the length: a long text is a gallery slide's story, not a caption."""
    node = holder
    for _ in range(_FIGURE_LEVELS):
        parent = node.getparent()
        if parent is None or parent is body:
            return []
        node = parent
        text = visible_text(node)
        if text:
            break
    else:
        return []
    if len(node.findall(".//img")) != 1:
        return []
    if (node.text or "").strip() or any((child.tail or "").strip() for child in node):
        return []  # words beside the picture in the same block
    if any(tag_of(a) == "a" and visible_text(a) for a in node.iter("a")):
        return []  # a linked headline: a teaser card, not a caption
    return [line.text for line in lines_of(node)]


# Every caption pattern holds one of these characters: a line without them needs no search.
_CAPTION_CHARS = re.compile("[图圖摄攝供]")


def is_caption_text(text: str) -> bool:
    """Whether a lone short line reads like a picture caption (``（资料图）``, ``…（记者 X 摄）``)."""
    return len(text) <= 120 and bool(_CAPTION_CHARS.search(text)) and bool(_CAPTION_TEXT.search(text))


def find_images(body: etree._Element, base_url: str) -> tuple[list[dict[str, str]], set[str]]:
    """The body's pictures as [{src, caption}] and the caption lines to leave out of the text."""
    images: list[dict[str, str]] = []
    captions: set[str] = set()
    boxed: set[str] = set()  # caption lines found in figure-like boxes
    boxed_chars = 0  # characters of all the figure-like boxes' texts, long ones too
    seen: set[str] = set()
    for img in body.iter("img"):
        src = _picture_src(img)
        if not src or _too_small(img) or _NOT_PICTURE.search(src) or _hidden(img):
            continue
        absolute = join_url(base_url, src)
        if absolute is None or absolute in seen:
            continue
        seen.add(absolute)
        caption = ""
        figure = next((a for a in img.iterancestors() if tag_of(a) == "figure"), None)
        if figure is not None:
            caption = clean_space(" ".join(text_content(c) for c in figure.iter("figcaption")))
        if not caption:
            holder = _holder(img, body)
            caption = _caption_after(holder)
            if not caption:
                within = _caption_within(holder, body)
                boxed_chars += sum(map(len, within))
                if within and sum(map(len, within)) <= CAPTION_CHARS:
                    boxed.update(within)
                    images.append({"src": absolute, "caption": " ".join(within)})
                    continue
        if caption:
            captions.add(caption)
        images.append({"src": absolute, "caption": caption})
    # the texts of picture boxes are captions beside a story, but where they are most of the text
    # the body is a gallery and they are what it says
    if boxed:
        body_chars = len(visible_text(body))
        if boxed_chars < GALLERY_SHARE * body_chars:
            # a box holding a good part of the body on its own is the body's text block
            captions.update(line for line in boxed if len(line) < BOX_SHARE * body_chars)
    return images, captions
