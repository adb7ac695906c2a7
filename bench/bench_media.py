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
2. Search: --articles generated articles are bulk-inserted with their search index (no NLP: only
   the index matters here), then --queries searches through `selectors.article_list` (first
   page of 20), median and p95 latency.
The PostgreSQL database named in the URL must exist and be disposable (tables are created by migrate).
"""

from __future__ import annotations

import argparse
import os
import random
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


def make_text(rng: random.Random, i: int | str):  # type: ignore[no-untyped-def]
    import datetime as dt

    day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365))
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


def bench_pipeline(n: int, rng: random.Random, round_size: int = 100, single: bool = False) -> tuple[float, float]:
    from collegium.media import services
    from collegium.media.models import Source
    from collegium_nlp import models as nlp_models
    from collegium_nlp.entities import make_doc

    run = int(time.time())  # a rerun on a kept PostgreSQL database must not measure duplicate hits
    texts = [make_text(rng, f"{run}-{i}") for i in range(n)]
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
    from django.db import connection, transaction

    from collegium.media import nlp
    from collegium.media.models import Article, Source

    source, _ = Source.objects.get_or_create(kind=Source.Kind.API, url="api:archive", defaults={"name": "archive"})
    have = Article.objects.filter(source=source).count()
    for start in range(have, n, batch):
        rows = []
        for i in range(start, min(n, start + batch)):
            day, title, body = make_text(rng, i)
            raw = f"{title}\n\n{body}"
            rows.append(Article(source=source, title=title, published=day, body=body, raw_text=raw,
                                content_hash=nlp.content_hash(f"{body} {i}"),
                                search_terms=nlp.lemmatise(raw) if connection.vendor == "sqlite" else ""))
        with transaction.atomic():
            created = Article.objects.bulk_create(rows)
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.executemany("INSERT INTO media_article_fts(rowid, terms) VALUES (%s, %s)",
                                       [(a.pk, a.search_terms) for a in created])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE media_article")


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
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from django.db import connection

        make_plan()
        load_before = _load()
        rate, ner_rate = bench_pipeline(args.pipeline, rng, args.round, args.single)
        print(f"database: {connection.vendor}; load average before/after the pipeline: {load_before} / {_load()}")
        print(f"pipeline ({'article_ingest one by one' if args.single else f'articles_ingest, batches of {args.round}'}"
              f" — ingest+NLP+dedup+link+index): {rate:.1f} articles/s/core over {args.pipeline} articles")
        print(f"plain Natasha NER over the same texts:   {ner_rate:.1f} articles/s/core")
        print(f"pipeline / NER throughput ratio:          {rate / ner_rate:.2f} (NER is {ner_rate / rate:.1f}x faster)")
        started = time.perf_counter()
        fill_archive(args.articles, rng)
        print(f"archive: {args.articles} articles indexed in {time.perf_counter() - started:.1f} s")
        median, p95, hit_rate = bench_search(args.queries, rng)
        print(f"search latency over {args.articles} articles: median {median:.1f} ms, p95 {p95:.1f} ms "
              f"({args.queries} queries, {hit_rate:.0%} with hits)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
