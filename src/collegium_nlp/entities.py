"""Persons, organisations and locations: Natasha NER corrected by a diplomatic dictionary.

The general news model is good at ordinary names but wrong on the vocabulary that matters
here (metonymies like «Смоленская площадь», abbreviations, split «МИД России»), so
dictionary matches override overlapping model spans.  Normalisation uses pymorphy directly
instead of Natasha's morph tagger: that keeps the extra cost per article small.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from . import lexicon, models
from .dateline import find_dateline


@dataclass(frozen=True, slots=True)
class Entity:
    text: str
    start: int
    end: int
    type: str      # PER / ORG / LOC
    normal: str    # canonical or base form

    def as_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "type": self.type, "normal": self.normal}


class _Tag(Protocol):
    """The part of a pymorphy2 OpencorporaTag used here (pymorphy2 ships no types)."""

    @property
    def POS(self) -> str | None: ...  # pymorphy's spelling

    @property
    def gender(self) -> str | None: ...

    def __contains__(self, grammeme: object) -> bool: ...


class _Form(Protocol):
    """A pymorphy2 parse (natasha MorphForm): the tag is all this module reads."""

    @property
    def tag(self) -> _Tag: ...


@dataclass(frozen=True, slots=True)
class _Tok:
    text: str
    start: int
    end: int


# ---------------------------------------------------------------------------- Natasha doc

def make_doc(text: str):
    """Segment and NER-tag the text once; every later stage reuses this Doc."""
    from natasha import Doc

    doc = Doc(text)
    doc.segment(models.segmenter())
    doc.tag_ner(models.ner_tagger())
    return doc


def make_docs(texts: Sequence[str], batch_size: int = 64) -> list:
    """make_doc() for many texts, the NER model run over batches of texts: one model call per
    batch instead of one per text is what makes batch ingestion cheaper than article by article.
    The spans are the same as make_doc() gives (the tagger masks the padding)."""
    from natasha import Doc
    from natasha.doc import adapt_spans

    segmenter, tagger = models.segmenter(), models.ner_tagger()
    docs = []
    for text in texts:
        doc = Doc(text)
        doc.segment(segmenter)
        doc.spans = []
        docs.append(doc)
    # similar lengths side by side: the model pads every text of a batch to the longest one
    tagged = sorted((doc for doc in docs if doc.text.strip()), key=lambda doc: len(doc.tokens))
    for start in range(0, len(tagged), batch_size):
        chunk = tagged[start:start + batch_size]
        for doc, spans in zip(chunk, _ner_spans(tagger, chunk), strict=True):
            doc.spans = list(adapt_spans(doc, spans))
            doc.envelop_span_tokens()
            doc.envelop_sent_spans()
    return docs


NER_BATCH = 32  # texts per model call; measured: 32 is ~5% faster per text than slovnet's default 8


_BATCH_ENCODERS: dict[int, tuple] = {}


def _batch_encoder(encoder: Any) -> Any:  # slovnet's encoder and its class are untyped
    """The tagger's encoder with a bigger batch (a copy: make_doc() keeps the shared one)."""
    found = _BATCH_ENCODERS.get(id(encoder))
    if found is None or found[0] is not encoder:
        try:
            found = (encoder, type(encoder)(encoder.words_vocab, encoder.shapes_vocab, NER_BATCH))
        except (AttributeError, TypeError):  # pragma: no cover - another slovnet version
            found = (encoder, encoder)
        _BATCH_ENCODERS[id(encoder)] = found
    return found[1]


def _ner_spans(tagger: Any, docs: list) -> Iterable[list]:
    """NER spans of segmented docs. The tagger's own entry point tokenises each text again with
    the same tokenizer (razdel) the segmenter has just run; its inference steps take the words
    the doc already has. Falls back to the entry point if slovnet's internals ever differ."""
    infer = getattr(tagger, "infer", None)
    if infer is None or not all(hasattr(infer, name) for name in ("encoder", "process", "decoder")):
        for markup in tagger.map([doc.text for doc in docs]):  # pragma: no cover
            yield [(span.start, span.stop, span.type) for span in markup.spans]
        return
    from slovnet.markup import BIOMarkup

    items = [[token.text for token in doc.tokens] for doc in docs]
    preds = infer.decoder(infer.process(_batch_encoder(infer.encoder)(items)))
    for doc, words, pred in zip(docs, items, preds, strict=True):
        markup = BIOMarkup.from_tuples(zip(words, pred, strict=True)).to_span(doc.text)
        yield [(span.start, span.stop, span.type) for span in markup.spans]


