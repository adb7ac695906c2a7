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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from collegium.audit.services import audit_record, audit_record_many
from collegium.core.bulk import bulk_insert
from collegium.core.errors import InvalidTransition, ValidationFailed
from collegium.core.permissions import require_role
from collegium.media import nlp
from collegium.media.linking import LinkTargets, suggest_for_article
from collegium.media.models import Article, Cluster, Event, Extraction, Link, Source
from collegium.media.selectors import SUMMARY_FILE
from collegium.parties.models import Person, Role

if TYPE_CHECKING:  # numpy is imported where used: only ingestion needs it
    import numpy as np

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


def search_terms(raw_text: str) -> str:
    """What the archive search indexes for an article, on both databases: lemmas, and surnames
    in one form (collegium_nlp.search). PostgreSQL's `search_vector` column is generated from
    these and the text by the database itself (migration 0003)."""
    from collegium_nlp.search import index_text

    return index_text(raw_text)


def _fts_insert(article: Article) -> None:
    _fts_insert_many([article])


def _fts_insert_many(articles: Sequence[Article]) -> None:
    """The SQLite FTS5 rows of stored articles, one statement for all (PostgreSQL has nothing to
    do: its vector is a generated column)."""
    if connection.vendor == "sqlite" and articles:
        with connection.cursor() as cursor:
            cursor.executemany("INSERT INTO media_article_fts(rowid, terms) VALUES (%s, %s)",
                               [(a.pk, a.search_terms) for a in articles])


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
    title, body = _validated(ArticleInput(source=source, title=title, body=body))
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
    terms = search_terms(raw_text)
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


# Day (as an ordinal) and MinHash signature of stored articles, read and decoded once per
# process: neither ever changes after the article is stored, and decoding the JSON of every
# candidate for every batch was the largest database cost of batch ingestion. With them cached a
# batch only reads the ids of its window. They are kept in arrays, one slot per article, so that a
# batch gathers the signatures of its whole window in one numpy call (stacking ten thousand rows
# one by one cost more than the query). Bounded (about 0.6 KB an article, 75 MB at most: a year
# of 100,000 articles, which a batch spread over the year reads whole).
_SIGNATURE_CACHE_SIZE = 120_000


