from django.db import migrations, models


class Migration(migrations.Migration):
    """The thread's start on every comment: added empty here, filled in batches by 0007, required by 0008."""

    dependencies = [
        ("comments", "0005_comment_roots_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="thread_started_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="thread started"),
        ),
    ]