def _tokens(doc) -> list[_Tok]:
    return [_Tok(t.text, t.start, t.stop) for t in doc.tokens]


# ---------------------------------------------------------------------------- dictionary

def _fold(s: str) -> str:
    return s.replace("ё", "е").replace("Ё", "Е")


@dataclass(frozen=True, slots=True)
class _Entry:
    lemmas: tuple[str, ...]
    caps: tuple[str, ...]   # "A" all-caps abbreviation, "U" capitalised, "l" any
    normal: str
    type: str


def _caps_class(word: str) -> str:
    if len(word) > 1 and word.isupper():
        return "A"
    return "U" if word[:1].isupper() else "l"


def _split_words(s: str) -> list[str]:
    from razdel import tokenize

    return [t.text for t in tokenize(s)]


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, list[_Entry]]:
    """First lemma -> entries (longest first), built once from lexicon.ORGS."""
    index: dict[str, list[_Entry]] = {}
    for normal, (etype, variants) in lexicon.ORGS.items():
        for variant in variants:
            words = _split_words(variant)
            entry = _Entry(tuple(models.lemma(w) for w in words),
                           tuple(_caps_class(w) for w in words), normal, etype)
            index.setdefault(entry.lemmas[0], []).append(entry)
    for entries in index.values():
        entries.sort(key=lambda e: -len(e.lemmas))
    return index


def _caps_ok(word: str, cls: str) -> bool:
    if cls == "A":
        return word.isupper()
    if cls == "U":
        return word[:1].isupper()
    return True


def _dictionary_matches(text: str, toks: Sequence[_Tok]) -> list[Entity]:
    index = _dictionary()
    out: list[Entity] = []
    i = 0
    while i < len(toks):
        matched = 0
        for entry in index.get(models.lemma(toks[i].text), ()):
            n = len(entry.lemmas)
            window = toks[i:i + n]
            if len(window) < n:
                continue
            if all(models.lemma(t.text) == lem and _caps_ok(t.text, c)
                   for t, lem, c in zip(window, entry.lemmas, entry.caps, strict=False)):
                s, e = window[0].start, window[-1].end
                out.append(Entity(text[s:e], s, e, entry.type, entry.normal))
                matched = n
                break
        i += matched or 1
    return out


# ---------------------------------------------------------------------------- known people

def _surname_forms(surname: str) -> frozenset[str]:
    """Regular declension of a Russian surname (lower-case), enough to recognise it in text."""
    s = _fold(surname.lower())
    if re.search(r"(ов|ев|ин|ын)$", s):
        return frozenset(s + x for x in ("", "а", "у", "ым", "е"))
    if re.search(r"(ова|ева|ина|ына)$", s):
        return frozenset(s[:-1] + x for x in ("а", "ой", "у"))
    if re.search(r"[оуиеэюы]$", s):
        return frozenset({s})                     # Лукашенко, Шойгу: indeclinable
    if s.endswith("й"):
        return frozenset(s[:-1] + x for x in ("й", "я", "ю", "ем", "е"))
    if s.endswith("а"):
        return frozenset(s[:-1] + x for x in ("а", "ы", "и", "е", "у", "ой"))
    if re.search(r"[шчщжц]$", s):
        return frozenset(s + x for x in ("", "а", "у", "ем", "е"))
    return frozenset(s + x for x in ("", "а", "у", "ом", "е"))


@lru_cache(maxsize=1)
def _people_index() -> dict[str, list[tuple[str, str]]]:
    """Surname form -> [(canonical, first name lemma)]."""
    index: dict[str, list[tuple[str, str]]] = {}
    for canonical, (surname, first) in lexicon.PEOPLE.items():
        for form in _surname_forms(surname):
            index.setdefault(form, []).append((canonical, models.lemma(first)))
    return index


_INITIAL = re.compile(r"^[А-ЯЁ]$")


def _person_matches(text: str, toks: Sequence[_Tok]) -> list[Entity]:
    index = _people_index()
    out: list[Entity] = []
    for i, tok in enumerate(toks):
        if not tok.text[:1].isupper():
            continue
        cands = index.get(_fold(tok.text.lower()))
        if not cands:
            continue
        start_i, first_ok = _extend_left(toks, i, cands)
        canonical = cands[0][0]
        if first_ok is not None:
            canonical = first_ok
        surname = lexicon.PEOPLE[canonical][0]
        if surname in lexicon.AMBIGUOUS_SURNAMES and start_i == i:
            continue
        s, e = toks[start_i].start, tok.end
        out.append(Entity(text[s:e], s, e, "PER", canonical))
    return out


