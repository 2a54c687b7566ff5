"""Access and erasure requests: the export is complete; after erasure no table holds the person's data; legal hold wins."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.db import models
from django.urls import reverse

from comments import services
from comments.models import BlockedSender, Comment, HeldReason, IdempotencyKey, ModerationEvent
from tests.comments.conftest import comments_url, payload, post
from tests.factories import ArticleFactory, CommentFactory, CommentReportFactory

pytestmark = pytest.mark.django_db

EMAIL = "zaynab.unique@example.org"
NAME = "زينب الفريدة"
ADDRESS = "203.0.113.77"
AGENT = "ErasureAgent/9.9 (unique)"
URL = "https://zaynab-unique.example/"
SECRETS = [EMAIL, NAME, ADDRESS, AGENT, URL]
TEXT_FIELDS = (models.CharField, models.TextField, models.GenericIPAddressField, models.JSONField)


def stored_secrets() -> list[str]:
    """Every (table, column, secret) where a secret still appears: all comments tables and the admin's log."""
    found = []
    for model in [*apps.get_app_config("comments").get_models(), LogEntry]:
        fields = [f for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        for row in model.objects.values_list(*[f.attname for f in fields]):
            for field, value in zip(fields, row):
                text = json.dumps(value, ensure_ascii=False) if field.get_internal_type() == "JSONField" else str(value or "")
                found += [f"{model._meta.db_table}.{field.column}: {s}" for s in SECRETS if s.lower() in text.lower()]
    return found


@pytest.fixture
def person(client, moderator, open_policy, no_floods):
    """Zaynab's traces everywhere: comments (one with a reply by someone else), reasons, notes, a block, the admin's log, an idempotency key."""
    article = ArticleFactory(slug="story", title_ar="قصة")
    mine = dict(author_name=NAME, author_email=EMAIL, ip_address=ADDRESS, user_agent=AGENT, author_url=URL)
    thread = CommentFactory(article=article, **mine)
    CommentFactory(parent=thread, author_name="Someone Else")
    alone = CommentFactory(article=article, **mine)
    held = CommentFactory(article=article, status="pending", **mine)
    HeldReason.objects.create(comment=held, code="moderation_word", detail=f"name: {NAME}")
    services.comment_edit(comment=held, body="<p>edited</p>", by=moderator, note=f"called {NAME} at {EMAIL}")
    CommentReportFactory(comment=thread)
    response = post(client, article, payload(author_name=NAME, author_email=EMAIL, author_url=URL, body="<p>via api</p>"),
                    HTTP_IDEMPOTENCY_KEY="k-1", REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
    assert response.status_code == 201 and IdempotencyKey.objects.count() == 1
    client.force_login(moderator)
    client.post(reverse("admin:comments_blockedsender_add"), {"kind": "email", "value": EMAIL, "action": "hold", "note": f"troll {EMAIL}"})
    client.post(reverse("admin:comments_blockedsender_add"), {"kind": "address", "value": ADDRESS, "action": "hold", "note": ""})
    assert LogEntry.objects.filter(object_repr__contains=EMAIL).exists()
    client.logout()
    return {"article": article, "thread": thread, "alone": alone, "held": held}


# --- export ---


def test_the_export_holds_everything_stored_about_the_address(person):
    out = StringIO()
    call_command("export_personal_data", "--email", EMAIL.upper(), stdout=out)
    data = json.loads(out.getvalue())

    assert data["email"] == EMAIL
    assert len(data["comments"]) == 4
    first = data["comments"][0]
    assert first["article"]["slug"] == "story" and first["article"]["title"] == "قصة"
    assert (first["author_name"], first["author_email"], first["author_url"]) == (NAME, EMAIL, URL)
    assert (first["ip_address"], first["user_agent"]) == (ADDRESS, AGENT)
    assert first["consent"]["version"] == 1 and first["consent"]["given_at"]
    assert first["reports_received"][0]["reason"] == "abuse"
    held = next(c for c in data["comments"] if c["id"] == person["held"].pk)
    assert held["held_reasons"][0]["code"] == "moderation_word"
    assert [(e["action"], e["by"], e["note"]) for e in held["moderation_log"]] == [("edit", "moderator", f"called {NAME} at {EMAIL}")]
    assert {rule["kind"] for rule in data["blocked_sender_rules"]} == {"email", "address"}
    assert data["not_included"]


def test_the_export_is_served_to_moderators_by_the_api(person, moderator_api):
    response = moderator_api.get("/api/v1/moderation/privacy/export/", {"email": EMAIL})

    assert response.status_code == 200
    assert len(response.json()["comments"]) == 4
    assert moderator_api.get("/api/v1/moderation/privacy/export/").status_code == 400
    assert moderator_api.get("/api/v1/moderation/privacy/export/", {"email": "not-an-address"}).status_code == 400
    assert moderator_api.get("/api/v1/moderation/privacy/export/", {"email": "nobody@example.org"}).json()["comments"] == []


# --- erasure ---


@pytest.mark.parametrize("mode", ["anonymise", "delete"])
def test_after_erasure_no_table_holds_the_persons_data(person, mode):
    assert stored_secrets()  # the check finds them before
    assert Comment.objects.filter(author_email=EMAIL).exclude(duplicate_key="").exists()  # the API's comment

    result = services.personal_data_erase(email=EMAIL, mode=mode)

    assert stored_secrets() == []
    assert not Comment.objects.filter(erased_at__isnull=False).exclude(duplicate_key="").exists()  # derived from the e-mail
    assert not IdempotencyKey.objects.exists()  # the stored answers of those comments are dropped too
    if mode == "anonymise":
        assert result.anonymised == 4
    else:
        assert (result.deleted, result.tombstoned) == (3, 1)
    assert ModerationEvent.objects.filter(action="erase", actor_rule="privacy_request").count() == 4


def test_anonymised_comments_stay_under_the_anonymous_name(person, client):
    services.personal_data_erase(email=EMAIL, mode="anonymise", language="en")

    comment = Comment.objects.get(pk=person["alone"].pk)
    assert (comment.author_name, comment.author_email, comment.author_url, comment.ip_address, comment.user_agent) == (
        "Anonymous", "", "", None, ""
    )
    assert comment.erasure == "anonymised" and comment.erased_at
    names = {c["author_name"] for c in client.get(comments_url(person["article"])).json()["results"]}
    assert "Anonymous" in names and NAME not in names


def test_the_anonymous_name_defaults_to_the_sites_language(person):
    call_command("erase_personal_data", "--email", EMAIL, "--mode", "anonymise", stdout=StringIO())

    assert set(Comment.objects.filter(erasure="anonymised").values_list("author_name", flat=True)) == {"مجهول"}


def test_a_deleted_comment_with_replies_stays_as_a_tombstone_so_the_thread_holds(person, client):
    services.personal_data_erase(email=EMAIL, mode="delete")

    listing = client.get(comments_url(person["article"])).json()
    [thread] = listing["results"]
    assert thread["id"] == person["thread"].pk
    assert thread["deleted"] is True and thread["author_name"] == "" and thread["author_url"] == ""
    assert thread["body"] == "<p>حُذف هذا التعليق.</p>"
    assert [reply["author_name"] for reply in thread["replies"]] == ["Someone Else"]
    assert not Comment.objects.filter(pk__in=[person["alone"].pk, person["held"].pk]).exists()
    person["article"].refresh_from_db()
    assert person["article"].comment_count == 2  # the tombstone and the reply
    assert ModerationEvent.objects.filter(comment_ref=person["alone"].pk, action="erase", comment=None).exists()


def test_a_block_keeps_working_after_its_owner_is_erased(person, no_floods):
    services.personal_data_erase(email=EMAIL)

    assert all(block.is_pseudonymised for block in BlockedSender.objects.all())
    again = services.comment_submit(article=person["article"], author_name="x", author_email=EMAIL, body="<p>back</p>",
                                    consent=True, ip_address="192.0.2.50")
    assert again.held_reasons.filter(code="blocked_sender").exists()


def test_comments_on_legal_hold_are_not_erased(person, moderator):
    services.comment_set_legal_hold(comment=person["alone"], legal_hold=True, by=moderator, note="case 7")

    result = services.personal_data_erase(email=EMAIL, mode="delete")

    assert result.on_legal_hold == 1
    kept = Comment.objects.get(pk=person["alone"].pk)
    assert (kept.author_name, kept.author_email, kept.ip_address, kept.erasure) == (NAME, EMAIL, ADDRESS, "")
    assert Comment.objects.filter(author_email=EMAIL).count() == 1


def test_erasure_by_api_and_command(person, moderator_api):
    refused = moderator_api.post("/api/v1/moderation/privacy/erase/", {"email": "nope"}, format="json")
    response = moderator_api.post("/api/v1/moderation/privacy/erase/", {"email": EMAIL, "mode": "delete"}, format="json")
    out = StringIO()
    call_command("erase_personal_data", "--email", EMAIL, stdout=out)

    assert refused.status_code == 400
    assert response.status_code == 200
    assert response.json() == {"mode": "delete", "anonymised": 0, "deleted": 3, "tombstoned": 1, "on_legal_hold": 0}
    assert ModerationEvent.objects.filter(action="erase", actor__isnull=False).count() == 4
    assert "anonymised=0 deleted=0" in out.getvalue()  # nothing left to erase


def test_nobody_can_reply_to_a_tombstone(person, no_floods):
    from django.core.exceptions import ValidationError

    services.personal_data_erase(email=EMAIL, mode="delete")

    with pytest.raises(ValidationError) as caught:
        services.comment_submit(article=person["article"], author_name="x", author_email="x@example.org", body="<p>hi</p>",
                                consent=True, parent_id=person["thread"].pk)
    assert "parent" in caught.value.message_dict
