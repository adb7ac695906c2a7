"""The one place where the media app talks to the NLP package (collegium_nlp).

analyze() and parse_seed() come from `collegium_nlp.pipeline`; word 3-shingles from its
near-duplicate helpers and lemmas from its morphology cache. The signatures built on them
(MinHash for clustering, SimHash kept for diagnostics) are computed here with a fixed seed,
because they are stored in the database and must stay comparable across releases.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from functools import lru_cache
from typing import Any

import numpy as np

WORD_RE = re.compile(r"[0-9a-zа-яё]+", re.IGNORECASE)
MINHASH_SIZE = 64
_PRIME = 4294967311  # the first prime above 2**32; a < 2**32 keeps a*x + b inside uint64
_rng = np.random.default_rng(20251125)  # fixed seed: signatures are stored, they must be stable
_A = _rng.integers(1, 2**32 - 1, size=MINHASH_SIZE, dtype=np.uint64)
_B = _rng.integers(0, _PRIME - 1, size=MINHASH_SIZE, dtype=np.uint64)


def parse_seed(text: str) -> tuple[dt.date, str, str]:
    """(date, title, body) of a seed-format text: first line `date YYYY-MM-DD <title>`."""
    from collegium_nlp.pipeline import parse_seed as nlp_parse_seed

    day, title, body = nlp_parse_seed(text.lstrip("\ufeff"))
    if day is None:
        raise ValueError("the first line must be `date YYYY-MM-DD <title>`")
    return day, title.strip(), body.strip()


def analyze(text: str, anchor: dt.date) -> dict[str, Any]:
    """collegium_nlp.pipeline.analyze() output, made JSON-safe for the Extraction row."""
    from collegium_nlp.pipeline import analyze as nlp_analyze

    return _json_safe(nlp_analyze(text, anchor))


def analyze_many(texts: list[str], anchors: list[dt.date]) -> list[dict[str, Any]]:
    """analyze() of many texts with one NER model call per batch (same results)."""
    from collegium_nlp.pipeline import analyze_many as nlp_analyze_many

    return [_json_safe(data) for data in nlp_analyze_many(texts, anchors)]


def _json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_json_safe(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


# ------------------------------------------------------------------ morphology for search


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    from collegium_nlp.models import lemma as nlp_lemma

    return nlp_lemma(word.lower().replace("ё", "е"))


def lemmatise(text: str) -> str:
    """Space-separated lemmas of the words of `text` (the SQLite FTS5 index stores these)."""
    return " ".join(lemma(w) for w in WORD_RE.findall(text))


# ------------------------------------------------------------------ dedup and near-dup


def normalise(text: str) -> str:
    return " ".join(WORD_RE.findall(text.lower().replace("ё", "е")))


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode()).hexdigest()


def shingle_hashes(text: str) -> np.ndarray:
    from collegium_nlp.pipeline import shingles

    grams = set(shingles(text))
    return np.fromiter((int.from_bytes(hashlib.blake2b(g.encode(), digest_size=4).digest(), "little")
                        for g in grams), dtype=np.uint64, count=len(grams))


def signatures(text: str) -> tuple[list[int], int]:
    """(MinHash signature, signed 64-bit SimHash) of word 3-shingles."""
    hashes = shingle_hashes(text)
    if hashes.size == 0:
        return [0] * MINHASH_SIZE, 0
    mins = ((np.outer(_A, hashes) + _B[:, None]) % np.uint64(_PRIME)).min(axis=1)
    wide = np.fromiter((int.from_bytes(hashlib.blake2b(int(h).to_bytes(4, "little"), digest_size=8).digest(),
                                       "little") for h in hashes[:512]), dtype=np.uint64)
    bits = ((wide[:, None] >> np.arange(64, dtype=np.uint64)) & np.uint64(1)).astype(np.int64)
    votes = (2 * bits - 1).sum(axis=0)
    value = int.from_bytes(np.packbits(votes[::-1] > 0).tobytes(), "big")  # bit i set when votes[i] > 0
    signed = value - (1 << 64) if value >= 1 << 63 else value
    return [int(x) for x in mins], signed


def minhash_similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return float(np.mean(np.asarray(a, dtype=np.uint64) == np.asarray(b, dtype=np.uint64)))
