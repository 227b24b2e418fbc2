"""The compact stand-in for an article's text kept in the index: MinHash band keys to find
candidates, and two bottom-k samples to verify them.

A bottom-k sample of a stored article B holds B's k smallest hashes, i.e. every element of B
whose hash is at most τ = max(sample). A new article A is known in full, so for the hash range
[0, τ] we know exactly which of B's elements A also has: that uniform sample of the hash space
estimates |A ∩ B|, from which Jaccard and containment follow (exact when B has at most k
elements). Two samples are kept: of character shingles (Jaccard, containment) and of sentence
prints weighted by sentence length (how much of the text the two share as whole sentences).
"""

from __future__ import annotations

import hashlib
import heapq
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

import rensa

MINHASH_SEED = 1729


@dataclass(frozen=True)
class Overlap:
    """Estimated overlap of a new article (known in full) with a stored one (known by samples)."""

    jaccard: float  # of the shingle sets
    containment: float  # |A ∩ B| / min(|A|, |B|) of the shingle sets: ~1.0 for a cut copy
    sentence_share: float  # characters in shared sentences / those of the shorter article


def minhash_signature(shingles: Iterable[int], num_perm: int) -> list[int]:
    """MinHash (rensa's R-MinHash) of a set of shingle hashes."""
    # (rensa's faster "rho" variant was measured too: its sparse digests lost most copies)
    matrix = rensa.RMinHash.digest_matrix_from_token_hash_sets([list(shingles)], num_perm, MINHASH_SEED)
    return [int(v) for v in matrix.to_rows()[0]]


def band_keys(signature: list[int], bands: int, rows: int) -> list[int]:
    """One signed 32-bit key per LSH band (the band number is hashed in, so bands do not
    collide with each other). 32 bits keep the index rows small; a false key collision only
    costs one verification."""
    keys = []
    for band in range(bands):
        chunk = array("I", [band, *signature[band * rows : (band + 1) * rows]]).tobytes()
        keys.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=4).digest(), "little", signed=True))
    return keys


def bottom_k(shingles: set[int], k: int) -> bytes:
    """The k smallest 64-bit shingle hashes, sorted, kept as their upper 32 bits: 32 bits keep
    the sample small, and collisions among the few thousand shingles of an article are rare."""
    return array("I", [h >> 32 for h in heapq.nsmallest(k, shingles)]).tobytes()


def shingles32(shingles: set[int]) -> set[int]:
    """The 32-bit form of a shingle set that samples are compared with."""
    return {h >> 32 for h in shingles}


def sentence_sample(prints: dict[int, int], k: int) -> bytes:
    """The k sentence prints of smallest hash, each packed as 24-bit hash << 8 | length (≤ 255)."""
    return array("I", sorted((h << 8) | min(n, 255) for h, n in prints.items())[:k]).tobytes()


def sentence_chars(prints: dict[int, int]) -> int:
    """The sentence length total the samples are weighted against (lengths capped as packed)."""
    return sum(min(n, 255) for n in prints.values())


def _unpack(blob: bytes) -> array[int]:
    values = array("I")
    values.frombytes(blob)
    return values


def overlap(
    shingles: set[int], prints: dict[int, int], stored: tuple[int, bytes, int, bytes]
) -> Overlap:
    """Estimate the overlap of a new article (its 32-bit shingle set and sentence prints, in full)
    with a stored article ``(shingle count, shingle sample, sentence chars, sentence sample)``."""
    size, sample, stored_chars, stored_sentences = stored
    values = _unpack(sample)
    if not values or not shingles:
        return Overlap(0.0, 0.0, 0.0)
    hits = sum(1 for v in values if v in shingles)
    intersection = min(hits * size / len(values), len(shingles), size)
    union = len(shingles) + size - intersection
    return Overlap(
        intersection / union,
        intersection / min(len(shingles), size),
        _sentence_share(prints, _unpack(stored_sentences), stored_chars),
    )


def _sentence_share(prints: dict[int, int], sample: array[int], stored_chars: int) -> float:
    sampled = sum(v & 0xFF for v in sample)
    if not sampled or not prints:
        return 0.0
    shared = sum(v & 0xFF for v in sample if (v >> 8) in prints)
    return min(1.0, shared / sampled * stored_chars / min(sentence_chars(prints), stored_chars))
