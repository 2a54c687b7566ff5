"""The base of every API view: messages in the request's language, answers that say so, and a lean
path for anonymous reads."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import translation
from django.utils.cache import patch_vary_headers
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .caching import accepts_json, cached_answer, has_credentials
from .language import message_language

_ANONYMOUS_AUTH = (TokenAuthentication, SessionAuthentication)


def _allowed(view_class) -> str:
    """The ``Allow`` header DRF gives this view's answers (HEAD comes with GET, as in ``View.setup``)."""
    return ", ".join(
        method.upper() for method in view_class.http_method_names
        if hasattr(view_class, method) or (method == "head" and hasattr(view_class, "get"))
    )


def _public_reads(view_class) -> bool:
    """Whether the view's permissions let an anonymous GET in (asked once, with a bare request)."""
    request = HttpRequest()
    request.method, request.user = "GET", AnonymousUser()
    view = view_class()
    try:
        return all(permission.has_permission(request, view) for permission in view.get_permissions())
    except Exception:  # noqa: BLE001 - a permission that needs more of the request: no shortcut for this view
        return False


class ApiView(APIView):
    """An ``APIView`` whose messages (DRF's and ours, errors included) are in the language asked
    for with ``?lang=`` or ``Accept-Language``: LocaleMiddleware alone knows only the header (and
    a cookie), so a ``?lang=en`` error would otherwise come back in Arabic.

    Anonymous reads take a lean path. A GET or HEAD with no credentials (no ``Authorization``
    header, no session cookie) is anonymous whatever DRF's token and session authentication would
    do, so when the view's permissions let an anonymous user in and no throttle applies, the
    handler runs at once with Django's request: no DRF request wrapper, no authentication, no
    content negotiation (the answers are JSON and the client accepts JSON). Such handlers read
    ``request.GET`` (not ``query_params``) and return a Django ``HttpResponse`` (a DRF
    ``Response`` is rendered the usual way). Errors are answered by DRF's exception handler, as on
    the full path; every other request, and views that override ``finalize_response``, go
    through DRF.
    """

    @classmethod
    def as_view(cls, **initkwargs):
        """DRF's view, behind a check of the response cache (``caching.cached_answer``): an anonymous
        GET whose answer is stored, or whose ETag is current, is answered before the view is set up."""
        view = super().as_view(**initkwargs)
        if not hasattr(cls, "get") or not _public_reads(cls):
            return view  # writes, moderators' and editors' endpoints: nothing anonymous is stored for them
        allow = _allowed(cls)

        @wraps(view)
        def cached_or_view(request, *args, **kwargs):
            response = cached_answer(request)
            if response is None:
                return view(request, *args, **kwargs)
            response["Allow"] = allow
            return response

        return cached_or_view

    def dispatch(self, request, *args, **kwargs):
        lang = message_language(request)
        if lang != translation.get_language():
            with translation.override(lang):
                return self._dispatch(request, *args, **kwargs)
        # LocaleMiddleware has activated it already (the usual case, without ?lang=).
        return self._dispatch(request, *args, **kwargs)

    def _dispatch(self, request, *args, **kwargs):
        if self._anonymous_read(request):
            return self._lean_dispatch(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if "Content-Language" not in response:
            response["Content-Language"] = translation.get_language()
        patch_vary_headers(response, ("Accept-Language",))
        return response

    # --- the lean path for anonymous reads ---

    def _anonymous_read(self, request) -> bool:
        if request.method not in ("GET", "HEAD") or has_credentials(request) or "format" in request.GET:
            return False
        if not accepts_json(request):
            return False  # DRF answers 406
        if not all(issubclass(auth, _ANONYMOUS_AUTH) for auth in self.authentication_classes):
            return False
        if not hasattr(self, request.method.lower()) or self.get_throttles():
            return False
        if type(self).finalize_response is not ApiView.finalize_response:
            return False  # a view that adds to every answer in finalize_response gets DRF's path
        request.user = AnonymousUser()
        return all(permission.has_permission(request, self) for permission in self.get_permissions())

    def _lean_dispatch(self, request, *args, **kwargs):
        self.args, self.kwargs, self.request = args, kwargs, request
        self.headers = self.default_response_headers
        try:
            response = getattr(self, request.method.lower())(request, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - answered by DRF's handler below, as on the full path
            return self._drf_finalize(request, self.handle_exception_lean(request, exc, *args, **kwargs), *args, **kwargs)
        if isinstance(response, Response):
            return self._drf_finalize(request, response, *args, **kwargs)
        response["Allow"] = self.headers["Allow"]
        if "Content-Language" not in response:
            response["Content-Language"] = translation.get_language()
        if response.get("Vary") != "Accept-Language":
            patch_vary_headers(response, ("Accept-Language",))
        self.response = response
        return response

    def handle_exception_lean(self, request, exc, *args, **kwargs):
        """DRF's error handling (envelope, status, headers) for an exception raised on the lean path."""
        self.request = self.initialize_request(request, *args, **kwargs)
        return self.handle_exception(exc)

    def _drf_finalize(self, request, response, *args, **kwargs):
        if not isinstance(self.request, Request):
            self.request = self.initialize_request(request, *args, **kwargs)
        self.response = self.finalize_response(self.request, response, *args, **kwargs)
        return self.response