class _SignatureStore:
    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        import numpy as np

        self.size = 0
        self.keys = np.zeros(0, dtype=np.int64)  # the ids remembered, sorted
        self.key_slots = np.zeros(0, dtype=np.int64)  # the slot of each of them
        self.days = np.zeros(0, dtype=np.int64)
        self.matrix = np.zeros((0, nlp.MINHASH_SIZE), dtype=np.uint64)
        self.valid = np.zeros(0, dtype=bool)

    def __len__(self) -> int:
        return self.size

    def _find(self, pks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(whether each id is remembered, the position of the remembered ones in `keys`)."""
        import numpy as np

        if not self.keys.size:
            return np.zeros(pks.size, dtype=bool), np.zeros(0, dtype=np.int64)
        positions = np.minimum(np.searchsorted(self.keys, pks), self.keys.size - 1)
        hit = self.keys[positions] == pks
        return hit, positions[hit]

    def put(self, rows: Sequence[tuple[int, int, Any]]) -> None:
        """Remember (id, day, MinHash row or None) of stored articles."""
        import numpy as np

        if rows:
            hit, _positions = self._find(np.array([row[0] for row in rows], dtype=np.int64))
            rows = [row for row, known in zip(rows, hit.tolist(), strict=True) if not known]
        if self.size + len(rows) > _SIGNATURE_CACHE_SIZE:
            self.clear()  # simple and rare: the next batches read what they need again
            rows = rows[:_SIGNATURE_CACHE_SIZE]
        rows = list({row[0]: row for row in rows}.values())
        if not rows:
            return
        first, need = self.size, self.size + len(rows)
        if need > self.days.size:  # grow by doubling: appending a batch does not copy the store
            capacity = max(need, 2 * self.days.size, 1024)
            self.days = np.resize(self.days, capacity)
            self.valid = np.resize(self.valid, capacity)
            matrix = np.zeros((capacity, nlp.MINHASH_SIZE), dtype=np.uint64)
            matrix[:first] = self.matrix[:first]
            self.matrix = matrix
        for offset, (_pk, day, row) in enumerate(rows):
            slot = first + offset
            self.days[slot] = day
            self.valid[slot] = row is not None
            self.matrix[slot] = 0 if row is None else row
        keys = np.concatenate([self.keys, np.array([row[0] for row in rows], dtype=np.int64)])
        slots = np.concatenate([self.key_slots, np.arange(first, need, dtype=np.int64)])
        order = np.argsort(keys, kind="stable")
        self.keys, self.key_slots, self.size = keys[order], slots[order], need

    def missing(self, pks: np.ndarray) -> list[int]:
        hit, _positions = self._find(pks)
        return pks[~hit].tolist()

    def gather(self, pks: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(ids, days, MinHash matrix, valid rows) of the given articles that are remembered, in
        the given order."""
        hit, positions = self._find(pks)
        slots = self.key_slots[positions]
        return pks[hit], self.days[slots], self.matrix[slots], self.valid[slots]


_SIGNATURES = _SignatureStore()


def _signature_row(minhash: Any) -> np.ndarray | None:
    import numpy as np

    if isinstance(minhash, list) and len(minhash) == nlp.MINHASH_SIZE:
        return np.asarray(minhash, dtype=np.uint64)
    return None


def _signature_rows(decoded: list[Any]) -> list[Any]:
    """`_signature_row` of many signatures, converted in one numpy call (rows are views)."""
    import numpy as np

    valid = [i for i, m in enumerate(decoded) if isinstance(m, list) and len(m) == nlp.MINHASH_SIZE]
    out: list[Any] = [None] * len(decoded)
    if valid:
        matrix = np.array([decoded[i] for i in valid], dtype=np.uint64)
        for row, i in enumerate(valid):
            out[i] = matrix[row]
    return out


def _ordinal_sql() -> str:
    if connection.vendor == "postgresql":
        return "(published - DATE '0001-01-01') + 1"
    return "CAST(julianday(published) - 1721424.5 AS INTEGER)"  # julianday 1721425.5 is ordinal 1


def _stored_signatures(pks: np.ndarray, where: str = "", params: Sequence[Any] = ()
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(ids, days as ordinals, MinHash matrix, valid rows) of the stored articles among `pks`, in
    no particular order; ids that are not (or no longer) stored are absent. Those not remembered
    yet are read by id, or, when many are missing (a cold cache), all at once through `where` (the
    condition that found the ids)."""
    missing = _SIGNATURES.missing(pks)
    read: list[tuple[int, int, Any]] = []
    if missing:
        wanted = set(missing)
        if where and len(missing) > 500:
            statements = [(where, list(params))]
        else:
            statements = [("id IN (" + ", ".join(["%s"] * len(chunk)) + ")", chunk)
                          for chunk in (missing[i:i + 2000] for i in range(0, len(missing), 2000))]
        cast = "minhash::text" if connection.vendor == "postgresql" else "minhash"
        with connection.cursor() as cursor:
            for condition, values in statements:
                # the JSON as text, parsed in one call for all the rows: decoding row by row
                # through the field cost more than everything else the batch reads
                cursor.execute(f"SELECT id, {_ordinal_sql()}, {cast} FROM media_article WHERE {condition}",  # noqa: S608
                               values)
                # decoded 5,000 rows at a time: the lists of a whole year's signatures at once
                # (100,000 × 64 Python ints) were the worker's peak of memory
                while fetched := cursor.fetchmany(5000):
                    chunk = [row for row in fetched if row[0] in wanted]
                    decoded = json.loads("[" + ",".join(text or "null" for _pk, _day, text in chunk) + "]")
                    read += [(pk, int(day), row) for (pk, day, _text), row in zip(chunk, _signature_rows(decoded),
                                                                                  strict=True)]
    remembered = _SIGNATURES.gather(pks)
    if not read:
        return remembered
    # remembered once the reading transaction commits: a row this transaction wrote itself may
    # still be rolled back, and SQLite may then give its id to another article
    transaction.on_commit(lambda: _SIGNATURES.put(read))
    fresh = _SignatureStore()
    fresh.put(read)
    import numpy as np

    ids, days, matrix, valid = (np.concatenate(pair) for pair in zip(remembered, fresh.gather(pks), strict=True))
    return ids, days, matrix, valid


class _Stored:
    """A stored article chosen as the most similar to a new one; `_assign_stories` reads its story
    and title (for all the chosen ones at once) and keeps the story up to date in memory."""

    def __init__(self, pk: int) -> None:
        self.pk = pk
        self.cluster_id: int | None = None
        self.title = ""


def _store_indexed(articles: Sequence[Article]) -> None:
    """Insert new articles (their `search_terms` filled) and index them for search: the FTS5 rows
    on SQLite; on PostgreSQL the database generates the indexed vector. bench/bench_search.py
    fills its archive through this too."""
    bulk_insert(articles)
    _fts_insert_many(articles)


def _assign_stories(articles: list[Article], chosen: list[Article | _Stored | None]) -> None:
    """Give each new article the story of the article it is most similar to (`chosen`, in the
    batch's order), creating the story when that article had none yet, exactly as one
    `article_ingest` after another would; but with one read of the chosen stored articles, one
    insert of the new stories and one update of the stored articles that join one, instead of
    up to four queries for every near-duplicate."""
    stored = {c.pk: c for c in chosen if isinstance(c, _Stored)}
    if stored:
        found = {pk: (cluster_id, title) for pk, cluster_id, title in
                 Article.objects.filter(pk__in=list(stored)).values_list("id", "cluster_id", "title")}
        for pk, candidate in stored.items():
            candidate.cluster_id, candidate.title = found.get(pk, (None, ""))
    # a story made in this batch is a Cluster not saved yet until every article has its own
    story_of: dict[int, Cluster] = {}  # id() of an article or candidate -> its new story
    new_stories: list[Cluster] = []
    for article, similar in zip(articles, chosen, strict=True):
        if similar is None:
            continue
        story = story_of.get(id(similar))
        if story is None and similar.cluster_id is None:
            story = Cluster(title=similar.title[:1000])
            new_stories.append(story)
            story_of[id(similar)] = story
        if story is not None:
            story_of[id(article)] = story
        else:
            article.cluster_id = similar.cluster_id
    if not new_stories:
        return
    bulk_insert(new_stories)
    for article in articles:
        if id(article) in story_of:
            article.cluster_id = story_of[id(article)].pk
    joining = [(story_of[id(c)].pk, c.pk) for c in stored.values() if id(c) in story_of]
    if joining:
        with connection.cursor() as cursor:  # one round trip (psycopg pipelines executemany)
            cursor.executemany("UPDATE media_article SET cluster_id = %s WHERE id = %s", joining)


class _NearDupIndex:
    """Near-duplicate candidates for a whole batch: the archive around the batch's dates (the ids
    in one query, their days and signatures from the cache) in a MinHash matrix, plus the batch's
    own new articles, so each article is compared with one vectorised expression instead of one query
    and a loop. Same choice as `_cluster_for`: the most similar of the 2,000 newest articles
    within the window, the newest on a tie. The archive stays in arrays (ids, days, signatures):
    a Python object is made only for the one candidate that is chosen."""

    LIMIT = 2000

    def __init__(self, days: Sequence[dt.date]) -> None:
        import numpy as np

        window = dt.timedelta(days=NEAR_DUP_WINDOW_DAYS)
        ranges: list[list[dt.date]] = []
        for day in sorted(set(days)):
            if ranges and day - window <= ranges[-1][1]:
                ranges[-1][1] = day + window
            else:
                ranges.append([day - window, day + window])
        # One statement for all the ranges, ids only (the day and the signature come from the
        # cache). Every row of the ranges is read, no LIMIT: `best` keeps, for each article, the
        # 2,000 newest of its own window, as `_cluster_for` does.
        where = " OR ".join(["published BETWEEN %s AND %s"] * len(ranges)) or "1 = 0"
        params = [day for low_high in ranges for day in low_high]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM media_article WHERE {where}", params)  # noqa: S608
            ids = np.array([pk for (pk,) in cursor.fetchall()], dtype=np.int64)
        # (minus any deleted meanwhile) ordered by day, and newest first within a day, so that each
        # article's window is one slice found by bisection
        ids, stored_days, matrix, valid = _stored_signatures(ids, where, params)
        self.archive_order = np.lexsort((-ids, stored_days))  # sorted position -> row of the matrix
        self.archive_ids, self.archive_days = ids[self.archive_order], stored_days[self.archive_order]
        self.archive_matrix = (matrix, valid)
        self.chosen: dict[int, _Stored] = {}  # one object per stored article, however often it is chosen
        # this batch's articles in the order they were added, with their days and signatures in
        # arrays (filled as they are added) so that they too are compared in one expression
        self.new: list[Article] = []
        self.new_days = np.zeros(len(days), dtype=np.int64)
        self.new_matrix = np.zeros((len(days), nlp.MINHASH_SIZE), dtype=np.uint64)

    def add(self, article: Article) -> None:
        """A new article of the batch (its signature computed): later ones are compared with it."""
        import numpy as np

        position = len(self.new)
        self.new.append(article)
        self.new_days[position] = article.published.toordinal()
        self.new_matrix[position] = np.asarray(article.minhash, dtype=np.uint64)

    def _stored(self, pk: int) -> _Stored:
        if pk not in self.chosen:
            self.chosen[pk] = _Stored(pk)
        return self.chosen[pk]

    def best(self, published: dt.date, minhash: list[int]) -> tuple[Article | _Stored | None, float]:
        import numpy as np

        low = (published - dt.timedelta(days=NEAR_DUP_WINDOW_DAYS)).toordinal()
        high = (published + dt.timedelta(days=NEAR_DUP_WINDOW_DAYS)).toordinal()
        own = np.asarray(minhash, dtype=np.uint64)
        if own.shape != (nlp.MINHASH_SIZE,):
            return None, 0.0
        # Candidates: the batch's own articles, the last added first, then the archive, newest
        # first; the first maximum wins (so the newest article on a tie, a batch article before
        # an archive one).
        count = len(self.new)
        days = self.new_days[:count][::-1]
        recent = (count - 1 - np.flatnonzero((days >= low) & (days <= high)))[:self.LIMIT]
        chosen: Article | None = None  # a batch article, or None for the archive's `archive_pk`
        archive_pk = 0
        best_score = -1.0
        if recent.size:
            scores = (self.new_matrix[recent] == own).mean(axis=1)
            top = int(np.argmax(scores))
            chosen, best_score = self.new[int(recent[top])], float(scores[top])
        room = self.LIMIT - recent.size
        if room > 0 and self.archive_ids.size:
            matrix, valid = self.archive_matrix
            first, last = (int(x) for x in np.searchsorted(self.archive_days, [low, high + 1]))
            window = np.arange(first, last)
            if window.size > room:  # only the window's `room` newest articles take part
                window = first + np.argpartition(-self.archive_ids[first:last], room - 1)[:room]
            if window.size:
                held = self.archive_order[window]
                scores = (matrix[held] == own).mean(axis=1) * valid[held]
                top_score = float(scores.max())
                if top_score > best_score:
                    tied = window[scores == top_score]
                    chosen, best_score = None, top_score
                    archive_pk = int(self.archive_ids[tied].max())
        if best_score <= 0.0:
            return None, 0.0
        if best_score < NEAR_DUP_THRESHOLD:
            return None, best_score
        return chosen or self._stored(archive_pk), best_score


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
    for position, (item, title, body, digest, published) in enumerate(prepared):
        if digest not in seen:
            seen.add(digest)
            new.append((position, item, title, body, digest, published))
    raw_texts = [f"{title}\n\n{body}" for _i, _item, title, body, _d, _p in new]
    # read only when analyse is on (and then there is one analysis per new article)
    analyses = nlp.analyze_many(raw_texts, [n[5] for n in new]) if analyse and new else []
    index = _NearDupIndex([n[5] for n in new]) if new else None  # no new article: no query
    articles: list[Article] = []
    similarities: list[float] = []
    chosen: list[Article | _Stored | None] = []
    if index is not None:
        for (_i, item, title, body, digest, published), raw_text in zip(new, raw_texts, strict=True):
            minhash, simhash = nlp.signatures(raw_text)
            similar, similarity = index.best(published, minhash)
            article = Article(
                source=item.source, url=(item.url or "")[:2000], title=title[:1000], published=published, body=body,
                raw_text=raw_text, language=item.language or "ru", content_hash=digest, simhash=simhash,
                minhash=minhash, search_terms=search_terms(raw_text), ingested_by=actor,
            )
            index.add(article)
            articles.append(article)
            chosen.append(similar)
            similarities.append(similarity)
    _assign_stories(articles, chosen)
    _store_indexed(articles)
    # only once committed: a rolled-back batch may see its ids given again (SQLite)
    fresh = [(a.pk, a.published.toordinal(), _signature_row(a.minhash)) for a in articles]
    transaction.on_commit(lambda: _SIGNATURES.put(fresh))
    links_of: dict[int, list[Link]] = {}
    if analyse and articles:
        now = timezone.now()
        bulk_insert([Extraction(article=a, data=data, analysed_at=now)
                      for a, data in zip(articles, analyses, strict=True)], ids=False)
        events_of = {a.pk: _events_of(a, data) for a, data in zip(articles, analyses, strict=True)}
        bulk_insert([e for events in events_of.values() for e in events])
        targets = LinkTargets.load()
        nulls_first = connection.vendor == "sqlite"  # the Meta ordering (start, id) as each database sorts NULL
        for article in articles:
            events = sorted(events_of[article.pk], key=lambda e: (
                (e.start is not None) if nulls_first else (e.start is None), e.start or 0, e.pk))
            # Django's private prefetch cache: django-stubs do not declare it on Model
            article._prefetched_objects_cache = {"events": events, "links": []}  # type: ignore[attr-defined]  # new: no decided links yet
            links_of[article.pk] = suggest_for_article(article, targets, save=False)
        Link.objects.bulk_create([link for links in links_of.values() for link in links])
        for article in articles:
            del article._prefetched_objects_cache  # type: ignore[attr-defined]  # later readers see the database, not this snapshot
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


def _entry_date(entry: Mapping[str, Any]) -> dt.date | None:
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


# ------------------------------------------------------------------ sources added and polled from the web
#
# The Sources page queues one job per request: a new feed or page address, "poll now" of a listed
# source, or a handful of uploaded seed-format files. The job ingests item by item as the person
# who asked and leaves a summary (summary.json in its folder) of what each item gave: articles
# new / duplicate / put into a story, link suggestions, or the reason it failed. A failing item is
# part of the summary, not a failure of the job: retrying an unreachable host in a minute would
# only keep the person waiting for the same answer.

SOURCES_JOB_KIND = "media:sources"
SOURCES_JOB_FUNC = "collegium.media.services.sources_ingest_job"
SEED_FILE_MAX_BYTES = 1024 * 1024
SEED_FILES_MAX = 50
SCHEDULE_LIMITS = (5, 7 * 24 * 60)  # minutes: no hammering of a server, at least a weekly look
_SEED_HEADER = re.compile(r"\s*date\s+\d{4}-\d{2}-\d{2}\s+\S")


def can_ingest(actor: Person) -> bool:
    """Whether the person may add and poll sources (the press service and the secretariat)."""
    return bool(getattr(actor, "is_authenticated", False) and actor.is_active
                and (actor.has_role(Role.PRESS) or actor.has_role(Role.SECRETARIAT)))


def web_address_problem(url: str) -> str:
    """Why an address cannot be fetched from the web UI, or "" when it can."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url.strip())
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return _("Enter the full address of a feed or a page, starting with http:// or https://.")
    if len(url) > 2000:
        return _("The address is too long (at most 2000 characters).")
    return ""


def _sources_enqueue(*, actor: Person, items: list[dict[str, Any]], files: Sequence[tuple[str, bytes]] = ()) -> Any:
    from collegium.notifications.models import Job
    from collegium.notifications.services import enqueue_job, job_result_dir

    with transaction.atomic():
        job = enqueue_job(SOURCES_JOB_KIND, SOURCES_JOB_FUNC, {"items": items}, actor=actor)
        if files:
            # Stored under names of our own, in the job's folder outside the static root.
            folder = job_result_dir(job.pk)
            folder.mkdir(parents=True, exist_ok=True)
            for item, (_name, data) in zip(items, files, strict=True):
                (folder / item["file"]).write_bytes(data)
        job.kwargs = {**job.kwargs, "job_id": job.pk}
        Job.objects.filter(pk=job.pk).update(kwargs=job.kwargs)
    return job


def source_add_enqueue(*, actor: Person, url: str, name: str = "", schedule_minutes: int = 30) -> Any:
    """Queue the first ingestion of a feed or page address; the source is listed once it answers."""
    _can_ingest(actor)
    url = (url or "").strip()
    errors = {}
    problem = web_address_problem(url)
    if problem:
        errors["url"] = problem
    if not SCHEDULE_LIMITS[0] <= int(schedule_minutes) <= SCHEDULE_LIMITS[1]:
        errors["schedule_minutes"] = _("Poll at most every %(low)s minutes and at least once a week.") % {
            "low": SCHEDULE_LIMITS[0]}
    if errors:
        raise ValidationFailed(field_errors=errors)
    return _sources_enqueue(actor=actor, items=[{"kind": "url", "url": url, "label": url,
                                                 "name": (name or "").strip()[:255],
                                                 "schedule_minutes": int(schedule_minutes)}])


def source_poll_enqueue(*, actor: Person, source_id: int) -> Any:
    """Queue "poll now" of a listed feed or page."""
    from collegium.core.errors import NotFound

    _can_ingest(actor)
    source = Source.objects.filter(pk=source_id, kind__in=FEED_KINDS).first()
    if source is None:
        raise NotFound()
    return _sources_enqueue(actor=actor, items=[{"kind": "source", "source_id": source.pk, "label": source.name}])


def seed_files_enqueue(*, actor: Person, files: Sequence[tuple[str, bytes]]) -> Any:
    """Queue the ingestion of uploaded seed-format files (first line `date YYYY-MM-DD <title>`).
    Every file is checked first; any bad one refuses the upload with a line per file."""
    _can_ingest(actor)
    problems = []
    if not files:
        problems.append(_("Choose at least one text file."))
    if len(files) > SEED_FILES_MAX:
        problems.append(_("At most %(n)s files at a time.") % {"n": SEED_FILES_MAX})
    for name, data in files[:SEED_FILES_MAX]:
        if len(data) > SEED_FILE_MAX_BYTES:
            problems.append(_("%(name)s: the file is too large (at most %(kb)s KB).") % {
                "name": name, "kb": SEED_FILE_MAX_BYTES // 1024})
            continue
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            problems.append(_("%(name)s: not a UTF-8 text file.") % {"name": name})
            continue
        if not _SEED_HEADER.match(text) or not text.split("\n", 1)[-1].strip():
            problems.append(_("%(name)s: the first line must be «date YYYY-MM-DD title», followed by the text.")
                            % {"name": name})
    if problems:
        raise ValidationFailed(field_errors={"files": "\n".join(problems)})
    items = [{"kind": "file", "file": f"seed-{n}.txt", "label": name[:255]} for n, (name, _data) in enumerate(files)]
    return _sources_enqueue(actor=actor, items=items, files=files)


def _fetch_problem(text: str) -> str:
    """A person's sentence for why fetching failed, with the technical detail after it."""
    if "too large" in text:
        return _("The answer is too large (more than %(mb)s MB).") % {"mb": MAX_BYTES // (1024 * 1024)}
    if text.startswith("HTTP "):
        return _("The server answered with an error (%(detail)s).") % {"detail": text.split(" from ")[0]}
    if text.startswith("only http(s)"):
        return web_address_problem("")
    if re.match(r"\w+: ", text):  # "URLError: ...", "TimeoutError: ...": what http_fetch says of the network
        return _("The server could not be reached (%(detail)s).") % {"detail": text[:200]}
    return _no_article_problem()  # the page answered, but the extractor found no article in it


def _ingest_one(*, actor: Person, job_id: int, item: dict[str, Any], report: Callable[..., None]) -> dict[str, Any]:
    from collegium.notifications.services import job_result_dir

    outcome: dict[str, Any] = {"label": item.get("label", ""), "source_id": None, "created": 0, "duplicates": 0,
                               "clustered": 0, "links": 0, "error": ""}
    newest_before = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    source: Source | None = None
    if item["kind"] == "file":
        path = job_result_dir(job_id) / Path(item["file"]).name
        try:
            ingested = ingest_seed_text(actor=actor, text=path.read_text(encoding="utf-8-sig"), name=item["label"])
        except ValidationFailed as exc:
            outcome["error"] = _("The first line must be «date YYYY-MM-DD title», followed by the text.") \
                if "file" in exc.field_errors else " ".join(str(v) for v in exc.field_errors.values()) or exc.message
            return outcome
        report(1, 1, "file")
        source = ingested.article.source
        outcome["created"], outcome["duplicates"] = int(ingested.created), int(not ingested.created)
    elif item["kind"] == "source":
        source = Source.objects.filter(pk=item["source_id"]).first()
        if source is None:
            outcome["error"] = _("The source no longer exists.")
            return outcome
        report(0, 1, "fetch")
        polled = poll_source(source=source, actor=actor)
        report(1, 1, "fetch")
        outcome["created"], outcome["duplicates"] = polled.created, polled.duplicates
        if polled.error:
            outcome["error"] = _fetch_problem(polled.error)
        elif polled.not_modified:
            outcome["note"] = _("Not changed since the last poll.")
    else:
        try:
            polled = ingest_location(actor=actor, location=item["url"], progress=report)
        except FetchError as exc:
            outcome["error"] = _fetch_problem(str(exc))
            return outcome
        except ValidationFailed:
            outcome["error"] = _no_article_problem()
            return outcome
        source = polled.source
        outcome["created"], outcome["duplicates"] = polled.created, polled.duplicates
        now = timezone.now()
        empty = source.kind != Source.Kind.PAGE and not (polled.created or polled.duplicates)
        if empty:
            outcome["error"] = _("No news items were found at this address: it is not a feed, or the feed is empty.")
        schedule_minutes: int = item.get("schedule_minutes") or source.schedule_minutes
        changes = {"schedule_minutes": schedule_minutes, "name": item.get("name") or source.name}
        with transaction.atomic():  # the change and its audit event stand or fall together
            Source.objects.filter(pk=source.pk).update(
                **changes, last_polled_at=now, last_error=outcome["error"][:2000], failures=int(empty),
                next_poll_at=now + dt.timedelta(minutes=schedule_minutes))
            audit_record(actor=actor, action="media.source.configure", obj=source, changes=changes)
    outcome["source_id"] = source.pk
    new = Article.objects.filter(pk__gt=newest_before, source_id=source.pk)
    outcome["clustered"] = new.filter(cluster__isnull=False).count()
    outcome["links"] = Link.objects.filter(article__in=new).count()
    return outcome


def _no_article_problem() -> str:
    return _("Neither a news feed nor an article was found at this address.")


def sources_ingest_job(*, progress: Callable[..., None], job_id: int, items: list[dict[str, Any]]) -> str:
    """The job of the Sources page: ingest each item as the person who asked, report progress over
    all items, and write the summary. Leaves no file to download (returns "")."""
    from django.utils import translation

    from collegium.core.errors import PermissionDenied
    from collegium.notifications.messages import language_of
    from collegium.notifications.models import Job
    from collegium.notifications.services import job_result_dir

    actor = Job.objects.select_related("created_by").get(pk=job_id).created_by
    if actor is None or not can_ingest(actor):
        raise PermissionDenied("The person who started the ingestion may no longer ingest news.")
    folder = job_result_dir(job_id)
    outcomes = []
    with translation.override(language_of(actor.language)):
        for index, item in enumerate(items):
            def report(done: int, total: int, note: str = "", index: int = index, label: str = item["label"]) -> None:
                share = min(1.0, done / max(total, 1))
                progress(min(99, int(100 * (index + share) / len(items))),
                         _("%(item)s of %(items)s: %(label)s") % {"item": index + 1, "items": len(items),
                                                                  "label": label[:200]})

            report(0, 1)
            outcomes.append(_ingest_one(actor=actor, job_id=job_id, item=item, report=report))
        totals = {key: sum(o[key] for o in outcomes) for key in ("created", "duplicates", "clustered", "links")}
        totals["errors"] = sum(1 for o in outcomes if o["error"])
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / (SUMMARY_FILE + ".tmp")
        temporary.write_text(json.dumps({"items": outcomes, "totals": totals}, ensure_ascii=False), encoding="utf-8")
        temporary.replace(folder / SUMMARY_FILE)  # the page never reads half a summary
        progress(99, _("%(created)s new, %(duplicates)s duplicate, %(errors)s with errors") % totals)
    for item in items:
        if item["kind"] == "file":
            (folder / Path(item["file"]).name).unlink(missing_ok=True)
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
            and link.event.modality == "held" and link.round is not None and link.round.status in OPEN_STATES)


def _apply_round_held(*, actor: Person, link: Link) -> None:
    from collegium.consultations.services import round_mark_held

    event, article, rnd = link.event, link.article, link.round
    assert event is not None and rnd is not None  # _marks_round_held checked both
    day = event.date_from or article.published
    evidence = f"{article.title} ({article.url or _('article') + ' #' + str(article.pk)})"
    round_mark_held(actor=actor, round=rnd, outcome=_("Held, as reported by the media: %(title)s")
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

