"""Full-text search indexes that differ per database.

PostgreSQL: a GIN expression index over the `russian` text-search configuration (snowball
stemming), matched exactly by the expression in selectors.PG_VECTOR.
SQLite: an FTS5 table over lemmatised text (the NLP package's lemmatiser), filled by the
ingestion service; rowid is the article id.
"""

from django.db import migrations

PG_INDEX = (
    "CREATE INDEX IF NOT EXISTS media_article_fts_ru ON media_article USING gin "
    "(to_tsvector('russian'::regconfig, coalesce(title, '') || ' ' || coalesce(body, '')))"
)


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("CREATE VIRTUAL TABLE IF NOT EXISTS media_article_fts USING fts5(terms, tokenize='unicode61')")
    elif vendor == "postgresql":
        schema_editor.execute(PG_INDEX)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS media_article_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS media_article_fts_ru")


class Migration(migrations.Migration):
    dependencies = [("media", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
