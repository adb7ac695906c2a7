"""Scores on the hand-annotated gold set, side by side with plain Natasha NER.

Entities are compared as multisets of (surface text, type) per document, so the score does
not depend on how offsets were found; normalisation is scored on matched pairs.  Dates are
matched by overlapping span and must have the exact interval; events are matched by type
(best modality/date candidate first).  The targets asserted by the tests: dates ≥ 0.95
exact, event type F1 ≥ 0.9, entity F1 ≥ plain Natasha.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import lexicon, models
from .pipeline import analyze

GOLD_PATH = Path(__file__).with_name("gold") / "gold.jsonl"
TYPES = ("PER", "ORG", "LOC")


def load_gold(path: str | Path | None = None) -> list[dict]:
    with open(path or GOLD_PATH, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@dataclass
class _PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: Counter, pred: Counter) -> None:
        inter = gold & pred
        self.tp += sum(inter.values())
        self.fp += sum((pred - inter).values())
        self.fn += sum((gold - inter).values())

    def as_dict(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def natasha_plain(text: str) -> list[tuple[str, str, str]]:
    """Plain Natasha: segment + NER, spans normalised the documented Natasha way."""
    from natasha import Doc, NewsMorphTagger

    tagger = models._get("morph_tagger", lambda: NewsMorphTagger(models.embedding()))
    doc = Doc(text)
    doc.segment(models.segmenter())
    doc.tag_ner(models.ner_tagger())
    doc.tag_morph(tagger)
    out = []
    for span in doc.spans:
        span.normalize(models.morph_vocab())
        out.append((span.text, span.type, span.normal))
    return out


def _diplomatic(normal: str) -> bool:
    return normal in lexicon.ORGS or normal in lexicon.PEOPLE


def _entity_scores(gold_docs, predictions) -> dict:
    per_type = {t: _PRF() for t in TYPES}
    allp, dipl = _PRF(), _PRF()
    norm_ok = norm_n = 0
    for g, pred in zip(gold_docs, predictions, strict=True):
        gold = [(e["text"], e["type"], e["normal"]) for e in g["entities"]]
        for t in TYPES:
            per_type[t].add(Counter((x, y) for x, y, _ in gold if y == t),
                            Counter((x, y) for x, y, _ in pred if y == t))
        allp.add(Counter((x, y) for x, y, _ in gold), Counter((x, y) for x, y, _ in pred))
        dg = Counter((x, y) for x, y, n in gold if _diplomatic(n))
        dipl.add(dg, Counter((x, y) for x, y, _ in pred if (x, y) in dg))
        pool = Counter((x, y, n) for x, y, n in pred)
        for x, y, n in gold:
            if any(k[0] == x and k[1] == y for k in pool):
                norm_n += 1
                if pool[(x, y, n)] > 0:
                    norm_ok += 1
    out: dict[str, dict | float] = {t: per_type[t].as_dict() for t in TYPES}
    out["all"] = allp.as_dict()
    out["diplomatic_recall"] = dipl.as_dict()["recall"]
    out["normal_accuracy"] = round(norm_ok / norm_n, 4) if norm_n else 0.0
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _date_scores(gold_docs, results) -> dict:
    exact = total = gran_ok = fp = 0
    errors = []
    for g, res in zip(gold_docs, results, strict=True):
        used: set[int] = set()
        cursor = 0
        spans = []
        for gd in g["dates"]:
            pos = g["text"].find(gd["text"], cursor)
            pos = g["text"].find(gd["text"]) if pos < 0 else pos
            cursor = pos + len(gd["text"])
            spans.append((pos, pos + len(gd["text"])))
            total += 1
            hit = next((i for i, pd in enumerate(res["dates"])
                        if i not in used and _overlap((pd["start"], pd["end"]), spans[-1])), None)
            if hit is None:
                errors.append((g["id"], gd["text"], "missed"))
                continue
            used.add(hit)
            pd = res["dates"][hit]
            if (pd["from"], pd["to"]) == (gd["from"], gd["to"]):
                exact += 1
            else:
                errors.append((g["id"], gd["text"], f'{pd["from"]}..{pd["to"]}'))
            gran_ok += pd["granularity"] == gd["granularity"]
        fp += sum(1 for i in range(len(res["dates"])) if i not in used)
    return {"exact_accuracy": round(exact / total, 4) if total else 0.0,
            "granularity_accuracy": round(gran_ok / total, 4) if total else 0.0,
            "gold": total, "false_positives": fp, "errors": errors}


def _event_scores(gold_docs, results) -> dict:
    prf = _PRF()
    mod_ok = date_ok = matched = 0
    errors = []
    for g, res in zip(gold_docs, results, strict=True):
        preds = list(res["events"])
        prf.add(Counter(e["type"] for e in g["events"]), Counter(e["type"] for e in preds))
        for ge in g["events"]:
            cands = [p for p in preds if p["type"] == ge["type"]]
            if not cands:
                errors.append((g["id"], ge["type"], "missed"))
                continue
            best = max(cands, key=lambda p: (p["modality"] == ge["modality"],
                                             (p["from"], p["to"]) == (ge["from"], ge["to"])))
            preds.remove(best)
            matched += 1
            mod_ok += best["modality"] == ge["modality"]
            date_ok += (best["from"], best["to"]) == (ge["from"], ge["to"])
            if best["modality"] != ge["modality"] or (best["from"], best["to"]) != (ge["from"], ge["to"]):
                errors.append((g["id"], ge["type"], f'{best["modality"]} {best["from"]}..{best["to"]}'
                               f' (gold {ge["modality"]} {ge["from"]}..{ge["to"]})'))
        for p in preds:
            errors.append((g["id"], p["type"], "spurious"))
    out = prf.as_dict()
    return {"type_precision": out["precision"], "type_recall": out["recall"], "type_f1": out["f1"],
            "modality_accuracy": round(mod_ok / matched, 4) if matched else 0.0,
            "date_accuracy": round(date_ok / matched, 4) if matched else 0.0,
            "gold": sum(len(g["events"]) for g in gold_docs), "errors": errors}


def evaluate(gold_docs: Iterable[dict], _splits: bool = True) -> dict:
    gold_docs = list(gold_docs)
    report = _evaluate(gold_docs)
    held = [g for g in gold_docs if g.get("split") == "heldout"]
    if _splits and held and len(held) < len(gold_docs):
        report["heldout"] = _evaluate(held)
    return report


def _evaluate(gold_docs: list[dict]) -> dict:
    results = [analyze(g["text"], date.fromisoformat(g["date"])) for g in gold_docs]
    ours = [[(e["text"], e["type"], e["normal"]) for e in r["entities"]] for r in results]
    plain = [natasha_plain(g["text"]) for g in gold_docs]
    return {"documents": len(gold_docs),
            "entities": {"collegium_nlp": _entity_scores(gold_docs, ours),
                         "natasha_plain": _entity_scores(gold_docs, plain)},
            "dates": _date_scores(gold_docs, results),
            "events": _event_scores(gold_docs, results)}


LINKS_NOTE = ("links: link precision/recall need the plan, i.e. Django and a database: they come from "
              "`collegium media_eval` (the gold texts ingested into a test database holding the demo plan); "
              "`collegium nlp eval --links` runs it from here")


def link_scores() -> tuple[dict, str] | None:
    """Optional hook: link scores from the Collegium media app, when it is installed.

    This package stays importable without Django; only this call imports it, and it works in a
    throw-away test database, never in the project's own.
    """
    import importlib.util
    import os

    if importlib.util.find_spec("django") is None or importlib.util.find_spec("collegium") is None:
        return None
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "collegium.settings")
    import django

    django.setup()
    from collegium.media import evaluation

    report = evaluation.run_in_test_database()
    return report, evaluation.format_report(report)


def format_report(r: dict) -> str:
    lines = [f"gold documents: {r['documents']}", "",
             "entities            P      R      F1    | plain Natasha  P      R      F1"]
    ours, plain = r["entities"]["collegium_nlp"], r["entities"]["natasha_plain"]
    for t in (*TYPES, "all"):
        o, p = ours[t], plain[t]
        lines.append(f"  {t:<6}          {o['precision']:.3f}  {o['recall']:.3f}  {o['f1']:.3f} |"
                     f"                {p['precision']:.3f}  {p['recall']:.3f}  {p['f1']:.3f}")
    lines.append(f"  diplomatic-name recall: {ours['diplomatic_recall']:.3f} (plain {plain['diplomatic_recall']:.3f})")
    lines.append(f"  normalisation accuracy: {ours['normal_accuracy']:.3f} (plain {plain['normal_accuracy']:.3f})")
    d, e = r["dates"], r["events"]
    lines += ["", f"dates: exact interval accuracy {d['exact_accuracy']:.3f} over {d['gold']} gold, "
              f"granularity {d['granularity_accuracy']:.3f}, extra predictions {d['false_positives']}",
              f"events: type P {e['type_precision']:.3f} R {e['type_recall']:.3f} F1 {e['type_f1']:.3f}; "
              f"modality accuracy {e['modality_accuracy']:.3f}; date accuracy {e['date_accuracy']:.3f} "
              f"over {e['gold']} gold"]
    if "heldout" in r:
        h = r["heldout"]
        ho, hp = h["entities"]["collegium_nlp"]["all"], h["entities"]["natasha_plain"]["all"]
        lines += ["", f"held-out subset ({h['documents']} texts written after the code): entity F1 "
                  f"{ho['f1']:.3f} (plain {hp['f1']:.3f}); dates exact {h['dates']['exact_accuracy']:.3f}; "
                  f"event type F1 {h['events']['type_f1']:.3f}, modality {h['events']['modality_accuracy']:.3f}, "
                  f"date {h['events']['date_accuracy']:.3f}"]
    if d["errors"] or e["errors"]:
        lines += ["", "date errors:"] + [f"  {x}" for x in d["errors"]]
        lines += ["event errors:"] + [f"  {x}" for x in e["errors"]]
    return "\n".join(lines) + "\n"
