"""The moderation queue in the admin: opens on pending, decisions with notes, edits, blocks, legal hold, privacy actions."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from comments.models import BlockedSender, Comment, HeldReason, ModerationEvent
from tests.factories import ArticleFactory, CommentFactory, ModerationEventFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:comments_comment_changelist")


def change_url(comment) -> str:
    return reverse("admin:comments_comment_change", args=[comment.pk])


def changed_meanwhile(comment, status: str) -> str:
    """The admin's warning about a decision on a comment another moderator moved, in the active language."""
    return gettext("Comment #%(id)s was changed meanwhile (now %(status)s): nothing done.") % {"id": comment.pk, "status": status}


def decide_url(comment, decision: str) -> str:
    return reverse("admin:comments_comment_decide", args=[comment.pk, decision])


def change_form(comment, **values) -> dict:
    """What the change page posts back unchanged, plus ``values``; the reasons inline is read-only."""
    data = {"body": comment.body, "expected_status": comment.status, "decision_note": "", "block_kind": "", "block_action": "hold"}
    data.update({f"held_reasons-{k}": v for k, v in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000}.items()})
    if comment.legal_hold:
        data["legal_hold"] = "on"
    data.update(values)
    return {key: value for key, value in data.items() if value is not None}


# --- the queue ---


def test_the_queue_opens_on_pending_comments_oldest_first(client, moderator):
    now = timezone.now()
    newer = CommentFactory(status="pending", submitted_at=now - timedelta(hours=1))
    older = CommentFactory(status="pending", submitted_at=now - timedelta(days=2))
    CommentFactory(status="approved", submitted_at=now - timedelta(days=3))
    client.force_login(moderator)

    response = client.get(CHANGELIST)

    assert [c.pk for c in response.context["cl"].result_list] == [older.pk, newer.pk]
    assert [c.pk for c in client.get(CHANGELIST, {"status__exact": "all"}).context["cl"].result_list][1:] == [older.pk, newer.pk]


