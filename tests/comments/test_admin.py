"""The comments admin: list, filters and search, status actions for moderators only, body edits sanitised."""

from __future__ import annotations

import pytest
from django.urls import reverse

from comments.models import BlockedSender, Comment, HeldReason, ModerationSettings
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:comments_comment_changelist"


def test_moderator_lists_filters_and_searches(client, moderator):
    held = CommentFactory(status=Comment.Status.PENDING, author_email="findme@example.org", body_text="نص مميز")
    HeldReason.objects.create(comment=held, code=HeldReason.Code.MODERATION_WORD, detail="body: قمار")
    CommentFactory()
    client.force_login(moderator)

    everything = client.get(reverse(CHANGELIST), {"status__exact": "all"})
    pending = client.get(reverse(CHANGELIST))  # the list opens on the queue (issue 5)
    by_reason = client.get(reverse(CHANGELIST), {"held_reasons__code__exact": "moderation_word"})
    by_email = client.get(reverse(CHANGELIST), {"q": "findme@"})

    assert everything.status_code == 200
    assert everything.context["cl"].result_count == 2
    assert [c.pk for c in pending.context["cl"].result_list] == [held.pk]
    assert [c.pk for c in by_reason.context["cl"].result_list] == [held.pk]
    assert [c.pk for c in by_email.context["cl"].result_list] == [held.pk]


def test_change_page_shows_the_reasons_and_keeps_status_read_only(client, moderator):
    comment = CommentFactory(status=Comment.Status.PENDING)
    HeldReason.objects.create(comment=comment, code=HeldReason.Code.TOO_MANY_LINKS, detail="3 > 2")
    client.force_login(moderator)

    response = client.get(reverse("admin:comments_comment_change", args=[comment.pk]))

    assert response.status_code == 200
    assert "3 &gt; 2" in response.content.decode()
    fields = response.context["adminform"].form.fields
    assert "status" not in fields and "status" in response.context["adminform"].readonly_fields
    assert set(fields) == {"body", "legal_hold", "decision_note", "expected_status", "block_kind", "block_action"}


@pytest.mark.parametrize(("action", "status"), [("approve", "approved"), ("reject", "rejected"), ("mark_spam", "spam")])
def test_moderator_actions_go_through_the_services(client, moderator, action, status):
    article = ArticleFactory()
    comments = [CommentFactory(article=article, status=Comment.Status.PENDING) for _ in range(2)]
    client.force_login(moderator)

    response = client.post(reverse(CHANGELIST), {"action": action, "_selected_action": [c.pk for c in comments]})

    assert response.status_code == 302
    assert set(Comment.objects.values_list("status", flat=True)) == {status}
    assert set(Comment.objects.values_list("moderated_by", flat=True)) == {moderator.pk}
    article.refresh_from_db()
    assert article.comment_count == (2 if status == "approved" else 0)


def test_editors_cannot_change_a_comments_status(client, editor):
    comment = CommentFactory(status=Comment.Status.PENDING)
    client.force_login(editor)

    listing = client.get(reverse(CHANGELIST))
    client.post(reverse(CHANGELIST), {"action": "approve", "_selected_action": [comment.pk]})

    assert listing.status_code == 200  # they can read the discussion
    assert listing.context["action_form"] is None  # no action is offered to them
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_an_edited_body_is_sanitised_again(client, moderator):
    comment = CommentFactory()
    client.force_login(moderator)
    url = reverse("admin:comments_comment_change", args=[comment.pk])

    saved = client.post(url, {"body": '<p onclick="x()">مصحح <script>alert(1)</script></p>', **_no_inlines()})
    refused = client.post(url, {"body": "<b>" * 11 + "x", **_no_inlines()})

    assert saved.status_code == 302
    assert refused.status_code == 200 and refused.context["adminform"].form.errors["body"]
    comment.refresh_from_db()
    assert comment.body == "<p>مصحح </p>"
    assert comment.body_text == "مصحح"


def test_deleting_in_the_admin_recounts_the_article(client, moderator):
    article = ArticleFactory()
    comment = CommentFactory(article=article)
    type(article).objects.filter(pk=article.pk).update(comment_count=1)
    client.force_login(moderator)

    client.post(reverse("admin:comments_comment_delete", args=[comment.pk]), {"post": "yes"})

    article.refresh_from_db()
    assert article.comment_count == 0


def test_blocked_senders_are_normalised_when_added(client, moderator):
    client.force_login(moderator)

    response = client.post(
        reverse("admin:comments_blockedsender_add"), {"kind": "domain", "value": "@Spam.Example", "action": "reject", "note": ""}
    )

    assert response.status_code == 302
    assert BlockedSender.objects.get().value == "spam.example"


def test_moderation_settings_are_edited_in_one_row(client, moderator):
    client.force_login(moderator)

    response = client.post(
        reverse("admin:comments_moderationsettings_add"),
        {"max_links": "1", "hold_first_time_commenters": "", "moderation_words": "قمار\nكازينو", "disallowed_words": ""},
    )

    assert response.status_code == 302
    settings_row = ModerationSettings.load()
    assert (settings_row.max_links, settings_row.hold_first_time_commenters) == (1, False)
    assert client.get(reverse("admin:comments_moderationsettings_add")).status_code == 403


def _no_inlines() -> dict:
    prefix = "held_reasons"
    return {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
