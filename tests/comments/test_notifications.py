"""E-mail to moderators when a comment is held or flagged: after commit, off by a setting, never to the commenter."""

from __future__ import annotations

import json

import pytest
from django.core import mail
from django.db import transaction
from django.utils.translation import gettext

from cms.roles import MODERATORS
from comments import services
from comments.models import Comment
from tests.comments.conftest import post
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _notify(settings):
    # One e-mail per held comment, unless a test sets an interval.
    settings.CMS = {**settings.CMS, "MODERATION_NOTIFY": True, "MODERATION_NOTIFY_EMAILS": [], "MODERATION_NOTIFY_INTERVAL": 0,
                    "COMMENT_MIN_INTERVAL_PER_ADDRESS": 0, "COMMENT_MIN_INTERVAL_PER_EMAIL": 0}


@pytest.fixture
def moderators(roles, django_user_model):
    users = [
        django_user_model.objects.create_user("mod1", email="mod1@newsroom.example", is_staff=True),
        django_user_model.objects.create_user("mod2", email="mod2@newsroom.example", is_staff=True),
        django_user_model.objects.create_user("gone", email="gone@newsroom.example", is_active=False),
        django_user_model.objects.create_user("nomail", email="", is_staff=True),
    ]
    for user in users:
        user.groups.add(roles[MODERATORS])
    django_user_model.objects.create_user("editor1", email="editor@newsroom.example")
    return users


def submit(article, **values):
    data = {"article": article, "author_name": "Reader Name", "author_email": "reader@example.org",
            "body": "<p>first comment</p>", "consent": True, "ip_address": "203.0.113.9", "user_agent": "UA/1"}
    return services.comment_submit(**{**data, **values})


def test_a_held_comment_emails_the_active_moderators_after_commit(moderators, django_capture_on_commit_callbacks):
    article = ArticleFactory(title_ar="عنوان")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        comment = submit(article)
    assert mail.outbox == []  # nothing before the transaction commits
    for callback in callbacks:
        callback()

    assert comment.status == "pending"
    [message] = mail.outbox
    assert sorted(message.to) == ["mod1@newsroom.example", "mod2@newsroom.example"]
    assert f"#{comment.pk}" in message.subject
    assert "عنوان" in message.body and "first_time_commenter" in message.body and "first comment" in message.body
    assert f"/admin/comments/comment/{comment.pk}/change/" in message.body
    for private in ("Reader Name", "reader@example.org", "203.0.113.9", "UA/1"):
        assert private not in message.subject + message.body


def test_the_api_submission_notifies_too(client, moderators, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, ArticleFactory())

    assert response.status_code == 201
    assert len(mail.outbox) == 1


def test_a_rolled_back_submission_sends_nothing(moderators, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            submit(ArticleFactory())
            raise RuntimeError("the request failed later")

    assert mail.outbox == []
    assert not Comment.objects.exists()


def test_approved_spam_and_rejected_submissions_send_nothing(moderators, open_policy, django_capture_on_commit_callbacks):
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        approved = submit(article)
        spam = submit(article, body="<p>another</p>", honeypot="bot")

    assert (approved.status, spam.status) == ("approved", "spam")
    assert mail.outbox == []


def test_a_flagged_comment_emails_the_moderators(client, moderators, settings, django_capture_on_commit_callbacks):
    settings.CMS = {**settings.CMS, "COMMENT_REPORT_THRESHOLD": 1}
    comment = CommentFactory()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/api/v1/comments/{comment.pk}/report/", json.dumps({"reason": "abuse"}), content_type="application/json")

    [message] = mail.outbox
    assert gettext("Comment #%(id)s flagged by readers") % {"id": comment.pk} in message.subject and "flagged" in message.body


def test_notifications_can_be_turned_off(moderators, settings, django_capture_on_commit_callbacks):
    settings.CMS = {**settings.CMS, "MODERATION_NOTIFY": False}

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submit(ArticleFactory())

    assert callbacks == [] and mail.outbox == []


def test_configured_addresses_replace_the_group(moderators, settings, django_capture_on_commit_callbacks):
    settings.CMS = {**settings.CMS, "MODERATION_NOTIFY_EMAILS": ["desk@newsroom.example"]}

    with django_capture_on_commit_callbacks(execute=True):
        submit(ArticleFactory())

    assert mail.outbox[0].to == ["desk@newsroom.example"]


def test_the_commenters_own_address_is_never_a_recipient(moderators, settings, django_capture_on_commit_callbacks):
    # A moderator commenting under their own address, and a configured list that contains it.
    settings.CMS = {**settings.CMS, "MODERATION_NOTIFY_EMAILS": ["Mod1@Newsroom.example", "desk@newsroom.example"]}

    with django_capture_on_commit_callbacks(execute=True):
        submit(ArticleFactory(), author_email="mod1@newsroom.example")

    assert [m.to for m in mail.outbox] == [["desk@newsroom.example"]]
    assert all("mod1@newsroom.example" not in [a.lower() for a in m.to + m.cc + m.bcc] for m in mail.outbox)


def test_no_moderator_address_sends_nothing(roles, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(ArticleFactory())

    assert mail.outbox == []


def test_a_burst_of_held_comments_sends_one_email_that_counts_the_queue(moderators, settings, django_capture_on_commit_callbacks):
    settings.CMS = {**settings.CMS, "MODERATION_NOTIFY_INTERVAL": 300}
    article = ArticleFactory()

    with django_capture_on_commit_callbacks(execute=True):
        first = submit(article, author_email="one@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        submit(article, author_email="two@example.org", body="<p>second</p>")
        submit(article, author_email="three@example.org", body="<p>third</p>")

    [message] = mail.outbox
    assert f"#{first.pk}" in message.subject
    assert gettext("Comments waiting for moderation: %(count)d") % {"count": 1} in message.body
    assert Comment.objects.filter(status="pending").count() == 3


def test_after_the_interval_the_next_held_comment_sends_again(moderators, settings, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    settings.CMS = {**settings.CMS, "MODERATION_NOTIFY_INTERVAL": 300}
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        submit(article, author_email="one@example.org")
        submit(article, author_email="two@example.org", body="<p>second</p>")
    cache.delete("cms:notify:held")  # what the interval's expiry does

    with django_capture_on_commit_callbacks(execute=True):
        third = submit(article, author_email="three@example.org", body="<p>third</p>")

    assert len(mail.outbox) == 2
    assert f"#{third.pk}" in mail.outbox[1].subject
    assert gettext("Comments waiting for moderation: %(count)d") % {"count": 3} in mail.outbox[1].body


def test_held_and_flagged_comments_have_their_own_intervals(client, moderators, settings, django_capture_on_commit_callbacks):
    settings.CMS = {**settings.CMS, "MODERATION_NOTIFY_INTERVAL": 300, "COMMENT_REPORT_THRESHOLD": 1}
    with django_capture_on_commit_callbacks(execute=True):
        submit(ArticleFactory())
    published = CommentFactory()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/api/v1/comments/{published.pk}/report/", json.dumps({"reason": "abuse"}), content_type="application/json")

    assert len(mail.outbox) == 2
    assert gettext("Comment #%(id)s flagged by readers") % {"id": published.pk} in mail.outbox[1].subject
