"""Conventions every endpoint keeps: one JSON error envelope, language headers, CORS."""

from __future__ import annotations

import pytest

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code
    assert isinstance(body["detail"], str) and body["detail"]
    return body


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/articles/?colour=red", "colour"),
        ("/api/v1/articles/?page=abc", "page"),
        ("/api/v1/articles/?page=0", "page"),
        ("/api/v1/articles/?page_size=101", "page_size"),
        ("/api/v1/articles/?published_after=yesterday", "published_after"),
        ("/api/v1/articles/?published_before=2024-13-45", "published_before"),
        ("/api/v1/articles/?q=%00", "q"),
        ("/api/v1/articles/?ordering=random", "ordering"),
        ("/api/v1/articles/?page=1&page=2", "page"),
        ("/api/v1/articles/?lang=fr", "lang"),
        ("/api/v1/feed/?cursor=not-a-cursor", "cursor"),
        ("/api/v1/feed/?page=2", "page"),
        ("/api/v1/articles/article-x/?utm_source=x", "utm_source"),
        ("/api/v1/categories/?lang=de", "lang"),
        ("/api/v1/tags/?page_size=0", "page_size"),
        ("/api/v1/authors/?page=-1", "page"),
        ("/api/v1/site/?debug=1", "debug"),
    ],
)
def test_unknown_or_malformed_parameter_is_a_400_naming_it(client, url, parameter):
    body = _error(client.get(url), 400, "invalid_parameter")

    assert list(body["fields"]) == [parameter]
    assert parameter in body["detail"]


def test_page_past_the_end_is_a_404(client):
    ArticleFactory()

    _error(client.get("/api/v1/articles/?page=2"), 404, "not_found")


@pytest.mark.parametrize("url", ["/api/v1/articles/no-such-article/", "/api/v1/categories/none/", "/api/v1/authors/none/", "/api/v1/pages/none/", "/api/v1/no-such-endpoint/", "/api/nothing/"])
def test_not_found_is_the_json_envelope(client, url):
    body = _error(client.get(url), 404, "not_found")

    assert "fields" not in body


@pytest.mark.parametrize("url", ["/api/v1/no-such-endpoint/", "/api/v1/articles/no-such-article/"])
def test_not_found_stays_json_with_debug_on(client, settings, url):
    settings.DEBUG = True

    _error(client.get(url), 404, "not_found")


def test_not_found_of_an_unknown_url_follows_the_request_language(client):
    english = client.get("/api/v1/no-such-endpoint/?lang=en")
    arabic = client.get("/api/v1/no-such-endpoint/", headers={"accept-language": "en"}, QUERY_STRING="lang=ar")

    assert (english.json()["detail"], english["Content-Language"]) == ("Not found.", "en")
    assert (arabic.json()["detail"], arabic["Content-Language"]) == ("غير موجود.", "ar")


def test_wrong_method_is_a_405_envelope_with_allow(client):
    response = client.delete("/api/v1/articles/")

    _error(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


@pytest.mark.parametrize("method", ["post", "patch"])
def test_anonymous_write_is_a_401_envelope(client, method):
    ArticleFactory(slug="story")
    url = "/api/v1/articles/" if method == "post" else "/api/v1/articles/story/"

    _error(getattr(client, method)(url, data={"title": "x"}, content_type="application/json"), 401, "not_authenticated")


def test_write_without_the_role_is_a_403_envelope(client, moderator):
    client.force_login(moderator)

    _error(client.post("/api/v1/articles/", data={"title": "x"}, content_type="application/json"), 403, "permission_denied")


def test_error_detail_follows_the_request_language(client):
    english = client.get("/api/v1/articles/?lang=en&colour=red")
    header = client.get("/api/v1/articles/?colour=red", headers={"accept-language": "en"})
    arabic = client.get("/api/v1/articles/?colour=red&lang=ar", headers={"accept-language": "en"})

    assert (english["Content-Language"], english.json()["detail"]) == ("en", "Invalid query parameter: colour.")
    assert english.json()["fields"] == {"colour": ["Unknown parameter."]}
    assert header.json()["detail"] == "Invalid query parameter: colour."
    assert (arabic["Content-Language"], arabic.json()["detail"]) == ("ar", "معامل استعلام غير صالح: colour.")
    assert arabic.json()["fields"] == {"colour": ["معامل غير معروف."]}


def test_drf_errors_follow_the_request_language_too(client):
    english = client.post("/api/v1/articles/?lang=en", data={}, content_type="application/json")
    arabic = client.post("/api/v1/articles/", data={}, content_type="application/json")

    assert english.json()["detail"] == "Authentication credentials were not provided."
    assert arabic.json()["detail"] != english.json()["detail"]
    assert arabic["Content-Language"] == "ar"


def test_an_unknown_lang_is_reported_in_the_accepted_language(client):
    response = client.get("/api/v1/articles/?lang=fr", headers={"accept-language": "en"})

    assert response.json()["fields"] == {"lang": ["Must be one of: ar, en."]}


@pytest.mark.parametrize("debug", [False, True])
def test_server_error_under_api_is_the_json_envelope(client, monkeypatch, settings, debug):
    from articles import selectors

    settings.DEBUG = debug

    def boom(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(selectors, "list_items", boom)
    client.raise_request_exception = False

    body = _error(client.get("/api/v1/articles/"), 500, "server_error")
    assert "bug" not in body["detail"]


def test_responses_say_which_language_they_serve(client):
    ArticleFactory(slug="story")

    for url in ["/api/v1/articles/", "/api/v1/feed/", "/api/v1/articles/story/", "/api/v1/categories/",
                "/api/v1/tags/", "/api/v1/authors/", "/api/v1/site/"]:
        arabic = client.get(url)
        english = client.get(url, headers={"accept-language": "en-GB,en;q=0.9"})
        assert arabic["Content-Language"] == "ar", url
        assert english["Content-Language"] == "en", url
        assert "Accept-Language" in arabic["Vary"], url


def test_items_carry_language_and_dir_and_the_detail_its_languages(client):
    ArticleFactory(slug="story")

    item = client.get("/api/v1/articles/").json()["results"][0]
    detail = client.get("/api/v1/articles/story/").json()

    assert (item["language"], item["dir"]) == ("ar", "rtl")
    assert (detail["language"], detail["dir"], detail["available_languages"]) == ("ar", "rtl", ["ar"])


def test_cors_allows_the_configured_origin(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://site.example"]

    allowed = client.get("/api/v1/articles/", headers={"origin": "https://site.example"})
    other = client.get("/api/v1/articles/", headers={"origin": "https://evil.example"})

    assert allowed["Access-Control-Allow-Origin"] == "https://site.example"
    assert "Access-Control-Allow-Origin" not in other


def test_cors_preflight_for_an_editor_write_is_answered(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://site.example"]

    response = client.options(
        "/api/v1/articles/",
        headers={"origin": "https://site.example", "access-control-request-method": "POST",
                 "access-control-request-headers": "authorization, content-type"},
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "https://site.example"
    assert "authorization" in response["Access-Control-Allow-Headers"]


def test_cors_lets_a_browser_editor_send_if_match_and_read_the_etag(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://site.example"]

    preflight = client.options(
        "/api/v1/articles/some-slug/",
        headers={"origin": "https://site.example", "access-control-request-method": "PATCH",
                 "access-control-request-headers": "authorization, content-type, if-match"},
    )
    read = client.get("/api/v1/articles/", headers={"origin": "https://site.example"})

    assert "if-match" in preflight["Access-Control-Allow-Headers"]
    assert "ETag" in read["Access-Control-Expose-Headers"]
