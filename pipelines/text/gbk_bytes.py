"""GBK/GB18030 byte facts that the shifted-run repair reasons with: which character a byte pair
stands for, which bytes a damaged character came from, and which pairs are user-defined
(private-use) ones that content farms' cleaners drop. All tables are built once and cached."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

LEADS = range(0x81, 0xFF)
TRAILS = (*range(0x40, 0x7F), *range(0x80, 0xFF))


def _is_private_use(ch: str) -> bool:
    return len(ch) == 1 and 0xE000 <= ord(ch) <= 0xF8FF


@lru_cache(maxsize=65_536)
def pair_char(a: int, b: int) -> str | None:
    """The character GBK bytes (a, b) stand for; None when invalid, user-defined or ASCII."""
    try:
        ch = bytes((a, b)).decode("gb18030")
    except UnicodeDecodeError:
        return None
    if len(ch) != 1 or _is_private_use(ch) or ch < "\x80":
        return None
    return ch


@lru_cache(maxsize=65_536)
def char_bytes(ch: str) -> tuple[int, int] | None:
    """GBK bytes a damaged character came from; ASCII punctuation was a fullwidth form that the
    farm folded to halfwidth (`！` -> `!`)."""
    o = ord(ch)
    if 0x21 <= o <= 0x7E:
        return (0xA3, o + 0x80)
    if o < 0x80:
        return None
    try:
        b = ch.encode("gb18030")
    except UnicodeEncodeError:
        return None
    return (b[0], b[1]) if len(b) == 2 else None


@lru_cache(maxsize=256)
def chars_with_trail(trail: int) -> tuple[str, ...]:
    """Every character whose second byte is `trail` (a lost lead byte, to be filled)."""
    return tuple(c for c in (pair_char(u, trail) for u in LEADS) if c)


@lru_cache(maxsize=256)
def chars_with_lead(lead: int) -> tuple[str, ...]:
    """Every character whose first byte is `lead` (a lost trail byte, to be filled)."""
    return tuple(c for c in (pair_char(lead, t) for t in TRAILS) if c)


def decoded_pairs(leads: Iterable[int], trails: Iterable[int], codec: str = "gb18030") -> Iterator[tuple[int, int, str]]:
    """(a, b, character) for every byte pair of `leads` x `trails` that decodes to one character."""
    trails = tuple(trails)
    for a in leads:
        for b in trails:
            try:
                ch = bytes((a, b)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(ch) == 1:
                yield a, b, ch


@lru_cache(maxsize=1)
def private_use_pairs() -> dict[int, tuple[int, ...]]:
    """Lead byte -> trail bytes of the pairs that decode to private-use characters."""
    out: dict[int, list[int]] = {}
    for a, b, ch in decoded_pairs(LEADS, TRAILS):
        if _is_private_use(ch):
            out.setdefault(a, []).append(b)
    return {a: tuple(bs) for a, bs in out.items()}


@lru_cache(maxsize=4096)
def dropped_pair_readings(v: int, u: int) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """What a dropped private-use pair (L, T) between bytes v and u hid: first characters
    x = (v, L), each with the second characters y = (T, u) that its L allows."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for lead, trails in private_use_pairs().items():
        x = pair_char(v, lead)
        if x is None:
            continue
        ys = tuple(y for y in (pair_char(t, u) for t in trails) if y is not None)
        if ys:
            out.append((x, ys))
    return tuple(out)


# Byte classes of the shifted-run search: a lead byte is known (int) or known only as a set.
Lead = int | frozenset[int]
ANY_LEAD: frozenset[int] = frozenset(LEADS)


@lru_cache(maxsize=256)
def leads_after_drop(t: int) -> frozenset[int]:
    """Lead bytes that make a user-defined (dropped) pair after byte `t`: the lead of the
    character after a drop, when `t` was the trail of the character before it."""
    return frozenset(b for b in private_use_pairs().get(t, ()) if b in ANY_LEAD)


@lru_cache(maxsize=1)
def drop_trails() -> tuple[int, ...]:
    """Trail bytes after which a pair can be user-defined and dropped."""
    return tuple(t for t in TRAILS if t >= 0x80 and leads_after_drop(t))


def _leads(lead: Lead) -> Iterable[int]:
    return (lead,) if isinstance(lead, int) else sorted(lead)


@lru_cache(maxsize=65_536)
def chars_named(lead: Lead, trail: int) -> tuple[str, ...]:
    """Characters with trail byte `trail` and a lead byte in `lead`."""
    return tuple(c for c in (pair_char(a, trail) for a in _leads(lead)) if c)


@lru_cache(maxsize=4096)
def chars_before_drop(lead: Lead) -> tuple[tuple[str, frozenset[int]], ...]:
    """Characters with a lead byte in `lead` whose trail byte starts a dropped pair, each with
    the lead bytes the character after the drop may have."""
    out = []
    for a in _leads(lead):
        for t in drop_trails():
            c = pair_char(a, t)
            if c:
                out.append((c, leads_after_drop(t)))
    return tuple(out)


@lru_cache(maxsize=4096)
def chars_with_high_trail(lead: Lead) -> tuple[str, ...]:
    """Characters with a lead byte in `lead` and a trail byte of 0x80 or more: the last
    character of a run whose trail byte swallowed the ASCII byte after it (an ASCII-range
    trail byte would have shown as itself)."""
    return tuple(c for a in _leads(lead) for c in (pair_char(a, t) for t in range(0x80, 0xFF)) if c)
