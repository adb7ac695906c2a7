"""Words as the archive search indexes and queries them: lemmas, plus surnames in one form.

The most probable lemma is not enough for surnames: pymorphy reads «Рыженкова» first as a place
(lemma «рыженкова»), «Рыженков» as a plural noun (lemma «рыженковы») and knows no surname
reading of «Рябков» at all, so a query in one case form would miss a text in another. So a
capitalised word of the text is indexed also as written and with the normal form of each of its
surname readings (the masculine nominative: «Рябкову» → «рябков»); a lower-case word only by its
lemma («лавровый» is an adjective, not a surname). A query word matches when the word as typed,
its lemma or a surname normal form of it is among the text's terms (a query is typed in any
case). Both databases index and query the same terms.
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import models

WORD_RE = re.compile(r"[0-9a-zа-яё]+", re.IGNORECASE)


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


@lru_cache(maxsize=200_000)
def word_terms(word: str, surnames: bool = True) -> tuple[str, ...]:
    """The lemma of a word first, then the normal forms of its surname readings (no repeats)."""
    folded = _fold(word)
    terms = [models.lemma(folded)]
    if surnames and folded[:1].isalpha():
        for form in models.parses(folded):
            if "Surn" in form.tag:
                normal = form.normal_form.replace("ё", "е")
                if normal not in terms:
                    terms.append(normal)
    return tuple(terms)


def index_terms(word: str) -> tuple[str, ...]:
    """The terms a word of a text is indexed by."""
    if not word[:1].isupper():
        return word_terms(word, surnames=False)
    terms = word_terms(word)
    folded = _fold(word)
    return terms if folded in terms else (*terms, folded)


def index_text(text: str) -> str:
    """Space-separated search terms of a text (the SQLite FTS5 table and the PostgreSQL vector
    both index these)."""
    return " ".join(" ".join(index_terms(w)) for w in WORD_RE.findall(text or ""))


def query_terms(query: str) -> list[tuple[str, ...]]:
    """For each word of a query, the terms any one of which matches it: the word as typed
    (folded) first, then its lemma and the normal forms of its surname readings."""
    out = []
    for word in WORD_RE.findall(query or ""):
        folded = _fold(word)
        out.append((folded, *(t for t in word_terms(word) if t != folded)))
    return out
