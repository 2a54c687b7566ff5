"""The comment model, its visibility querysets and the small models around it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError

from articles.models import Article
from comments.models import BlockedSender, Comment, ModerationSettings
from comments.querysets import approved_q, pending_q
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def test_str_shows_no_personal_data():
    comment = CommentFactory(author_name="ليلى", author_email="layla@example.org")

    text = str(comment)

    assert text == f"Comment #{comment.pk} on article {comment.article_id}"
    assert "ليلى" not in text and "layla" not in text


def test_approved_and_pending_select_by_status():
    article = ArticleFactory()
    approved = CommentFactory(article=article)
    pending = CommentFactory(article=article, status=Comment.Status.PENDING)
    CommentFactory(article=article, status=Comment.Status.REJECTED)
    CommentFactory(article=article, status=Comment.Status.SPAM)

    assert list(Comment.objects.approved()) == [approved]
    assert list(Comment.objects.pending()) == [pending]


def test_q_twins_compose_through_relations():
    with_approved = ArticleFactory()
    CommentFactory(article=with_approved)
    with_pending = ArticleFactory()
    CommentFactory(article=with_pending, status=Comment.Status.PENDING)

    assert list(Article.objects.filter(approved_q("comments__"))) == [with_approved]
    assert list(Article.objects.filter(pending_q("comments__"))) == [with_pending]
    assert Comment.objects.filter(Comment.objects.approved_q() | Comment.objects.pending_q()).count() == 2


def test_a_top_level_comment_is_its_own_thread_and_replies_join_it():
    root = CommentFactory()
    reply = CommentFactory(parent=root)
    nested = CommentFactory(parent=reply)

    assert (root.thread_id, root.depth) == (root.pk, 1)
    assert (reply.thread_id, reply.depth) == (root.pk, 2)
    assert (nested.thread_id, nested.depth) == (root.pk, 3)
    assert list(root.replies.all()) == [reply]


def test_moderate_comment_permission_exists_and_moderators_have_it(moderator, editor):
    assert Permission.objects.filter(content_type__app_label="comments", codename="moderate_comment").exists()
    assert moderator.has_perm("comments.moderate_comment")
    assert moderator.has_perm("comments.change_comment")
    assert not editor.has_perm("comments.moderate_comment")
    assert editor.has_perm("comments.view_comment") and not editor.has_perm("comments.change_comment")


def test_moderation_settings_are_one_row_with_wordpress_like_defaults():
    first = ModerationSettings.load()
    again = ModerationSettings.load()

    assert first.pk == again.pk == 1
    assert (first.max_links, first.hold_first_time_commenters, first.premoderate_all) == (2, True, False)
    assert first.moderation_words == first.disallowed_words == ""


@pytest.mark.parametrize(
    ("kind", "value", "stored"),
    [
        ("email", "  Spammer@Example.ORG ", "spammer@example.org"),
        ("domain", "@Spam.Example.", "spam.example"),
        ("address", "2001:DB8:0:0::1", "2001:db8::1"),
        ("address", "192.0.2.7", "192.0.2.7"),
    ],
)
def test_blocked_sender_value_is_normalised(kind, value, stored):
    sender = BlockedSender(kind=kind, value=value)

    sender.full_clean()

    assert sender.value == stored


@pytest.mark.parametrize(("kind", "value"), [("email", "not-an-email"), ("domain", "localhost"), ("address", "999.1.1.1")])
def test_blocked_sender_value_must_fit_its_kind(kind, value):
    with pytest.raises(ValidationError):
        BlockedSender(kind=kind, value=value).full_clean()
