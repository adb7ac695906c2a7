"""Near-duplicate detection so that one story carried by several agencies forms one cluster.

A 64-bit SimHash over word 3-shingles is cheap to store (one integer per article) and its
Hamming distance tracks shingle overlap; ``similarity`` uses the exact Jaccard index when
both texts are at hand.
"""
from __future__ import annotations

import hashlib
import re

_WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+")


def _words(text: str) -> list[str]:
    # crude suffix cut: agencies re-inflect the same phrase («Лавров»/«Лаврова»)
    return [w.lower().replace("ё", "е")[:6] for w in _WORD.findall(text)]


def shingles(text: str, k: int = 3) -> set[str]:
    """Set of k-word shingles over lower-cased, suffix-trimmed words."""
    words = _words(text)
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}


def _h64(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "big")


def simhash(text: str, k: int = 3) -> int:
    """64-bit SimHash signature of the text's shingles."""
    acc = [0] * 64
    for sh in shingles(text, k):
        h = _h64(sh)
        for bit in range(64):
            acc[bit] += 1 if h >> bit & 1 else -1
    return sum(1 << bit for bit in range(64) if acc[bit] > 0)


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def simhash_similarity(a: int, b: int) -> float:
    """1.0 for identical signatures, ~0.5 for unrelated texts."""
    return 1.0 - hamming(a, b) / 64


def similarity(a: str, b: str, k: int = 3) -> float:
    """Jaccard similarity of the two texts' shingle sets (0..1)."""
    sa, sb = shingles(a, k), shingles(b, k)
    if not sa and not sb:
        return 1.0
    return len(sa & sb) / len(sa | sb)
