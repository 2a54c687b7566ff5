"""Privacy requests through the API: export and erasure of what is stored about an e-mail address.

Moderators only, like the rest of ``/api/v1/moderation/``. The export takes the address as a
query parameter (as asked); servers that log query strings will log it: prefer the command or
the admin action where that matters.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.fields import get_error_detail
from rest_framework.response import Response

from cms.api.errors import InvalidParameter
from cms.api.params import parse_params, text
from cms.api.serializers import ErrorSerializer

from .. import services
from ..export import personal_data_export
from ..serializers import ErasureRequestSerializer, ErasureResultSerializer, PersonalDataExportSerializer
from .moderation import AUTH_ERRORS, ModerationView


class PersonalDataExportView(ModerationView):
    @extend_schema(
        operation_id="moderation_privacy_export",
        parameters=[OpenApiParameter("email", str, required=True)],
        responses={200: PersonalDataExportSerializer, 400: ErrorSerializer, **AUTH_ERRORS},
    )
    def get(self, request):
        """Everything stored about this e-mail address (comments, articles, addresses, consent, log), as JSON."""
        params = parse_params(request, {"email": text(254)})
        if not params.get("email"):
            raise InvalidParameter("email", _("Required."))
        try:
            return Response(personal_data_export(email=params["email"]))
        except DjangoValidationError:
            raise InvalidParameter("email", _("Enter a valid e-mail address.")) from None


class PersonalDataErasureView(ModerationView):
    @extend_schema(
        operation_id="moderation_privacy_erase",
        request=ErasureRequestSerializer,
        responses={200: ErasureResultSerializer, 400: ErrorSerializer, **AUTH_ERRORS},
    )
    def post(self, request):
        """Erase this e-mail address's data by ``mode`` (default: the ERASURE_MODE setting); comments on legal hold are kept."""
        parse_params(request, {})
        serializer = ErasureRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        mode = values.get("mode") or settings.CMS["ERASURE_MODE"]
        try:
            result = services.personal_data_erase(email=values["email"], mode=mode, language=values.get("language"), by=request.user)
        except DjangoValidationError as exc:
            raise exceptions.ValidationError(get_error_detail(exc)) from None
        return Response({"mode": mode, **result.as_dict()})
