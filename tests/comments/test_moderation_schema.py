"""The OpenAPI document describes the moderation and report endpoints, and their real answers match it."""

from __future__ import annotations

import json

import jsonschema
import pytest

from comments import services
from tests.comments.conftest import comments_url
from tests.factories import ArticleFactory, CommentFactory, CommentReportFactory

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/comments/{id}/report/": "post",
    "/api/v1/moderation/comments/": "get",
    "/api/v1/moderation/comments/{id}/": "get",
    "/api/v1/moderation/comments/{id}/approve/": "post",
    "/api/v1/moderation/comments/{id}/reject/": "post",
    "/api/v1/moderation/comments/{id}/spam/": "post",
    "/api/v1/moderation/comments/bulk/": "post",
    "/api/v1/moderation/privacy/export/": "get",
    "/api/v1/moderation/privacy/erase/": "post",
}


@pytest.fixture
def schema(client) -> dict:
    return client.get("/api/schema/?format=json").json()


def _strict(node):
    """OpenAPI 3.0 as JSON Schema: ``nullable`` as a null alternative, no undocumented properties."""
    if isinstance(node, list):
        return [_strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _strict(value) for key, value in node.items() if key != "nullable"}
    if out.get("type") == "object" and "properties" in out:
        out.setdefault("additionalProperties", False)
    return {"anyOf": [out, {"type": "null"}]} if node.get("nullable") else out


def check(schema: dict, path: str, method: str, status: int, body) -> None:
    target = schema["paths"][path][method]["responses"][str(status)]["content"]["application/json"]["schema"]
    jsonschema.Draft7Validator({"components": _strict(schema["components"]), **_strict(target)}).validate(body)


def test_every_endpoint_is_documented_with_its_errors(schema):
    for path, method in PATHS.items():
        operation = schema["paths"][path][method]
        assert {"400"} <= set(operation["responses"]) or method == "get", path
        if path.startswith("/api/v1/moderation/"):
            assert {"401", "403"} <= set(operation["responses"]), path


def test_real_moderation_answers_match_the_schema(schema, moderator_api, moderator):
    comment = CommentFactory(status="pending", author_email="schema@example.org")
    other = CommentFactory(status="pending")
    CommentReportFactory(comment=comment)
    services.comment_edit(comment=comment, body="<p>x</p>", by=moderator)

    check(schema, "/api/v1/moderation/comments/", "get", 200, moderator_api.get("/api/v1/moderation/comments/").json())
    check(schema, "/api/v1/moderation/comments/{id}/", "get", 200, moderator_api.get(f"/api/v1/moderation/comments/{comment.pk}/").json())
    decided = moderator_api.post(f"/api/v1/moderation/comments/{comment.pk}/approve/", {}, format="json")
    check(schema, "/api/v1/moderation/comments/{id}/approve/", "post", 200, decided.json())
    conflict = moderator_api.post(f"/api/v1/moderation/comments/{comment.pk}/reject/", {}, format="json")
    check(schema, "/api/v1/moderation/comments/{id}/reject/", "post", 409, conflict.json())
    bulk = moderator_api.post("/api/v1/moderation/comments/bulk/", {"ids": [comment.pk, other.pk, 999], "action": "spam"}, format="json")
    check(schema, "/api/v1/moderation/comments/bulk/", "post", 200, bulk.json())
    export = moderator_api.get("/api/v1/moderation/privacy/export/", {"email": "schema@example.org"})
    check(schema, "/api/v1/moderation/privacy/export/", "get", 200, export.json())
    erased = moderator_api.post("/api/v1/moderation/privacy/erase/", {"email": "schema@example.org"}, format="json")
    check(schema, "/api/v1/moderation/privacy/erase/", "post", 200, erased.json())


def test_real_report_and_listing_answers_match_the_schema(schema, client):
    article = ArticleFactory()
    thread = CommentFactory(article=article, author_email="gone@example.org")
    CommentFactory(parent=thread)
    services.personal_data_erase(email="gone@example.org", mode="delete")  # a tombstone in the listing

    reported = client.post(f"/api/v1/comments/{thread.pk + 1}/report/", json.dumps({"reason": "spam"}), content_type="application/json")
    listing = client.get(comments_url(article))

    assert reported.status_code == 201 and listing.json()["results"][0]["deleted"] is True
    check(schema, "/api/v1/comments/{id}/report/", "post", 201, reported.json())
    check(schema, "/api/v1/articles/{slug}/comments/", "get", 200, listing.json())
