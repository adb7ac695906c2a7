"""Suggesting links from what the news reports to the plan, each with a score and a reason.

Scores are sums of independent pieces of evidence (type, dates, place, people, topic words),
capped at 1; the explanation lists exactly those pieces in Russian so that a press officer
can judge a suggestion without opening the target. Only joint plan records are candidates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from collegium.media import nlp
from collegium.media.models import Article, Event, Link

if TYPE_CHECKING:  # the plan's models are imported where used, at run time
    from collegium.consultations.models import Round
    from collegium.control.models import Obligation
    from collegium.meetings.models import Session
    from collegium.programme.models import Action

    LinkTarget = Session | Round | Obligation | Action

SESSION_THRESHOLD = 0.45
SESSION_SLACK = dt.timedelta(days=10)
ROUND_SLACK = dt.timedelta(days=15)
ROUND_THRESHOLD = 0.4
ROUND_MARGIN = 0.15
TOPIC_THRESHOLD = 0.5
MIN_SHARED_TERMS = 3

STOP = frozenset("""
который этот также такой свой весь быть мочь стать один год день время другой наш ваш их его её они она оно
очень более менее кроме между после перед через около вопрос тема работа рамка сторона страна глава россия
белоруссия беларусь министр министерство иностранный дело мид отметить заявить сообщить однако поэтому
сотрудничество область организация отношение развитие взаимодействие обеспечить обеспечение участие
международный двусторонний государство
""".split())  # words every diplomatic text has: they would make every article match every action


# Full names of organisations are folded into the acronyms the plan uses («ООН», «ШОС»).
_EXPANSIONS = [(re.compile(p, re.IGNORECASE), acr) for p, acr in [
    (r"организаци\w*\s+объедин[её]нн\w*\s+наци\w*", "ООН"),
    (r"шанхайск\w*\s+организаци\w*\s+сотрудничеств\w*", "ШОС"),
    (r"организаци\w*\s+договора\s+о\s+коллективной\s+безопасности", "ОДКБ"),
    (r"организаци\w*\s+по\s+безопасности\s+и\s+сотрудничеству\s+в\s+европе", "ОБСЕ"),
    (r"содружеств\w*\s+независимых\s+государств", "СНГ"),
    (r"евросоюз\w*|европейск\w+\s+союз\w*", "ЕС"),
    (r"североатлантическ\w+\s+(?:альянс|союз)\w*", "НАТО"),
    (r"соедин[её]нн\w+\s+штат\w*(?:\s+америки)?", "США"),
    (r"евразийск\w+\s+экономическ\w+\s+союз\w*", "ЕАЭС"),
    # one body, one piece of evidence: «Генеральной Ассамблеи ООН» is not three shared words
    (r"генеральн\w+\s+ассамбле\w+(?:\s+ООН)?", "UNGA ООН"),
]]
# Words every plan action and instruction has («подготовить совместные ...»): they say what to
# do, not what about, so they are not topic evidence.
TOPIC_GENERIC = frozenset("подготовить совместный проводить провести обеспечивать продолжить координировать".split())

# Lemmas that name the same subject: the adjective and the noun of a topic («консульские
# вопросы» / «консульство», «миграционная политика» / «миграция», «европейская» / «Европа»).
SYNONYMS = {
    "консульство": "консульский", "миграционный": "миграция", "европейский": "европа",
    "подготовка": "подготовить", "согласованный": "согласовать", "правозащитный": "право",
    "гуманитарный": "гуманитарный", "информационный": "информационный", "разоружение": "вооружение",
    "нераспространение": "вооружение", "архивный": "архив", "ближневосточный": "восток",
}
_ACRONYM = re.compile(r"\b[А-ЯЁA-Z]{2,6}\b")
_YEARS = re.compile(r"\b(20\d\d)\s*[–—-]\s*(20\d\d)\b")
_CLAUSE_PREFIX = re.compile(r"^\s*п\.\s*[\d.]+\s+постановления[^:]*:\s*", re.IGNORECASE)


def _canon(lemma: str) -> str:
    return SYNONYMS.get(lemma, lemma)


def terms(text: str) -> frozenset[str]:
    """Content lemmas of a text (words of four letters or more, no stop words), organisation names
    folded into acronyms (kept whatever their length: «ЕС», «ООН»), year ranges as «2027-2029»."""
    text = text or ""
    for pattern, acronym in _EXPANSIONS:
        text = pattern.sub(f" {acronym} ", text)
    out = {_canon(t) for t in (nlp.lemma(w) for w in nlp.WORD_RE.findall(text) if len(w) >= 4)
           if t not in STOP and not t.isdigit()}
    out |= {a.lower() for a in _ACRONYM.findall(text) if a not in _NOT_ACRONYMS}
    out |= {f"{a}-{b}" for a, b in _YEARS.findall(text)}
    return frozenset(out)


# Capitalised words that are not names of a subject (datelines, agencies, ministries).
_NOT_ACRONYMS = frozenset("МИД РФ РБ ТАСС РИА БЕЛТА БелТА ВКС ГА СМИ".split())


_KNOWN_ACRONYMS = frozenset("оон обсе одкб шос брикс асеан снг ес нато сша еаэс юнеско магатэ днво".split())


def distinctive(term_set: frozenset[str]) -> frozenset[str]:
    """Organisation acronyms: a target that names one is about that organisation, so an article
    that names none of the target's organisations is not about the target («план консультаций
    ОДКБ» is not «план межмидовских консультаций»)."""
    return term_set & _KNOWN_ACRONYMS


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
    obj: LinkTarget
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


def _session_candidates(event: Event, article: Article, targets: LinkTargets | None = None) -> list[Candidate]:
    from collegium.meetings.models import Session

    start = event.date_from or article.published
    end = event.date_to or start
    # Sessions are rare (one a year): a report a week off the date is still about the same one
    # («28 ноября» in the news, 22 November in the plan), but only when the city agrees too.
    sessions: Iterable[Session]
    if targets is not None:
        sessions = [s for s in targets.sessions
                    if s.date_start <= end + SESSION_SLACK and s.date_end >= start - SESSION_SLACK]
    else:
        sessions = Session.objects.exclude(status=Session.Status.CANCELLED).filter(
            date_start__lte=end + SESSION_SLACK, date_end__gte=start - SESSION_SLACK
        ).prefetch_related("co_chairs", "attendance")
    event_terms = terms(f"{event.place} {event.text}")
    people = {_surname(p) for p in event.participants} | {_surname(p) for p in _article_people(article)}
    out = []
    for session in sessions:
        c = Candidate("session", session, event=event)
        c.add(0.1, "событие — совместное заседание коллегий")
        gap = _overlap_days(start, end, session.date_start, session.date_end)
        same_city = _place_matches(session.city, event_terms)
        if gap == 0:
            c.add(0.45, f"даты совпадают: в новости {_span(start, end)}, заседание "
                        f"{_span(session.date_start, session.date_end)}")
        elif gap <= 1:
            c.add(0.3, f"даты рядом (±{gap} дн.): в новости {_span(start, end)}, заседание "
                       f"{_span(session.date_start, session.date_end)}")
        elif same_city:
            c.add(0.2, f"даты близки (±{gap} дн.): в новости {_span(start, end)}, заседание "
                       f"{_span(session.date_start, session.date_end)}")
        else:
            continue
        if same_city:
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


# «консультации по вопросам ОБСЕ и Совета Европы»: the subject phrase after «по», up to the
# place, the date or the verb.
_SUBJECT = re.compile(
    r"(?:консультаци|раунд)\w*[^.]*?\bпо\s+(?:вопросам|проблематике|темам?|тематике|линии)?\s*(?P<subject>[^.;]{3,140}?)"
    r"(?=\s+(?:между|в|во|на|с|со|пройд\w*|состо\w*|прош\w*|намечен\w*|запланирован\w*|планиру\w*|перенесен\w*"
    r"|МИД|которые|которое|который)\b|[,.;:]|$)", re.IGNORECASE)


def _subject_terms(text: str) -> frozenset[str]:
    m = _SUBJECT.search(text or "")
    return terms(m.group("subject")) if m else frozenset()


_VIDEO = re.compile(r"видеоконференц|\bВКС\b|онлайн|в\s+режиме\s+видео", re.IGNORECASE)


def _venue_matches(rnd: Round, place_terms: frozenset[str], text: str) -> bool:
    if rnd.venue_kind == "video":
        return bool(_VIDEO.search(text))
    city = (rnd.venue or "").rsplit(",", 1)[-1]
    return bool(city.strip()) and _place_matches(city, place_terms)


def _round_candidates(event: Event, article: Article, targets: LinkTargets | None = None) -> list[Candidate]:
    from django.db.models import Q

    from collegium.consultations.models import Round

    day = event.date_from or article.published
    end = event.date_to or day
    slack = ROUND_SLACK
    # A round may be held outside its planned quarter (late, early, postponed): any round of the
    # plan of the event's year is a candidate, and dates only add evidence.
    rounds: Iterable[Round]
    if targets is not None:
        rounds = [r for r in targets.rounds if _round_in_range(r, day, end)]
    else:
        rounds = Round.objects.filter(
            Q(plan__year__in={day.year, end.year})
            | Q(period_start__lte=end + slack, period_end__gte=day - slack)
            | Q(date_start__lte=end + slack, date_end__gte=day - slack)
        ).select_related("plan")
    text_terms = terms(f"{article.title} {event.text}")
    subject = _subject_terms(event.text) or _subject_terms(article.title)
    place_terms = terms(f"{event.place} {event.text}")
    own = distinctive(subject or text_terms)
    out = []
    for rnd in rounds:
        topic = target_terms(rnd.topic)
        shared = sorted(topic & text_terms)
        if not shared:
            continue
        wanted = distinctive(topic)
        if wanted and not wanted & text_terms:
            continue  # «Вопросы ООН ...» is not a round on something else that shares «вопрос»
        if own and not own & topic and subject:
            continue  # consultations «по вопросам ОДКБ» are not the round on «Евразийская безопасность»
        c = Candidate("round", rnd, event=event)
        c.add(0.1, "событие — консультации")
        if subject:
            # the subject phrase names the topic: both sides must agree, so «европейская
            # безопасность» is not «евразийская безопасность» although they share a word
            if not topic & subject:
                continue
            coverage = len(topic & subject) / len(topic | subject)
        else:
            coverage = len(shared) / max(len(topic), 1)
        c.add(0.45 * coverage, "тема раунда: общие слова — " + ", ".join(shared))
        if rnd.date_start and _overlap_days(day, end, rnd.date_start, rnd.date_end or rnd.date_start) <= 1:
            c.add(0.3, f"даты совпадают с согласованными: {_span(rnd.date_start, rnd.date_end)}")
        elif _overlap_days(day, end, rnd.period_start, rnd.period_end) == 0:
            c.add(0.2, f"дата {_span(day, end)} в плановом периоде "
                       f"{rnd.period_label or _span(rnd.period_start, rnd.period_end)}")
        elif _overlap_days(day, end, rnd.period_start, rnd.period_end) <= slack.days:
            c.add(0.1, f"дата {_span(day, end)} рядом с плановым периодом "
                       f"{rnd.period_label or _span(rnd.period_start, rnd.period_end)}")
        elif rnd.plan.year in (day.year, end.year):
            c.reasons.append(f"раунд плана на {rnd.plan.year} год (плановый период "
                             f"{rnd.period_label or _span(rnd.period_start, rnd.period_end)})")
        else:
            continue
        if event.modality != "held" and rnd.status == "held" and rnd.date_start \
                and rnd.date_start < article.published and (day - rnd.date_start).days > 1:
            c.add(-0.1, f"раунд уже проведён {_fmt(rnd.date_start)}, а в новости он предстоит")
        if rnd.status in ("cancelled", "moved"):
            c.reasons.append(f"раунд в плане: {rnd.get_status_display()}")
        if _venue_matches(rnd, place_terms, event.text):
            c.add(0.15, f"место совпадает: {rnd.venue}")
        out.append(c)
    # One event is one round: a topic that shares a word only with a weaker reading yields.
    if out:
        top = max(c.score for c in out)
        out = [c for c in out if c.score >= top - ROUND_MARGIN]
    return out


def _obligation_text(obligation: Obligation) -> str:
    # the title repeats the clause after «п. 12 постановления …:», which is not its subject
    return f"{_CLAUSE_PREFIX.sub('', obligation.title)} {obligation.text}"


def _topic_candidates(article: Article, targets: LinkTargets | None = None) -> list[Candidate]:
    article_terms = terms(article.raw_text)
    out = []
    if targets is None:
        targets = LinkTargets(topics=_load_topic_targets())
    article_terms -= TOPIC_GENERIC
    for kind, obj, wanted in targets.topics:
        shared = sorted(wanted & article_terms)
        if len(shared) < MIN_SHARED_TERMS:
            continue
        names = distinctive(wanted)
        if names and not names & article_terms:
            continue
        coverage = len(shared) / len(wanted)
        c = Candidate(kind, obj)
        c.add(min(0.9, 0.8 * coverage + 0.02 * len(shared)),
              ("тема поручения" if kind == "obligation" else "тема пункта Программы")
              + f": совпало {len(shared)} из {len(wanted)} слов — " + ", ".join(shared[:12]))
        out.append(c)
    return out


def _load_topic_targets() -> list[tuple[str, LinkTarget, frozenset[str]]]:
    from collegium.control.models import Obligation
    from collegium.programme.models import Action

    targets: list[tuple[str, LinkTarget, str]] = [
        ("obligation", o, _obligation_text(o)) for o in Obligation.objects.filter(
            status=Obligation.Status.ACTIVE, source=Obligation.Source.INSTRUCTION).only("id", "title", "text")
    ]
    targets += [("action", a, a.text) for a in Action.objects.only("id", "text", "number")]
    return [(kind, obj, target_terms(text) - TOPIC_GENERIC) for kind, obj, text in targets]


def _round_in_range(rnd: Round, day: dt.date, end: dt.date) -> bool:
    """The database filter of `_round_candidates`, in Python (NULL dates compare false)."""
    slack = ROUND_SLACK
    if rnd.plan.year in (day.year, end.year):
        return True
    if rnd.period_start and rnd.period_end and rnd.period_start <= end + slack and rnd.period_end >= day - slack:
        return True
    return bool(rnd.date_start and rnd.date_end and rnd.date_start <= end + slack and rnd.date_end >= day - slack)


@dataclass
class LinkTargets:
    """Every link target with its term set, read once for a batch of articles: linking one
    article then runs no query at all. Built inside the batch's transaction, so a plan change
    committed during the batch is seen by the next batch (a batch is seconds long)."""

    sessions: list[Session] = field(default_factory=list)
    rounds: list[Round] = field(default_factory=list)
    topics: list[tuple[str, LinkTarget, frozenset[str]]] = field(default_factory=list)

    @classmethod
    def load(cls) -> LinkTargets:
        from collegium.consultations.models import Round
        from collegium.meetings.models import Session

        sessions = list(Session.objects.exclude(status=Session.Status.CANCELLED)
                        .prefetch_related("co_chairs", "attendance"))
        rounds = list(Round.objects.select_related("plan"))
        for rnd in rounds:
            target_terms(rnd.topic)  # warm the memo now, not in the first article
        return cls(sessions=sessions, rounds=rounds, topics=_load_topic_targets())


def suggest_for_article(article: Article, targets: LinkTargets | None = None, save: bool = True) -> list[Link]:
    """Create suggested links for an article: the best event per target, above the thresholds.

    With `targets` (batch ingestion) no target is read from the database; with save=False the
    links are returned unsaved, for the caller to bulk-create with the rest of its batch."""
    best: dict[tuple[str, int], Candidate] = {}

    def keep(c: Candidate, threshold: float) -> None:
        if c.score < threshold:
            return
        key = (c.target, c.obj.pk)
        if key not in best or c.score > best[key].score:
            best[key] = c

    for event in article.events.all():
        if event.type == "joint_collegium":
            for c in _session_candidates(event, article, targets):
                keep(c, SESSION_THRESHOLD)
        elif event.type == "consultations":
            for c in _round_candidates(event, article, targets):
                keep(c, ROUND_THRESHOLD)
    for c in _topic_candidates(article, targets):
        keep(c, TOPIC_THRESHOLD)
    decided = {(link.target_kind, link.target_id) for link in article.links.all()}
    links = [
        Link(article=article, event=c.event, score=round(min(c.score, 1.0), 3), explanation="; ".join(c.reasons),
             **{c.target: c.obj})
        for key, c in sorted(best.items(), key=lambda kv: -kv[1].score) if key not in decided
    ]
    return Link.objects.bulk_create(links) if save else links
