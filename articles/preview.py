"""Signed, expiring preview tokens: editors share a draft through the detail endpoint."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from cms.api.errors import ApiError

SALT = "articles.preview"


def make_token(article) -> str:
    return signing.dumps({"a": article.pk, "s": article.slug}, salt=SALT, compress=True)


def preview_path(article) -> str:
    """The detail endpoint's path with a fresh token (for API clients and the admin)."""
    return reverse("api-article-detail", args=[article.slug]) + "?" + urlencode({"preview": make_token(article)})


def preview_url(article, lang: str = "ar") -> str:
    """The article's canonical URL (``CMS["ARTICLE_URL"]``, else the reader's route on this host)
    with a fresh token: the front end passes ``preview`` on to the detail endpoint."""
    from cms.links import LinkBuilder

    return LinkBuilder(base="").url("article", article.slug, lang) + "?" + urlencode({"preview": make_token(article)})


def article_id_from_token(token: str, *, slug: str) -> int:
    """The article id in a valid token for this slug; expired or tampered tokens are a 404 (no leak)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.CMS["PREVIEW_MAX_AGE"])
    except (signing.BadSignature, ValueError, TypeError):
        raise ApiError(404, "not_found", _("Not found.")) from None
    if not isinstance(data, dict) or data.get("s") != slug or not isinstance(data.get("a"), int):
        raise ApiError(404, "not_found", _("Not found."))
    return data["a"]
