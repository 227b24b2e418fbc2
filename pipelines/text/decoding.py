"""Bytes of an HTML page -> text: which codec, decided from declarations verified by evidence.

Order of evidence: a BOM wins; bytes that are valid UTF-8 with multibyte sequences are UTF-8
whatever the page says (Chinese pages often declare gb2312 over UTF-8 bytes); otherwise the
declared charset (header, then meta/XML), the statistical detector and the CJK supersets compete
on decode errors and on how plausible the decoded text reads. Nothing is dropped silently: what
cannot be decoded becomes U+FFFD and is counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import cchardet

from pipelines.text.charsets import (
    CJK_CODECS,
    codec_for,
    header_charset,
    markup_charset,
    python_codec,
    sniff_bom,
)
from pipelines.text.plausibility import char_model

# A declared codec keeps its place unless another candidate reads this much better
# (nats per non-ASCII byte of the sample).
DECLARED_ADVANTAGE = 0.3
SAMPLE_BYTES = 32_768
MIN_UTF8_CHARS = 8  # multibyte characters a page needs before a few bad bytes are forgiven
UTF8_BAD_RATIO = 50  # ...and at least this many of them per bad sequence
# A page that says it is UTF-8 needs far less: another codec's Chinese bytes break UTF-8 at nearly
# every character, so even a short page with a stray byte or two is told apart.
DECLARED_MIN_UTF8_CHARS = 2
DECLARED_UTF8_BAD_RATIO = 2
_BAD_RUN = re.compile("\ufffd+")
_HIGH_BYTES = bytes(range(0x80, 0x100))


@dataclass
class Decoded:
    text: str
    encoding: str
    encoding_declared: str | None
    repairs: dict[str, int] = field(default_factory=dict)


def decode_html(body: bytes, content_type: str | None = None) -> Decoded:
    """Decode a page. Never raises."""
    try:
        return _decode(bytes(body), content_type)
    except Exception:  # pragma: no cover - last resort, the stage must always get text
        text = bytes(body).decode("utf-8", "replace")
        return Decoded(text, "utf-8", None, _undecodable(text, 0))


def declared_charset(body: bytes, content_type: str | None) -> str | None:
    """What the page says about itself, header first, lower-case."""
    bom = sniff_bom(body)
    return header_charset(content_type) or (bom[0] if bom else None) or markup_charset(body)


def _decode(body: bytes, content_type: str | None) -> Decoded:
    declared = declared_charset(body, content_type)
    bom = sniff_bom(body)
    if bom:
        name, skip = bom
        text = body[skip:].decode(name, "replace")
        return Decoded(text, name.replace("-le", "").replace("-be", "") if name != "utf-8" else name,
                       declared, _undecodable(text, 0))
    if _is_multibyte_utf8(body):
        return Decoded(body.decode("utf-8"), "utf-8", declared, {})
    first_declared = codec_for(header_charset(content_type)) or codec_for(markup_charset(body))
    nearly = _nearly_utf8(body, declared=first_declared == "utf-8")
    if nearly is not None:  # a truncated or corrupted byte or two in a UTF-8 page
        return Decoded(nearly, "utf-8", declared, _undecodable(nearly, 0))
    if body.isascii():
        codec = codec_for(header_charset(content_type)) or codec_for(markup_charset(body)) or "utf-8"
        if codec not in ("utf-8", "windows-1252", *CJK_CODECS):
            codec = "utf-8"
        return Decoded(body.decode("ascii"), codec, declared, {})
    name, text = choose_codec(body, [codec_for(header_charset(content_type)), codec_for(markup_charset(body))])
    return Decoded(text, name, declared, _undecodable(text, 0))


def choose_codec(body: bytes, declared: list[str | None]) -> tuple[str, str]:
    """Pick the codec for non-UTF-8 bytes: declared ones first, verified against the bytes."""
    sample = body[:SAMPLE_BYTES]
    detected = codec_for(_detect(sample))
    order: list[str] = []
    for name in [*declared, detected, *CJK_CODECS]:
        if name and name != "utf-8" and name not in order:
            order.append(name)
    model = char_model()
    trusted = {d for d in declared if d}
    high = max(1, len(sample) - len(sample.translate(None, _HIGH_BYTES)))
    best: tuple[float, str] | None = None
    for name in order:
        try:
            text = sample.decode(python_codec(name), "replace")
        except LookupError:
            continue
        # Total cost over the same bytes, so codecs that make more characters pay for each.
        cost = model.non_ascii_cost(text) / high
        # Declarations get a head start; the detector and the fallbacks must be clearly better.
        score = cost + (0.0 if name in trusted else DECLARED_ADVANTAGE)
        if best is None or score < best[0]:
            best = (score, name)
    assert best is not None
    return best[1], body.decode(python_codec(best[1]), "replace")


def _detect(body: bytes) -> str | None:
    try:
        result = cchardet.detect(body)
    except Exception:
        return None
    enc = result.get("encoding") if isinstance(result, dict) else None
    return str(enc) if enc else None


def _is_multibyte_utf8(body: bytes) -> bool:
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _nearly_utf8(body: bytes, *, declared: bool = False) -> str | None:
    """The text of UTF-8 bytes with a few bad ones; None when the bytes are not UTF-8. Other
    codecs' Chinese bytes break UTF-8 at nearly every character, so the ratio is decisive. A page
    declared UTF-8 gets the benefit of the doubt on far fewer characters: there each damaged spot
    (a run of bad bytes) is weighed against the CJK characters that decoded, which another codec's
    bytes almost never make (they decode, where they do, into Latin, Greek or Cyrillic letters)."""
    text = body.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    if declared:
        spots = len(_BAD_RUN.findall(text))
        cjk = sum(1 for ch in text if ch >= "\u2e80") - bad
        return text if cjk >= DECLARED_MIN_UTF8_CHARS and spots * DECLARED_UTF8_BAD_RATIO <= cjk else None
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    return text if good >= MIN_UTF8_CHARS and bad * UTF8_BAD_RATIO <= good else None


def _undecodable(text: str, already: int) -> dict[str, int]:
    n = text.count("\ufffd") - already
    return {"undecodable_bytes": n} if n > 0 else {}
