"""Fixtures for the content API tests (none autouse: the other tests in this folder are unaffected)."""

from __future__ import annotations

from io import BytesIO

import pytest


@pytest.fixture
def cold(settings):
    """The server-side response cache off, so every request builds its answer (the cold path)."""
    settings.CMS = {**settings.CMS, "RESPONSE_CACHE": False}
    return settings


@pytest.fixture
def png():
    """A real 3x2 PNG, made in memory."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    def make(name: str = "photo.png", size: tuple[int, int] = (3, 2)) -> SimpleUploadedFile:
        buffer = BytesIO()
        Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
        return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")

    return make


@pytest.fixture
def token_client(api_client):
    """An API client authenticated with a DRF token for the given user."""
    from rest_framework.authtoken.models import Token

    def make(user):
        token, _created = Token.objects.get_or_create(user=user)
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return api_client

    return make
