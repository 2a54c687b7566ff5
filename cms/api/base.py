"""The base of every API view: messages in the request's language, and answers that say so."""

from __future__ import annotations

from django.utils import translation
from django.utils.cache import patch_vary_headers
from rest_framework.views import APIView

from .language import message_language


class ApiView(APIView):
    """An ``APIView`` whose messages (DRF's and ours, errors included) are in the language asked
    for with ``?lang=`` or ``Accept-Language``: LocaleMiddleware alone knows only the header (and
    a cookie), so a ``?lang=en`` error would otherwise come back in Arabic."""

    def dispatch(self, request, *args, **kwargs):
        with translation.override(message_language(request)):
            return super().dispatch(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if "Content-Language" not in response:
            response["Content-Language"] = translation.get_language()
        patch_vary_headers(response, ("Accept-Language",))
        return response
