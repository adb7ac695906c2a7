"""analyze_many() (one NER model call per batch of texts) gives exactly what analyze() gives text by text."""

from datetime import date

from collegium_nlp.entities import make_doc, make_docs
from collegium_nlp.eval import load_gold
from collegium_nlp.pipeline import analyze, analyze_many


def test_batch_analysis_equals_one_by_one():
    gold = load_gold()
    texts = [g["text"] for g in gold] + ["", "   ", "Лавров."]
    anchors = [date.fromisoformat(g["date"]) for g in gold] + [date(2025, 1, 1)] * 3
    assert analyze_many(texts, anchors) == [analyze(t, a) for t, a in zip(texts, anchors, strict=True)]


def test_batch_docs_have_the_spans_tokens_and_sentences_of_make_doc():
    texts = [g["text"] for g in load_gold()[:20]]
    for one, many in zip((make_doc(t) for t in texts), make_docs(texts, batch_size=7), strict=True):
        assert [(s.start, s.stop, s.type) for s in many.spans] == [(s.start, s.stop, s.type) for s in one.spans]
        assert [(t.start, t.stop) for t in many.tokens] == [(t.start, t.stop) for t in one.tokens]
        assert [(s.start, s.stop) for s in many.sents] == [(s.start, s.stop) for s in one.sents]
