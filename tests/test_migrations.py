"""The models and the migrations agree."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail("makemigrations found changes without a migration:\n" + out.getvalue())


@pytest.mark.django_db(transaction=True)
def test_comments_stored_before_the_duplicate_key_are_keyed_by_the_migration():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from comments.models.comment import duplicate_key

    before, after = [("comments", "0003_comment_indexes")], [("comments", "0004_comment_duplicate_key")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    article = apps.get_model("articles", "Article").objects.create(slug="old", title_ar="قديم")
    Comment = apps.get_model("comments", "Comment")
    fields = {"article_id": article.pk, "author_name": "س", "consent_at": "2026-01-01T00:00:00Z", "consent_version": 1}
    kept = Comment.objects.create(author_email="a@example.org", body="<p>نص</p>", **fields)
    erased = Comment.objects.create(author_email="", body="<p>نص</p>", **fields)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    Comment = executor.loader.project_state(after).apps.get_model("comments", "Comment")

    assert Comment.objects.get(pk=kept.pk).duplicate_key == duplicate_key(article.pk, "a@example.org", "<p>نص</p>")
    assert Comment.objects.get(pk=erased.pk).duplicate_key == ""
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
