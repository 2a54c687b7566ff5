"""Readers' reports: anonymous and throttled, one per address, back to the queue at the threshold, reporters never shown."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from comments.models import Comment, CommentReport, HeldReason, ModerationEvent
from comments.pseudonyms import keyed_hash
from tests.comments.conftest import comments_url
from tests.factories import ArticleFactory, CommentFactory, CommentReportFactory

pytestmark = pytest.mark.django_db


def report_url(comment) -> str:
    return f"/api/v1/comments/{getattr(comment, 'pk', comment)}/report/"


def report(client, comment, reason="abuse", address="198.51.100.1", **extra):
    return client.post(report_url(comment), data=json.dumps({"reason": reason}), content_type="application/json",
                       REMOTE_ADDR=address, **extra)


@pytest.fixture(autouse=True)
def _no_report_throttle(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "comment_report": None},
    }


def test_a_reader_reports_a_published_comment_anonymously(client):
    comment = CommentFactory()

    response = report(client, comment, "off_topic", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 201
    assert response.json() == {"message": "Thank you: moderators will review this comment."}
    stored = CommentReport.objects.get()
    assert (stored.comment, stored.reason) == (comment, "off_topic")
    # The address is kept only as a keyed hash: enough for one report per address, not readable.
    assert stored.reporter_hash == keyed_hash("198.51.100.1", purpose="report-address")
    assert "198.51.100.1" not in stored.reporter_hash


def test_a_logged_in_editor_reports_without_a_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    assert report(client, CommentFactory()).status_code == 201


@pytest.mark.parametrize("state", ["pending", "rejected", "spam", "tombstone", "draft article", "hidden reply", "missing"])
def test_only_comments_readers_can_see_can_be_reported(client, state):
    if state == "hidden reply":  # approved, but its parent was rejected since: the listing does not show it
        parent = CommentFactory()
        comment = CommentFactory(parent=parent)
        Comment.objects.filter(pk=parent.pk).update(status="rejected")
    elif state == "draft article":
        comment = CommentFactory(article=ArticleFactory(status="draft", published_at=None))
    elif state == "tombstone":
        comment = CommentFactory(erasure="deleted")
    elif state == "missing":
        comment = 999999
    else:
        comment = CommentFactory(status=state)

    response = report(client, comment)

    assert response.status_code == 404
    assert not CommentReport.objects.exists()


@pytest.mark.parametrize("body", [{"reason": "boring"}, {}, {"reason": "spam", "name": "x"}, ["spam"]])
def test_a_report_needs_one_known_reason(client, body):
    comment = CommentFactory()

    response = client.post(report_url(comment), data=json.dumps(body), content_type="application/json")

    assert response.status_code == 400
    assert not CommentReport.objects.exists()


def test_one_report_per_address_and_comment(client):
    comment = CommentFactory()

    first, again, other = report(client, comment), report(client, comment, "spam"), report(client, comment, address="198.51.100.2")

    assert (first.status_code, again.status_code, other.status_code) == (201, 409, 201)
    assert again.json()["code"] == "already_reported"
    assert CommentReport.objects.count() == 2


def test_reports_are_throttled_per_address(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "comment_report": "2/hour"},
    }
    comments = CommentFactory.create_batch(3)

    answers = [report(client, c).status_code for c in comments] + [report(client, comments[2], address="198.51.100.9").status_code]

    assert answers == [201, 201, 429, 201]


def test_at_the_threshold_an_approved_comment_goes_back_to_the_queue(client, settings):
    settings.CMS = {**settings.CMS, "COMMENT_REPORT_THRESHOLD": 3}
    article = ArticleFactory()
    comment = CommentFactory(article=article)
    type(article).objects.filter(pk=article.pk).update(comment_count=1)
    assert len(client.get(comments_url(article)).json()["results"]) == 1  # now cached

    report(client, comment, "spam", "198.51.100.1")
    report(client, comment, "abuse", "198.51.100.2")
    still = Comment.objects.get().status
    report(client, comment, "abuse", "198.51.100.3")

    comment.refresh_from_db()
    assert (still, comment.status) == ("approved", "pending")
    reason = HeldReason.objects.get(comment=comment)
    assert (reason.code, reason.detail) == ("flagged", "3 reports: abuse 2, spam 1")
    event = ModerationEvent.objects.get()
    assert (event.from_status, event.to_status, event.actor, event.actor_rule) == ("approved", "pending", None, "reports")
    assert client.get(comments_url(article)).json()["results"] == []  # the cached listing was invalidated
    article.refresh_from_db()
    assert article.comment_count == 0
    assert report(client, comment, address="198.51.100.4").status_code == 404  # no longer public


def test_reports_made_before_a_moderator_approved_again_do_not_count(client, settings, moderator):
    from comments import services

    settings.CMS = {**settings.CMS, "COMMENT_REPORT_THRESHOLD": 2}
    comment = CommentFactory()
    report(client, comment, address="198.51.100.1")
    report(client, comment, address="198.51.100.2")
    services.comment_approve(comment=Comment.objects.get(), by=moderator, expected_status="pending", note="fine as is")

    report(client, comment, address="198.51.100.3")

    assert Comment.objects.get().status == "approved"
    report(client, comment, address="198.51.100.4")
    assert Comment.objects.get().status == "pending"


def test_a_threshold_of_zero_never_flags(client, settings):
    settings.CMS = {**settings.CMS, "COMMENT_REPORT_THRESHOLD": 0}
    comment = CommentFactory()

    for i in range(5):
        report(client, comment, address=f"198.51.100.{i}")

    assert Comment.objects.get().status == "approved"


def test_reporters_and_reports_are_never_shown_publicly(client):
    article = ArticleFactory()
    comment = CommentFactory(article=article)
    CommentReportFactory(comment=comment, reason="illegal")
    report(client, comment, address="203.0.113.200")

    listing = client.get(comments_url(article))

    text = listing.content.decode()
    assert listing.status_code == 200
    assert not {"report", "reports", "reported", "flag"} & set(listing.json()["results"][0])
    for secret in ("203.0.113.200", keyed_hash("203.0.113.200", purpose="report-address"), "illegal"):
        assert secret not in text


def test_reporters_are_not_shown_to_moderators_either(client, moderator):
    comment = CommentFactory()
    report(client, comment, address="203.0.113.201")
    client.force_login(get_user_model().objects.get(pk=moderator.pk))

    detail = client.get(f"/api/v1/moderation/comments/{comment.pk}/").json()
    admin_page = client.get(f"/admin/comments/commentreport/{CommentReport.objects.get().pk}/change/").content.decode()

    assert detail["reports"][0]["reason"] == "abuse" and set(detail["reports"][0]) == {"reason", "created_at"}
    assert CommentReport.objects.get().reporter_hash not in admin_page
