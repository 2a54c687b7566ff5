"""Site-level API: the root, site settings, static pages and editors' token login."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from .base import ApiView

from cms.links import LinkBuilder
from cms.models import Page, SiteSettings

from .caching import cached_read
from .errors import ApiError
from .language import default_language, direction, request_language, supported_languages
from .params import parse_params
from .serializers import ErrorSerializer, StrictSerializer

LANG_PARAM = OpenApiParameter("lang", str, enum=["ar", "en"], description="Language; else Accept-Language, else Arabic.")
NOT_MODIFIED = OpenApiResponse(description="Not modified: the If-None-Match ETag is current (or nothing changed since If-Modified-Since).")


class LanguageSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(help_text="The language's name in itself, e.g. English, العربية.")
    dir = serializers.ChoiceField(choices=["rtl", "ltr"])


class CookieNoticeSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True)
    policy_page = serializers.CharField(allow_null=True)
    policy_url = serializers.URLField(allow_null=True)


class ConsentSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField()


class SiteSerializer(serializers.Serializer):
    name = serializers.CharField()
    tagline = serializers.CharField(allow_blank=True)
    languages = LanguageSerializer(many=True)
    default_language = serializers.CharField()
    cookie_notice = CookieNoticeSerializer()
    comment_consent = ConsentSerializer()
    language = serializers.CharField()
    dir = serializers.ChoiceField(choices=["rtl", "ltr"])


class PageSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    body = serializers.CharField(allow_blank=True, help_text="Sanitised HTML.")
    updated_at = serializers.DateTimeField()
    url = serializers.URLField()
    language = serializers.CharField()
    dir = serializers.ChoiceField(choices=["rtl", "ltr"])
    available_languages = serializers.ListField(child=serializers.CharField())


def _text(obj, name: str, lang: str) -> str:
    return getattr(obj, f"{name}_{lang}", None) or getattr(obj, f"{name}_{default_language()}", None) or ""


def site_data(request, lang: str) -> dict:
    site = SiteSettings.objects.select_related("cookie_policy_page").filter(pk=1).first() or SiteSettings(pk=1)
    policy = site.cookie_policy_page
    if policy is not None and policy.status != Page.Status.PUBLISHED:
        policy = None  # a link readers would follow to a 404
    links = LinkBuilder(request)
    return {
        "name": _text(site, "name", lang),
        "tagline": _text(site, "tagline", lang),
        # Each language named in itself ("English" for Arabic readers too), as a switcher shows it.
        "languages": [{"code": code, "name": get_language_info(code)["name_local"], "dir": direction(code)} for code in supported_languages()],
        "default_language": default_language(),
        "cookie_notice": {
            "text": _text(site, "cookie_notice", lang),
            "policy_page": policy.slug if policy else None,
            "policy_url": links.url("page", policy.slug, lang) if policy else None,
        },
        "comment_consent": {"text": _text(site, "comment_consent_text", lang), "version": site.comment_consent_version},
        "language": lang,
        "dir": direction(lang),
    }


class ApiRootView(ApiView):
    @extend_schema(exclude=True)
    def get(self, request):
        base = request.build_absolute_uri("/api/v1/")
        return Response({name: base + path for name, path in [
            ("site", "site/"), ("articles", "articles/"), ("feed", "feed/"), ("categories", "categories/"),
            ("tags", "tags/"), ("authors", "authors/"),
        ]} | {"schema": request.build_absolute_uri("/api/schema/"), "docs": request.build_absolute_uri("/api/docs/")})


class SiteView(ApiView):
    """Site name, tagline, languages, the cookie notice and the comment consent text with its version."""

    @extend_schema(operation_id="site_retrieve", parameters=[LANG_PARAM], responses={200: SiteSerializer, 304: NOT_MODIFIED, 400: ErrorSerializer})
    def get(self, request):
        parse_params(request, {})
        lang = request_language(request)
        return cached_read(request, lang=lang, build=lambda: site_data(request, lang))


def page_data(request, lang: str, slug: str) -> dict:
    page = Page.objects.published().filter(slug=slug).first()
    if page is None:
        raise ApiError(404, "not_found", _("Not found."))
    translated = bool(page.title_en and page.body_en)
    served = lang if lang == default_language() or translated else default_language()
    return {
        "slug": page.slug,
        "title": getattr(page, f"title_{served}") or page.title_ar,
        "body": getattr(page, f"body_{served}") or "",
        "updated_at": page.updated_at,
        "url": LinkBuilder(request).url("page", page.slug, served),
        "language": served,
        "dir": direction(served),
        "available_languages": ["ar", "en"] if translated else ["ar"],
    }


class PageDetailView(ApiView):
    """A static page, such as the privacy & cookies policy."""

    @extend_schema(operation_id="pages_retrieve", parameters=[LANG_PARAM], responses={200: PageSerializer, 304: NOT_MODIFIED, 400: ErrorSerializer, 404: ErrorSerializer})
    def get(self, request, slug: str):
        parse_params(request, {})
        lang = request_language(request)
        return cached_read(request, lang=lang, build=lambda: page_data(request, lang, slug))


class TokenRequestSerializer(StrictSerializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class TokenView(ApiView):
    """Exchange an editor's username and password for an API token."""

    authentication_classes: list = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth_token"

    @extend_schema(operation_id="auth_token_create", request=TokenRequestSerializer, responses={200: TokenSerializer, 400: ErrorSerializer, 401: ErrorSerializer, 429: ErrorSerializer})
    def post(self, request):
        parse_params(request, {})
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(request._request, **serializer.validated_data)
        if user is None or not user.is_active:
            raise ApiError(401, "invalid_credentials", _("Wrong username or password."))
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
