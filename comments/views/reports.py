"""Readers' reports: ``POST /api/v1/comments/{id}/report/``, anonymous, throttled per address."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from cms.api.base import ApiView
from cms.api.client import client_ip
from cms.api.errors import ApiError
from cms.api.language import request_language
from cms.api.params import parse_params
from cms.api.serializers import ErrorSerializer

from .. import services
from ..models import Comment
from ..serializers import ReportedSerializer, ReportSerializer
from ..serializers.public import INT64_MAX
from ..throttles import CommentReportThrottle
from .public import LANG_PARAM, CommentJSONParser, _invalid

THANKS = {"ar": "شكراً، سيراجع المشرفون هذا التعليق.", "en": "Thank you: moderators will review this comment."}


class CommentReportView(ApiView):
    """Report a published comment (reason only). Anonymous like submission: no session, no CSRF.

    404 for anything readers cannot see; 409 ``already_reported`` for a second report from the
    same address. Nothing about reports or reporters is ever shown publicly.
    """

    authentication_classes: list = []
    permission_classes = [AllowAny]
    parser_classes = [CommentJSONParser]
    throttle_classes = [CommentReportThrottle]

    @extend_schema(
        operation_id="comments_report_create",
        parameters=[LANG_PARAM],
        request=ReportSerializer,
        responses={201: ReportedSerializer, **{code: ErrorSerializer for code in (400, 404, 409, 413, 429)}},
    )
    def post(self, request, pk: int):
        parse_params(request, {})
        lang = request_language(request)
        comment = Comment.objects.reportable().filter(pk=pk).only("pk", "article", "status", "moderated_at").first() if pk <= INT64_MAX else None
        if comment is None:
            raise ApiError(404, "not_found", _("Not found."))
        serializer = ReportSerializer(data=request.data)
        if not serializer.is_valid():
            raise _invalid(serializer.errors)
        try:
            services.comment_report(comment=comment, reason=serializer.validated_data["reason"], ip_address=client_ip(request))
        except services.AlreadyReported:
            raise ApiError(409, "already_reported", _("You have already reported this comment.")) from None
        return Response({"message": THANKS.get(lang, THANKS["en"])}, status=201)
