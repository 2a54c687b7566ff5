"""The OpenAPI contract: a valid document listing every endpoint, local docs, and real answers that match it."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

import jsonschema
import pytest
import yaml
from drf_spectacular.validation import validate_schema

from articles.models import Article
from cms.models import SiteSettings
from cms.services import site_settings_save
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, PageFactory, RelatedLinkFactory, TagFactory

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "/api/v1/site/": ["get"],
    "/api/v1/articles/": ["get", "post"],
    "/api/v1/feed/": ["get"],
    "/api/v1/articles/{slug}/": ["get", "patch"],
    "/api/v1/articles/{slug}/publish/": ["post"],
    "/api/v1/articles/{slug}/unpublish/": ["post"],
    "/api/v1/articles/{slug}/schedule/": ["post"],
    "/api/v1/categories/": ["get"],
    "/api/v1/categories/{slug}/": ["get"],
    "/api/v1/tags/": ["get"],
    "/api/v1/authors/": ["get"],
    "/api/v1/authors/{slug}/": ["get"],
    "/api/v1/pages/{slug}/": ["get"],
    "/api/v1/auth/token/": ["post"],
}


@pytest.fixture
def schema(client) -> dict:
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def _json_schema(node):
    """OpenAPI 3.0 schema objects as JSON Schema: ``nullable`` becomes a null alternative, and objects
    that list their properties allow no others (an undocumented field is a contract bug too)."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _json_schema(value) for key, value in node.items() if key != "nullable"}
    if out.get("type") == "object" and "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    if node.get("nullable"):
        return {"anyOf": [out, {"type": "null"}]}
    return out


FORMATS = jsonschema.FormatChecker(formats=())


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value) -> bool:
    return not isinstance(value, str) or datetime.fromisoformat(value).tzinfo is not None


@FORMATS.checks("uri", raises=ValueError)
def _uri(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme in ("http", "https") and parts.netloc)


def _check(schema: dict, path: str, method: str, status: str, body) -> None:
    operation = schema["paths"][path][method]
    target = operation["responses"][status]["content"]["application/json"]["schema"]
    document = {"components": _json_schema(schema["components"]), **_json_schema(target)}
    jsonschema.Draft7Validator(document, format_checker=FORMATS).validate(body)


def test_schema_is_a_valid_openapi_3_document_listing_every_endpoint(schema):
    validate_schema(schema)

    assert schema["openapi"].startswith("3.")
    for path, methods in ENDPOINTS.items():
        assert path in schema["paths"], path
        assert set(methods) <= set(schema["paths"][path]), path
    operation_ids = [op["operationId"] for item in schema["paths"].values() for op in item.values()]
    assert len(operation_ids) == len(set(operation_ids))


def test_schema_is_served_as_yaml_too(client):
    response = client.get("/api/schema/")

    assert response.status_code == 200
    assert yaml.safe_load(response.content)["openapi"].startswith("3.")


def test_schema_documents_parameters_and_the_error_envelope(schema):
    list_params = {p["name"] for p in schema["paths"]["/api/v1/articles/"]["get"]["parameters"]}
    patch = schema["paths"]["/api/v1/articles/{slug}/"]["patch"]
    error = schema["components"]["schemas"]["Error"]

    assert {"lang", "page", "page_size", "ordering", "category", "tag", "author", "published_after", "published_before", "q"} <= list_params
    assert "cursor" in {p["name"] for p in schema["paths"]["/api/v1/feed/"]["get"]["parameters"]}
    assert {"If-Match"} <= {p["name"] for p in patch["parameters"]}
    assert {"401", "403", "412"} <= set(patch["responses"])
    assert set(error["required"]) == {"code", "detail"}
    assert "fields" in error["properties"]


def test_docs_are_served_from_local_static_files(client):
    response = client.get("/api/docs/")
    page = response.content.decode()

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert not re.search(r"cdn|unpkg|jsdelivr", page, re.IGNORECASE)
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets
    assert not [url for url in assets if url.startswith(("http://", "https://", "//"))]
    assert any("swagger-ui" in url for url in assets)
    for url in assets:
        assert client.get(url).status_code == 200, url  # served here (WhiteNoise), not fetched elsewhere


