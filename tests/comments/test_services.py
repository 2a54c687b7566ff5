"""The comment services: submission, moderation decisions, edits and deletes, called directly."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cms import content_version
from cms.models import SiteSettings
from comments import cleaning, services
from comments.models import Comment, HeldReason, ModerationEvent
from tests.factories import ArticleFactory, BlockedSenderFactory, CommentFactory

pytestmark = pytest.mark.django_db


def submit(article, **overrides):
    values = {
        "article": article,
        "author_name": "سارة",
        "author_email": "sara@example.org",
        "body": "<p>شكراً على المقال</p>",
        "consent": True,
    }
    values.update(overrides)
    return services.comment_submit(**values)


@pytest.fixture(autouse=True)
def _no_intervals(settings):
    settings.CMS = {**settings.CMS, "COMMENT_MIN_INTERVAL_PER_ADDRESS": 0, "COMMENT_MIN_INTERVAL_PER_EMAIL": 0}


def test_submit_stores_consent_time_and_current_version():
    SiteSettings.objects.create(id=1, comment_consent_version=4)
    before = timezone.now()

    comment = submit(ArticleFactory())

    assert comment.consent_version == 4
    assert before <= comment.consent_at <= timezone.now()
    assert comment.consent_at == comment.submitted_at


def test_submit_without_consent_stores_nothing():
    with pytest.raises(services.ConsentRequired):
        submit(ArticleFactory(), consent=False)

    assert not Comment.objects.exists()


def test_submit_sanitises_the_body_and_keeps_its_plain_text():
    comment = submit(ArticleFactory(), body='<p onclick="x()">مرحبا <script>alert(1)</script><a href="https://example.org">رابط</a></p>')

    assert comment.body == '<p>مرحبا <a href="https://example.org" rel="nofollow ugc noopener">رابط</a></p>'
    assert comment.body_text == "مرحبا رابط"


def test_submit_cleans_the_name_and_lowercases_the_email():
    comment = submit(ArticleFactory(), author_name="\u202e  علي\u200b  \u3164", author_email=" Ali@Example.ORG ")

    assert comment.author_name == "علي"
    assert comment.author_email == "ali@example.org"


def test_submit_reports_every_invalid_field_at_once():
    with pytest.raises(ValidationError) as caught:
        submit(ArticleFactory(), author_name="\u200b", author_email="nope", author_url="javascript:alert(1)", body="<br>")

    assert set(caught.value.message_dict) == {"author_name", "author_email", "author_url", "body"}


def test_submit_keeps_the_address_and_a_truncated_user_agent():
    comment = submit(ArticleFactory(), ip_address="2001:DB8::1", user_agent="x" * 600 + "\x00")

    assert comment.ip_address == "2001:db8::1"
    assert comment.user_agent == "x" * 500


def test_approved_submission_counts_and_bumps_the_content_version(open_policy):
    article = ArticleFactory()
    version = content_version.current().value

    comment = submit(article)

    assert comment.status == Comment.Status.APPROVED
    article.refresh_from_db()
    assert article.comment_count == 1
    assert content_version.current().value > version


def test_held_submission_changes_neither_count_nor_version():
    article = ArticleFactory()
    version = content_version.current().value

    comment = submit(article)

    assert comment.status == Comment.Status.PENDING
    assert list(comment.held_reasons.values_list("code", flat=True)) == [HeldReason.Code.FIRST_TIME_COMMENTER]
    article.refresh_from_db()
    assert article.comment_count == 0
    assert content_version.current().value == version


def test_a_submission_is_stored_whole_with_its_thread_reasons_and_audit_row():
    """On PostgreSQL one statement stores it all; elsewhere one transaction: the same rows either way."""
    BlockedSenderFactory(kind="domain", value="example.org", action="hold")
    article = ArticleFactory(comments_premoderated=True)

    root = submit(article)
    reply_target = CommentFactory(article=article, status=Comment.Status.APPROVED)
    reply = submit(article, author_email="other@example.net", body="<p>رد</p>", parent_id=reply_target.pk)

    stored = Comment.objects.get(pk=root.pk)
    assert (stored.thread_id, stored.parent_id, stored.depth, stored.status) == (root.pk, None, 1, Comment.Status.PENDING)
    assert stored.duplicate_key and stored.consent_at == stored.submitted_at
    assert list(stored.held_reasons.order_by("pk").values_list("code", "detail")) == [
        (HeldReason.Code.BLOCKED_SENDER, "domain (hold)"), (HeldReason.Code.PREMODERATION, "article"),
        (HeldReason.Code.FIRST_TIME_COMMENTER, ""),
    ]
    event = ModerationEvent.objects.get(comment=root.pk)
    assert (event.comment_ref, event.to_status, event.actor_rule, event.note) == (
        root.pk, "pending", "policy", "blocked_sender, premoderation, first_time_commenter",
    )
    stored_reply = Comment.objects.get(pk=reply.pk)
    assert (stored_reply.thread_id, stored_reply.parent_id, stored_reply.depth) == (reply_target.thread_id, reply_target.pk, 2)
    assert (root.thread_id, reply.thread_id) == (root.pk, reply_target.thread_id)
    # The thread's start, which orders the listing: a top-level comment's own time, a reply's thread's.
    assert stored.thread_started_at == stored.submitted_at == root.thread_started_at
    assert stored_reply.thread_started_at == reply_target.submitted_at == reply.thread_started_at
    assert stored_reply.submitted_at > reply_target.submitted_at


def test_a_stale_consent_version_and_closed_comments_are_reported_before_invalid_fields(settings):
    SiteSettings.objects.create(id=1, comment_consent_version=3)
    invalid = {"author_email": "nope", "body": "<br>"}

    with pytest.raises(services.ConsentVersionChanged) as caught:
        submit(ArticleFactory(), consent_version=2, **invalid)
    assert caught.value.current_version == 3

    with pytest.raises(services.CommentsClosed):
        submit(ArticleFactory(comments_enabled=False), **invalid)

    with pytest.raises(ValidationError):
        submit(ArticleFactory(), consent_version=3, **invalid)
    assert not Comment.objects.exists()


def test_a_duplicate_is_refused_before_anything_is_stored():
    article = ArticleFactory()
    submit(article)

    with pytest.raises(services.DuplicateComment):
        submit(article, author_email="SARA@example.org")

    assert Comment.objects.count() == 1 and ModerationEvent.objects.count() == 1


def test_approve_reject_and_spam_keep_comment_count_and_record_the_moderator(moderator):
    article = ArticleFactory()
    comment = submit(article)

    services.comment_approve(comment=comment, by=moderator)
    article.refresh_from_db()
    assert article.comment_count == 1
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED and comment.moderated_by == moderator
    assert comment.moderated_at is not None

    version = content_version.current().value
    services.comment_reject(comment=comment, by=moderator)
    article.refresh_from_db()
    assert article.comment_count == 0
    assert content_version.current().value > version

    services.comment_mark_spam(comment=comment, by=moderator)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM


def test_a_decision_on_a_comment_that_changed_meanwhile_is_refused():
    comment = CommentFactory(status=Comment.Status.PENDING)
    stale = Comment.objects.get(pk=comment.pk)
    services.comment_approve(comment=comment)

    with pytest.raises(services.StatusChanged) as caught:
        services.comment_reject(comment=stale)

    assert caught.value.current == Comment.Status.APPROVED
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


def test_edit_sanitises_again_and_refuses_what_is_over_the_limits():
    comment = CommentFactory()

    services.comment_edit(comment=comment, body="<p>نص <script>x</script><b>معدل</b></p>")
    comment.refresh_from_db()
    assert comment.body == "<p>نص <b>معدل</b></p>"
    assert comment.body_text == "نص معدل"

    with pytest.raises(ValidationError) as caught:
        services.comment_edit(comment=comment, body="<b>" * 11 + "x")
    assert caught.value.error_dict["body"][0].code == "too_deep"


def test_delete_recounts_the_article():
    article = ArticleFactory()
    root = CommentFactory(article=article)
    CommentFactory(parent=root)
    Article = type(article)
    Article.objects.filter(pk=article.pk).update(comment_count=2)

    deleted = services.comments_delete(comments=[root])

    assert deleted == 2
    article.refresh_from_db()
    assert article.comment_count == 0


def test_closed_article_refuses_submission(settings):
    settings.CMS = {**settings.CMS, "COMMENTS_CLOSE_AFTER_DAYS": 3}
    old = ArticleFactory(published_at=timezone.now() - timedelta(days=4))

    with pytest.raises(services.CommentsClosed):
        submit(old)
    with pytest.raises(services.CommentsClosed):
        submit(ArticleFactory(comments_enabled=False))


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Alice", "Alice"),
        ("  Bob   Smith ", "Bob Smith"),
        ("\u202eAli\u202c", "Ali"),
        ("\u061cعلي\u200f", "علي"),
        ("ad\u200bmin", "admin"),
        ("Ca\u0301rlos", "Cárlos"),  # NFC
        ("x\u3164y", "xy"),
    ],
)
def test_clean_author_name(raw, clean):
    assert cleaning.clean_author_name(raw) == clean


@pytest.mark.parametrize("raw", ["", "   ", "\u200b\u200c\u200d\u2060", "\u3164", "\u115f\u1160\uffa0", "\u2800", "\u202e\u202c"])
def test_a_name_with_nothing_visible_is_refused(raw):
    with pytest.raises(ValidationError):
        cleaning.clean_author_name(raw)


@pytest.mark.parametrize(("raw", "clean"), [("&#x202E;nimda", "nimda"), ("A&lrm;B", "AB"), ("Tom &amp; Jerry", "Tom &amp; Jerry"), ("&#1593;لي", "&#1593;لي")])
def test_character_references_to_invisible_characters_are_removed_from_names(raw, clean):
    assert cleaning.clean_author_name(raw) == clean
