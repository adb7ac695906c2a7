"""Search terms on both databases; on PostgreSQL a stored, indexed text-search vector of them.

`search_terms` (lemmas, plus surnames in one form: collegium_nlp.search) was filled only on
SQLite; it is now filled everywhere, existing articles included. PostgreSQL searched the text
through its `russian` stemmer instead, which cannot find «Лавров» from «Лаврову» (and takes
«Лаврова» for «лавровый»); it now indexes the same terms as SQLite, with the `simple`
configuration (no stemming: the terms are lemmas already), so both databases find the same
articles. The vector is a generated column, computed once when a row is written, not again for
each row a query rechecks or a plan filters; stripped of positions (no phrase search or ranking
uses them), which makes it about a third smaller.
"""

from django.db import migrations, models

PG_OLD_INDEX = (
    "CREATE INDEX IF NOT EXISTS media_article_fts_ru ON media_article USING gin "
    "(to_tsvector('russian'::regconfig, coalesce(title, '') || ' ' || coalesce(body, '')))"
)
# STORAGE MAIN: the vector stays in the row (compressed) rather than moving out to TOAST with the
# long texts, so a plan that tests it row by row (a count of a very common word) reads no TOAST
# pages; on 100,000 articles that count took 250 ms instead of 480. One statement, so the table
# is rewritten once and with that storage already.
PG_ADD_VECTOR = (
    "ALTER TABLE media_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(strip(to_tsvector('simple'::regconfig, coalesce(search_terms, '')))) STORED, "
    "ALTER COLUMN search_vector SET STORAGE MAIN"
)
PG_VECTOR_INDEX = "CREATE INDEX media_article_search_gin ON media_article USING gin (search_vector)"


def reindex(Article, connection) -> None:  # type: ignore[no-untyped-def]  # noqa: N803 - a model class
    """Search terms of every stored article, and the SQLite FTS5 table rebuilt from them."""
    from collegium_nlp.search import index_text

    ids = list(Article.objects.order_by("id").values_list("id", flat=True))
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            rows = Article.objects.filter(pk__in=ids[start:start + 500]).values_list("id", "raw_text")
            cursor.executemany("UPDATE media_article SET search_terms = %s WHERE id = %s",
                               [(index_text(raw_text), pk) for pk, raw_text in rows])
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM media_article_fts")
            cursor.execute("INSERT INTO media_article_fts(rowid, terms) SELECT id, search_terms FROM media_article")


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS media_article_fts_ru")
    reindex(apps.get_model("media", "Article"), connection)
    if connection.vendor == "postgresql":
        schema_editor.execute(PG_ADD_VECTOR)
        schema_editor.execute(PG_VECTOR_INDEX)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE media_article DROP COLUMN IF EXISTS search_vector")
        schema_editor.execute(PG_OLD_INDEX)


class Migration(migrations.Migration):
    dependencies = [("media", "0002_search_index")]
    operations = [
        migrations.AlterField(
            model_name="article",
            name="search_terms",
            field=models.TextField(blank=True, help_text="Search terms of the title and text (collegium_nlp.search)"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