def _extend_left(toks: Sequence[_Tok], i: int,
                 cands: list[tuple[str, str]]) -> tuple[int, str | None]:
    """Take a preceding first name (+ patronymic) or initials «С. В.» into the span."""
    j = i - 1
    # patronymic
    if j >= 0 and re.search(r"(вич|вна|ична|чна)$", toks[j].text) and toks[j].text[:1].isupper():
        j -= 1
    if j >= 0 and toks[j].text[:1].isupper() and toks[j].end + 2 >= toks[j + 1].start:
        first = models.lemma(toks[j].text)
        for canonical, first_lemma in cands:
            if first == first_lemma:
                return j, canonical
    # initials: «С.» or «С. В.» (razdel keeps «С.» as letter + dot)
    k = i - 1
    start = i
    while k >= 1 and toks[k].text == "." and _INITIAL.match(toks[k - 1].text):
        start = k - 1
        k -= 2
    if start < i:
        initial = toks[start].text
        for canonical, first_lemma in cands:
            if first_lemma[:1].upper() == initial:
                return start, canonical
    return i, None


# ---------------------------------------------------------------------------- normalisation

_PERSON_GRAMS = ("Name", "Surn", "Patr")


def _pick(word: str, want: Iterable[str] = ()) -> _Form | None:
    forms = models.parses(word)
    want = tuple(want)
    for f in forms:
        if any(g in f.tag for g in want):
            return f
    return forms[0] if forms else None


def _nominative_person_token(word: str, gender: str | None) -> str:
    if _INITIAL.match(word) or len(word) < 2:
        return word
    form = _pick(word, _PERSON_GRAMS)
    if form is not None and any(g in form.tag for g in _PERSON_GRAMS):
        grams = {"nomn", "sing"}
        res = models.inflect(form, grams)
        if res is not None:
            return models.match_case(word, res.word)
    # unknown surname: undo the regular declension
    low = word.lower()
    for suf, rep in (("овым", "ов"), ("евым", "ев"), ("иным", "ин"), ("ова", "ов"), ("ову", "ов"),
                     ("ове", "ов"), ("ева", "ев"), ("еву", "ев"), ("ина", "ин"), ("ину", "ин"),
                     ("овой", "ова"), ("евой", "ева"), ("иной", "ина")):
        if low.endswith(suf):
            base = low[: -len(suf)] + rep
            if gender == "femn" and rep in ("ов", "ев", "ин"):
                base += "а"
            return models.match_case(word, base)
    return word


def normalize_person(words: Sequence[str]) -> str:
    gender = None
    for w in words:
        f = _pick(w, ("Name",))
        if f is not None and "Name" in f.tag:
            gender = "femn" if "femn" in f.tag else "masc"
            break
    return " ".join(_nominative_person_token(w, gender) for w in words)


def normalize_phrase(words: Sequence[str]) -> str:
    """Nominative of an ORG/LOC name: inflect up to the head noun, keep its dependents."""
    out = list(words)
    head, noun = None, None
    for idx, w in enumerate(words):
        if not w[:1].isalpha() or (len(w) > 1 and w.isupper()):
            break
        f = _pick(w, ("NOUN",))
        if f is not None and f.tag.POS == "NOUN":
            head, noun = idx, f
            break
    if head is None or noun is None:
        return " ".join(words)
    number = "plur" if "plur" in noun.tag else "sing"
    res = models.inflect(noun, {"nomn", number})
    if res is not None:
        out[head] = models.match_case(words[head], res.word)
    gender = noun.tag.gender
    for idx in range(head):
        f = _pick(words[idx], ("ADJF", "PRTF"))
        if f is None or f.tag.POS not in ("ADJF", "PRTF"):
            continue
        grams = {"nomn", number}
        if number == "sing" and gender:
            grams.add(gender)
        res = models.inflect(f, grams)
        if res is not None:
            out[idx] = models.match_case(words[idx], res.word)
    return " ".join(out)


# ---------------------------------------------------------------------------- model spans

def _model_entities(text: str, doc, toks: Sequence[_Tok]) -> list[Entity]:
    """Natasha spans, split at line breaks (it glues «ТАСС\\n\\nМОСКВА») and normalised."""
    out: list[Entity] = []
    for span in doc.spans:
        for s, e in _split_lines(text, span.start, span.stop):
            words = [t.text for t in toks if t.start >= s and t.end <= e]
            if not words:
                continue
            normal = _normal_cached(span.type, tuple(words))
            out.append(Entity(text[s:e], s, e, span.type, _fold(normal)))
    return out


