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

from array import array
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import rensa

from .fingerprint import U64

U32 = npt.NDArray[np.uint32]
MINHASH_SEED = 1729
BAND_KEY_BITS = 47  # non-negative keys SQLite stores in 6 bytes; false collisions stay ~1e-6 at 1M


@dataclass(frozen=True)
class Overlap:
    """Estimated overlap of a new article (known in full) with a stored one (known by samples)."""

    jaccard: float  # of the shingle sets
    containment: float  # |A ∩ B| / min(|A|, |B|) of the shingle sets: ~1.0 for a cut copy
    sentence_share: float  # characters in shared sentences / those of the shorter article


def minhash_signature(shingles: U64, num_perm: int) -> U64:
    """MinHash (rensa's R-MinHash) of a set of shingle hashes."""
    # (rensa's faster "rho" variant was measured too: its sparse digests lost most copies)
    matrix = rensa.RMinHash.digest_matrix_from_flat_token_hashes(shingles, [0, len(shingles)], num_perm, MINHASH_SEED)
    return np.array(matrix.to_rows()[0], dtype=np.uint64)


_BAND_MULTIPLIERS = np.array([0xD6E8FEB86659FD93, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5,
                              0x85EBCA77C2B2AE63, 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x9E3779B97F4A7C15],
                             dtype=np.uint64)


def band_keys(signature: U64, bands: int, rows: int) -> list[int]:
    """One ``BAND_KEY_BITS``-bit key per LSH band; the band number is hashed in, so bands do not
    collide with each other."""
    table = signature[: bands * rows].reshape(bands, rows)
    h = np.arange(1, bands + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    for r in range(rows):
        h ^= table[:, r] * _BAND_MULTIPLIERS[r % len(_BAND_MULTIPLIERS)]
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(29)
    return (h >> np.uint64(64 - BAND_KEY_BITS)).tolist()


def shingles32(shingles: U64) -> U32:
    """The 32-bit form samples are kept in, sorted (shingles are sorted, so their high halves are)."""
    return (shingles >> np.uint64(32)).astype(np.uint32)


def bottom_k(shingles: U64, k: int) -> bytes:
    """The k smallest 64-bit shingle hashes (shingles are sorted), kept as their upper 32 bits:
    32 bits keep the sample small, and collisions among the few thousand shingles of an article
    are rare."""
    return shingles32(shingles[:k]).astype("<u4").tobytes()


def sentence_sample(prints: dict[int, int], k: int) -> bytes:
    """The k sentence prints of smallest hash, each packed as 24-bit hash << 8 | length (≤ 255)."""
    return array("I", sorted([(h << 8) | (n if n < 256 else 255) for h, n in prints.items()])[:k]).tobytes()


def sentence_chars(prints: dict[int, int]) -> int:
    """The sentence length total the samples are weighted against (lengths capped as packed)."""
    return sum([n if n < 256 else 255 for n in prints.values()])


def overlap(
    shingles: U32, prints: dict[int, int], chars: int, stored: tuple[int, bytes, int, bytes]
) -> Overlap:
    """Estimate the overlap of a new article (its sorted 32-bit shingles, its sentence prints and
    their :func:`sentence_chars`, in full) with a stored article ``(shingle count, shingle sample,
    sentence chars, sentence sample)``."""
    size, sample, stored_chars, stored_sentences = stored
    values = np.frombuffer(sample, dtype="<u4")
    if not len(values) or not len(shingles):
        return Overlap(0.0, 0.0, 0.0)
    at = np.searchsorted(shingles, values).clip(max=len(shingles) - 1)
    hits = int(np.count_nonzero(shingles[at] == values))
    size_a = len(shingles)
    intersection = min(hits * size / len(values), size_a, size)
    union = size_a + size - intersection
    return Overlap(
        intersection / union,
        intersection / min(size_a, size),
        _sentence_share(prints, chars, stored_sentences, stored_chars),
    )


def _sentence_share(prints: dict[int, int], chars: int, stored_sentences: bytes, stored_chars: int) -> float:
    sample = array("I")
    sample.frombytes(stored_sentences)
    sampled = sum([v & 0xFF for v in sample])
    if not sampled or not prints:
        return 0.0
    shared = sum([v & 0xFF for v in sample if (v >> 8) in prints])
    return min(1.0, shared / sampled * stored_chars / min(chars, stored_chars))
