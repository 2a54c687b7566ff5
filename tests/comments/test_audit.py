"""The moderation log: one entry for every status change and edit, whoever or whatever made it, without personal data."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from comments import services
from comments.models import Comment, ModerationEvent, ModerationSettings
from tests.comments.conftest import payload, post
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def only_event() -> ModerationEvent:
    [event] = ModerationEvent.objects.all()
    return event


def test_the_policy_logs_the_initial_status_with_its_reasons_but_no_personal_data(client, no_floods):
    ModerationSettings.objects.create(id=1, moderation_words="Secretname")

    response = post(client, ArticleFactory(), payload(author_name="Secretname Person", author_email="secret.person@example.org"))

    event = only_event()
    assert event.comment_id == event.comment_ref == response.json()["id"]
    assert (event.action, event.from_status, event.to_status, event.actor, event.actor_rule) == ("status", "", "pending", None, "policy")
    assert event.note == "moderation_word, first_time_commenter"
    assert "Secretname" not in event.note and "secret.person" not in event.note


def test_an_approved_or_spam_submission_is_logged_too(client, no_floods, open_policy):
    article = ArticleFactory()
    post(client, article)
    post(client, article, payload(body="<p>other</p>", company="bot"))

    assert list(ModerationEvent.objects.values_list("to_status", "actor_rule", "note")) == [
        ("approved", "policy", ""), ("spam", "policy", "honeypot"),
    ]


@pytest.mark.parametrize("path", ["service", "api", "api_bulk", "admin_row", "admin_page", "admin_bulk"])
def test_every_moderator_decision_is_logged_with_its_actor_and_note(client, api_client, moderator, path):
    comment = CommentFactory(status="pending")
    api_client.force_authenticate(moderator)
    client.force_login(moderator)
    if path == "service":
        services.comment_reject(comment=comment, by=moderator, note="n")
    elif path == "api":
        api_client.post(f"/api/v1/moderation/comments/{comment.pk}/reject/", {"note": "n"}, format="json")
    elif path == "api_bulk":
        api_client.post("/api/v1/moderation/comments/bulk/", {"ids": [comment.pk], "action": "reject", "note": "n"}, format="json")
    elif path == "admin_row":
        client.post(reverse("admin:comments_comment_decide", args=[comment.pk, "reject"]), {"expected_status": "pending", "note": "n"})
    elif path == "admin_page":
        client.post(reverse("admin:comments_comment_change", args=[comment.pk]), {
            "body": comment.body, "expected_status": "pending", "decision_note": "n", "_decide": "reject", "block_action": "hold",
            "held_reasons-TOTAL_FORMS": 0, "held_reasons-INITIAL_FORMS": 0,
        })
    else:
        client.post(reverse("admin:comments_comment_changelist"), {"action": "reject", "_selected_action": [comment.pk], "note": "n"})

    event = only_event()
    assert (event.comment_id, event.action, event.from_status, event.to_status) == (comment.pk, "status", "pending", "rejected")
    assert (event.actor, event.actor_rule, event.note) == (moderator, "", "n")
    comment.refresh_from_db()
    assert event.created_at == comment.moderated_at


def test_a_refused_decision_logs_nothing(moderator):
    comment = CommentFactory(status="approved")

    with pytest.raises(services.StatusChanged):
        services.comment_reject(comment=comment, by=moderator, expected_status="pending")
    outcomes = services.comments_decide(ids=[comment.pk], status="spam", by=moderator)

    assert outcomes[0].error == "status_changed"
    assert not ModerationEvent.objects.exists()


def test_edits_and_legal_hold_changes_are_logged(moderator):
    comment = CommentFactory()

    services.comment_edit(comment=comment, body="<p>new</p>", by=moderator, note="typo")
    services.comment_set_legal_hold(comment=comment, legal_hold=True, by=moderator)
    services.comment_set_legal_hold(comment=comment, legal_hold=True, by=moderator)  # no change: no entry

    assert list(ModerationEvent.objects.values_list("action", "from_status", "to_status", "actor", "note")) == [
        ("edit", "approved", "approved", moderator.pk, "typo"),
        ("legal_hold", "approved", "approved", moderator.pk, gettext("Legal hold placed")),
    ]


def test_reports_retention_erasure_and_deletion_are_logged_by_rule(client, settings, moderator):
    from datetime import timedelta

    from django.utils import timezone

    settings.CMS = {**settings.CMS, "COMMENT_REPORT_THRESHOLD": 1}
    flagged, expired, erased, deleted = (
        CommentFactory(),
        CommentFactory(status="pending", submitted_at=timezone.now() - timedelta(days=90)),
        CommentFactory(author_email="erase.me@example.org"),
        CommentFactory(),
    )

    client.post(f"/api/v1/comments/{flagged.pk}/report/", json.dumps({"reason": "spam"}), content_type="application/json")
    services.personal_data_purge()
    services.personal_data_erase(email="erase.me@example.org")
    services.comments_delete(comments=[deleted], by=moderator, note="duplicate")

    rows = set(ModerationEvent.objects.values_list("comment_ref", "action", "to_status", "actor", "actor_rule"))
    assert rows == {
        (flagged.pk, "status", "pending", None, "reports"),
        (expired.pk, "status", "rejected", None, "retention"),
        (erased.pk, "erase", "approved", None, "privacy_request"),
        (deleted.pk, "delete", "approved", moderator.pk, ""),
    }
    # The log outlives the deleted comment.
    assert ModerationEvent.objects.get(comment_ref=deleted.pk).comment is None
    assert not Comment.objects.filter(pk=deleted.pk).exists()


def test_the_log_is_listed_per_comment_in_the_api(moderator_api, moderator):
    comment = CommentFactory(status="pending")
    services.comment_approve(comment=comment, by=moderator, note="ok")
    services.comment_edit(comment=comment, body="<p>x</p>", by=moderator)
    CommentFactory()  # another comment's entries stay out

    events = moderator_api.get(f"/api/v1/moderation/comments/{comment.pk}/").json()["events"]

    assert [(e["action"], e["actor"], e["note"]) for e in events] == [("status", "moderator", "ok"), ("edit", "moderator", "")]