@lru_cache(maxsize=20_000)
def _normal_cached(etype: str, words: tuple[str, ...]) -> str:
    """Names recur across articles: normalise each distinct (type, words) once."""
    if etype == "PER":
        return _canonical_person(words) or normalize_person(words)
    return normalize_phrase(words)


def _split_lines(text: str, start: int, stop: int) -> list[tuple[int, int]]:
    parts = []
    for m in re.finditer(r"[^\n]+", text[start:stop]):
        s, e = start + m.start(), start + m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            parts.append((s, e))
    return parts


def _canonical_person(words: Sequence[str]) -> str | None:
    cands = _people_index().get(_fold(words[-1].lower()))
    if not cands:
        return None
    if len(words) == 1:
        return cands[0][0]
    first = models.lemma(words[0])
    for canonical, first_lemma in cands:
        if first == first_lemma or (len(words[0]) == 1 and first_lemma[:1] == first[:1]):
            return canonical
    return None


# ---------------------------------------------------------------------------- merge

def _overlaps(a: Entity, b: Entity) -> bool:
    return a.start < b.end and b.start < a.end


def extract_entities(text: str, doc=None) -> list[Entity]:
    """All entities, sorted by offset; pass ``doc`` to reuse an existing Natasha Doc."""
    doc = doc if doc is not None else make_doc(text)
    toks = _tokens(doc)
    model = _model_entities(text, doc, toks)
    dictionary = _dictionary_matches(text, toks) + _person_matches(text, toks)
    dateline = find_dateline(text)
    if dateline is not None:
        dictionary.append(Entity(dateline.place, dateline.place_start, dateline.place_end,
                                 "LOC", dateline.place_normal))
    dictionary = _drop_nested(dictionary)
    # a country inside a longer ORG name found by the model («Посольство России в ...»)
    # belongs to that name; everything else in the dictionary wins over the model
    kept_dict: list[Entity] = []
    for d in dictionary:
        container = next((m for m in model if m.type == "ORG" and d.type == "LOC"
                          and m.start <= d.start and d.end <= m.end
                          and (m.end - m.start) > (d.end - d.start)), None)
        if container is None:
            kept_dict.append(d)
    kept_model = [m for m in model if not any(_overlaps(m, d) for d in kept_dict)]
    return sorted(kept_dict + kept_model, key=lambda e: (e.start, -e.end))


def _drop_nested(ents: list[Entity]) -> list[Entity]:
    ents = sorted(ents, key=lambda e: (e.start, -(e.end - e.start)))
    out: list[Entity] = []
    for e in ents:
        if out and _overlaps(out[-1], e):
            continue
        out.append(e)
    return out


# ---------------------------------------------------------------------------- linking

def _split_name(full_name: str) -> tuple[str, str]:
    """(surname, first name) from «Лавров Сергей Викторович» or «Сергей Викторович Лавров»."""
    parts = full_name.replace(".", ". ").split()
    if not parts:
        return "", ""
    if len(parts) == 3 and re.search(r"(вич|вна|ична|чна)$", parts[2]):
        return parts[0], parts[1]
    if len(parts) >= 2 and re.fullmatch(r"[А-ЯЁ]\.", parts[0]) is None and \
            all(re.fullmatch(r"[А-ЯЁ]\.", p) for p in parts[1:]):
        return parts[0], parts[1]          # «Лавров С. В.»
    return parts[-1], parts[0] if len(parts) > 1 else ""


def _first_compatible(a: str, b: str) -> bool:
    if not a or not b:
        return True
    a, b = _fold(a.rstrip(".")).lower(), _fold(b.rstrip(".")).lower()
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return models.lemma(a) == models.lemma(b)


def match_person(name: str, people: Sequence[tuple[object, str]]) -> object | None:
    """Id of the known person a PER mention refers to, or None when absent or ambiguous.

    Surnames must agree (in any case form); first names must agree when both are present,
    an initial being compatible with any name starting with that letter.
    """
    surname, first = _split_name(name)
    forms = _surname_forms(surname) | _surname_forms(surname + "а") if surname else frozenset()
    hits = []
    for pid, full in people:
        psur, pfirst = _split_name(full)
        if _fold(psur.lower()) in forms or _surname_forms(psur) & {_fold(surname.lower())}:
            if _first_compatible(first, pfirst):
                hits.append(pid)
    return hits[0] if len(hits) == 1 else None
