"""POST /api/v1/articles/{slug}/comments/: consent, bad input, limits, idempotency, floods, closed and hidden articles."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article
from cms.models import SiteSettings
from comments.models import Comment, HeldReason, IdempotencyKey, ModerationSettings
from tests.comments.conftest import comments_url, payload, post
from tests.factories import ArticleFactory, BlockedSenderFactory, CommentFactory

pytestmark = pytest.mark.django_db


def error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code, body
    return body


def field_error(response, field: str, code: str | None = None) -> dict:
    body = error(response, 400, "validation_error")
    assert field in body["fields"], body
    if code:
        assert code in body["codes"][field], body
    return body


@pytest.fixture
def article(db):
    return ArticleFactory(slug="حرب-المياه")


# --- consent ---


@pytest.mark.parametrize("consent", [..., False, None, "yes", 1, "true"])
def test_without_consent_nothing_is_stored_or_logged(client, article, caplog, consent):
    caplog.set_level(logging.DEBUG)

    response = post(client, article, payload(consent=consent, author_email="private.person@example.org"), HTTP_IDEMPOTENCY_KEY="k-1")

    body = error(response, 400, "consent_required")
    assert list(body["fields"]) == ["consent"]
    assert not Comment.objects.exists()
    assert not IdempotencyKey.objects.exists()
    assert "private.person" not in caplog.text
    assert "مقال مفيد" not in caplog.text


def test_accepted_and_refused_submissions_log_no_personal_data(client, article, caplog, no_floods):
    caplog.set_level(logging.DEBUG)

    post(client, article, payload(author_email="private.person@example.org", author_name="Zainab Q"))
    post(client, article, payload(author_email="private.person@example.org", author_name="Zainab Q", body="x" * 5001))
    post(client, article, payload(author_email="private.person@example.org", author_name="Zainab Q"))  # duplicate

    assert "private.person" not in caplog.text and "Zainab" not in caplog.text and "مقال مفيد" not in caplog.text


def test_consent_is_checked_before_anything_else(client, article):
    response = post(client, article, {"author_email": "not an email", "colour": "red", "body": 5})

    error(response, 400, "consent_required")


def test_consent_time_and_version_are_stored(client, article):
    SiteSettings.objects.create(id=1, comment_consent_version=3)
    before = timezone.now()

    response = post(client, article, payload(consent_version=3))

    assert response.status_code == 201, response.content
    comment = Comment.objects.get()
    assert comment.consent_version == 3
    assert before <= comment.consent_at <= timezone.now()


def test_a_stale_consent_version_is_a_409_with_the_current_one(client, article):
    SiteSettings.objects.create(id=1, comment_consent_version=5)

    body = error(post(client, article, payload(consent_version=4)), 409, "consent_version_changed")

    assert body["consent_version"] == 5
    assert not Comment.objects.exists()


# --- the answer ---


def test_a_held_comment_answers_201_pending_with_a_message_in_the_request_language(client, article):
    arabic = post(client, article)
    english = post(client, article, payload(author_email="b@example.org", body="<p>two</p>"), query="?lang=en", REMOTE_ADDR="192.0.2.2")
    by_header = post(client, article, payload(author_email="c@example.org", body="<p>three</p>"), HTTP_ACCEPT_LANGUAGE="en-GB", REMOTE_ADDR="192.0.2.3")

    assert arabic.status_code == 201
    assert arabic.json() == {"id": Comment.objects.earliest("id").pk, "status": "pending", "message": "تعليقك بانتظار المراجعة"}
    assert english.json()["message"] == by_header.json()["message"] == "Your comment is awaiting moderation."


def test_an_approved_comment_answers_approved_and_is_counted(client, article, open_policy):
    response = post(client, article)

    assert response.status_code == 201
    assert response.json()["status"] == "approved"
    article.refresh_from_db()
    assert article.comment_count == 1


def test_address_and_user_agent_are_kept_for_abuse_handling(client, article):
    post(client, article, REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Mozilla/5.0 " + "x" * 600)

    comment = Comment.objects.get()
    assert comment.ip_address == "203.0.113.9"
    assert len(comment.user_agent) == 500


def test_a_logged_in_editor_can_comment_without_a_csrf_token(article, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = post(client, article)

    assert response.status_code == 201, response.content


def test_the_article_slug_may_be_arabic(client, article):
    assert comments_url(article).startswith("/api/v1/articles/%D8%AD")
    assert post(client, article).status_code == 201


# --- bad input ---


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("body", ["a"], "invalid"),
        ("body", 12, "invalid"),
        ("body", {"html": "x"}, "invalid"),
        ("body", "", "blank"),
        ("body", "   ", "blank"),
        ("body", "x" * 5001, "max_length"),
        ("body", "<b>x</b>" * 201, "too_many_tags"),
        ("body", "<b>" * 11 + "x", "too_deep"),
        ("body", "<a " + " ".join(f"a{i}=1" for i in range(11)) + ">x</a>", "too_many_attributes"),
        ("body", "<script>alert(1)</script>", "empty"),
        ("body", "a\x00b", "null_characters_not_allowed"),
        ("author_name", 7, "invalid"),
        ("author_name", "x" * 101, "max_length"),
        ("author_name", "\u3164", "blank"),
        ("author_name", "\u115f\u1160\uffa0", "blank"),
        ("author_name", "\u200b\u200c\u200d\u2060", "blank"),
        ("author_name", "\u202e", "blank"),
        ("author_name", "A\x00", "null_characters_not_allowed"),
        ("author_email", "not-an-email", "invalid"),
        ("author_email", "a\x00@example.org", "null_characters_not_allowed"),
        ("author_email", None, "null"),
        ("author_url", "javascript:alert(1)", "invalid"),
        ("author_url", "ftp://example.org/", "invalid"),
        ("author_url", "https://example.org/" + "a" * 181, "max_length"),
        ("author_url", "https://example.org/\u202egro.knab", "invalid_characters"),
        ("author_url", "https://example.org/\x00", "null_characters_not_allowed"),
        ("company", "\x00", "null_characters_not_allowed"),
        ("company", 1, "invalid"),
        ("parent", "1", "invalid"),
        ("parent", 1.5, "invalid"),
        ("parent", True, "invalid"),
        ("parent", 10**30, "max_value"),
        ("consent_version", "1", "invalid"),
        ("colour", "red", None),
    ],
)
def test_each_bad_field_is_a_400_naming_it(client, article, field, value, code):
    field_error(post(client, article, payload(**{field: value})), field, code)
    assert not Comment.objects.exists()


@pytest.mark.parametrize("field", ["body", "author_name", "author_email", "author_url", "company"])
def test_a_lone_surrogate_in_any_field_is_a_400(client, article, field):
    data = json.dumps(payload(**{field: "x"})).replace('"x"', '"a\\ud800b"').encode()

    field_error(post(client, article, raw=data), field, "surrogate_characters_not_allowed")


def test_a_lone_surrogate_as_the_only_body_is_a_400(client, article):
    response = post(client, article, raw=b'{"body": "\\ud800", "consent": true}')

    body = field_error(response, "body")
    assert "author_name" in body["fields"]


def test_unknown_fields_are_each_named(client, article):
    body = field_error(post(client, article, payload(colour="red", size=3)), "colour")

    assert set(body["fields"]) == {"colour", "size"}


def test_an_unknown_field_with_a_surrogate_name_is_echoed_safely(client, article):
    response = post(client, article, raw=b'{"\\ud800": 1, "consent": true}')

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["\\ud800"]


def test_a_name_at_the_limit_is_accepted_and_invisible_characters_are_removed(client, article):
    name = "\u202e" + "ن" * 99

    assert post(client, article, payload(author_name=name)).status_code == 201
    assert Comment.objects.get().author_name == "ن" * 99


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b'{"body": "x", "consent": true', "malformed_request"),
        (b"not json", "malformed_request"),
        (b'{"consent": true, "consent": true}', "malformed_request"),  # duplicate keys
        (b"[" * 50_000 + b"]" * 50_000, "malformed_request"),
        (b'{"consent": NaN}', "malformed_request"),
        (b'{"parent": ' + b"9" * 5000 + b', "consent": true}', "malformed_request"),
        (b'\xff\xfe{"consent": true}', "malformed_request"),
        (b'"just a string"', "validation_error"),
        (b'[{"consent": true}]', "validation_error"),
        (b"null", "validation_error"),
    ],
)
def test_malformed_or_non_object_json_is_a_400(client, article, raw, code):
    error(post(client, article, raw=raw), 400, code)


def test_a_huge_body_is_refused_unread(client, article):
    raw = json.dumps(payload(body="x" * 300_000)).encode()

    error(post(client, article, raw=raw), 413, "payload_too_large")


def test_a_form_encoded_body_is_a_415(client, article):
    response = client.post(comments_url(article), {"body": "x", "consent": "true"})

    error(response, 415, "unsupported_media_type")


def test_unknown_query_parameters_are_refused(client, article):
    body = error(post(client, article, query="?utm_source=x"), 400, "invalid_parameter")

    assert list(body["fields"]) == ["utm_source"]


# --- idempotency ---


def test_a_retry_with_the_same_key_returns_the_first_answer_and_creates_nothing(client, article):
    first = post(client, article, HTTP_IDEMPOTENCY_KEY="retry-1")
    second = post(client, article, HTTP_IDEMPOTENCY_KEY="retry-1")  # within the flood intervals too

    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Comment.objects.count() == 1


def test_keys_are_stored_hashed_with_an_expiry(client, article):
    post(client, article, HTTP_IDEMPOTENCY_KEY="secret-key")

    row = IdempotencyKey.objects.get()
    assert row.key_hash == hashlib.sha256(b"secret-key").hexdigest()
    assert row.response_status == 201 and row.response_body["id"] == Comment.objects.get().pk
    assert timedelta(hours=23, minutes=59) < row.expires_at - row.created_at <= timedelta(hours=24)


def test_an_error_is_not_stored_so_a_corrected_retry_goes_through(client, article):
    bad = post(client, article, payload(author_email="nope"), HTTP_IDEMPOTENCY_KEY="k")
    good = post(client, article, HTTP_IDEMPOTENCY_KEY="k")

    assert bad.status_code == 400
    assert good.status_code == 201
    assert IdempotencyKey.objects.count() == 1


def test_an_expired_key_runs_again(client, article, no_floods):
    post(client, article, HTTP_IDEMPOTENCY_KEY="old")
    IdempotencyKey.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    again = post(client, article, payload(body="<p>another</p>"), HTTP_IDEMPOTENCY_KEY="old")

    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again
    assert Comment.objects.count() == 2
    assert IdempotencyKey.objects.get().response_body["id"] == again.json()["id"]


def test_different_keys_are_different_submissions(client, article, no_floods):
    post(client, article, HTTP_IDEMPOTENCY_KEY="a")

    error(post(client, article, HTTP_IDEMPOTENCY_KEY="b"), 409, "duplicate_comment")


def test_a_key_too_long_is_a_400(client, article):
    field_error(post(client, article, HTTP_IDEMPOTENCY_KEY="k" * 256), "Idempotency-Key")


def test_keys_are_off_with_a_zero_ttl(client, article, settings):
    settings.CMS = {**settings.CMS, "IDEMPOTENCY_KEY_TTL_HOURS": 0}

    assert post(client, article, HTTP_IDEMPOTENCY_KEY="k").status_code == 201
    assert not IdempotencyKey.objects.exists()


# --- duplicates and floods ---


def test_the_same_email_article_and_body_is_a_409(client, article, no_floods):
    post(client, article)

    error(post(client, article, payload(author_email="SARA@example.org")), 409, "duplicate_comment")
    assert post(client, ArticleFactory()).status_code == 201
    assert post(client, article, payload(body="<p>شيء آخر</p>")).status_code == 201


def test_a_second_comment_from_one_address_within_the_interval_is_a_429(client, article, settings):
    settings.CMS = {**settings.CMS, "COMMENT_MIN_INTERVAL_PER_ADDRESS": 15, "COMMENT_MIN_INTERVAL_PER_EMAIL": 0}
    post(client, article, REMOTE_ADDR="198.51.100.1")

    response = post(client, article, payload(author_email="other@example.org", body="<p>b</p>"), REMOTE_ADDR="198.51.100.1")

    error(response, 429, "throttled")
    assert 1 <= int(response["Retry-After"]) <= 15
    assert post(client, article, payload(author_email="third@example.org", body="<p>c</p>"), REMOTE_ADDR="198.51.100.2").status_code == 201


def test_the_address_interval_holds_for_ipv6_clients_too(client, article, settings):
    settings.CMS = {**settings.CMS, "COMMENT_MIN_INTERVAL_PER_ADDRESS": 15, "COMMENT_MIN_INTERVAL_PER_EMAIL": 0}
    post(client, article, REMOTE_ADDR="2001:db8::1")

    response = post(client, article, payload(author_email="other@example.org", body="<p>b</p>"), REMOTE_ADDR="2001:db8::1")

    error(response, 429, "throttled")
    assert post(client, article, payload(author_email="third@example.org", body="<p>c</p>"), REMOTE_ADDR="2001:db8::2").status_code == 201


def test_a_second_comment_from_one_email_within_the_interval_is_a_429(client, article, settings):
    settings.CMS = {**settings.CMS, "COMMENT_MIN_INTERVAL_PER_ADDRESS": 0, "COMMENT_MIN_INTERVAL_PER_EMAIL": 30}
    post(client, article, REMOTE_ADDR="198.51.100.1")

    response = post(client, article, payload(body="<p>b</p>"), REMOTE_ADDR="198.51.100.2")

    error(response, 429, "throttled")
    assert 15 < int(response["Retry-After"]) <= 30


def test_the_interval_has_passed(client, article):
    post(client, article)
    Comment.objects.update(submitted_at=timezone.now() - timedelta(seconds=31))

    assert post(client, article, payload(body="<p>later</p>")).status_code == 201


def test_the_address_is_read_through_trusted_proxies(client, article, settings):
    settings.NUM_PROXIES = 1
    post(client, article, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")

    other = post(client, article, payload(author_email="b@example.org", body="<p>b</p>"), REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6")
    same = post(client, article, payload(author_email="c@example.org", body="<p>c</p>"), REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.5")

    assert other.status_code == 201
    assert Comment.objects.filter(ip_address="203.0.113.6").exists()
    error(same, 429, "throttled")


def test_the_drf_throttle_limits_submissions_per_address(client, article, no_floods, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"comment_submit": "2/hour"}}
    for n in range(2):
        assert post(client, article, payload(body=f"<p>{n}</p>")).status_code == 201

    response = post(client, article, payload(body="<p>3</p>"))

    error(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0
    assert post(client, article, payload(body="<p>4</p>"), REMOTE_ADDR="192.0.2.99").status_code == 201
    assert client.get(comments_url(article)).status_code == 200  # reading is never throttled


def test_the_drf_throttle_is_off_at_zero(client, article, no_floods, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"comment_submit": "0/hour"}}

    assert all(post(client, article, payload(body=f"<p>{n}</p>")).status_code == 201 for n in range(3))


# --- closed, hidden and missing articles ---


def test_comments_disabled_is_a_403(client):
    error(post(client, ArticleFactory(comments_enabled=False)), 403, "comments_closed")
    assert not Comment.objects.exists()


def test_comments_close_after_the_set_number_of_days(client, settings):
    settings.CMS = {**settings.CMS, "COMMENTS_CLOSE_AFTER_DAYS": 7}
    old = ArticleFactory(published_at=timezone.now() - timedelta(days=8))
    recent = ArticleFactory(published_at=timezone.now() - timedelta(days=6))

    error(post(client, old), 403, "comments_closed")
    assert post(client, recent).status_code == 201


@pytest.mark.parametrize(
    "state",
    [
        {"status": Article.Status.DRAFT, "published_at": None},
        {"status": Article.Status.REVIEW, "published_at": None},
        {"status": Article.Status.ARCHIVED},
        {"status": Article.Status.PUBLISHED, "published_at": timezone.now() + timedelta(days=1)},
    ],
)
def test_an_article_outside_published_is_a_404(client, state):
    error(post(client, ArticleFactory(**state)), 404, "not_found")
    assert not Comment.objects.exists()


def test_an_unknown_article_is_a_404(client, db):
    error(post(client, "no-such-article"), 404, "not_found")


# --- replies ---


def test_a_reply_joins_its_parents_thread(client, article, no_floods):
    root = CommentFactory(article=article)
    child = CommentFactory(parent=root)

    response = post(client, article, payload(parent=child.pk))

    assert response.status_code == 201
    reply = Comment.objects.get(pk=response.json()["id"])
    assert (reply.parent_id, reply.thread_id, reply.depth) == (child.pk, root.pk, 3)


@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.REJECTED, Comment.Status.SPAM])
def test_a_reply_to_an_unapproved_comment_is_refused(client, article, status):
    parent = CommentFactory(article=article, status=status)

    field_error(post(client, article, payload(parent=parent.pk)), "parent", "invalid_parent")


def test_a_reply_to_another_articles_comment_is_refused(client, article):
    foreign = CommentFactory(article=ArticleFactory())

    field_error(post(client, article, payload(parent=foreign.pk)), "parent", "invalid_parent")
    field_error(post(client, article, payload(parent=999_999)), "parent", "invalid_parent")


def test_replies_nest_at_most_the_set_depth(client, article, settings, no_floods):
    third = CommentFactory(parent=CommentFactory(parent=CommentFactory(article=article)))

    field_error(post(client, article, payload(parent=third.pk)), "parent", "too_deep")

    settings.CMS = {**settings.CMS, "COMMENT_MAX_DEPTH": 0}
    assert post(client, article, payload(parent=third.pk)).status_code == 201


# --- honeypot and blocked senders: the answer gives nothing away ---


def test_a_filled_honeypot_looks_accepted_but_is_stored_as_spam(client, article):
    normal = post(client, article, payload(author_email="human@example.org"), REMOTE_ADDR="192.0.2.1")
    bot = post(client, article, payload(company="ACME Ltd"), REMOTE_ADDR="192.0.2.2")

    assert bot.status_code == normal.status_code == 201
    assert set(bot.json()) == set(normal.json())
    assert bot.json()["status"] == "pending" and bot.json()["message"] == normal.json()["message"]
    spam = Comment.objects.get(pk=bot.json()["id"])
    assert spam.status == Comment.Status.SPAM
    assert HeldReason.Code.HONEYPOT in spam.held_reasons.values_list("code", flat=True)


def test_a_rejected_sender_is_answered_like_anyone_held(client, article):
    BlockedSenderFactory(kind="domain", value="example.org", action="reject")

    response = post(client, article)

    assert response.status_code == 201 and response.json()["status"] == "pending"
    assert Comment.objects.get().status == Comment.Status.REJECTED


# --- two requests with one key at the same time (PostgreSQL: SQLite serialises writers at BEGIN) ---


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_with_one_key_create_one_comment(no_floods, monkeypatch):
    import threading

    from django.db import connection, connections

    from comments import services

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: two transactions that both pass the key lookup")
    article = ArticleFactory()
    SiteSettings.load(), ModerationSettings.load()  # rows a running site has: created here, not by both requests
    both_inside = threading.Barrier(2, timeout=10)
    submit = services.comment_submit

    def submit_then_wait(**kwargs):
        comment = submit(**kwargs)
        both_inside.wait()  # both have stored a comment; neither has stored the key yet
        return comment

    monkeypatch.setattr(services, "comment_submit", submit_then_wait)
    answers = []

    def request():
        try:
            answers.append(post(Client(), article, HTTP_IDEMPOTENCY_KEY="same-key"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json() == answers[1].json()
    assert Comment.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1


# --- the submission serializer's fields: copied per serializer, never shared ---


def test_each_submission_serializer_validates_with_fields_of_its_own():
    from comments.serializers.public import CommentSubmitSerializer

    first = CommentSubmitSerializer(data=payload(author_name="أ" * 300))
    second = CommentSubmitSerializer(data=payload(author_name="سارة"))

    assert not first.is_valid() and second.is_valid(), second.errors
    assert list(first.errors) == ["author_name"] and second.validated_data["author_name"] == "سارة"
    assert first.fields["author_name"] is not second.fields["author_name"]
    assert first.fields["author_name"].parent is first and second.fields["author_name"].parent is second
    assert CommentSubmitSerializer._declared_fields["author_name"].parent is None  # the declared field is never bound
