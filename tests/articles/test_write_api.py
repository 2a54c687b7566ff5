"""Editors' write API: tokens, drafts, relations by slug, publishing verbs, If-Match, roles, validation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, RelatedLink
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, TagFactory

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/articles/"


@pytest.fixture
def editor_api(editor, token_client):
    return token_client(editor)


def _draft(editor_api, **fields) -> dict:
    response = editor_api.post(ARTICLES, {"title": "مسودة", **fields}, format="json")
    assert response.status_code == 201, response.content
    return response


# --- tokens -----------------------------------------------------------------------------------


def test_token_for_valid_credentials_authenticates_writes(api_client, editor):
    response = api_client.post("/api/v1/auth/token/", {"username": "editor", "password": "pw-editor"}, format="json")

    assert response.status_code == 200
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api_client.post(ARTICLES, {"title": "مسودة"}, format="json").status_code == 201


def test_wrong_password_is_a_401(api_client, editor):
    response = api_client.post("/api/v1/auth/token/", {"username": "editor", "password": "nope"}, format="json")

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"


def test_missing_credentials_are_a_400_naming_the_fields(api_client, editor):
    response = api_client.post("/api/v1/auth/token/", {"username": "editor"}, format="json")

    assert response.status_code == 400
    assert (response.json()["code"], list(response.json()["fields"])) == ("validation_error", ["password"])


def test_too_many_token_requests_are_a_429(api_client, editor, monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {**ScopedRateThrottle.THROTTLE_RATES, "auth_token": "2/hour"})
    for _ in range(2):
        api_client.post("/api/v1/auth/token/", {"username": "editor", "password": "nope"}, format="json")

    response = api_client.post("/api/v1/auth/token/", {"username": "editor", "password": "pw-editor"}, format="json")

    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert response["Retry-After"]


def test_invalid_token_is_a_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = api_client.post(ARTICLES, {"title": "x"}, format="json")

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


# --- roles ------------------------------------------------------------------------------------


def test_anonymous_writes_are_a_401(api_client):
    ArticleFactory(slug="story")

    for response in [
        api_client.post(ARTICLES, {"title": "x"}, format="json"),
        api_client.patch(f"{ARTICLES}story/", {"title": "x"}, format="json"),
        api_client.post(f"{ARTICLES}story/publish/"),
    ]:
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"


def test_users_without_the_editor_role_are_a_403(moderator, token_client):
    ArticleFactory(slug="story")
    api = token_client(moderator)

    assert api.post(ARTICLES, {"title": "x"}, format="json").status_code == 403
    assert api.patch(f"{ARTICLES}story/", {"title": "x"}, format="json").json()["code"] == "permission_denied"
    assert api.post(f"{ARTICLES}story/unpublish/").status_code == 403
    assert Article.objects.get(slug="story").title_ar != "x"


# --- create and update --------------------------------------------------------------------------


def test_editor_creates_a_draft_with_relations_by_slug(editor_api):
    CategoryFactory(slug="politics")
    CategoryFactory(slug="iraq")
    TagFactory(slug="us")
    AuthorFactory(slug="sara")
    ArticleFactory(slug="older")

    response = _draft(editor_api, title_en="Draft", body="<p>نص</p>", primary_category="politics", categories=["iraq"],
                      tags=["us"], authors=["sara"], related=["older"], image_alt="صورة", image_credit="وكالات")

    data = response.json()
    assert (data["status"], data["title"], data["published_at"]) == ("draft", "مسودة", None)
    assert response["ETag"] and response["Cache-Control"] == "private, no-store"
    article = Article.objects.get(pk=data["id"])
    assert (article.status, article.primary_category.slug, article.image_alt_ar, article.image_credit) == ("draft", "politics", "صورة", "وكالات")
    assert [c.slug for c in article.categories.all()] == ["iraq"]
    assert [a.slug for a in article.authors.all()] == ["sara"]
    assert list(RelatedLink.objects.filter(from_article=article).values_list("to_article__slug", flat=True)) == ["older"]
    assert [item["slug"] for item in data["related"]] == ["older"]
    assert editor_api.get(f"{ARTICLES}{data['slug']}/").status_code == 200  # editors see their drafts


def test_a_new_draft_is_not_public(editor_api, client):
    slug = _draft(editor_api).json()["slug"]

    assert client.get(f"{ARTICLES}{slug}/").status_code == 404


def test_status_cannot_be_sent_on_create(editor_api):
    response = editor_api.post(ARTICLES, {"title": "x", "status": "published"}, format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["status"]
    assert not Article.objects.exists()


def test_title_is_required_on_create(editor_api):
    response = editor_api.post(ARTICLES, {"body": "<p>x</p>"}, format="json")

    assert (response.status_code, list(response.json()["fields"])) == (400, ["title"])


def test_editor_updates_with_patch(editor_api):
    slug = _draft(editor_api).json()["slug"]
    TagFactory(slug="oil")

    response = editor_api.patch(f"{ARTICLES}{slug}/", {"title": "عنوان جديد", "tags": ["oil"]}, format="json")

    assert response.status_code == 200
    assert response.json()["title"] == "عنوان جديد"
    assert [t["slug"] for t in response.json()["tags"]] == ["oil"]
    assert Article.objects.get(slug=slug).title_ar == "عنوان جديد"


def test_body_is_sanitised(editor_api):
    data = _draft(editor_api, body='<p onclick="x()">نص<script>alert(1)</script></p>').json()

    assert "script" not in data["body"] and "onclick" not in data["body"]
    assert "نص" in data["body"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": "x", "body": "ا" * 200_001}, "body"),
        ({"title": "x", "colour": "red"}, "colour"),
        ({"title": "x", "tags": ["no-such-tag"]}, "tags"),
        ({"title": "x", "primary_category": "no-such"}, "primary_category"),
        ({"title": "x" * 301}, "title"),
        ({"title": "x", "canonical_url": "not a url"}, "canonical_url"),
    ],
)
def test_invalid_input_is_a_400_naming_the_field(editor_api, payload, field):
    response = editor_api.post(ARTICLES, payload, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"
    assert field in response.json()["fields"]
    assert not Article.objects.exists()


def test_malformed_json_is_a_400(editor_api):
    response = editor_api.post(ARTICLES, '{"title": ', content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "malformed_request"


def test_a_json_array_is_a_400(editor_api):
    response = editor_api.post(ARTICLES, [1, 2], format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"


# --- If-Match -----------------------------------------------------------------------------------


def test_stale_if_match_is_a_412_and_changes_nothing(editor_api):
    created = _draft(editor_api)
    slug, first_etag = created.json()["slug"], created["ETag"]
    assert editor_api.patch(f"{ARTICLES}{slug}/", {"title": "تعديل أول"}, format="json", HTTP_IF_MATCH=first_etag).status_code == 200

    response = editor_api.patch(f"{ARTICLES}{slug}/", {"title": "تعديل قديم"}, format="json", HTTP_IF_MATCH=first_etag)

    assert response.status_code == 412
    assert response.json()["code"] == "precondition_failed"
    assert Article.objects.get(slug=slug).title_ar == "تعديل أول"


def test_current_if_match_from_a_get_is_accepted(editor_api):
    slug = _draft(editor_api).json()["slug"]
    etag = editor_api.get(f"{ARTICLES}{slug}/")["ETag"]

    response = editor_api.patch(f"{ARTICLES}{slug}/", {"title": "تعديل"}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag


def test_stale_if_match_on_publish_is_a_412(editor_api):
    created = _draft(editor_api)
    slug = created.json()["slug"]
    editor_api.patch(f"{ARTICLES}{slug}/", {"title": "تعديل"}, format="json")

    response = editor_api.post(f"{ARTICLES}{slug}/publish/", HTTP_IF_MATCH=created["ETag"])

    assert response.status_code == 412
    assert Article.objects.get(slug=slug).status == "draft"


# --- publishing verbs -------------------------------------------------------------------------


def test_publish_then_unpublish(editor_api, client):
    slug = _draft(editor_api).json()["slug"]

    published = editor_api.post(f"{ARTICLES}{slug}/publish/")
    assert (published.status_code, published.json()["status"]) == (200, "published")
    assert client.get(f"{ARTICLES}{slug}/").status_code == 200

    unpublished = editor_api.post(f"{ARTICLES}{slug}/unpublish/")
    assert (unpublished.status_code, unpublished.json()["status"]) == (200, "draft")
    assert client.get(f"{ARTICLES}{slug}/").status_code == 404


def test_schedule_needs_a_future_date(editor_api, client):
    slug = _draft(editor_api).json()["slug"]
    future = (timezone.now() + timedelta(days=1)).isoformat()
    past = (timezone.now() - timedelta(days=1)).isoformat()

    assert editor_api.post(f"{ARTICLES}{slug}/schedule/", {"published_at": past}, format="json").status_code == 400
    assert list(editor_api.post(f"{ARTICLES}{slug}/schedule/", {}, format="json").json()["fields"]) == ["published_at"]
    scheduled = editor_api.post(f"{ARTICLES}{slug}/schedule/", {"published_at": future}, format="json")

    assert scheduled.status_code == 200
    assert scheduled.json()["status"] == "published"
    assert client.get(f"{ARTICLES}{slug}/").status_code == 404  # not yet


def test_verbs_on_an_unknown_article_are_a_404(editor_api):
    for verb in ("publish", "unpublish", "schedule"):
        assert editor_api.post(f"{ARTICLES}nothing/{verb}/", {}, format="json").status_code == 404
    assert editor_api.patch(f"{ARTICLES}nothing/", {"title": "x"}, format="json").status_code == 404
