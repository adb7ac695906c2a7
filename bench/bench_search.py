"""Archive search latency over a large generated archive (median and p95 per database).

    .venv/bin/python bench/bench_search.py                                  # 100,000 articles, SQLite in a temp dir
    .venv/bin/python bench/bench_search.py --articles 10000 --queries 300
    COLLEGIUM_DATABASE_URL=postgres://postgres@127.0.0.1:5432/collegium_bench_search .venv/bin/python bench/bench_search.py
    ... --keep var/bench/search.sqlite3       # SQLite: keep the file and reuse it next time (PostgreSQL keeps its database)

The archive: --articles generated Russian news items over 2024-2025 (people with their surnames in
every case, ministries, cities, organisations, topics, several kinds of events, datelines of several
agencies, 3-9 sentences each from a few dozen templates with slots), so that words, surnames and
phrases occur with very different frequencies. They are stored WITHOUT the NLP analysis (no NER,
events or links: that is the pipeline bench's subject, bench_media.py) but through the same code
that indexes ingested articles: `services.search_terms` (lemmas and surnames, collegium_nlp.search)
and `services._store_indexed` (the article rows, plus the FTS5 rows on SQLite; PostgreSQL generates
its vector column itself), in batches of --batch.

The queries go through `selectors.article_list` as the press page does (a real RU press officer of
the demo world, so the visibility rules apply), and each one takes what the page takes: the
paginator's count and the first page of 50 rows. Queries: single common and rare words in several
case forms, surnames in several cases, names with surnames, two- and three-word phrases, each also
with a date filter (a month, a quarter). Median and p95 in milliseconds, per kind of query too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

# (nominative, genitive, dative, instrumental, prepositional, post)
PEOPLE = [
    ("Сергей Лавров", "Сергея Лаврова", "Сергею Лаврову", "Сергеем Лавровым", "Сергее Лаврове", "министр иностранных дел России"),
    ("Максим Рыженков", "Максима Рыженкова", "Максиму Рыженкову", "Максимом Рыженковым", "Максиме Рыженкове", "министр иностранных дел Белоруссии"),
    ("Мария Захарова", "Марии Захаровой", "Марии Захаровой", "Марией Захаровой", "Марии Захаровой", "официальный представитель МИД России"),
    ("Александр Грушко", "Александра Грушко", "Александру Грушко", "Александром Грушко", "Александре Грушко", "заместитель министра"),
    ("Игорь Евсеев", "Игоря Евсеева", "Игорю Евсееву", "Игорем Евсеевым", "Игоре Евсееве", "заместитель министра"),
    ("Андрей Руденко", "Андрея Руденко", "Андрею Руденко", "Андреем Руденко", "Андрее Руденко", "заместитель министра"),
    ("Михаил Галузин", "Михаила Галузина", "Михаилу Галузину", "Михаилом Галузиным", "Михаиле Галузине", "заместитель министра"),
    ("Сергей Рябков", "Сергея Рябкова", "Сергею Рябкову", "Сергеем Рябковым", "Сергее Рябкове", "заместитель министра"),
    ("Алексей Оверчук", "Алексея Оверчука", "Алексею Оверчуку", "Алексеем Оверчуком", "Алексее Оверчуке", "вице-премьер"),
    ("Юрий Амбразевич", "Юрия Амбразевича", "Юрию Амбразевичу", "Юрием Амбразевичем", "Юрии Амбразевиче", "заместитель министра"),
    ("Борис Грызлов", "Бориса Грызлова", "Борису Грызлову", "Борисом Грызловым", "Борисе Грызлове", "посол России в Белоруссии"),
    ("Александр Рогожник", "Александра Рогожника", "Александру Рогожнику", "Александром Рогожником", "Александре Рогожнике", "посол Белоруссии в России"),
    ("Наталья Кочанова", "Натальи Кочановой", "Наталье Кочановой", "Натальей Кочановой", "Наталье Кочановой", "председатель Совета Республики"),
    ("Дмитрий Мезенцев", "Дмитрия Мезенцева", "Дмитрию Мезенцеву", "Дмитрием Мезенцевым", "Дмитрии Мезенцеве", "государственный секретарь Союзного государства"),
    ("Ольга Кузнецова", "Ольги Кузнецовой", "Ольге Кузнецовой", "Ольгой Кузнецовой", "Ольге Кузнецовой", "директор департамента"),
    ("Павел Уткин", "Павла Уткина", "Павлу Уткину", "Павлом Уткиным", "Павле Уткине", "директор департамента"),
]
# (nominative, genitive, prepositional "в ...", dateline)
CITIES = [
    ("Москва", "Москвы", "Москве", "МОСКВА"), ("Минск", "Минска", "Минске", "МИНСК"), ("Брест", "Бреста", "Бресте", "БРЕСТ"),
    ("Гродно", "Гродно", "Гродно", "ГРОДНО"), ("Бишкек", "Бишкека", "Бишкеке", "БИШКЕК"), ("Астана", "Астаны", "Астане", "АСТАНА"),
    ("Ереван", "Еревана", "Ереване", "ЕРЕВАН"), ("Душанбе", "Душанбе", "Душанбе", "ДУШАНБЕ"),
    ("Санкт-Петербург", "Санкт-Петербурга", "Санкт-Петербурге", "САНКТ-ПЕТЕРБУРГ"), ("Казань", "Казани", "Казани", "КАЗАНЬ"),
    ("Нью-Йорк", "Нью-Йорка", "Нью-Йорке", "НЬЮ-ЙОРК"), ("Женева", "Женевы", "Женеве", "ЖЕНЕВА"), ("Вена", "Вены", "Вене", "ВЕНА"),
    ("Пекин", "Пекина", "Пекине", "ПЕКИН"), ("Витебск", "Витебска", "Витебске", "ВИТЕБСК"), ("Смоленск", "Смоленска", "Смоленске", "СМОЛЕНСК"),
]
AGENCIES = ["ТАСС", "РИА Новости", "БЕЛТА", "Интерфакс", "Sputnik", "РБК", "Минская правда"]
TOPICS = [
    "информационной политике", "консульским вопросам", "проблематике ООН", "вопросам ОБСЕ", "Ближнему Востоку",
    "правам человека", "вопросам СНГ", "деятельности ОДКБ", "контролю над вооружениями", "противодействию санкциям",
    "исторической памяти", "традиционным ценностям", "миграционной политике", "евразийской безопасности",
    "вопросам ШОС", "сотрудничеству в БРИКС", "Арктике", "Афганистану", "гуманитарному сотрудничеству",
    "экономической дипломатии", "транспортным коридорам", "энергетической безопасности", "молодёжным обменам",
    "приграничному сотрудничеству", "научно-техническому сотрудничеству", "защите соотечественников",
]
ORGS = ["ООН", "ОБСЕ", "ОДКБ", "СНГ", "ШОС", "БРИКС", "ЕАЭС", "Союзного государства", "Совета Европы", "МАГАТЭ", "ЮНЕСКО"]
COUNTRIES = ["Китая", "Индии", "Ирана", "Турции", "Вьетнама", "Египта", "Бразилии", "ЮАР", "Сербии", "Казахстана",
             "Узбекистана", "Армении", "Азербайджана", "Монголии", "Кубы", "Венесуэлы", "Никарагуа", "Лаоса"]
MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября",
          "декабря"]
NUMBERS = ["двух", "трёх", "пяти", "семи", "десяти", "двенадцати", "пятнадцати", "двадцати", "тридцати"]

TITLES = [
    "{a0} и {b0} провели переговоры в {c2}",
    "{a0}: {t_short} остаётся приоритетом",
    "В {c2} прошли консультации по {topic}",
    "{a0} встретился с {b3}",
    "Министры обсудили сотрудничество по {topic}",
    "{a0} заявил о готовности к диалогу с {country}",
    "Делегации России и Белоруссии обсудили {org} в {c2}",
    "В {c2} подписан план консультаций на {year} год",
    "{a0} выступил на форуме в {c2}",
    "Захарова прокомментировала заявления {country}",
    "Эксперты обсудили {t_short} в {c2}",
    "Совместное заседание коллегий пройдёт в {c2}",
]
SENTENCES = [
    "{a0} и {b0} провели консультации по {topic} в {c2}.",
    "По словам {a1}, стороны договорились продолжить работу по {topic}.",
    "{a0} передал {b2} приглашение посетить {c0} в {month_name}.",
    "Встреча с {a3} продолжалась более {num} часов.",
    "В ходе переговоров обсуждалась ситуация вокруг {org}.",
    "Стороны отметили высокий уровень взаимодействия в рамках {org}.",
    "Особое внимание было уделено вопросам {country_plain}.",
    "Как сообщили в пресс-службе МИД, следующий раунд консультаций намечен на {day} {month_name}.",
    "Делегацию возглавлял {a0}, {a_post}.",
    "В мероприятии приняли участие представители {num} государств.",
    "Министры подписали план межмидовских консультаций на {year} год.",
    "Эксперты обсудили перспективы сотрудничества с {country_ins}.",
    "{a0} подчеркнул значение координации внешнеполитических шагов.",
    "О результатах встречи {b1} проинформировали журналистов.",
    "Речь шла также о подготовке визита {a1} в {c0}.",
    "В {c2} открылась выставка, посвящённая истории дипломатической службы.",
    "Консульские службы двух стран обменялись информацией о гражданах, находящихся в {c2}.",
    "На полях форума {a0} провёл ряд двусторонних встреч.",
    "Отмечено, что товарооборот за {num} месяцев вырос.",
    "Собеседники выразили обеспокоенность ростом напряжённости в регионе.",
    "{b0} рассказал о работе посольства в {c2}.",
    "Стороны условились поддерживать регулярные контакты по линии внешнеполитических ведомств.",
    "Вопросы противодействия фальсификации истории обсуждались с участием {a1}.",
    "По итогам встречи принято совместное заявление.",
    "Ранее {a0} заявил, что диалог по {topic} будет продолжен.",
    "Визит {a1} в {c0} запланирован на {month_name} {year} года.",
    "В заявлении МИД говорится о поддержке инициатив {org}.",
    "Участники обменялись мнениями о положении дел в {country_pre}.",
]
COUNTRY_FORMS = {  # genitive -> (plain noun phrase for «вопросам ...», instrumental, prepositional)
    "Китая": ("Китая", "Китаем", "Китае"), "Индии": ("Индии", "Индией", "Индии"), "Ирана": ("Ирана", "Ираном", "Иране"),
    "Турции": ("Турции", "Турцией", "Турции"), "Вьетнама": ("Вьетнама", "Вьетнамом", "Вьетнаме"),
    "Египта": ("Египта", "Египтом", "Египте"), "Бразилии": ("Бразилии", "Бразилией", "Бразилии"),
    "ЮАР": ("ЮАР", "ЮАР", "ЮАР"), "Сербии": ("Сербии", "Сербией", "Сербии"),
    "Казахстана": ("Казахстана", "Казахстаном", "Казахстане"), "Узбекистана": ("Узбекистана", "Узбекистаном", "Узбекистане"),
    "Армении": ("Армении", "Арменией", "Армении"), "Азербайджана": ("Азербайджана", "Азербайджаном", "Азербайджане"),
    "Монголии": ("Монголии", "Монголией", "Монголии"), "Кубы": ("Кубы", "Кубой", "Кубе"),
    "Венесуэлы": ("Венесуэлы", "Венесуэлой", "Венесуэле"), "Никарагуа": ("Никарагуа", "Никарагуа", "Никарагуа"),
    "Лаоса": ("Лаоса", "Лаосом", "Лаосе"),
}


def _weighted(rng: random.Random, items: list):  # type: ignore[no-untyped-def]
    """Zipf-like choice: a few people and cities are in the news far more often than the rest."""
    return rng.choices(items, weights=[1 / (rank + 1) for rank in range(len(items))])[0]


def make_article(rng: random.Random, i: int, start: dt.date = dt.date(2024, 1, 1), days: int = 731):  # type: ignore[no-untyped-def]
    """(published, title, body) of one varied article."""
    day = start + dt.timedelta(days=rng.randrange(days))
    a, b = _weighted(rng, PEOPLE), _weighted(rng, PEOPLE)
    if b is a:
        b = PEOPLE[(PEOPLE.index(a) + 1) % len(PEOPLE)]
    city = _weighted(rng, CITIES)
    topic = rng.choice(TOPICS)
    country = rng.choice(COUNTRIES)
    slots = {
        "a0": a[0], "a1": a[1], "a2": a[2], "a3": a[3], "a_post": a[5], "b0": b[0], "b1": b[1], "b2": b[2], "b3": b[3],
        "c0": city[0], "c1": city[1], "c2": city[2], "topic": topic, "t_short": topic.split()[-1].capitalize(),
        "org": rng.choice(ORGS), "country": country, "country_plain": COUNTRY_FORMS[country][0],
        "country_ins": COUNTRY_FORMS[country][1], "country_pre": COUNTRY_FORMS[country][2],
        "month_name": rng.choice(MONTHS), "day": rng.randrange(1, 29), "year": rng.choice([2024, 2025, 2026]),
        "num": rng.choice(NUMBERS),
    }
    title = rng.choice(TITLES).format(**slots)
    title = title[0].upper() + title[1:]
    lead = f"{city[3]}, {day.day} {MONTHS[day.month - 1]}. /{rng.choice(AGENCIES)}/. "
    sentences = [s.format(**slots) for s in rng.sample(SENTENCES, rng.randint(3, 9))]
    return day, title, lead + " ".join(sentences) + f" (№{i})"


def fill(n: int, seed: int, batch: int, signatures: bool = False, progress: bool = True) -> float:
    """Store n generated articles with their search index (no NLP); seconds taken. Resumes a kept archive."""
    from django.db import transaction

    from collegium.media import nlp, services
    from collegium.media.models import Article, Source

    source, _ = Source.objects.get_or_create(kind=Source.Kind.API, url="api:search-archive",
                                             defaults={"name": "generated archive"})
    have = Article.objects.filter(source=source).count()
    started = time.perf_counter()
    for first in range(have, n, batch):
        rng = random.Random(seed * 1_000_003 + first)  # a resumed fill makes the same articles
        rows = []
        for i in range(first, min(n, first + batch)):
            day, title, body = make_article(rng, i)
            raw = f"{title}\n\n{body}"
            minhash, simhash = nlp.signatures(raw) if signatures else ([], 0)
            rows.append(Article(source=source, title=title, published=day, body=body, raw_text=raw,
                                content_hash=nlp.content_hash(f"{body} {i}"), minhash=minhash, simhash=simhash,
                                search_terms=services.search_terms(raw)))
        with transaction.atomic():
            services._store_indexed(rows)
        if progress:
            done = min(n, first + batch)
            print(f"\r  {done}/{n} articles, {time.perf_counter() - started:.0f} s", end="", file=sys.stderr, flush=True)
    if progress and have < n:
        print(file=sys.stderr)
    _analyze()
    return time.perf_counter() - started


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        # what autovacuum does to an archive that has stopped changing (statistics, visibility map)
        cursor.execute("VACUUM ANALYZE media_article" if connection.vendor == "postgresql" else "ANALYZE")


QUERIES = {
    "word": ["консультации", "консультаций", "переговоры", "переговорах", "выставка", "выставке", "санкциям",
             "Арктике", "молодёжным", "Минске", "Минск", "Бреста", "Казань", "товарооборот", "фальсификации",
             "журналистов", "посольства", "делегацию"],
    "surname": ["Лавров", "Лаврова", "Лаврову", "Лавровым", "Рыженков", "Рыженкову", "Захаровой", "Захарова",
                "Грушко", "Рябкова", "Оверчуком", "Амбразевича", "Кочановой", "Мезенцеву", "Уткина", "Рогожник"],
    "name": ["Сергей Лавров", "Марии Захаровой", "Максима Рыженкова", "Дмитрием Мезенцевым", "Ольга Кузнецова"],
    "phrase": ["информационная политика", "консульские вопросы", "Союзного государства", "контроль над вооружениями",
               "план консультаций", "переговоры в Бресте", "исторической памяти", "сотрудничество с Китаем",
               "Лавров Минск", "Захарова заявления Турции", "визит в Казань"],
}


def run_queries(count: int, seed: int) -> dict[str, list[float]]:
    from django.core.paginator import Paginator

    from collegium.media import selectors
    from collegium.parties.models import Person

    person = Person.objects.filter(is_press=True, is_active=True, party__code="RU").first()
    if person is None:
        raise SystemExit("no RU press officer: the demo world was not loaded")
    rng = random.Random(seed)
    months = [(dt.date(y, m, 1), (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)))
              for y in (2024, 2025) for m in range(1, 13)]
    quarters = [(dt.date(y, q, 1), dt.date(y, q + 2, 28)) for y in (2024, 2025) for q in (1, 4, 7, 10)]
    timings: dict[str, list[float]] = {}
    hits = 0
    for number in range(count):
        kind = rng.choice(list(QUERIES))
        filters = selectors.ArticleFilters(q=rng.choice(QUERIES[kind]))
        label = kind
        if number % 3 == 1:
            filters.date_from, filters.date_to = rng.choice(months)
            label += " + month"
        elif number % 3 == 2:
            filters.date_from, filters.date_to = rng.choice(quarters)
            label += " + quarter"
        started = time.perf_counter()
        page = Paginator(selectors.article_list(person, filters), 50).get_page(1)  # what the page does
        rows = list(page)
        elapsed = (time.perf_counter() - started) * 1000
        hits += bool(rows)
        timings.setdefault(label, []).append(elapsed)
        timings.setdefault("all", []).append(elapsed)
    timings["_hits"] = [hits / count]
    return timings


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(len(ordered) * 0.95)) - 1)]


def setup(tmp: str, keep: str) -> None:
    from bench_media import setup_django  # same directory: the same production-like settings

    os.environ.setdefault("COLLEGIUM_DATABASE_URL", f"sqlite:///{keep or tmp + '/search.sqlite3'}")
    setup_django(tmp)
    from collegium.parties.models import Party

    if not Party.objects.filter(code="RU").exists():
        from collegium.core.testing import make_world

        make_world()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--batch", type=int, default=2000, help="articles per insert transaction")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--keep", default="", help="SQLite file to keep the archive in (reused by the next run)")
    parser.add_argument("--warm", type=int, default=30, help="untimed queries first (caches, plans)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp, args.keep)
        from django.db import connection

        from collegium.media.models import Article

        seconds = fill(args.articles, args.seed, args.batch)
        total = Article.objects.count()
        print(f"database: {connection.vendor}; archive: {total} articles "
              f"(generated and indexed in {seconds:.1f} s this run)")
        run_queries(args.warm, args.seed + 1)
        load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
        timings = run_queries(args.queries, args.seed)
        load_after = " ".join(f"{x:.2f}" for x in os.getloadavg())
        hits = timings.pop("_hits")[0]
        print(f"load average before/after the queries: {load_before} / {load_after}; {hits:.0%} of queries found something")
        print(f"{'query kind':<22}{'n':>5}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}")
        for label in sorted(timings, key=lambda k: (k != "all", k)):
            values = timings[label]
            print(f"{label:<22}{len(values):>5}{statistics.median(values):>11.1f}{_p95(values):>9.1f}{max(values):>9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
