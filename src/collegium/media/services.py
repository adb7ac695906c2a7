"""Writes of the media domain: ingestion (feeds, pages, seed files, API pushes), near-duplicate
clustering, search indexing, link suggestions and their confirmation by the press service.

Fetching happens outside any transaction. A feed's entries are stored in batches
(`articles_ingest`: one transaction, one NER model call, one read of the link targets and bulk
inserts per batch); a batch that fails is retried article by article, each in its own
transaction, so a bad item in a feed never loses the good ones.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import json
import logging
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.audit.services import audit_record, audit_record_many
from collegium.core.errors import InvalidTransition, ValidationFailed
from collegium.core.permissions import require_role
from collegium.media import nlp
from collegium.media.linking import LinkTargets, suggest_for_article
from collegium.media.models import Article, Cluster, Event, Extraction, Link, Source
from collegium.parties.models import Person, Role

log = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
TIMEOUT_SECONDS = 10.0
USER_AGENT = "Collegium-media/1.0 (+information support of foreign policy)"
MAX_BACKOFF = dt.timedelta(hours=24)
NEAR_DUP_THRESHOLD = 0.3  # estimated Jaccard of word 3-shingles; rewrites of one story score 0.3-0.8
NEAR_DUP_WINDOW_DAYS = 3
FEED_KINDS = (Source.Kind.RSS, Source.Kind.ATOM, Source.Kind.PAGE)
BATCH_SIZE = 100  # articles per transaction in batch ingestion: big enough to amortise, small enough to retry


# progress(done, total, note): entries of a feed (or feeds of a poll) handled so far; the CLI draws a
# bar with it and a background job turns it into its percentage.
Progress = Callable[[int, int, str], None] | None


class FetchError(Exception):
    pass


@dataclass
class FetchResult:
    status: int
    body: bytes
    etag: str = ""
    last_modified: str = ""
    content_type: str = ""
    url: str = ""


@dataclass
class IngestResult:
    article: Article
    created: bool
    links: list[Link] = field(default_factory=list)


@dataclass
class ArticleInput:
    """One article for `articles_ingest` (the arguments of `article_ingest`)."""

    source: Source
    title: str
    body: str
    published: dt.date | None = None
    url: str = ""
    language: str = "ru"


@dataclass
class PollResult:
    source: Source
    created: int = 0
    duplicates: int = 0
    not_modified: bool = False
    error: str = ""


# ------------------------------------------------------------------ HTTP


def http_fetch(url: str, *, etag: str = "", last_modified: str = "", timeout: float | None = None,
               max_bytes: int | None = None) -> FetchResult:
    """GET with conditional headers, a timeout and a hard size limit; 304 is a normal answer."""
    timeout = TIMEOUT_SECONDS if timeout is None else timeout
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    if not url.lower().startswith(("http://", "https://")):
        raise FetchError(f"only http(s) addresses are fetched: {url!r}")
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - scheme checked above
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"response too large ({declared} bytes > {max_bytes})")
            chunks, size = [], 0
            while True:
                chunk = response.read(64 * 1024)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"response too large (> {max_bytes} bytes)")
                chunks.append(chunk)
            return FetchResult(status=response.status, body=b"".join(chunks),
                               etag=response.headers.get("ETag", ""),
                               last_modified=response.headers.get("Last-Modified", ""),
                               content_type=response.headers.get("Content-Type", ""), url=response.geturl())
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return FetchResult(status=304, body=b"", etag=etag, last_modified=last_modified, url=url)
        raise FetchError(f"HTTP {exc.code} from {url}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise FetchError(f"{type(exc).__name__}: {exc}") from exc


def _can_ingest(actor: Person | None) -> None:
    if actor is not None:
        require_role(actor, Role.PRESS, Role.SECRETARIAT)


# ------------------------------------------------------------------ sources


@transaction.atomic
def source_ensure(*, actor: Person | None, kind: str, url: str = "", name: str = "",
                  schedule_minutes: int = 30) -> Source:
    """The source for (kind, url), created on first use."""
    _can_ingest(actor)
    if kind not in Source.Kind.values:
        raise ValidationFailed(field_errors={"kind": _("Unknown kind of source.")})
    source = Source.objects.filter(kind=kind, url=url).first()
    if source is None:
        source = Source.objects.create(kind=kind, url=url, name=(name or url or kind)[:255],
                                       schedule_minutes=schedule_minutes)
        audit_record(actor=actor, action="media.source.create", obj=source, changes={"kind": kind, "url": url})
    return source


# ------------------------------------------------------------------ articles


def _fts_insert(article: Article) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO media_article_fts(rowid, terms) VALUES (%s, %s)",
                           [article.pk, article.search_terms])


def _cluster_for(published: dt.date, minhash: list[int], exclude_pk: int | None = None) -> tuple[Article | None, float]:
    """The most similar article published within a few days, if it is similar enough."""
    window = dt.timedelta(days=NEAR_DUP_WINDOW_DAYS)
    best, best_score = None, 0.0
    candidates = Article.objects.filter(published__range=(published - window, published + window)) \
        .only("id", "minhash", "cluster_id", "title").order_by("-id")[:2000]
    for candidate in candidates:
        if candidate.pk == exclude_pk:
            continue
        score = nlp.minhash_similarity(minhash, candidate.minhash)
        if score > best_score:
            best, best_score = candidate, score
    if best is not None and best_score >= NEAR_DUP_THRESHOLD:
        return best, best_score
    return None, best_score


@transaction.atomic
def article_ingest(*, actor: Person | None, source: Source, title: str, body: str, published: dt.date | None = None,
                   url: str = "", language: str = "ru", analyse: bool = True) -> IngestResult:
    """Store one article (exact duplicates are not stored twice), cluster it, analyse it, index it
    for search and suggest links to the plan. `actor` None is the system (feeds, CLI, worker)."""
    _can_ingest(actor)
    title, body = (title or "").strip(), (body or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("The title is required.")
    if not body:
        errors["body"] = _("The text is required.")
    if errors:
        raise ValidationFailed(field_errors=errors)
    published = published or timezone.localdate()
    digest = nlp.content_hash(body)
    existing = Article.objects.filter(content_hash=digest).first()
    if existing is not None:
        return IngestResult(existing, created=False)
    raw_text = f"{title}\n\n{body}"
    minhash, simhash = nlp.signatures(raw_text)
    similar, similarity = _cluster_for(published, minhash)
    cluster = None
    if similar is not None:
        cluster = similar.cluster
        if cluster is None:
            cluster = Cluster.objects.create(title=similar.title[:1000])
            Article.objects.filter(pk=similar.pk).update(cluster=cluster)
    terms = nlp.lemmatise(raw_text) if connection.vendor == "sqlite" else ""
    try:
        with transaction.atomic():
            article = Article.objects.create(
                source=source, url=url[:2000], title=title[:1000], published=published, body=body, raw_text=raw_text,
                language=language or "ru", content_hash=digest, simhash=simhash, minhash=minhash, cluster=cluster,
                search_terms=terms, ingested_by=actor,
            )
    except IntegrityError:  # the same text arrived concurrently
        return IngestResult(Article.objects.get(content_hash=digest), created=False)
    _fts_insert(article)
    links: list[Link] = []
    if analyse:
        _analyse(article)
        links = suggest_for_article(article)
    audit_record(actor=actor, action="media.article.ingest", obj=article,
                 changes={"source": source.pk, "title": article.title, "cluster": cluster.pk if cluster else None,
                          "similarity": round(similarity, 3), "links": len(links)})
    return IngestResult(article, created=True, links=links)


def _parse_date(value: object) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _analyse(article: Article) -> Extraction:
    data = nlp.analyze(article.raw_text, article.published)
    extraction = Extraction.objects.create(article=article, data=data, analysed_at=timezone.now())
    Event.objects.bulk_create(_events_of(article, data))
    return extraction


def _events_of(article: Article, data: dict[str, Any]) -> list[Event]:
    events = []
    for item in data.get("events", []):
        text = item.get("text") or ""
        start = item.get("start")
        if start is None and text:
            found = article.raw_text.find(text)
            start = found if found >= 0 else None
        end = item.get("end") if item.get("end") is not None else (start + len(text) if start is not None else None)
        date_from = _parse_date(item.get("from"))
        events.append(Event(
            article=article, type=str(item.get("type") or "")[:48], modality=str(item.get("modality") or "")[:24],
            date_from=date_from, date_to=_parse_date(item.get("to")) or date_from,
            place=str(item.get("place") or "")[:255], participants=list(item.get("participants") or []),
            text=text, start=start, end=end,
        ))
    return events


# ------------------------------------------------------------------ batch ingestion


def _validated(item: ArticleInput) -> tuple[str, str]:
    title, body = (item.title or "").strip(), (item.body or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("The title is required.")
    if not body:
        errors["body"] = _("The text is required.")
    if errors:
        raise ValidationFailed(field_errors=errors)
    return title, body


# MinHash signatures of stored articles, decoded once per process: a signature never changes
# after the article is stored, and decoding the JSON of every candidate for every batch was the
# largest database cost of batch ingestion. Bounded (about 0.7 KB an article, 35 MB at most).
_SIGNATURE_CACHE: dict[int, Any] = {}
_SIGNATURE_CACHE_SIZE = 50_000


def _signature_row(minhash: Any):  # type: ignore[no-untyped-def]
    import numpy as np

    if isinstance(minhash, list) and len(minhash) == nlp.MINHASH_SIZE:
        return np.asarray(minhash, dtype=np.uint64)
    return None


def _stored_signatures(pks: list[int]) -> dict[int, tuple[int, Any]]:
    """(published as an ordinal, MinHash row or None) of stored articles, by id."""
    from django.db.models import TextField
    from django.db.models.functions import Cast

    rows = {pk: _SIGNATURE_CACHE[pk] for pk in pks if pk in _SIGNATURE_CACHE}
    missing = [pk for pk in pks if pk not in rows]
    for start in range(0, len(missing), 500):
        # the JSON as text, parsed in one call for all the rows: decoding row by row through the
        # field cost more than everything else the batch reads
        chunk = list(Article.objects.filter(pk__in=missing[start:start + 500])
                     .values_list("id", "published", Cast("minhash", output_field=TextField())))
        decoded = json.loads("[" + ",".join(text or "null" for _pk, _day, text in chunk) + "]")
        for (pk, day, _text), minhash in zip(chunk, decoded, strict=True):
            rows[pk] = (day.toordinal(), _signature_row(minhash))
    read = {pk: rows[pk] for pk in missing if pk in rows}
    # remembered once the reading transaction commits: a row this transaction wrote itself may
    # still be rolled back, and SQLite may then give its id to another article
    transaction.on_commit(lambda: _remember_signatures(read))
    return rows


def _remember_signatures(rows: dict[int, Any]) -> None:
    if len(_SIGNATURE_CACHE) + len(rows) > _SIGNATURE_CACHE_SIZE:
        _SIGNATURE_CACHE.clear()  # simple and rare: the next batches read what they need again
    _SIGNATURE_CACHE.update(list(rows.items())[:_SIGNATURE_CACHE_SIZE])


class _Stored:
    """A stored article as a near-duplicate candidate; its story and title are read only for the
    one that turns out to be similar (and the story is then kept up to date in memory)."""

    _UNREAD = object()

    def __init__(self, pk: int) -> None:
        self.pk = pk
        self._cluster_id: Any = self._UNREAD

    @property
    def cluster_id(self) -> int | None:
        if self._cluster_id is self._UNREAD:
            self._cluster_id = Article.objects.filter(pk=self.pk).values_list("cluster_id", flat=True).first()
        return self._cluster_id  # type: ignore[no-any-return]

    @cluster_id.setter
    def cluster_id(self, value: int | None) -> None:
        self._cluster_id = value

    @property
    def title(self) -> str:
        return Article.objects.filter(pk=self.pk).values_list("title", flat=True).first() or ""


class _NearDupIndex:
    """Near-duplicate candidates for a whole batch: the archive around the batch's dates read in
    a few queries (one per run of close dates) into a MinHash matrix, plus the batch's own new
    articles, so each article is compared with one vectorised expression instead of one query
    and a loop. Same choice as `_cluster_for`: the most similar of the 2,000 newest articles
    within the window, the newest on a tie."""

    LIMIT = 2000

    def __init__(self, days: Sequence[dt.date]) -> None:
        import numpy as np

        window = dt.timedelta(days=NEAR_DUP_WINDOW_DAYS)
        ranges: list[list[Any]] = []
        for day in sorted(set(days)):
            if ranges and day - window <= ranges[-1][1]:
                ranges[-1][1], ranges[-1][2] = day + window, ranges[-1][2] + 1
            else:
                ranges.append([day - window, day + window, 1])
        found: set[int] = set()
        for low, high, count in ranges:
            # ids only: the day and the signature of an article never change, they are cached
            found.update(Article.objects.filter(published__range=(low, high)).order_by("-id")
                         .values_list("id", flat=True)[:self.LIMIT * count])
        known = _stored_signatures(sorted(found, reverse=True))
        pks = [pk for pk in sorted(found, reverse=True) if pk in known]  # minus any deleted meanwhile
        self.archive = [_Stored(pk) for pk in pks]
        self.archive_days = np.array([known[pk][0] for pk in pks], dtype=np.int64)
        self.archive_matrix = self._matrix([known[pk][1] for pk in pks])
        self.new: list[Article] = []  # this batch's articles, oldest first

    @staticmethod
    def _matrix(signatures: list):  # type: ignore[no-untyped-def]
        import numpy as np

        matrix = np.zeros((len(signatures), nlp.MINHASH_SIZE), dtype=np.uint64)
        valid = np.array([row is not None for row in signatures], dtype=bool)
        if valid.any():
            matrix[valid] = np.stack([row for row in signatures if row is not None])
        return matrix, valid

    def best(self, published: dt.date, minhash: list[int]) -> tuple[Article | _Stored | None, float]:
        import numpy as np

        low = (published - dt.timedelta(days=NEAR_DUP_WINDOW_DAYS)).toordinal()
        high = (published + dt.timedelta(days=NEAR_DUP_WINDOW_DAYS)).toordinal()
        own = np.asarray(minhash, dtype=np.uint64)
        recent = [a for a in reversed(self.new) if low <= a.published.toordinal() <= high]
        candidates: list[Article | _Stored] = recent[:self.LIMIT]
        scores = [nlp.minhash_similarity(minhash, a.minhash) for a in candidates]
        room = self.LIMIT - len(candidates)
        if room > 0 and self.archive:
            matrix, valid = self.archive_matrix
            rows = np.flatnonzero((self.archive_days >= low) & (self.archive_days <= high))[:room]
            if rows.size:
                found = (matrix[rows] == own).mean(axis=1) * valid[rows]
                candidates += [self.archive[i] for i in rows]
                scores += found.tolist()
        if not scores:
            return None, 0.0
        top = int(np.argmax(scores))  # the first maximum: the newest article wins a tie
        best_score = float(scores[top])
        if best_score <= 0.0:
            return None, 0.0
        if best_score >= NEAR_DUP_THRESHOLD:
            return candidates[top], best_score
        return None, best_score


def articles_ingest(*, actor: Person | None, items: Sequence[ArticleInput], analyse: bool = True) -> list[IngestResult]:
    """`article_ingest` for many articles at once, with the same outcome for each of them (one
    IngestResult per item, in order; an exact duplicate, also of an earlier item of the same
    batch, is not stored twice). One transaction per batch of BATCH_SIZE; a batch that fails
    (say, the same text stored concurrently) is retried article by article."""
    _can_ingest(actor)
    for item in items:
        _validated(item)
    results: list[IngestResult] = []
    for start in range(0, len(items), BATCH_SIZE):
        chunk = items[start:start + BATCH_SIZE]
        try:
            with transaction.atomic():
                results += _ingest_batch(actor=actor, items=chunk, analyse=analyse)
        except Exception:  # noqa: BLE001 - the one-by-one path keeps the good items and raises on the bad
            log.warning("media: a batch of %d articles failed, retrying one by one", len(chunk), exc_info=True)
            results += [article_ingest(actor=actor, source=i.source, title=i.title, body=i.body,
                                       published=i.published, url=i.url, language=i.language, analyse=analyse)
                        for i in chunk]
    return results


def _ingest_batch(*, actor: Person | None, items: Sequence[ArticleInput], analyse: bool) -> list[IngestResult]:
    today = timezone.localdate()
    prepared = []
    for item in items:
        title, body = _validated(item)
        prepared.append((item, title, body, nlp.content_hash(body), item.published or today))
    stored = {a.content_hash: a for a in Article.objects.filter(content_hash__in={p[3] for p in prepared})}
    new: list[tuple[int, ArticleInput, str, str, str, dt.date]] = []
    seen: set[str] = set(stored)
    for index, (item, title, body, digest, published) in enumerate(prepared):
        if digest not in seen:
            seen.add(digest)
            new.append((index, item, title, body, digest, published))
    raw_texts = [f"{title}\n\n{body}" for _i, _item, title, body, _d, _p in new]
    analyses = nlp.analyze_many(raw_texts, [n[5] for n in new]) if analyse and new else [None] * len(new)
    index = _NearDupIndex([n[5] for n in new]) if new else None
    articles: list[Article] = []
    similarities: list[float] = []
    for (_i, item, title, body, digest, published), raw_text in zip(new, raw_texts, strict=True):
        minhash, simhash = nlp.signatures(raw_text)
        similar, similarity = index.best(published, minhash)  # type: ignore[union-attr]
        cluster_id = None
        if similar is not None:
            cluster_id = similar.cluster_id
            if cluster_id is None:
                cluster_id = Cluster.objects.create(title=similar.title[:1000]).pk
                similar.cluster_id = cluster_id
                if similar.pk is not None:
                    Article.objects.filter(pk=similar.pk).update(cluster_id=cluster_id)
        article = Article(
            source=item.source, url=(item.url or "")[:2000], title=title[:1000], published=published, body=body,
            raw_text=raw_text, language=item.language or "ru", content_hash=digest, simhash=simhash, minhash=minhash,
            cluster_id=cluster_id, search_terms=nlp.lemmatise(raw_text) if connection.vendor == "sqlite" else "",
            ingested_by=actor,
        )
        index.new.append(article)  # type: ignore[union-attr]
        articles.append(article)
        similarities.append(similarity)
    Article.objects.bulk_create(articles)
    # only once committed: a rolled-back batch may see its ids given again (SQLite)
    fresh = {a.pk: (a.published.toordinal(), _signature_row(a.minhash)) for a in articles}
    transaction.on_commit(lambda: _remember_signatures(fresh))
    if connection.vendor == "sqlite" and articles:
        with connection.cursor() as cursor:
            cursor.executemany("INSERT INTO media_article_fts(rowid, terms) VALUES (%s, %s)",
                               [(a.pk, a.search_terms) for a in articles])
    links_of: dict[int, list[Link]] = {}
    if analyse and articles:
        now = timezone.now()
        Extraction.objects.bulk_create([Extraction(article=a, data=data, analysed_at=now)
                                        for a, data in zip(articles, analyses, strict=True)])
        events_of = {a.pk: _events_of(a, data) for a, data in zip(articles, analyses, strict=True)}
        Event.objects.bulk_create([e for events in events_of.values() for e in events])
        targets = LinkTargets.load()
        nulls_first = connection.vendor == "sqlite"  # the Meta ordering (start, id) as each database sorts NULL
        for article in articles:
            events = sorted(events_of[article.pk], key=lambda e: (
                (e.start is not None) if nulls_first else (e.start is None), e.start or 0, e.pk))
            article._prefetched_objects_cache = {"events": events, "links": []}  # new: no decided links yet
            links_of[article.pk] = suggest_for_article(article, targets, save=False)
        Link.objects.bulk_create([link for links in links_of.values() for link in links])
        for article in articles:
            del article._prefetched_objects_cache  # later readers see the database, not this snapshot
    audit_record_many(actor=actor, action="media.article.ingest", entries=[
        (article, {"source": article.source_id, "title": article.title, "cluster": article.cluster_id,
                   "similarity": round(similarity, 3), "links": len(links_of.get(article.pk, []))})
        for article, similarity in zip(articles, similarities, strict=True)])
    by_digest = {a.content_hash: a for a in articles}
    created_at = {n[0] for n in new}
    return [IngestResult(by_digest[p[3]], created=True, links=links_of.get(by_digest[p[3]].pk, []))
            if i in created_at else IngestResult(stored.get(p[3]) or by_digest[p[3]], created=False)
            for i, p in enumerate(prepared)]


# ------------------------------------------------------------------ feeds, pages, files

_TAGS = re.compile(r"<[^>]+>")


def _html_to_text(value: str) -> str:
    if "<" in value:
        try:
            import trafilatura

            extracted = trafilatura.extract(f"<html><body><article>{value}</article></body></html>",
                                            include_comments=False)
            if extracted:
                return extracted
        except Exception:  # noqa: BLE001 - a broken fragment falls back to stripping tags
            log.debug("media: trafilatura could not read a feed summary", exc_info=True)
    return html.unescape(_TAGS.sub(" ", value)).strip()


def _entry_date(entry) -> dt.date | None:  # type: ignore[no-untyped-def]
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC).date()
    return None


def ingest_feed_bytes(*, actor: Person | None, source: Source, payload: bytes, progress: Progress = None) -> PollResult:
    import feedparser

    parsed = feedparser.parse(payload)
    result = PollResult(source=source)
    total = len(parsed.entries)
    pending: list[ArticleInput] = []

    def flush() -> None:
        for outcome in articles_ingest(actor=actor, items=pending):
            if outcome.created:
                result.created += 1
            else:
                result.duplicates += 1
        pending.clear()

    for done, entry in enumerate(parsed.entries):
        if progress is not None:
            progress(done, total, "entries")
        content = entry.get("content") or []
        raw = content[0].get("value", "") if content else entry.get("summary", "")
        body = _html_to_text(raw or "").strip()
        title = html.unescape(_TAGS.sub("", entry.get("title", ""))).strip()
        if not title or not body:
            continue
        pending.append(ArticleInput(source=source, title=title, body=body, published=_entry_date(entry),
                                    url=entry.get("link", "")))
        if len(pending) >= BATCH_SIZE:
            flush()
    if pending:
        flush()
    if progress is not None:
        progress(total, total, "entries")
    return result


def ingest_page_html(*, actor: Person | None, source: Source, html_text: str, url: str = "") -> IngestResult:
    """Main text of a fetched page via trafilatura (which never fetches anything itself here)."""
    import trafilatura

    body = trafilatura.extract(html_text, url=url or None, include_comments=False, include_tables=False)
    if not body:
        raise ValidationFailed(field_errors={"body": _("No article text was found on the page.")})
    meta = trafilatura.extract_metadata(html_text, default_url=url or None)
    title = (meta.title if meta and meta.title else "") or body.split("\n", 1)[0][:200]
    published = _parse_date(meta.date) if meta and meta.date else None
    return article_ingest(actor=actor, source=source, title=title, body=body, published=published, url=url)


def _looks_like_feed(result: FetchResult) -> bool:
    kind = result.content_type.lower()
    if any(marker in kind for marker in ("rss", "atom", "/xml", "+xml")):
        return True
    head = result.body[:512].lstrip().lower()
    return head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed")


def poll_source(*, source: Source, actor: Person | None = None, now: dt.datetime | None = None) -> PollResult:
    """Fetch one feed or page conditionally and record the outcome on the source (with back-off)."""
    now = now or timezone.now()
    result = PollResult(source=source)
    try:
        fetched = http_fetch(source.url, etag=source.etag, last_modified=source.last_modified)
        if fetched.status == 304:
            result.not_modified = True
        elif source.kind == Source.Kind.PAGE:
            outcome = ingest_page_html(actor=actor, source=source, html_text=_decode(fetched), url=source.url)
            result.created, result.duplicates = int(outcome.created), int(not outcome.created)
        else:
            feed = ingest_feed_bytes(actor=actor, source=source, payload=fetched.body)
            result.created, result.duplicates = feed.created, feed.duplicates
    except (FetchError, ValidationFailed) as exc:
        result.error = str(getattr(exc, "message", exc))
        failures = source.failures + 1
        delay = min(dt.timedelta(minutes=source.schedule_minutes) * (2 ** min(failures, 10)), MAX_BACKOFF)
        Source.objects.filter(pk=source.pk).update(failures=failures, last_polled_at=now, next_poll_at=now + delay,
                                                   last_error=result.error[:2000])
        source.refresh_from_db()
        log.warning("media: polling %s failed (%s), next try at %s", source.url, result.error, source.next_poll_at)
        return result
    keep = fetched.status == 304  # a 304 may omit the validators: keep the ones we sent
    Source.objects.filter(pk=source.pk).update(
        failures=0, last_error="", last_polled_at=now, next_poll_at=now + dt.timedelta(minutes=source.schedule_minutes),
        etag=((fetched.etag or source.etag) if keep else fetched.etag)[:512],
        last_modified=((fetched.last_modified or source.last_modified) if keep else fetched.last_modified)[:128],
    )
    source.refresh_from_db()
    return result


def poll_due_feeds(now: dt.datetime | None = None, progress: Progress = None) -> list[PollResult]:
    """Poll every active feed or page whose time has come (the worker calls this periodically)."""
    now = now or timezone.now()
    due = list(Source.objects.filter(active=True, kind__in=FEED_KINDS).filter(
        Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)).order_by("next_poll_at", "id"))
    results = []
    for done, source in enumerate(due):
        if progress is not None:
            progress(done, len(due), "feeds")
        results.append(poll_source(source=source, now=now))
    if progress is not None:
        progress(len(due), len(due), "feeds")
    return results


def _decode(fetched: FetchResult) -> str:
    match = re.search(r"charset=([\w-]+)", fetched.content_type or "")
    try:
        return fetched.body.decode(match.group(1) if match else "utf-8")
    except (LookupError, UnicodeDecodeError):
        return fetched.body.decode("utf-8", errors="replace")


def ingest_seed_text(*, actor: Person | None, text: str, name: str = "", source: Source | None = None) -> IngestResult:
    try:
        published, title, body = nlp.parse_seed(text)
    except ValueError as exc:
        raise ValidationFailed(field_errors={"file": str(exc)}) from exc
    source = source or source_ensure(actor=actor, kind=Source.Kind.FILE, url="", name=_("Text files"))
    return article_ingest(actor=actor, source=source, title=title, body=body, published=published, url=name)


def ingest_location(*, actor: Person | None, location: str, progress: Progress = None) -> PollResult:
    """A seed-format file path, or an http(s) address of a feed or a page (what the CLI accepts)."""
    if progress is not None:
        progress(0, 1, "fetch")
    if location.lower().startswith(("http://", "https://")):
        fetched = http_fetch(location)
        kind = Source.Kind.RSS if _looks_like_feed(fetched) else Source.Kind.PAGE
        source = source_ensure(actor=actor, kind=kind, url=location)
        if kind == Source.Kind.PAGE:
            outcome = ingest_page_html(actor=actor, source=source, html_text=_decode(fetched), url=location)
            if progress is not None:
                progress(1, 1, "page")
            return PollResult(source=source, created=int(outcome.created), duplicates=int(not outcome.created))
        Source.objects.filter(pk=source.pk).update(etag=fetched.etag[:512], last_modified=fetched.last_modified[:128],
                                                   last_polled_at=timezone.now())
        return ingest_feed_bytes(actor=actor, source=source, payload=fetched.body, progress=progress)
    path = Path(location)
    text = path.read_text(encoding="utf-8")
    outcome = ingest_seed_text(actor=actor, text=text, name=path.name)
    if progress is not None:
        progress(1, 1, "file")
    return PollResult(source=outcome.article.source, created=int(outcome.created), duplicates=int(not outcome.created))


# ------------------------------------------------------------------ ingestion in the background


def ingest_enqueue(*, actor: Person, location: str) -> Any:
    """Ingest an http(s) feed or page from the web in the background, as `actor` (their role is
    checked now and again by the job). Local paths are the CLI's: a web user must not make the
    server read its own files."""
    from collegium.notifications.models import Job
    from collegium.notifications.services import enqueue_job

    _can_ingest(actor)
    if not location.lower().startswith(("http://", "https://")):
        raise ValidationFailed(field_errors={"location": _("Only http(s) addresses can be ingested from the web.")})
    with transaction.atomic():
        job = enqueue_job("media:ingest", "collegium.media.services.ingest_location_job", {"location": location},
                          actor=actor)
        job.kwargs = {**job.kwargs, "job_id": job.pk}
        Job.objects.filter(pk=job.pk).update(kwargs=job.kwargs)
    return job


def ingest_location_job(*, progress: Callable[..., None], job_id: int, location: str) -> str:
    """The job of `ingest_enqueue`: runs as the person who started it; leaves no file (returns "")."""
    from collegium.core.errors import PermissionDenied
    from collegium.notifications.models import Job

    actor = Job.objects.select_related("created_by").get(pk=job_id).created_by
    if actor is None or not actor.is_active:
        raise PermissionDenied("The person who started the ingestion is no longer active.")
    if not location.lower().startswith(("http://", "https://")):
        raise ValidationFailed(field_errors={"location": "only http(s) addresses"})

    def report(done: int, total: int, note: str = "") -> None:
        progress(min(99, round(100 * done / max(total, 1))), f"{note} {done}/{total}")

    result = ingest_location(actor=actor, location=location, progress=report)
    progress(99, f"{result.created} new, {result.duplicates} duplicate(s)")
    return ""


# ------------------------------------------------------------------ links


@transaction.atomic
def link_confirm(*, actor: Person, link: Link) -> Link:
    """The press service (or a secretariat) confirms a suggested link.

    When the link says that a round of consultations was held (a `consultations` event with
    modality `held` linked to an open round), confirming it marks the round held with the
    article as evidence. The decision is the press officer's: confirming what the wire reports
    is their job: the consultations service lets the press service mark a round held when the
    article is attached as evidence, and both audit events name the person.
    """
    require_role(actor, Role.PRESS, Role.SECRETARIAT)
    link = Link.objects.select_for_update(of=("self",)).select_related("event", "article", "round").get(pk=link.pk)
    if link.status == Link.Status.CONFIRMED:
        raise InvalidTransition(_("The link is already confirmed."))
    previous = link.status
    link.status, link.confirmed_by, link.confirmed_at = Link.Status.CONFIRMED, actor, timezone.now()
    link.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    audit_record(actor=actor, action="media.link.confirm", obj=link,
                 changes={"from": previous, "target": link.target_kind, "target_id": link.target_id})
    if _marks_round_held(link):
        _apply_round_held(actor=actor, link=link)
    return link


def _marks_round_held(link: Link) -> bool:
    from collegium.consultations.services import OPEN_STATES

    return (link.round_id is not None and link.event is not None and link.event.type == "consultations"
            and link.event.modality == "held" and link.round.status in OPEN_STATES)


def _apply_round_held(*, actor: Person, link: Link) -> None:
    from collegium.consultations.services import round_mark_held

    event, article = link.event, link.article
    day = event.date_from or article.published
    evidence = f"{article.title} ({article.url or _('article') + ' #' + str(article.pk)})"
    round_mark_held(actor=actor, round=link.round, outcome=_("Held, as reported by the media: %(title)s")
                    % {"title": article.title}, date_start=day, date_end=event.date_to or day,
                    press_release_url=article.url if article.url.startswith(("http://", "https://")) else "",
                    evidence=evidence)
    link.applied = True
    link.save(update_fields=["applied"])
    audit_record(actor=actor, action="media.link.apply", obj=link,
                 changes={"round": link.round_id, "status": "held", "evidence": article.pk,
                          "authority": "secretariat" if actor.has_role(Role.SECRETARIAT) else "press confirmation"})


@transaction.atomic
def link_reject(*, actor: Person, link: Link, reason: str = "") -> Link:
    require_role(actor, Role.PRESS, Role.SECRETARIAT)
    link = Link.objects.select_for_update().get(pk=link.pk)
    if link.status != Link.Status.SUGGESTED:
        raise InvalidTransition(_("Only a suggested link can be rejected."))
    link.status, link.confirmed_by, link.confirmed_at = Link.Status.REJECTED, actor, timezone.now()
    link.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    audit_record(actor=actor, action="media.link.reject", obj=link, changes={"reason": reason})
    return link


@transaction.atomic
def links_refresh(*, actor: Person | None, article: Article) -> list[Link]:
    """Recompute suggestions for an article (e.g. after the plan changed); decided links stay."""
    _can_ingest(actor)
    article.links.filter(status=Link.Status.SUGGESTED).delete()
    links = suggest_for_article(article)
    audit_record(actor=actor, action="media.links.refresh", obj=article, changes={"links": len(links)})
    return links

