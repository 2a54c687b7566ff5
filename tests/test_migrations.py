"""The models and the migrations agree."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrated(targets: list[tuple[str, str]]):
    """The test database migrated to ``targets`` (forwards or backwards); the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrated_to_the_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail("makemigrations found changes without a migration:\n" + out.getvalue())


@pytest.mark.django_db(transaction=True)
def test_comments_stored_before_the_duplicate_key_are_keyed_by_the_migration():
    from comments.models.comment import duplicate_key

    apps = migrated([("comments", "0003_comment_indexes")])
    article = apps.get_model("articles", "Article").objects.create(slug="old", title_ar="قديم")
    Comment = apps.get_model("comments", "Comment")
    fields = {"article_id": article.pk, "author_name": "س", "consent_at": "2026-01-01T00:00:00Z", "consent_version": 1}
    kept = Comment.objects.create(author_email="a@example.org", body="<p>نص</p>", **fields)
    erased = Comment.objects.create(author_email="", body="<p>نص</p>", **fields)

    Comment = migrated([("comments", "0004_comment_duplicate_key")]).get_model("comments", "Comment")

    assert Comment.objects.get(pk=kept.pk).duplicate_key == duplicate_key(article.pk, "a@example.org", "<p>نص</p>")
    assert Comment.objects.get(pk=erased.pk).duplicate_key == ""
    migrated_to_the_latest()


@pytest.mark.django_db(transaction=True)
def test_comments_stored_before_the_thread_start_get_their_threads_start_from_the_migrations():
    from datetime import UTC, datetime, timedelta

    apps = migrated([("comments", "0005_comment_roots_index")])
    article = apps.get_model("articles", "Article").objects.create(slug="old", title_ar="قديم")
    Comment = apps.get_model("comments", "Comment")
    start = datetime(2026, 1, 1, tzinfo=UTC)

    def stored(minutes: int, parent=None):
        comment = Comment.objects.create(
            article_id=article.pk, parent=parent, thread_id=parent.thread_id if parent else None, depth=parent.depth + 1 if parent else 1,
            author_name="س", author_email="a@example.org", body=f"<p>{minutes}</p>", consent_at=start, consent_version=1,
            submitted_at=start + timedelta(minutes=minutes),
        )
        if parent is None:
            Comment.objects.filter(pk=comment.pk).update(thread_id=comment.pk)
            comment.thread_id = comment.pk
        return comment

    first, second = stored(0), stored(5)
    reply = stored(10, parent=first)
    nested = stored(20, parent=reply)

    Comment = migrated([("comments", "0008_comment_page_index")]).get_model("comments", "Comment")

    started = dict(Comment.objects.values_list("pk", "thread_started_at"))
    assert started == {first.pk: start, reply.pk: start, nested.pk: start, second.pk: start + timedelta(minutes=5)}
    migrated_to_the_latest()
