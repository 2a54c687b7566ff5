"""Which language an API request is served in: ``?lang=`` first, then ``Accept-Language``, else Arabic."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from .errors import InvalidParameter

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})


def supported_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def default_language() -> str:
    return settings.LANGUAGE_CODE


def direction(lang: str) -> str:
    return "rtl" if lang in RTL_LANGUAGES else "ltr"


def _from_header(request) -> str:
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    if header:
        supported = supported_languages()
        for code, _q in parse_accept_lang_header(header[:255]):
            base = code.split("-")[0].lower()
            if base in supported:
                return base
    return default_language()


def request_language(request) -> str:
    """The requested language; an unknown ``lang`` is a 400 naming the parameter."""
    supported = supported_languages()
    lang = request.GET.get("lang")
    if lang is not None:
        if lang not in supported:
            raise InvalidParameter("lang", _("Must be one of: %(choices)s.") % {"choices": ", ".join(supported)})
        return lang
    return _from_header(request)


def message_language(request) -> str:
    """The language for messages (errors included): like ``request_language``, but an unknown
    ``lang`` falls back to the header, since the 400 that reports it must be readable too."""
    lang = request.GET.get("lang")
    return lang if lang in supported_languages() else _from_header(request)
