"""Suggesting links from what the news reports to the plan, each with a score and a reason.

Scores are sums of independent pieces of evidence (type, dates, place, people, topic words),
capped at 1; the explanation lists exactly those pieces in Russian so that a press officer
can judge a suggestion without opening the target. Only joint plan records are candidates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from collegium.media import nlp
from collegium.media.models import Article, Event, Link

SESSION_THRESHOLD = 0.45
ROUND_THRESHOLD = 0.4
TOPIC_THRESHOLD = 0.5
MIN_SHARED_TERMS = 3

STOP = frozenset("""
который этот также такой свой весь быть мочь стать один год день время другой наш ваш их его её они она оно
очень более менее кроме между после перед через около вопрос тема работа рамка сторона страна глава россия
белоруссия беларусь министр министерство иностранный дело мид отметить заявить сообщить однако поэтому
сотрудничество область организация отношение развитие взаимодействие обеспечить обеспечение участие
международный двусторонний государство
""".split())  # words every diplomatic text has: they would make every article match every action


def terms(text: str) -> frozenset[str]:
    """Content lemmas of a text (words of four letters or more, no stop words)."""
    return frozenset(t for t in (nlp.lemma(w) for w in nlp.WORD_RE.findall(text or "") if len(w) >= 4)
                     if t not in STOP and not t.isdigit())


# Plan texts (round topics, obligations, actions) repeat for every article; article texts do not,
# so only the short plan texts are memoised.
target_terms = lru_cache(maxsize=20_000)(terms)


def _fmt(day: dt.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else "?"


def _span(start: dt.date | None, end: dt.date | None) -> str:
    return _fmt(start) if not end or end == start else f"{_fmt(start)}–{_fmt(end)}"


@dataclass
class Candidate:
    target: str
    obj: object
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    event: Event | None = None

    def add(self, points: float, reason: str) -> None:
        self.score += points
        self.reasons.append(reason)


def _overlap_days(a_from: dt.date, a_to: dt.date, b_from: dt.date, b_to: dt.date) -> int:
    """0 when the intervals overlap, else the gap in days."""
    if a_to < b_from:
        return (b_from - a_to).days
    if b_to < a_from:
        return (a_from - b_to).days
    return 0


def _place_matches(place: str, haystack: frozenset[str]) -> bool:
    wanted = target_terms(place) or frozenset(nlp.lemma(w) for w in nlp.WORD_RE.findall(place or ""))
    return bool(wanted) and wanted <= haystack


def _surname(name: str) -> str:
    words = nlp.WORD_RE.findall(name or "")
    return nlp.lemma(words[-1]) if words else ""


def _session_candidates(event: Event, article: Article) -> list[Candidate]:
    from collegium.meetings.models import Session

    start = event.date_from or article.published
    end = event.date_to or start
    sessions = Session.objects.exclude(status=Session.Status.CANCELLED).filter(
        date_start__lte=end + dt.timedelta(days=1), date_end__gte=start - dt.timedelta(days=1)
    ).prefetch_related("co_chairs", "attendance")
    event_terms = terms(f"{event.place} {event.text}")
    people = {_surname(p) for p in event.participants} | {_surname(p) for p in _article_people(article)}
    out = []
    for session in sessions:
        c = Candidate("session", session, event=event)
        c.add(0.1, "событие — совместное заседание коллегий")
        gap = _overlap_days(start, end, session.date_start, session.date_end)
        if gap == 0:
            c.add(0.45, f"даты совпадают: в новости {_span(start, end)}, заседание "
                        f"{_span(session.date_start, session.date_end)}")
        else:
            c.add(0.3, f"даты рядом (±{gap} дн.): в новости {_span(start, end)}, заседание "
                       f"{_span(session.date_start, session.date_end)}")
        if _place_matches(session.city, event_terms):
            c.add(0.25, f"место совпадает: {session.city}")
        names = {p.last_name: p for p in session.co_chairs.all()} | {a.name.split()[-1]: a for a in
                                                                    session.attendance.all() if a.name}
        matched = sorted(n for n in names if n and nlp.lemma(n) in people)
        if matched:
            c.add(0.2, "участники: " + ", ".join(matched))
        out.append(c)
    return out


def _article_people(article: Article) -> list[str]:
    extraction = getattr(article, "extraction", None)
    if extraction is None:
        return []
    return [e.get("normal") or e.get("text", "") for e in extraction.data.get("entities", []) if e.get("type") == "PER"]


def _round_candidates(event: Event, article: Article) -> list[Candidate]:
    from django.db.models import Q

    from collegium.consultations.models import Round

    day = event.date_from or article.published
    end = event.date_to or day
    slack = dt.timedelta(days=15)
    rounds = Round.objects.exclude(status=Round.Status.CANCELLED).filter(
        Q(period_start__lte=end + slack, period_end__gte=day - slack)
        | Q(date_start__lte=end + slack, date_end__gte=day - slack)
    ).select_related("plan")
    text_terms = terms(f"{article.title} {event.text}")
    place_terms = terms(f"{event.place} {event.text}")
    out = []
    for rnd in rounds:
        topic = target_terms(rnd.topic)
        shared = sorted(topic & text_terms)
        if not shared:
            continue
        c = Candidate("round", rnd, event=event)
        c.add(0.1, "событие — консультации")
        c.add(0.45 * len(shared) / max(len(topic), 1), "тема раунда: общие слова — " + ", ".join(shared))
        if rnd.date_start and _overlap_days(day, end, rnd.date_start, rnd.date_end or rnd.date_start) <= 1:
            c.add(0.3, f"даты совпадают с согласованными: {_span(rnd.date_start, rnd.date_end)}")
        elif _overlap_days(day, end, rnd.period_start, rnd.period_end) == 0:
            c.add(0.2, f"дата {_span(day, end)} в плановом периоде "
                       f"{rnd.period_label or _span(rnd.period_start, rnd.period_end)}")
        if rnd.venue and _place_matches(rnd.venue, place_terms):
            c.add(0.15, f"место совпадает: {rnd.venue}")
        out.append(c)
    return out


def _topic_candidates(article: Article) -> list[Candidate]:
    from collegium.control.models import Obligation
    from collegium.programme.models import Action

    article_terms = terms(article.raw_text)
    out = []
    targets: list[tuple[str, object, str]] = [
        ("obligation", o, f"{o.title} {o.text}") for o in Obligation.objects.filter(
            status=Obligation.Status.ACTIVE, source=Obligation.Source.INSTRUCTION).only("id", "title", "text")
    ]
    targets += [("action", a, a.text) for a in Action.objects.only("id", "text", "number")]
    for kind, obj, text in targets:
        wanted = target_terms(text)
        shared = sorted(wanted & article_terms)
        if len(shared) < MIN_SHARED_TERMS:
            continue
        coverage = len(shared) / len(wanted)
        c = Candidate(kind, obj)
        c.add(min(0.9, 0.8 * coverage + 0.02 * len(shared)),
              ("тема поручения" if kind == "obligation" else "тема пункта Программы")
              + f": совпало {len(shared)} из {len(wanted)} слов — " + ", ".join(shared[:12]))
        out.append(c)
    return out


def suggest_for_article(article: Article) -> list[Link]:
    """Create suggested links for an article: the best event per target, above the thresholds."""
    best: dict[tuple[str, int], Candidate] = {}

    def keep(c: Candidate, threshold: float) -> None:
        if c.score < threshold:
            return
        key = (c.target, c.obj.pk)  # type: ignore[attr-defined]
        if key not in best or c.score > best[key].score:
            best[key] = c

    for event in article.events.all():
        if event.type == "joint_collegium":
            for c in _session_candidates(event, article):
                keep(c, SESSION_THRESHOLD)
        elif event.type == "consultations":
            for c in _round_candidates(event, article):
                keep(c, ROUND_THRESHOLD)
    for c in _topic_candidates(article):
        keep(c, TOPIC_THRESHOLD)
    decided = {(link.target_kind, link.target_id) for link in article.links.all()}
    links = [
        Link(article=article, event=c.event, score=round(min(c.score, 1.0), 3), explanation="; ".join(c.reasons),
             **{c.target: c.obj})
        for key, c in sorted(best.items(), key=lambda kv: -kv[1].score) if key not in decided
    ]
    return Link.objects.bulk_create(links)
