"""The moderation API: the queue, one comment with its log, decisions one by one or in bulk.

Token or session authentication (DRF's SessionAuthentication enforces CSRF); only moderators
(``IsModerator``). Answers hold personal data: ``Cache-Control: private, no-store``.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from cms.api.base import ApiView
from cms.api.errors import ApiError
from cms.api.pagination import PAGE_PARAMS, page_links, page_window
from cms.api.params import choice, moment, parse_params, slug, text
from cms.api.serializers import ErrorSerializer

from .. import queue, services
from ..models import Comment, HeldReason
from ..permissions import IsModerator
from ..serializers import (
    BulkDecisionSerializer,
    BulkResultSerializer,
    DecisionSerializer,
    ModerationCommentDetailSerializer,
    ModerationPageSerializer,
    StatusChangedSerializer,
)
from ..serializers.public import INT64_MAX

LIST_PARAMS = {
    **PAGE_PARAMS,
    "status": choice(*Comment.Status.values, "all"),
    "reason": choice(*HeldReason.Code.values),
    "article": slug(),
    "since": moment(),
    "until": moment(),
    "q": text(200),
}
SERVICES = {"approve": services.comment_approve, "reject": services.comment_reject, "spam": services.comment_mark_spam}
AUTH_ERRORS = {401: ErrorSerializer, 403: ErrorSerializer}


def not_found() -> ApiError:
    return ApiError(404, "not_found", _("Not found."))


def status_changed(current: str | None) -> ApiError:
    if current is None:
        return not_found()
    return ApiError(409, "status_changed", _("The comment's status has changed meanwhile."), extra={"current_status": current})


class ModerationView(ApiView):
    permission_classes = [IsModerator]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response


class ModerationCommentListView(ModerationView):
    @extend_schema(
        operation_id="moderation_comments_list",
        parameters=[
            OpenApiParameter("status", str, enum=[*Comment.Status.values, "all"], description="Default: pending."),
            OpenApiParameter("reason", str, enum=HeldReason.Code.values, description="A held reason's code."),
            OpenApiParameter("article", str, description="Article slug."),
            OpenApiParameter("since", str, description="Submitted at or after (ISO 8601 date or date-time)."),
            OpenApiParameter("until", str, description="Submitted before (ISO 8601 date or date-time)."),
            OpenApiParameter("q", str, description="Searches name, e-mail and text."),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int, description="Default 20, at most 100."),
        ],
        responses={200: ModerationPageSerializer, 400: ErrorSerializer, **AUTH_ERRORS},
    )
    def get(self, request):
        """The queue, oldest first, with private fields and reasons; counts per status and the oldest pending age."""
        params = parse_params(request, LIST_PARAMS)
        base = queue.filtered(**{name: params.get(name) for name in ("reason", "article", "since", "until", "q")})
        counts, oldest_age = queue.status_counts(base, now=timezone.now())
        status = params.get("status", Comment.Status.PENDING)
        rows = base if status == "all" else base.filter(status=status)
        count = sum(counts.values()) if status == "all" else counts[status]  # no second COUNT query
        page, size, offset = page_window(params, count)
        nxt, prev = page_links(request, page, size, count)
        comments = rows.for_moderation().order_by("submitted_at", "pk")[offset : offset + size] if count else []
        return Response({
            "count": count,
            "next": nxt,
            "previous": prev,
            "counts": counts,
            "oldest_pending_age_seconds": oldest_age,
            "results": [queue.comment_row(comment) for comment in comments],
        })


class ModerationCommentDetailView(ModerationView):
    @extend_schema(operation_id="moderation_comments_retrieve", responses={200: ModerationCommentDetailSerializer, 404: ErrorSerializer, **AUTH_ERRORS})
    def get(self, request, pk: int):
        """One comment with its private fields, reasons, reports and audit log."""
        parse_params(request, {})
        detail = queue.comment_detail(pk) if pk <= INT64_MAX else None
        if detail is None:
            raise not_found()
        return Response(detail)


class ModerationDecisionView(ModerationView):
    """``approve/``, ``reject/``, ``spam/``: the action comes from the URL."""

    decision: str = ""

    def get_view_name(self):
        return f"Moderation {self.decision}"

    @extend_schema(
        request=DecisionSerializer,
        responses={
            200: ModerationCommentDetailSerializer,
            409: StatusChangedSerializer,
            **{code: ErrorSerializer for code in (400, 401, 403, 404)},
        },
    )
    def post(self, request, pk: int):
        """Decide, if the comment is still in ``expected_status`` (default pending); else 409 ``status_changed``."""
        parse_params(request, {})
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = Comment.objects.filter(pk=pk).first() if pk <= INT64_MAX else None
        if comment is None:
            raise not_found()
        try:
            SERVICES[self.decision](comment=comment, by=request.user, **serializer.validated_data)
        except services.StatusChanged as exc:
            raise status_changed(exc.current) from None
        return Response(queue.comment_detail(pk))


class ModerationBulkView(ModerationView):
    @extend_schema(
        operation_id="moderation_comments_bulk_create",
        request=BulkDecisionSerializer,
        responses={200: BulkResultSerializer, 400: ErrorSerializer, **AUTH_ERRORS},
    )
    def post(self, request):
        """Decide up to 10,000 comments in one request and a fixed number of queries; answers per id."""
        parse_params(request, {})
        serializer = BulkDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        outcomes = services.comments_decide(
            ids=values["ids"], status=services.DECISIONS[values["action"]], by=request.user,
            expected_status=values["expected_status"], note=values["note"],
        )
        return Response({"results": [outcome.as_dict() for outcome in outcomes]})
