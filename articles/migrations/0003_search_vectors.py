"""PostgreSQL only: stored, GIN-indexed search vectors built from the normalised search text.

The text is already folded by cms.arabic (PostgreSQL's Arabic stemmer alone does not fold
ة to ه), so the vectors only add stemming and ranking. Other databases match on the stored
normalised text itself.
"""

from django.db import migrations

COLUMNS = [("search_vector_ar", "arabic", "search_text_ar"), ("search_vector_en", "english", "search_text_en")]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column, config, source in COLUMNS:
        schema_editor.execute(
            f"ALTER TABLE articles_article ADD COLUMN {column} tsvector "
            f"GENERATED ALWAYS AS (to_tsvector('{config}'::regconfig, coalesce({source}, ''))) STORED"
        )
        schema_editor.execute(f"CREATE INDEX articles_article_{column}_gin ON articles_article USING gin ({column})")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column, _config, _source in COLUMNS:
        schema_editor.execute(f"ALTER TABLE articles_article DROP COLUMN IF EXISTS {column}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_counters")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
