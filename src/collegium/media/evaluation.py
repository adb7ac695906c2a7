"""Link precision and recall on the NLP gold set, against the demo plan.

The gold set (collegium_nlp/gold/gold.jsonl) annotates each text with free-form link keys such
as {"kind": "round", "topic": "ОДКБ", "year": 2026} or {"kind": "session", "year": 2024,
"place": "Брест"}. Here every key is resolved to the demo object it means (`collegium demo`
data: the 2025 and 2026 consultation plans, the Brest 2024 and Moscow 2025 sessions, the
Programme 2024–2026 and its actions), each gold text goes through the real ingestion
(`services.articles_ingest`, the batch path of feeds: dedup, NLP, events, linking, indexing), and the suggested links are
compared with the resolved keys.

* precision = suggested links (every suggestion is above its kind's threshold) that are gold
  links / all suggested links, over all texts — including texts with no gold link at all;
* recall = gold links that were suggested / gold links that resolve to a demo object.

Keys that resolve to nothing are reported, not scored: a round of a year the demo has no plan
for (2024, 2027), a session the demo does not have (2026, 2027); and kinds that are not link
targets in Collegium (a whole plan, a whole Programme). Suggesting a link for such a text is a
false positive, which is the behaviour we want: no demo object is what the article is about.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

LINK_TARGETS = ("session", "round", "action", "obligation")
TARGET_PRECISION = 0.9
TARGET_RECALL = 0.8

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[А-ЯЁA-Z«])")


@dataclass
class DocResult:
    id: str
    gold: set[tuple[str, int]]
    predicted: dict[tuple[str, int], float]
    unresolved: list[dict]
    explanations: dict[tuple[str, int], str] = field(default_factory=dict)

    @property
    def tp(self) -> set[tuple[str, int]]:
        return self.gold & set(self.predicted)


def load_plan() -> None:
    """The demo plan in the current (test) database, without the demo's news archive (made of these
    very gold texts); a second call changes nothing."""
    from collegium.core.demo import load_demo

    load_demo(news=False)


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", (text or "").casefold().replace("ё", "е")))


def resolve(key: dict[str, Any]) -> list[tuple[str, int]]:
    """The demo objects a gold key means, as (link target kind, pk); empty when there is none.

    Only an obligation key may mean several objects: one instruction is one obligation per
    executing party, and an article about it concerns every party's obligation.
    """
    from collegium.consultations.models import Round
    from collegium.control.models import Obligation
    from collegium.meetings.models import Session
    from collegium.programme.models import Action

    kind = key.get("kind")
    if kind == "round":
        rounds = list(Round.objects.filter(plan__year=key["year"]).only("id", "topic"))
        wanted = _norm(key["topic"])
        exact = [r for r in rounds if _norm(r.topic) == wanted]
        if len(exact) == 1:
            return [("round", exact[0].pk)]
        partial = [r for r in rounds if wanted and wanted in _norm(r.topic)]
        return [("round", partial[0].pk)] if len(partial) == 1 else []
    if kind == "session":
        sessions = Session.objects.filter(date_start__year=key["year"])
        if key.get("place"):
            sessions = sessions.filter(city=key["place"])
        found = list(sessions.only("id"))
        return [("session", found[0].pk)] if len(found) == 1 else []
    if kind == "action":
        wanted = _norm(key["text"])
        actions = [a for a in Action.objects.only("id", "text") if wanted in _norm(a.text)]
        return [("action", actions[0].pk)] if len(actions) == 1 else []
    if kind == "obligation":
        wanted = _norm(key["text"])
        return [("obligation", o.pk) for o in Obligation.objects.filter(status=Obligation.Status.ACTIVE)
                .only("id", "title", "text") if wanted in _norm(f"{o.title} {o.text}")]
    return []  # "plan", "programme": not link targets in Collegium


def split_title(text: str) -> tuple[str, str]:
    """A headline-less gold text as (title, body): the lead sentence heads the article.

    One-sentence texts are «молнии»: the agency's headline is the text itself.
    """
    parts = _SENTENCE_END.split(text.strip(), maxsplit=1)
    if len(parts) == 2 and parts[1].strip():
        return parts[0].strip(), parts[1].strip()
    return text.strip(), text.strip()


def evaluate(gold_docs: list[dict] | None = None) -> dict[str, Any]:
    """Ingest every gold text into the current database (which must hold the demo plan)."""
    from collegium.media import services
    from collegium.media.models import Link, Source
    from collegium_nlp.eval import load_gold

    gold_docs = load_gold() if gold_docs is None else gold_docs
    source = services.source_ensure(actor=None, kind=Source.Kind.API, url="eval:gold", name="gold set")
    docs: list[DocResult] = []
    skipped: Counter[str] = Counter()
    # The gold texts go through batch ingestion, as a polled feed does (`articles_ingest`).
    items = []
    for g in gold_docs:
        title, body = split_title(g["text"])
        items.append(services.ArticleInput(source=source, title=title, body=body,
                                           published=dt.date.fromisoformat(g["date"]), url=f"gold:{g['id']}"))
    results = services.articles_ingest(actor=None, items=items)
    for g, result in zip(gold_docs, results, strict=True):
        gold: set[tuple[str, int]] = set()
        unresolved = []
        for key in g.get("links", []):
            targets = resolve(key)
            if not targets:
                unresolved.append(key)
                skipped[key.get("kind", "?") if key.get("kind") in LINK_TARGETS else "not a link target"] += 1
            gold.update(targets)
        # A link has exactly one target (a database constraint), so no link is left out here.
        links = [(link.target_kind, pk, link) for link in Link.objects.filter(article=result.article)
                 if (pk := link.target_id) is not None]
        predicted = {(kind, pk): link.score for kind, pk, link in links}
        docs.append(DocResult(g["id"], gold, predicted, unresolved,
                              {(kind, pk): link.explanation for kind, pk, link in links}))
    return _report(docs, skipped)


def _report(docs: list[DocResult], skipped: Counter[str]) -> dict[str, Any]:
    tp = sum(len(d.tp) for d in docs)
    n_pred = sum(len(d.predicted) for d in docs)
    n_gold = sum(len(d.gold) for d in docs)
    by_kind: dict[str, dict[str, int]] = {}
    for d in docs:
        for kind, _pk in d.gold | set(d.predicted):
            by_kind.setdefault(kind, {"tp": 0, "fp": 0, "fn": 0})
        for key in d.tp:
            by_kind[key[0]]["tp"] += 1
        for key in set(d.predicted) - d.gold:
            by_kind[key[0]]["fp"] += 1
        for key in d.gold - set(d.predicted):
            by_kind[key[0]]["fn"] += 1
    errors = []
    for d in docs:
        for key in sorted(set(d.predicted) - d.gold):
            errors.append({"doc": d.id, "error": "spurious", "target": list(key), "score": d.predicted[key],
                           "label": _label(key), "why": d.explanations.get(key, "")})
        for key in sorted(d.gold - set(d.predicted)):
            errors.append({"doc": d.id, "error": "missed", "target": list(key), "label": _label(key)})
    return {
        "documents": len(docs),
        "precision": round(tp / n_pred, 4) if n_pred else 1.0,
        "recall": round(tp / n_gold, 4) if n_gold else 1.0,
        "tp": tp, "suggested": n_pred, "gold": n_gold,
        "by_kind": by_kind,
        "unscored_gold_keys": dict(skipped),
        "unresolved": [{"doc": d.id, "key": k} for d in docs for k in d.unresolved],
        "errors": errors,
    }


def _label(key: tuple[str, int]) -> str:
    from collegium.consultations.models import Round
    from collegium.meetings.models import Session
    from collegium.programme.models import Action

    kind, pk = key
    from collegium.control.models import Obligation

    models: dict[str, type[Round] | type[Session] | type[Action] | type[Obligation]] = {
        "round": Round, "session": Session, "action": Action, "obligation": Obligation}
    model = models.get(kind)
    if model is None:
        return f"{kind} {pk}"
    obj = model.objects.filter(pk=pk).first()
    if isinstance(obj, Round):
        return f"round {obj.plan.year} «{obj.topic}» ({obj.status})"
    if isinstance(obj, Session):
        return f"session {obj.date_start} {obj.city}"
    if isinstance(obj, Obligation):
        return f"obligation {pk} ({obj.party_id}): {obj.title[:70]}"
    return f"{kind}: {str(getattr(obj, 'text', obj))[:80]}"


def format_report(r: dict[str, Any]) -> str:
    lines = [f"links: precision {r['precision']:.3f} ({r['tp']}/{r['suggested']} suggestions correct), "
             f"recall {r['recall']:.3f} ({r['tp']}/{r['gold']} gold links found) over {r['documents']} texts "
             f"against the demo plan (targets: P ≥ {TARGET_PRECISION}, R ≥ {TARGET_RECALL})"]
    for kind, row in sorted(r["by_kind"].items()):
        lines.append(f"  {kind:<10} tp {row['tp']:>3}  fp {row['fp']:>3}  fn {row['fn']:>3}")
    if r["unscored_gold_keys"]:
        lines.append("  gold keys with no demo object (not scored): "
                     + ", ".join(f"{k} {v}" for k, v in sorted(r["unscored_gold_keys"].items())))
    if r["errors"]:
        lines.append("link errors:")
        for e in r["errors"]:
            extra = f" score {e['score']:.2f}: {e['why']}" if e["error"] == "spurious" else ""
            lines.append(f"  {e['doc']} {e['error']} {e['label']}{extra}")
    return "\n".join(lines) + "\n"


def run_in_test_database(verbosity: int = 0) -> dict[str, Any]:
    """Create a throw-away test database, load the demo plan, evaluate, drop the database.

    Used by `collegium media_eval` and by `collegium nlp eval --links`; the project's own
    database is never touched.
    """
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=verbosity, autoclobber=True, keepdb=False)
    try:
        load_plan()
        return evaluate()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=verbosity)
        teardown_test_environment()
