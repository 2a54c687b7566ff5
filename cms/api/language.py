"""Which language an API request is served in: ``?lang=`` first, then ``Accept-Language``, else Arabic."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation.trans_real import parse_accept_lang_header

from .errors import InvalidParameter

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})


def supported_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def default_language() -> str:
    return settings.LANGUAGE_CODE


def direction(lang: str) -> str:
    return "rtl" if lang in RTL_LANGUAGES else "ltr"


def request_language(request) -> str:
    """The requested language; an unknown ``lang`` is a 400 naming the parameter."""
    supported = supported_languages()
    lang = request.GET.get("lang")
    if lang is not None:
        if lang not in supported:
            raise InvalidParameter("lang", f"Must be one of: {', '.join(supported)}.")
        return lang
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    if header:
        for code, _q in parse_accept_lang_header(header[:255]):
            base = code.split("-")[0].lower()
            if base in supported:
                return base
    return default_language()
