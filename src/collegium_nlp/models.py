"""Lazily loaded Natasha / pymorphy models shared by every module.

Loading the embeddings and the NER weights takes close to a second, so they are built once
per process on first use and cached at module level; word-level morphology is memoised
because news vocabulary repeats heavily from one article to the next.
"""
from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

from pymorphy2.analyzer import Parse as _PymorphyParse

_LOCK = threading.RLock()
_CACHE: dict[str, Any] = {}


def _get(name: str, factory) -> Any:
    obj = _CACHE.get(name)
    if obj is None:
        with _LOCK:
            obj = _CACHE.get(name)
            if obj is None:
                obj = factory()
                _CACHE[name] = obj
    return obj


def segmenter():
    from natasha import Segmenter

    return _get("segmenter", Segmenter)


def embedding():
    from natasha import NewsEmbedding

    return _get("embedding", NewsEmbedding)


def ner_tagger():
    from natasha import NewsNERTagger

    return _get("ner", lambda: NewsNERTagger(embedding()))


def morph_vocab():
    from natasha import MorphVocab

    return _get("morph_vocab", MorphVocab)


def warm_up() -> None:
    """Load every model now (tests and benchmarks call it to keep timings honest)."""
    segmenter(), ner_tagger(), morph_vocab()


@lru_cache(maxsize=100_000)
def parses(word: str) -> tuple:
    """All pymorphy analyses of a word (natasha MorphForm objects), memoised."""
    return tuple(morph_vocab().parse(word))


@lru_cache(maxsize=100_000)
def lemma(word: str) -> str:
    """Most probable lemma, lower-cased, with ё folded to е (dictionary keys use the same)."""
    if not word or not word[0].isalpha():
        return word.lower()
    forms = parses(word)
    base = forms[0].normal_form if forms else word.lower()
    return base.replace("ё", "е")


def inflect(form, grams: set[str]):
    """Inflect a natasha MorphForm using OpenCorpora grammemes (bypasses UD conversion)."""
    try:
        return _PymorphyParse.inflect(form, set(grams))
    except (ValueError, KeyError):
        return None


def match_case(template: str, word: str) -> str:
    """Copy the capitalisation pattern of ``template`` onto ``word``."""
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
