"""One JSON error envelope for everything under /api/:

    {"code": "<machine_code>", "detail": "<message in the request language>", "fields": {...}}

``fields`` appears only for validation errors. DRF's exceptions go through
``exception_handler``; Django's own 404/500 under /api/ through ``json_404``/``json_500``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from http import HTTPStatus

from django.http import Http404, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


logger = logging.getLogger("cms.api")


class ApiError(exceptions.APIException):
    """An error with an explicit status and machine code: ``raise ApiError(409, "duplicate_comment", "...")``."""

    def __init__(self, status_code: int, code: str, detail: str, *, fields: dict | None = None, extra: dict | None = None):
        self.status_code = status_code
        self.code = code
        self.fields = fields
        self.extra = extra or {}
        super().__init__(detail=detail, code=code)


class InvalidParameter(ApiError):
    def __init__(self, name: str, message: str):
        super().__init__(400, "invalid_parameter", _("Invalid query parameter: %(name)s.") % {"name": name}, fields={name: [message]})


def envelope(code: str, detail: str, fields: dict | None = None, **extra) -> dict:
    body = {"code": code, "detail": str(detail)}
    if fields:
        body["fields"] = fields
    body.update(extra)
    return body


def _flatten(detail) -> dict[str, list[str]]:
    """DRF's nested ValidationError detail as {field: [messages]} ("non_field_errors" for the rest)."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            if isinstance(value, dict):
                for sub, msgs in _flatten(value).items():
                    out[f"{key}.{sub}"] = msgs
            elif isinstance(value, list):
                msgs = []
                for item in value:
                    if isinstance(item, dict):
                        for sub, sub_msgs in _flatten(item).items():
                            out[f"{key}.{sub}"] = sub_msgs
                    else:
                        msgs.append(str(item))
                if msgs:
                    out[str(key)] = msgs
            else:
                out[str(key)] = [str(value)]
        return out
    if isinstance(detail, list):
        return {"non_field_errors": [str(d) for d in detail]}
    return {"non_field_errors": [str(detail)]}


_DEFAULT_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    412: "precondition_failed",
    415: "unsupported_media_type",
    429: "throttled",
}


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        # A bug, not bad input: log it with the traceback and answer with the envelope, never HTML.
        logger.exception("Unhandled error in %s", context.get("view").__class__.__name__, exc_info=exc)
        return Response(envelope("server_error", _("Server error.")), status=500)
    if isinstance(exc, ApiError):
        body = envelope(exc.code, exc.detail, exc.fields, **exc.extra)
    elif isinstance(exc, exceptions.ValidationError):
        body = envelope("validation_error", _("The request is not valid."), _flatten(exc.detail))
    elif isinstance(exc, exceptions.ParseError):
        body = envelope("malformed_request", _("The request body is not valid JSON."))
    else:
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) and codes != "error" else _DEFAULT_CODES.get(response.status_code, "error")
        body = envelope(code, str(exc.detail))
    response.data = body
    return response


def _json_error(request, status_code: int, code: str, message: Callable[[], str]) -> JsonResponse:
    """The envelope for answers made outside DRF views, in the request's language (``?lang=`` too)."""
    from .language import message_language  # here: language imports this module

    lang = message_language(request)
    with translation.override(lang):
        response = JsonResponse(envelope(code, message()), status=status_code)
    response["Content-Language"] = lang
    return response


def _status_message(status_code: int, code: str) -> str:
    if status_code == 404:
        return _("Not found.")
    if status_code >= 500:
        return _("Server error.")
    return HTTPStatus(status_code).phrase if status_code in HTTPStatus._value2member_map_ else code


class JsonErrorsMiddleware:
    """Under /api/, any error answer that is not already JSON becomes the envelope (also with DEBUG on).

    Catches what DRF never sees: unknown URLs (Django's technical 404 page), Django views such
    as the schema, and exceptions raised outside DRF views.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            status_code = response.status_code
            code = _DEFAULT_CODES.get(status_code, "server_error" if status_code >= 500 else "error")
            new = _json_error(request, status_code, code, lambda: _status_message(status_code, code))
            for header in ("Allow", "Retry-After", "Vary"):
                if header in response:
                    new[header] = response[header]
            return new
        return response

    def process_exception(self, request, exception):
        if request.path.startswith("/api/") and not isinstance(exception, Http404):
            logger.exception("Unhandled error at %s", request.path)
            return _json_error(request, 500, "server_error", lambda: _("Server error."))
        return None


def json_404(request, exception=None):
    return _json_error(request, status.HTTP_404_NOT_FOUND, "not_found", lambda: _("Not found."))


def json_500(request):
    return _json_error(request, status.HTTP_500_INTERNAL_SERVER_ERROR, "server_error", lambda: _("Server error."))


def error_response(status_code: int, code: str, detail: str, fields: dict | None = None, **extra) -> Response:
    return Response(envelope(code, detail, fields, **extra), status=status_code)
