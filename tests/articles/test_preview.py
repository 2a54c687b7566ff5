"""Preview: the admin's signed, expiring link shows a draft through the detail endpoint, privately."""

from __future__ import annotations

import html
import re
import time
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.core import signing

from articles import preview, services
from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

DRAFT_SLUG = "مسودة-الخبر"


@pytest.fixture
def draft():
    return ArticleFactory(slug=DRAFT_SLUG, title_ar="عنوان المسودة", status=Article.Status.DRAFT, published_at=None)


def _url(slug: str, token: str | None = None) -> str:
    url = f"/api/v1/articles/{quote(slug)}/"
    return url if token is None else f"{url}?{'preview=' + quote(token)}"


def _admin_preview_href(client, user, article) -> str:
    client.force_login(user)
    page = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    client.logout()
    hrefs = re.findall(r'href="(/api/v1/articles/[^"]*\?preview=[^"]+)"', page)
    assert len(hrefs) == 1, "the change page has one preview link"
    return html.unescape(hrefs[0])


def test_the_admin_change_page_links_to_a_working_preview(client, editor, draft):
    href = _admin_preview_href(client, editor, draft)

    response = client.get(href)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response
    data = response.json()
    assert (data["slug"], data["title"], data["status"]) == (DRAFT_SLUG, "عنوان المسودة", "draft")


def test_the_admin_add_page_has_no_preview_link(client, editor):
    client.force_login(editor)

    page = client.get("/admin/articles/article/add/").content.decode()

    assert "?preview=" not in page


def test_valid_token_shows_the_draft_in_the_requested_language(client, draft):
    Article.objects.filter(pk=draft.pk).update(title_en="Draft title", body_en="<p>Body</p>")

    data = client.get(_url(DRAFT_SLUG, preview.make_token(draft)) + "&lang=en").json()

    assert (data["title"], data["language"]) == ("Draft title", "en")


def test_without_a_token_a_draft_is_a_404(client, draft):
    assert client.get(_url(DRAFT_SLUG)).status_code == 404


def test_expired_token_is_a_404(client, draft, monkeypatch, settings):
    real_time = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() - settings.CMS["PREVIEW_MAX_AGE"] - 5)
    token = preview.make_token(draft)
    monkeypatch.undo()

    response = client.get(_url(DRAFT_SLUG, token))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_token_within_a_shorter_max_age_setting(client, draft, settings, monkeypatch):
    real_time = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() - 120)
    token = preview.make_token(draft)
    monkeypatch.undo()

    assert client.get(_url(DRAFT_SLUG, token)).status_code == 200
    settings.CMS = {**settings.CMS, "PREVIEW_MAX_AGE": 60}
    assert client.get(_url(DRAFT_SLUG, token)).status_code == 404


@pytest.mark.parametrize("tamper", [lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"), lambda t: "x" + t, lambda t: "", lambda t: "a:b:c"])
def test_tampered_token_is_a_404(client, draft, tamper):
    response = client.get(_url(DRAFT_SLUG, tamper(preview.make_token(draft))))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_token_of_another_article_is_a_404(client, draft):
    other = ArticleFactory(slug="other-draft", status=Article.Status.DRAFT, published_at=None)

    assert client.get(_url(DRAFT_SLUG, preview.make_token(other))).status_code == 404
    assert client.get(_url("other-draft", preview.make_token(draft))).status_code == 404


def test_token_signed_for_something_else_is_a_404(client, draft):
    foreign = signing.dumps({"a": draft.pk, "s": DRAFT_SLUG}, salt="something.else", compress=True)

    assert client.get(_url(DRAFT_SLUG, foreign)).status_code == 404


def test_preview_bypasses_the_server_cache(client, draft):
    token = preview.make_token(draft)
    assert client.get(_url(DRAFT_SLUG, token)).json()["title"] == "عنوان المسودة"

    # An edit with no content-version bump would be hidden by a cache; a preview shows it at once.
    Article.objects.filter(pk=draft.pk).update(title_ar="عنوان معدل")

    assert client.get(_url(DRAFT_SLUG, token)).json()["title"] == "عنوان معدل"
    assert client.get(_url(DRAFT_SLUG)).status_code == 404  # the public URL never saw the draft


def test_preview_of_a_published_article_is_private_too(client):
    article = ArticleFactory(slug="live")
    client.get(_url("live"))  # a public answer is now cached

    response = client.get(_url("live", preview.make_token(article)))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_publishing_the_draft_makes_it_public_without_a_token(client, draft):
    services.article_publish(article=draft)

    assert client.get(_url(DRAFT_SLUG)).status_code == 200


def test_the_admin_preview_link_opens_the_reader_route_with_the_token(client, editor, draft, settings):
    client.force_login(editor)
    page = client.get(f"/admin/articles/article/{draft.pk}/change/").content.decode()
    hrefs = re.findall(r'href="(/ar/articles/[^"]*\?preview=[^"]+)"', page)
    assert len(hrefs) == 1
    token = parse_qs(urlsplit(html.unescape(hrefs[0])).query)["preview"][0]
    client.logout()

    response = client.get(_url(DRAFT_SLUG), {"preview": token})

    assert response.status_code == 200


def test_preview_links_follow_the_canonical_url_setting(draft, settings):
    settings.CMS = {**settings.CMS, "ARTICLE_URL": "https://news.example/{lang}/a/{slug}/"}

    link = preview.preview_url(draft)

    assert link.startswith(f"https://news.example/ar/a/{quote(DRAFT_SLUG)}/?preview=")
