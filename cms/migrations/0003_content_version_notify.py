"""On PostgreSQL, every change to the content version NOTIFYs the workers that listen for it
(cms/content_version.py): a statement-level trigger, so the row changed by any means counts."""

from django.db import migrations

CREATE = [
    """
    CREATE OR REPLACE FUNCTION cms_content_version_notify() RETURNS trigger AS $$
    BEGIN
        PERFORM pg_notify('cms_content_version', '');
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER cms_content_version_notify
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON cms_contentversion
        FOR EACH STATEMENT EXECUTE FUNCTION cms_content_version_notify()
    """,
]
DROP = [
    "DROP TRIGGER IF EXISTS cms_content_version_notify ON cms_contentversion",
    "DROP FUNCTION IF EXISTS cms_content_version_notify()",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("cms", "0002_counters")]

    operations = [migrations.RunPython(create, drop)]
