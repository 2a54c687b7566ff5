"""Request URLs worked out once per request (``cms.links``) are the ones Django itself builds."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from cms.links import LinkBuilder, current_url, request_origin

PATHS = [
    "/api/v1/articles/",
    "/api/v1/articles/?page=2&page_size=5",
    "/api/v1/articles/%D8%A7%D9%84%D8%B9%D8%B1%D8%A7%D9%82/comments/",  # an Arabic slug
    "/api/v1/articles/?q=%D9%85%D8%AE%D9%8A%D9%85+%D8%A7%D9%84%D9%87%D9%88%D9%84&tag=a%20b",
    "/api/v1/feed/?cursor=eyJhIjoxfQ",
    "/api/v1/./articles/../feed/",
]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("secure", [False, True])
def test_the_current_url_is_djangos_absolute_uri(path, secure, settings):
    settings.ALLOWED_HOSTS = ["news.example"]
    request = RequestFactory().get(path, HTTP_HOST="news.example:8443", secure=secure)

    assert current_url(request) == request.build_absolute_uri()
    assert request_origin(request) == ("https" if secure else "http") + "://news.example:8443"
    assert LinkBuilder(request).base == request.build_absolute_uri("/").rstrip("/")


def test_the_origin_checks_the_host(settings):
    from django.core.exceptions import DisallowedHost

    settings.ALLOWED_HOSTS = ["news.example"]

    with pytest.raises(DisallowedHost):
        request_origin(RequestFactory().get("/api/v1/articles/", HTTP_HOST="evil.example"))
