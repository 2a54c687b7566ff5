"""The comment API answers in the reader's language: Arabic by default, English when asked."""

from __future__ import annotations

import pytest

from tests.factories import ArticleFactory

from .conftest import payload, post

pytestmark = pytest.mark.django_db


def test_the_consent_error_is_in_arabic_by_default_and_in_english_when_asked(client, no_floods):
    article = ArticleFactory()

    arabic = post(client, article, payload(consent=False)).json()
    english = post(client, article, payload(consent=False), query="?lang=en").json()

    assert arabic["code"] == english["code"] == "consent_required"
    assert any("\u0600" <= ch <= "\u06ff" for ch in arabic["detail"]), arabic["detail"]
    assert english["detail"].isascii(), english["detail"]


def test_the_awaiting_moderation_message_follows_accept_language(client, no_floods):
    article = ArticleFactory()

    english = post(client, article, payload(), HTTP_ACCEPT_LANGUAGE="en").json()

    assert english["status"] == "pending"
    assert "moderation" in english["message"].lower()
