"""Editors' write API: create drafts, update with If-Match, publish, unpublish, schedule.

Everything goes through ``articles/services.py``, shared with the admin. Each answer carries
the article's own ETag (id + last update); an ``If-Match`` that is stale gets a 412, so two
editors cannot overwrite each other.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from cms.api.base import ApiView

from cms.api.caching import private_response
from cms.api.errors import ApiError
from cms.api.language import request_language
from cms.api.params import parse_params

from . import services
from .detail import article_detail
from .models import Article
from .permissions import IsEditor
from .serializers import ArticleEditorSerializer, ArticleWriteSerializer, ErrorSerializer, ScheduleSerializer

RELATION_FIELDS = ("authors", "categories", "tags", "related")
ACTION_RESPONSES = {200: ArticleEditorSerializer, **{code: ErrorSerializer for code in (400, 401, 403, 404, 412)}}
IF_MATCH = OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, description="The article's ETag; a stale one is a 412.")


def article_etag(article: Article) -> str:
    return f'"a{article.pk}.{int(article.updated_at.timestamp() * 1_000_000)}"'


def _editor_response(request, article: Article, *, status: int = 200):
    lang = request_language(request)
    response = private_response(article_detail(request, lang, pk=article.pk, published_only=False), lang=lang)
    response.status_code = status
    response["ETag"] = article_etag(article)
    return response


def _get_article(slug: str, *, for_update: bool = False) -> Article:
    qs = Article.objects.select_for_update() if for_update else Article.objects
    article = qs.filter(slug=slug).first()
    if article is None:
        raise ApiError(404, "not_found", _("Not found."))
    return article


def _check_if_match(request, article: Article) -> None:
    header = request.META.get("HTTP_IF_MATCH")
    if header is None:
        return
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    if "*" not in tags and article_etag(article) not in tags:
        raise ApiError(412, "precondition_failed", _("The article changed since you loaded it; reload and try again."), extra={"etag": article_etag(article)})


def _as_api_error(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages})


def _split(data: dict) -> tuple[dict, dict]:
    relations = {name: data.pop(name) for name in RELATION_FIELDS if name in data}
    return data, relations


def editor_detail_response(request, slug: str, lang: str):
    return _editor_response(request, _get_article(slug))


def create_article(request):
    parse_params(request, {})
    serializer = ArticleWriteSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    fields, relations = _split(dict(serializer.validated_data))
    if not fields.get("title"):
        raise ValidationError({"title": [_("This field is required.")]})
    try:
        article = services.article_create(**fields, **relations)
    except DjangoValidationError as exc:
        raise _as_api_error(exc) from None
    return _editor_response(request, article, status=201)


def update_article(request, slug: str):
    parse_params(request, {})
    serializer = ArticleWriteSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    fields, relations = _split(dict(serializer.validated_data))
    with transaction.atomic():
        article = _get_article(slug, for_update=True)
        _check_if_match(request, article)
        try:
            services.article_update(article=article, **fields, **relations)
        except DjangoValidationError as exc:
            raise _as_api_error(exc) from None
    article.refresh_from_db()
    return _editor_response(request, article)


class _ArticleActionView(ApiView):
    permission_classes = [IsEditor]

    def act(self, request, article: Article) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    @extend_schema(request=None, parameters=[IF_MATCH], responses=ACTION_RESPONSES)
    def post(self, request, slug: str):
        parse_params(request, {})
        with transaction.atomic():
            article = _get_article(slug, for_update=True)
            _check_if_match(request, article)
            try:
                self.act(request, article)
            except DjangoValidationError as exc:
                raise _as_api_error(exc) from None
        article.refresh_from_db()
        return _editor_response(request, article)


class ArticlePublishView(_ArticleActionView):
    def act(self, request, article):
        if request.data not in (None, {}) and not isinstance(request.data, dict):
            raise ValidationError({"non_field_errors": [_("Expected a JSON object.")]})
        services.article_publish(article=article)


class ArticleUnpublishView(_ArticleActionView):
    def act(self, request, article):
        services.article_unpublish(article=article)


class ArticleScheduleView(_ArticleActionView):
    @extend_schema(request=ScheduleSerializer, parameters=[IF_MATCH], responses=ACTION_RESPONSES)
    def post(self, request, slug: str):
        return super().post(request, slug)

    def act(self, request, article):
        serializer = ScheduleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.article_schedule(article=article, published_at=serializer.validated_data["published_at"])