@pytest.fixture
def content():
    """Something in every field that can be empty or null, and something in the ones that can be either."""
    page = PageFactory(slug="privacy")
    site = SiteSettings.load()
    site.cookie_policy_page = page
    site.comment_consent_text_ar = "أوافق"
    site_settings_save(site_settings=site)
    PageFactory(slug="about", title_en="About", body_en="<p>About</p>")
    parent = CategoryFactory(slug="world", name_en="World")
    child = CategoryFactory(slug="iraq", parent=parent)
    tag = TagFactory(slug="oil")
    author = AuthorFactory(slug="sara", bio_en="Journalist")
    full = ArticleFactory(slug="full", primary_category=child, categories=[parent], tags=[tag], authors=[author],
                          title_en="Full", body_en="<p>Body</p>", image="articles/2024/01/a.png", image_width=3, image_height=2)
    bare = ArticleFactory(slug="bare", excerpt_ar="")
    RelatedLinkFactory(from_article=full, to_article=bare)
    Article.objects.filter(pk=bare.pk).update(image="", image_width=None, image_height=None)


READS = [
    ("/api/v1/site/", "/api/v1/site/"),
    ("/api/v1/site/?lang=en", "/api/v1/site/"),
    ("/api/v1/articles/", "/api/v1/articles/"),
    ("/api/v1/articles/?lang=en&page_size=1", "/api/v1/articles/"),
    ("/api/v1/feed/?page_size=1", "/api/v1/feed/"),
    ("/api/v1/articles/full/", "/api/v1/articles/{slug}/"),
    ("/api/v1/articles/full/?lang=en", "/api/v1/articles/{slug}/"),
    ("/api/v1/articles/bare/", "/api/v1/articles/{slug}/"),
    ("/api/v1/categories/", "/api/v1/categories/"),
    ("/api/v1/categories/world/?lang=en", "/api/v1/categories/{slug}/"),
    ("/api/v1/tags/", "/api/v1/tags/"),
    ("/api/v1/authors/", "/api/v1/authors/"),
    ("/api/v1/authors/sara/?lang=en", "/api/v1/authors/{slug}/"),
    ("/api/v1/pages/privacy/", "/api/v1/pages/{slug}/"),
    ("/api/v1/pages/about/?lang=en", "/api/v1/pages/{slug}/"),
]


@pytest.mark.parametrize(("url", "path"), READS)
def test_real_answers_of_read_endpoints_match_the_schema(client, schema, content, url, path):
    response = client.get(url)

    assert response.status_code == 200, response.content
    _check(schema, path, "get", "200", response.json())


def test_feed_answer_with_both_links_matches_the_schema(client, schema, content):
    second = client.get(client.get("/api/v1/feed/?page_size=1").json()["next"])

    assert second.json()["previous"] and second.json()["next"] is None
    _check(schema, "/api/v1/feed/", "get", "200", second.json())


@pytest.mark.parametrize(("url", "path", "status"), [
    ("/api/v1/articles/nothing/", "/api/v1/articles/{slug}/", "404"),
    ("/api/v1/articles/?colour=red", "/api/v1/articles/", "400"),
])
def test_error_answers_match_the_error_envelope(client, schema, url, path, status):
    response = client.get(url)

    assert str(response.status_code) == status
    _check(schema, path, "get", status, response.json())


def test_editor_answers_match_the_schema(api_client, editor, schema):
    api_client.force_authenticate(editor)

    created = api_client.post("/api/v1/articles/", {"title": "مسودة"}, format="json")
    published = api_client.post(f"/api/v1/articles/{created.json()['slug']}/publish/")

    _check(schema, "/api/v1/articles/", "post", "201", created.json())
    _check(schema, "/api/v1/articles/{slug}/publish/", "post", "200", published.json())
