"""Public comment API: ``GET`` approved threads, ``POST`` a reader's comment (anonymous JSON)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.fields import get_error_detail
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.utils import json

from articles import selectors as article_selectors
from articles.models import Article
from cms import content_version
from cms.api.base import ApiView
from cms.api.caching import cached_read
from cms.api.client import client_ip
from cms.api.errors import ApiError
from cms.api.language import request_language
from cms.api.pagination import PAGE_PARAMS, page_links, page_window
from cms.api.params import parse_params
from cms.api.serializers import ErrorSerializer

from .. import idempotency, selectors, services
from ..models import Comment
from ..serializers import CommentPageSerializer, CommentSubmitSerializer, CommentSubmittedSerializer
from ..throttles import CommentSubmitThrottle

# A submission is at most ~5 kB of text; JSON escapes can make that 60 kB. Anything bigger is refused unread.
MAX_REQUEST_BYTES = 128 * 1024
MESSAGES = {
    "pending": {"ar": "تعليقك بانتظار المراجعة", "en": "Your comment is awaiting moderation."},
    "approved": {"ar": "نُشر تعليقك", "en": "Your comment is published."},
}
LANG_PARAM = OpenApiParameter("lang", str, enum=["ar", "en"], description="Language; else Accept-Language, else Arabic.")
ERRORS = {code: ErrorSerializer for code in (400, 403, 404, 409, 413, 415, 429)}


class CommentJSONParser(JSONParser):
    """JSON with a size limit, no duplicate keys, and deep nesting as a 400 rather than a crash."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read(MAX_REQUEST_BYTES + 1)
        if len(raw) > MAX_REQUEST_BYTES:
            raise ApiError(413, "payload_too_large", _("The request body is too large."))
        encoding = (parser_context or {}).get("encoding") or "utf-8"
        try:
            return json.loads(raw.decode(encoding), object_pairs_hook=_unique_keys)
        except (ValueError, RecursionError) as exc:
            raise exceptions.ParseError(_("The request body is not valid JSON.")) from exc


def _unique_keys(pairs: list) -> dict:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("duplicate key")
    return result


def _printable(name: str) -> str:
    """A field name from the request, safe to echo: lone surrogates escaped (they cannot be encoded), cut short."""
    return name.encode("utf-8", "backslashreplace").decode("utf-8")[:100]


def _invalid(detail: dict) -> ApiError:
    """400 ``validation_error`` naming each field, with its messages and their codes."""
    fields = {_printable(name): [str(message) for message in messages] for name, messages in detail.items()}
    codes = {_printable(name): [getattr(message, "code", "invalid") for message in messages] for name, messages in detail.items()}
    return ApiError(400, "validation_error", _("The request is not valid."), fields=fields, extra={"codes": codes})


def _consent_required() -> ApiError:
    message = _("Agree to the storage of your data to comment.")
    return ApiError(400, "consent_required", message, fields={"consent": [message]})


def _comments_closed() -> ApiError:
    return ApiError(403, "comments_closed", _("Comments are closed for this article."))


def _published_article(slug: str) -> Article:
    article = article_selectors.commentable_article(slug)
    if article is None:
        raise ApiError(404, "not_found", _("Not found."))
    return article


class ArticleCommentsView(ApiView):
    """Approved comments of a published article, and anonymous submission of new ones.

    No authentication classes: the endpoint is anonymous, so a logged-in editor's session
    neither identifies the commenter nor brings CSRF checks (a 403 would lose the comment).
    """

    authentication_classes: list = []
    permission_classes = [AllowAny]
    parser_classes = [CommentJSONParser]

    def get_throttles(self):
        return [CommentSubmitThrottle()] if self.request.method == "POST" else []

    @extend_schema(
        parameters=[LANG_PARAM, OpenApiParameter("page", int), OpenApiParameter("page_size", int, description="Default 20, at most 100.")],
        responses={200: CommentPageSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request, slug: str):
        params = parse_params(request, PAGE_PARAMS)
        lang = request_language(request)
        return cached_read(request, lang=lang, build=lambda: self.page(request, slug, params, lang))

    def page(self, request, slug: str, params: dict, lang: str) -> dict:
        found = selectors.published_article_counts(slug, token=content_version.for_request(request).token)
        if found is None:
            raise ApiError(404, "not_found", _("Not found."))
        article_id, threads, total = found
        page, size, offset = page_window(params, threads)
        nxt, prev = page_links(request, page, size, threads)
        results = selectors.thread_trees(article_id, offset=offset, limit=size, lang=lang) if threads else []
        return {"count": threads, "total": total, "next": nxt, "previous": prev, "results": results}

    @extend_schema(
        parameters=[LANG_PARAM, OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER)],
        request=CommentSubmitSerializer,
        responses={201: CommentSubmittedSerializer, **ERRORS},
    )
    def post(self, request, slug: str):
        parse_params(request, {})
        lang = request_language(request)
        article = _published_article(slug)
        if not services.comments_open(article):
            raise _comments_closed()
        data = request.data
        if not isinstance(data, dict):
            raise _invalid({"non_field_errors": [_("Expected a JSON object.")]})
        if data.get("consent") is not True:
            raise _consent_required()  # before anything else is read: without consent nothing is stored
        key = request.headers.get("Idempotency-Key")
        if key is not None and not idempotency.valid_key(key):
            raise _invalid({"Idempotency-Key": [_("1 to 255 visible ASCII characters.")]})
        answer = idempotency.run_once(key=key, run=lambda: (201, self.submit(request, article, data, lang)))
        response = Response(answer.body, status=answer.status)
        if answer.replayed:
            response["Idempotent-Replayed"] = "true"
        return response

    def submit(self, request, article: Article, data: dict, lang: str) -> dict:
        serializer = CommentSubmitSerializer(data=data)
        if not serializer.is_valid():
            raise _invalid(serializer.errors)
        values = serializer.validated_data
        try:
            comment = services.comment_submit(
                article=article,
                author_name=values["author_name"],
                author_email=values["author_email"],
                author_url=values.get("author_url") or "",
                body=values["body"],
                consent=values["consent"],
                consent_version=values.get("consent_version"),
                parent_id=values.get("parent"),
                honeypot=values.get("company") or "",
                ip_address=client_ip(request),
                user_agent=request.headers.get("User-Agent", ""),
            )
        except DjangoValidationError as exc:
            detail = get_error_detail(exc)
            raise _invalid(detail if isinstance(detail, dict) else {"non_field_errors": detail}) from None
        except services.ConsentRequired:
            raise _consent_required() from None
        except services.ConsentVersionChanged as exc:
            raise ApiError(
                409, "consent_version_changed", _("The consent text has changed: read it again and confirm."),
                extra={"consent_version": exc.current_version},
            ) from None
        except services.CommentsClosed:
            raise _comments_closed() from None
        except services.DuplicateComment:
            raise ApiError(409, "duplicate_comment", _("You have already posted this comment.")) from None
        except services.TooSoon as exc:
            raise exceptions.Throttled(wait=exc.wait) from None
        # Held, rejected and spam all read "pending": a bot learns nothing about the policy.
        public = "approved" if comment.status == Comment.Status.APPROVED else "pending"
        return {"id": comment.pk, "status": public, "message": MESSAGES[public].get(lang, MESSAGES[public]["en"])}
