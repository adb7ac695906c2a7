"""Media benchmark: pipeline throughput and archive search latency.

    .venv/bin/python bench/bench_media.py                      # 10,000 archive articles, SQLite in a temp dir
    .venv/bin/python bench/bench_media.py --articles 100000    # the 100k figure (a few minutes to generate)
    COLLEGIUM_DATABASE_URL=postgres://postgres@127.0.0.1:5432/collegium_bench .venv/bin/python bench/bench_media.py

1. Pipeline: batch ingestion (`articles_ingest`, what feeds use; `--single` measures
   `article_ingest` article by article instead) end to end (exact dedup, near-dup clustering,
   NLP analysis, events, link suggestions against a small plan, search indexing, audit) over
   --pipeline generated articles in one process (= one core), compared with plain Natasha NER
   (segment + NER tag, one text at a time) over the same texts. The two alternate in rounds of
   --round articles (which one goes first alternates too), so both see the same machine load;
   the load average is printed before and after. BLAS is limited to one thread.
   --archive-first N stores N archive articles of the same year first (signatures and search
   index, no NLP), so that the near-duplicate lookup searches a large archive; --profile prints a
   cProfile of the batch path and its SQL statements instead of timing (docs/media-performance.md).
2. Search: --articles generated articles are bulk-inserted with their search index (no NLP: only
   the index matters here), then --queries searches through `selectors.article_list` (first
   page of 20), median and p95 latency. bench/bench_search.py is the fuller search bench
   (100,000 varied articles, the page's count and first page, per kind of query).
The PostgreSQL database named in the URL must exist and be disposable (tables are created by migrate).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")  # one core: numpy must not spread the NER model over more

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

CITIES = ["Москве", "Минске", "Бресте", "Бишкеке", "Астане", "Ереване", "Душанбе", "Санкт-Петербурге", "Гродно"]
PEOPLE = ["Сергей Лавров", "Максим Рыженков", "Мария Захарова", "Александр Грушко", "Игорь Евсеев",
          "Андрей Руденко", "Михаил Галузин", "Сергей Рябков"]
TOPICS = ["информационной политике", "консульским вопросам", "проблематике ООН", "вопросам ОБСЕ",
          "Ближнему Востоку", "правам человека", "вопросам СНГ", "ОДКБ", "контролю над вооружениями",
          "противодействию санкциям", "исторической памяти", "традиционным ценностям", "миграции"]
VERBS = ["провели консультации по", "обсудили вопросы по", "рассмотрят на встрече темы по",
         "договорились о сотрудничестве по", "подписали документ по", "проведут переговоры по"]
FILLER = ["Стороны отметили высокий уровень взаимодействия.", "Было подчеркнуто значение координации.",
          "Делегации обменялись мнениями о международной обстановке.", "Особое внимание уделено Союзному государству.",
          "Министры выразили удовлетворение итогами работы.", "Следующая встреча пройдет в следующем году.",
          "Обсуждались также вопросы экономического сотрудничества.", "Был отмечен вклад экспертов обеих сторон."]
MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
          "ноября", "декабря"]


def make_text(rng: random.Random, i: int | str, last_days: int = 365):  # type: ignore[no-untyped-def]
    """A template news text of a day of 2025 (of its last `last_days` days)."""
    import datetime as dt

    day = dt.date(2025, 12, 31) - dt.timedelta(days=rng.randrange(last_days))
    city = rng.choice(CITIES)
    a, b = rng.sample(PEOPLE, 2)
    topic = rng.choice(TOPICS)
    title = f"{a} и {b} {rng.choice(VERBS)} {topic}"
    lead = (f"{city[:-1].upper() if city.endswith('е') else city.upper()}, {day.day} {MONTHS[day.month - 1]}. /ТАСС/. "
            f"{a} и {b} {rng.choice(VERBS)} {topic} в {city}.")
    body = " ".join([lead, *rng.sample(FILLER, 4), f"Материал №{i}."])
    return day, title, body


def setup_django(tmp: str) -> None:
    os.environ.setdefault("COLLEGIUM_VAR_DIR", tmp)
    os.environ.setdefault("COLLEGIUM_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("COLLEGIUM_LOG_LEVEL", "WARNING")
    # Production settings: with DEBUG on, Django records and quotes every SQL statement, which
    # is a cost no server pays (COLLEGIUM_DEBUG=1 measures it anyway).
    os.environ.setdefault("COLLEGIUM_DEBUG", "0")
    os.environ.setdefault("COLLEGIUM_SECRET_KEY", "bench-only-not-a-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "collegium.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_plan():  # type: ignore[no-untyped-def]
    import datetime as dt

    from collegium.consultations.services import plan_create, round_create
    from collegium.core.testing import make_world
    from collegium.meetings.services import session_create
    from collegium.parties.models import Party

    if Party.objects.filter(code="RU").exists():
        return
    world = make_world()
    session_create(actor=world.ru_sec, number=12, title="Заседание", date_start=dt.date(2025, 11, 25),
                   date_end=dt.date(2025, 11, 25), city="Москва", host_party=world.ru, parties=[world.ru, world.by])
    plan = plan_create(actor=world.ru_sec, year=2025, title="План консультаций на 2025 год")
    for n, topic in enumerate(["Информационная политика", "Консульские вопросы", "Проблематика ООН", "Вопросы СНГ"]):
        round_create(actor=world.ru_sec, plan=plan, topic=topic, level="heads_of_departments",
                     period_start=dt.date(2025, 1 + 3 * n, 1), period_end=dt.date(2025, 3 + 3 * n, 28),
                     venue="Минск")


def bench_pipeline(n: int, rng: random.Random, round_size: int = 100, single: bool = False,
                   chronological: bool = False, last_days: int = 365) -> tuple[float, float]:
    from collegium.media import services
    from collegium.media.models import Source
    from collegium_nlp import models as nlp_models
    from collegium_nlp.entities import make_doc

    run = int(time.time())  # a rerun on a kept PostgreSQL database must not measure duplicate hits
    texts = [make_text(rng, f"{run}-{i}", last_days) for i in range(n)]
    if chronological:
        # As a feed delivers them: each batch spans a few days of the year, not the whole year.
        texts.sort(key=lambda text: text[0])
    nlp_models.warm_up()
    services.nlp.analyze("Прогрев. МОСКВА, 1 января. /ТАСС/. Лавров провел переговоры.", texts[0][0])
    source = services.source_ensure(actor=None, kind=Source.Kind.API, url="api:bench", name="bench")
    # Interleaved, round by round (the first of the two alternates), so that both measurements
    # see the same machine load (the bench machine is shared).
    ner_seconds = pipeline_seconds = 0.0

    def ner(chunk) -> float:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        for _day, title, body in chunk:
            make_doc(f"{title}\n\n{body}")
        return time.perf_counter() - started

    def pipeline(chunk) -> float:  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        if single:
            for day, title, body in chunk:
                services.article_ingest(actor=None, source=source, title=title, body=body, published=day)
        else:
            services.articles_ingest(actor=None, items=[
                services.ArticleInput(source=source, title=title, body=body, published=day)
                for day, title, body in chunk])
        return time.perf_counter() - started

    for number, start in enumerate(range(0, n, round_size)):
        chunk = texts[start:start + round_size]
        if number % 2:
            pipeline_seconds += pipeline(chunk)
            ner_seconds += ner(chunk)
        else:
            ner_seconds += ner(chunk)
            pipeline_seconds += pipeline(chunk)
    return n / pipeline_seconds, n / ner_seconds


def fill_archive(n: int, rng: random.Random, batch: int = 2000) -> None:
    """n archive articles of 2025 (the pipeline's year), stored without the NLP analysis but with
    their MinHash signature (so the near-duplicate lookup compares against them) and their search
    index, through the code the ingestion uses (`services.search_terms`, `services._store_indexed`)."""
    from django.db import connection, transaction

    from collegium.media import nlp, services
    from collegium.media.models import Article, Source

    source, _ = Source.objects.get_or_create(kind=Source.Kind.API, url="api:archive", defaults={"name": "archive"})
    have = Article.objects.filter(source=source).count()
    for start in range(have, n, batch):
        rows = []
        for i in range(start, min(n, start + batch)):
            day, title, body = make_text(rng, i)
            raw = f"{title}\n\n{body}"
            minhash, simhash = nlp.signatures(raw)
            rows.append(Article(source=source, title=title, published=day, body=body, raw_text=raw,
                                content_hash=nlp.content_hash(f"{body} {i}"), minhash=minhash, simhash=simhash,
                                search_terms=services.search_terms(raw)))
        with transaction.atomic():
            services._store_indexed(rows)
    with connection.cursor() as cursor:
        # VACUUM as PostgreSQL's autovacuum does after bulk inserts in production (it may be off on
        # a bench machine): without the visibility map no index-only scan reads a window's ids
        cursor.execute("VACUUM ANALYZE media_article" if connection.vendor == "postgresql" else "ANALYZE")


def bench_search(queries: int, rng: random.Random) -> tuple[float, float, float]:
    from collegium.media import selectors
    from collegium.parties.models import Person

    person = Person(clearance=0)
    words = ["консультации", "Минске", "информационная политика", "Лаврова", "санкциям", "Союзного государства",
             "исторической памяти", "ОДКБ", "переговоры Бресте", "консульские вопросы"]
    timings, hits = [], 0
    for _ in range(queries):
        q = rng.choice(words)
        started = time.perf_counter()
        page = list(selectors.article_list(person, selectors.ArticleFilters(q=q))[:20])
        timings.append((time.perf_counter() - started) * 1000)
        hits += bool(page)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], hits / queries


def profile_pipeline(n: int, rng: random.Random, round_size: int) -> int:
    """Where the pipeline's time goes: cProfile of the batch path, and its SQL statements by kind."""
    import cProfile
    import pstats
    from collections import Counter

    from django.db import connection

    from collegium.media import services
    from collegium.media.models import Source
    from collegium_nlp import models as nlp_models

    texts = [make_text(rng, f"profile-{int(time.time())}-{i}") for i in range(n)]
    nlp_models.warm_up()
    services.nlp.analyze("Прогрев. МОСКВА, 1 января. /ТАСС/. Лавров провел переговоры.", texts[0][0])
    source = services.source_ensure(actor=None, kind=Source.Kind.API, url="api:bench", name="bench")
    statements: Counter[str] = Counter()
    seconds: Counter[str] = Counter()

    def spy(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            key = " ".join(sql.split()[:6])[:90]
            statements[key] += 1
            seconds[key] += time.perf_counter() - started

    profiler = cProfile.Profile()
    with connection.execute_wrapper(spy):
        for start in range(0, n, round_size):
            items = [services.ArticleInput(source=source, title=title, body=body, published=day)
                     for day, title, body in texts[start:start + round_size]]
            profiler.enable()
            services.articles_ingest(actor=None, items=items)
            profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)
    print(f"SQL statements over {n} articles ({connection.vendor}): count, seconds, statement")
    for key, count in statements.most_common():
        print(f"{count:6d} {seconds[key]:8.3f}  {key}")
    return 0


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000, help="archive size for the search latency")
    parser.add_argument("--pipeline", type=int, default=200, help="articles pushed through the whole pipeline")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--round", type=int, default=100, help="articles per alternating pipeline/NER round")
    parser.add_argument("--single", action="store_true", help="article_ingest one by one instead of the batch path")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--archive-first", type=int, default=0, metavar="N",
                        help="fill the archive with N articles of the same year before the pipeline runs "
                             "(the near-duplicate lookup then has a large archive to search)")
    parser.add_argument("--profile", action="store_true",
                        help="cProfile the pipeline rounds and count their SQL statements (not a timed run)")
    parser.add_argument("--no-search", action="store_true", help="skip the search latency part")
    parser.add_argument("--chronological", action="store_true",
                        help="push the articles in date order, as a feed delivers them (default: random dates "
                             "in every batch, the worst case for the near-duplicate window)")
    parser.add_argument("--last-days", type=int, default=365,
                        help="date the pipeline's articles within the archive year's last N days (with "
                             "--chronological: a feed's steady state, e.g. 7 days of a busy archive)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from django.db import connection

        make_plan()
        if args.archive_first:
            started = time.perf_counter()
            fill_archive(args.archive_first, rng)
            print(f"archive before the pipeline: {args.archive_first} articles of 2025 in "
                  f"{time.perf_counter() - started:.1f} s")
        if args.profile:
            return profile_pipeline(args.pipeline, rng, args.round)
        load_before = _load()
        rate, ner_rate = bench_pipeline(args.pipeline, rng, args.round, args.single, args.chronological,
                                        args.last_days)
        print(f"database: {connection.vendor}; load average before/after the pipeline: {load_before} / {_load()}")
        print(f"pipeline ({'article_ingest one by one' if args.single else f'articles_ingest, batches of {args.round}'}"
              f" — ingest+NLP+dedup+link+index): {rate:.1f} articles/s/core over {args.pipeline} articles")
        print(f"plain Natasha NER over the same texts:   {ner_rate:.1f} articles/s/core")
        print(f"pipeline / NER throughput ratio:          {rate / ner_rate:.2f} (NER is {ner_rate / rate:.1f}x faster)")
        # this process ran what a worker runs (models, signature store, batches): its peak is the worker's
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS of the process (models loaded, archive signatures cached): {peak:.0f} MB")
        if args.no_search:
            return 0
        started = time.perf_counter()
        fill_archive(args.articles, rng)
        print(f"archive: {args.articles} articles indexed in {time.perf_counter() - started:.1f} s")
        median, p95, hit_rate = bench_search(args.queries, rng)
        print(f"search latency over {args.articles} articles: median {median:.1f} ms, p95 {p95:.1f} ms "
              f"({args.queries} queries, {hit_rate:.0%} with hits)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
