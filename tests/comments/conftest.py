"""Fixtures for the comment tests: a valid submission, posting helpers and switches for the limits."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from django.db import models

from comments.models import ModerationSettings


def comments_url(article_or_slug) -> str:
    slug = getattr(article_or_slug, "slug", article_or_slug)
    return f"/api/v1/articles/{quote(slug)}/comments/"


def payload(**overrides) -> dict:
    data = {
        "author_name": "سارة",
        "author_email": "sara@example.org",
        "body": "<p>مقال مفيد، شكراً</p>",
        "consent": True,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not ...}


def post(client, article, data=None, *, raw: bytes | None = None, query: str = "", **extra):
    """POST JSON (or raw bytes) to an article's comments; ``extra`` are headers as the test client takes them."""
    body = raw if raw is not None else json.dumps(data if data is not None else payload())
    return client.post(comments_url(article) + query, data=body, content_type="application/json", **extra)


@pytest.fixture
def no_floods(settings):
    """Minimum intervals and the DRF throttle off: for tests that post many comments from one address."""
    settings.CMS = {**settings.CMS, "COMMENT_MIN_INTERVAL_PER_ADDRESS": 0, "COMMENT_MIN_INTERVAL_PER_EMAIL": 0}
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "comment_submit": None},
    }


@pytest.fixture
def open_policy(db):
    """Moderation settings that approve an ordinary comment at once (no first-time hold)."""
    return ModerationSettings.objects.create(id=1, hold_first_time_commenters=False)


# --- moderation (issue 5) ---


def many_comments(article, count: int, *, status: str = "pending", **fields) -> list[int]:
    """``count`` top-level comments in one INSERT (factories would take a query or two each); their ids, oldest first."""
    from datetime import timedelta

    from django.utils import timezone

    from comments.models import Comment

    start = timezone.now() - timedelta(days=2)
    rows = [
        Comment(
            article=article, author_name=f"قارئ {i}", author_email=f"bulk{i}@example.org", body=f"<p>تعليق {i}</p>",
            body_text=f"تعليق {i}", status=status, consent_at=start, consent_version=1, ip_address="192.0.2.9",
            user_agent="pytest", submitted_at=start + timedelta(seconds=i), thread_started_at=start + timedelta(seconds=i), **fields,
        )
        for i in range(count)
    ]
    Comment.objects.bulk_create(rows, batch_size=500)
    ids = list(Comment.objects.filter(article=article, author_email__startswith="bulk").order_by("submitted_at").values_list("pk", flat=True))
    Comment.objects.filter(pk__in=ids).update(thread=models.F("pk"))
    return ids


@pytest.fixture
def moderator_api(api_client, moderator):
    """An API client authenticated as a member of the Moderators group."""
    api_client.force_authenticate(moderator)
    return api_client
