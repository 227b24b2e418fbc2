"""The compact stand-in for an article's text kept in the index: MinHash band keys to find
candidates, and a bottom-k sample of its shingle hashes to verify them.

The bottom-k sample of a stored article B holds B's k smallest shingle hashes, i.e. every
shingle of B whose hash is at most τ = max(sample). A new article A is known in full, so for
the hash range [0, τ] we know exactly which of B's shingles A also has: that uniform sample of
the hash space estimates |A ∩ B|, from which Jaccard and containment follow (exact when B has
at most k shingles). k = 64 keeps the sample at 256 bytes.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass

import rensa

MINHASH_SEED = 1729


@dataclass(frozen=True)
class Overlap:
    """Estimated overlap of a new article (known in full) with a stored one (known by sample)."""

    jaccard: float
    containment: float  # |A ∩ B| / min(|A|, |B|): 1.0 when one is a cut copy of the other


def minhash_signature(shingles: Iterable[int], num_perm: int) -> list[int]:
    """MinHash (rensa's R-MinHash) of a set of shingle hashes."""
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
    """The k smallest shingle hashes, sorted, as packed unsigned 32-bit integers."""
    return array("I", sorted(shingles)[:k]).tobytes()


def overlap(shingles: set[int], sample: bytes, stored_size: int) -> Overlap:
    """Estimate the overlap of the full shingle set of a new article with a stored article
    known by its bottom-k ``sample`` and its number of shingles ``stored_size``."""
    values = array("I")
    values.frombytes(sample)
    if not values or not shingles:
        return Overlap(0.0, 0.0)
    hits = sum(1 for v in values if v in shingles)
    intersection = hits * stored_size / len(values)  # the sample is the whole set if stored_size <= k
    intersection = min(intersection, len(shingles), stored_size)
    union = len(shingles) + stored_size - intersection
    return Overlap(intersection / union, intersection / min(len(shingles), stored_size))