def test_the_queue_shows_name_body_reasons_age_and_approved_comments_of_the_email(client, moderator):
    article = ArticleFactory(title_ar="عنوان الخبر")
    held = CommentFactory(article=article, status="pending", author_name="منى", author_email="mona@example.org",
                          body_text="نص التعليق المحجوز", submitted_at=timezone.now() - timedelta(days=2))
    HeldReason.objects.create(comment=held, code="moderation_word")
    CommentFactory.create_batch(2, author_email="mona@example.org")
    client.force_login(moderator)

    response = client.get(CHANGELIST, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()

    row = response.context["cl"].result_list[0]
    assert row.approved_by_email == 2
    for text in ("عنوان الخبر", "منى", "نص التعليق المحجوز", "Moderation word", "2\xa0days"):
        assert text in page, text
    assert f'formaction="{decide_url(held, "approve")}"' in page
    assert f'formaction="{decide_url(held, "approve")}" name="expected_status" value="pending"' in page


def test_the_changelist_runs_a_fixed_number_of_queries(client, moderator, django_assert_max_num_queries):
    # Session, user and permissions, the counts (filtered and total), the page of rows (article
    # joined, the approved count per e-mail as a subquery), their reasons (one prefetch), the
    # article filter's choices and the date hierarchy: the same for 5 and for 50 comments.
    client.force_login(moderator)
    counts = []
    for size in (5, 50):
        article = ArticleFactory()
        for comment in CommentFactory.create_batch(size, article=article, status="pending"):
            HeldReason.objects.create(comment=comment, code="first_time_commenter")
        with django_assert_max_num_queries(14) as queries:
            response = client.get(CHANGELIST, {"article__id__exact": article.pk})
        assert len(response.context["cl"].result_list) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_queue_filters_by_reason_article_and_date_and_searches(client, moderator):
    article = ArticleFactory()
    flagged = CommentFactory(article=article, status="pending", author_email="find.me@example.org",
                             submitted_at=timezone.now() - timedelta(days=40))
    HeldReason.objects.create(comment=flagged, code="flagged")
    other = CommentFactory(status="pending", author_name="Unusual Name", body_text="كلمة نادرة")
    client.force_login(moderator)

    def ids(**query):
        return [c.pk for c in client.get(CHANGELIST, query).context["cl"].result_list]

    assert ids(held_reasons__code__exact="flagged") == [flagged.pk]
    assert ids(article__id__exact=article.pk) == [flagged.pk]
    assert ids(submitted_at__gte=str(timezone.now() - timedelta(days=1))) == [other.pk]  # as the date filter links it
    assert ids(q="find.me@") == [flagged.pk]
    assert ids(q="Unusual") == [other.pk]
    assert ids(q="نادرة") == [other.pk]


# --- decisions ---


def test_a_row_button_decides_with_the_note_and_returns_to_the_list(client, moderator):
    comment = CommentFactory(status="pending")
    client.force_login(moderator)
    back = CHANGELIST + "?q=x"

    response = client.post(decide_url(comment, "reject"), {"expected_status": "pending", "note": "insulting"}, HTTP_REFERER=back)

    assert response.status_code == 302 and response["Location"] == back
    comment.refresh_from_db()
    assert (comment.status, comment.moderated_by) == ("rejected", moderator)
    assert ModerationEvent.objects.get().note == "insulting"


def test_a_row_decision_on_a_comment_changed_meanwhile_does_nothing(client, moderator):
    comment = CommentFactory(status="approved")
    client.force_login(moderator)

    response = client.post(decide_url(comment, "spam"), {"expected_status": "pending"}, follow=True)

    assert changed_meanwhile(comment, "approved") in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == "approved"
    assert client.get(decide_url(comment, "spam")).status_code == 405


def test_the_change_page_decides_with_its_note(client, moderator):
    comment = CommentFactory(status="pending")
    client.force_login(moderator)

    page = client.get(change_url(comment)).content.decode()
    response = client.post(change_url(comment), change_form(comment, _decide="approve", decision_note="verified source"))

    assert 'name="_decide" value="approve"' in page
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == "approved"
    event = ModerationEvent.objects.get()
    assert (event.from_status, event.to_status, event.actor, event.note) == ("pending", "approved", moderator, "verified source")


def test_the_change_page_does_not_overwrite_another_moderators_decision(client, moderator):
    comment = CommentFactory(status="pending")
    client.force_login(moderator)
    stale = change_form(comment, _decide="approve")  # the page as it was loaded
    Comment.objects.filter(pk=comment.pk).update(status="spam")

    response = client.post(change_url(comment), stale, follow=True)

    assert changed_meanwhile(comment, "spam") in response.content.decode()
    assert Comment.objects.get().status == "spam"


def test_an_edit_is_sanitised_audited_and_logged_without_personal_data(client, moderator):
    comment = CommentFactory(status="approved", author_name="Private Person", author_email="private@example.org")
    client.force_login(moderator)

    client.post(change_url(comment), change_form(comment, body="<p>fixed <script>x</script></p>", decision_note="typo"))

    comment.refresh_from_db()
    assert comment.body == "<p>fixed </p>"
    event = ModerationEvent.objects.get()
    assert (event.action, event.note, event.actor) == ("edit", "typo", moderator)
    entry = LogEntry.objects.get()
    assert "Private" not in entry.object_repr + entry.change_message and "private@" not in entry.change_message


@pytest.mark.parametrize(("kind", "value"), [("email", "spammer@junk.example"), ("domain", "junk.example"), ("address", "198.51.100.4")])
def test_the_sender_is_blocked_from_the_change_page(client, moderator, kind, value):
    comment = CommentFactory(status="pending", author_email="spammer@junk.example", ip_address="198.51.100.4")
    client.force_login(moderator)

    client.post(change_url(comment), change_form(comment, block_kind=kind, block_action="reject"))

    block = BlockedSender.objects.get()
    assert (block.kind, block.value, block.action) == (kind, value, "reject")
    assert block.note == gettext("From comment #%(id)s") % {"id": comment.pk}


def test_moderators_place_and_lift_a_legal_hold_audited(client, moderator):
    comment = CommentFactory()
    client.force_login(moderator)

    client.post(change_url(comment), change_form(comment, legal_hold="on", decision_note="court order 12"))
    comment.refresh_from_db()
    client.post(change_url(comment), change_form(comment, legal_hold=None))

    comment.refresh_from_db()
    assert comment.legal_hold is False
    assert [(e.action, e.note) for e in ModerationEvent.objects.all()] == [
        ("legal_hold", gettext("Legal hold placed") + ". court order 12"), ("legal_hold", gettext("Legal hold lifted")),
    ]


# --- bulk actions ---


@pytest.mark.parametrize(("action", "status"), [("approve", "approved"), ("reject", "rejected"), ("mark_spam", "spam")])
def test_bulk_actions_carry_the_note(client, moderator, action, status):
    comments = CommentFactory.create_batch(3, status="pending")
    client.force_login(moderator)

    client.post(CHANGELIST, {"action": action, "_selected_action": [c.pk for c in comments], "note": "wave 1"})

    assert set(Comment.objects.values_list("status", flat=True)) == {status}
    assert list(ModerationEvent.objects.values_list("note", "actor")) == [("wave 1", moderator.pk)] * 3


def test_a_bulk_action_expects_the_status_the_list_showed(client, moderator):
    shown = CommentFactory(status="pending")
    decided_meanwhile = CommentFactory(status="spam")
    client.force_login(moderator)

    client.post(CHANGELIST + "?status__exact=pending", {"action": "approve", "_selected_action": [shown.pk, decided_meanwhile.pk]})

    assert dict(Comment.objects.values_list("pk", "status")) == {shown.pk: "approved", decided_meanwhile.pk: "spam"}


def test_bulk_delete_is_audited_and_recounts(client, moderator):
    article = ArticleFactory()
    comments = CommentFactory.create_batch(2, article=article, status="pending")
    type(article).objects.filter(pk=article.pk).update(comment_count=5)
    client.force_login(moderator)

    client.post(CHANGELIST, {"action": "delete_selected", "_selected_action": [c.pk for c in comments], "post": "yes"})

    assert not Comment.objects.exists()
    assert sorted(ModerationEvent.objects.values_list("comment_ref", "action", "comment")) == sorted(
        (c.pk, "delete", None) for c in comments
    )
    article.refresh_from_db()
    assert article.comment_count == 0


# --- who may do what ---

ACTIONS = ["approve", "reject", "mark_spam", "delete_selected", "export_personal_data", "erase_personal_data"]


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(("who", "allowed"), [(None, False), ("editor", False), ("moderator", True), ("superuser", True)])
def test_every_admin_action_is_for_moderators_only(request, client, action, who, allowed):
    comment = CommentFactory(status="pending", author_email="who@example.org")
    if who:
        client.force_login(request.getfixturevalue(who))

    response = client.post(CHANGELIST, {"action": action, "_selected_action": [comment.pk], "post": "yes"})

    still = Comment.objects.filter(pk=comment.pk, status="pending", author_email="who@example.org").exists()
    if not allowed:
        assert still
        if who is None:
            assert response.status_code == 302 and "/login/" in response["Location"]
        else:  # editors are offered no action at all: the post just shows the list again
            assert response.status_code == 200 and response.context["action_form"] is None
    elif action == "export_personal_data":
        assert response["Content-Disposition"].startswith("attachment")
        assert json.loads(response.content)["exports"][0]["email"] == "who@example.org"
    else:
        assert not still


@pytest.mark.parametrize("who", ["editor", "moderator", "superuser"])
def test_row_buttons_and_change_page_decisions_need_the_moderation_permission(request, client, who):
    comment = CommentFactory(status="pending")
    client.force_login(request.getfixturevalue(who))
    allowed = who != "editor"

    listing = client.get(CHANGELIST).content.decode()
    page = client.get(change_url(comment)).content.decode()
    row = client.post(decide_url(comment, "approve"), {"expected_status": "pending"})

    assert ("formaction=" in listing) is allowed
    assert ('name="_decide"' in page) is allowed
    assert row.status_code == (302 if allowed else 403)
    assert client.post(change_url(comment), change_form(comment, _decide="spam")).status_code == (302 if allowed else 403)
    assert Comment.objects.get().status == ("approved" if allowed else "pending")


def test_the_moderation_log_is_read_only_in_the_admin(client, moderator, superuser):
    event = ModerationEventFactory()
    for user in (moderator, superuser):
        client.force_login(user)
        assert client.get(reverse("admin:comments_moderationevent_changelist")).status_code == 200
        assert client.get(reverse("admin:comments_moderationevent_add")).status_code == 403
        page = client.get(reverse("admin:comments_moderationevent_change", args=[event.pk])).content.decode()
        assert 'name="_save"' not in page
        assert client.post(reverse("admin:comments_moderationevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert ModerationEvent.objects.count() == 1


def test_the_erase_action_asks_first(client, moderator):
    comment = CommentFactory(author_name="Asked First", author_email="asked@example.org")
    client.force_login(moderator)
    query = CHANGELIST + "?status__exact=all"

    confirm = client.post(query, {"action": "erase_personal_data", "_selected_action": [comment.pk]})
    comment.refresh_from_db()
    untouched = comment.author_email
    client.post(query, {"action": "erase_personal_data", "_selected_action": [comment.pk], "post": "yes", "mode": "anonymise", "language": "en"})

    assert confirm.status_code == 200 and "asked@example.org" in confirm.content.decode()
    assert untouched == "asked@example.org"
    comment.refresh_from_db()
    assert (comment.author_name, comment.author_email) == ("Anonymous", "")
