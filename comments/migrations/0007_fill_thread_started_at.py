from django.db import migrations, transaction
from django.db.models import F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce

# Comments updated per transaction: a busy site keeps taking comments while its table is filled.
BATCH = 5_000


def fill_thread_started_at(apps, schema_editor):
    """Each comment's thread start: its top-level comment's submission time (its own, for a
    top-level comment), in batches of ids, each committed on its own (the migration is not atomic)."""
    Comment = apps.get_model("comments", "Comment")
    alias = schema_editor.connection.alias
    comments = Comment.objects.using(alias)
    last = comments.aggregate(last=Max("pk"))["last"] or 0
    started = Subquery(Comment.objects.using(alias).filter(pk=OuterRef("thread_id")).values("submitted_at")[:1])
    for start in range(0, last, BATCH):
        with transaction.atomic(using=alias):
            comments.filter(pk__gt=start, pk__lte=start + BATCH, thread_started_at__isnull=True).update(
                thread_started_at=Coalesce(started, F("submitted_at"))
            )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("comments", "0006_comment_thread_started_at"),
    ]

    operations = [
        migrations.RunPython(fill_thread_started_at, migrations.RunPython.noop, elidable=True),
    ]
