import importlib

from django.db import migrations, models

# The comments stored since 0007 filled the others (by a worker still running the code before it).
fill_thread_started_at = importlib.import_module("comments.migrations.0007_fill_thread_started_at").fill_thread_started_at


class Migration(migrations.Migration):
    """The thread start required, and the listing's index ordered by it (it replaces comment_listing_idx)."""

    dependencies = [
        ("comments", "0007_fill_thread_started_at"),
    ]

    operations = [
        migrations.RunPython(fill_thread_started_at, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="comment",
            name="thread_started_at",
            field=models.DateTimeField(editable=False, verbose_name="thread started"),
        ),
        migrations.AddIndex(
            model_name="comment",
            index=models.Index(
                fields=["article", "status", "thread_started_at", "thread", "depth", "submitted_at", "id"], name="comment_page_idx"
            ),
        ),
        migrations.RemoveIndex(
            model_name="comment",
            name="comment_listing_idx",
        ),
    ]
