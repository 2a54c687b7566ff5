"""Strict query parameters: every endpoint names the ones it takes; anything else is a 400.

    params = parse_params(request, {"page": positive_int(), "q": text(200)})
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from .errors import InvalidParameter

Parser = Callable[[str], object]
# Accepted everywhere: the language is read by cms.api.language; format is DRF's.
ALWAYS_ALLOWED = frozenset({"lang"})


def _clean(value: str) -> str:
    if "\x00" in value or any("\ud800" <= ch <= "\udfff" for ch in value):
        raise ValueError(_("Contains characters that are not allowed."))
    return value


def positive_int(*, maximum: int | None = None, minimum: int = 1) -> Parser:
    def parse(value: str) -> int:
        value = _clean(value).strip()
        if not value.isascii() or not value.isdigit() or len(value) > 9:
            raise ValueError(_("Must be a whole number."))
        number = int(value)
        if number < minimum or (maximum is not None and number > maximum):
            raise ValueError(_("Must be between %(min)s and %(max)s.") % {"min": minimum, "max": maximum or "∞"})
        return number

    return parse


def text(max_length: int = 200) -> Parser:
    def parse(value: str) -> str:
        value = _clean(value)
        if len(value) > max_length:
            raise ValueError(_("At most %(max)d characters.") % {"max": max_length})
        return value

    return parse


def slug(max_length: int = 200) -> Parser:
    def parse(value: str) -> str:
        value = _clean(value).strip()
        if not value or len(value) > max_length or any(ch.isspace() for ch in value) or "/" in value:
            raise ValueError(_("Must be a slug."))
        return value

    return parse


def choice(*choices: str) -> Parser:
    def parse(value: str) -> str:
        if value not in choices:
            raise ValueError(_("Must be one of: %(choices)s.") % {"choices": ", ".join(choices)})
        return value

    return parse


def moment() -> Parser:
    """An ISO 8601 date or date-time; a date means its midnight, a naive time the site's zone."""

    def parse(value: str) -> datetime:
        value = _clean(value).strip()
        try:
            parsed = parse_datetime(value)
            if parsed is None:
                day = parse_date(value)
                if day is None:
                    raise ValueError
                parsed = datetime(day.year, day.month, day.day)
        except ValueError:
            raise ValueError(_("Must be an ISO 8601 date or date-time.")) from None
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return parsed

    return parse


def raw() -> Parser:
    """Any value (checked elsewhere), minus NULs and lone surrogates."""
    return _clean


def parse_params(request, spec: dict[str, Parser]) -> dict[str, object]:
    """The known parameters, parsed; a 400 naming the first unknown, repeated or malformed one."""
    values: dict[str, object] = {}
    for name in request.GET.keys():
        if name in ALWAYS_ALLOWED:
            continue
        parser = spec.get(name)
        if parser is None:
            raise InvalidParameter(name, _("Unknown parameter."))
        items = request.GET.getlist(name)
        if len(items) > 1:
            raise InvalidParameter(name, _("Give this parameter once."))
        try:
            values[name] = parser(items[0])
        except ValueError as exc:
            raise InvalidParameter(name, str(exc)) from None
    return values
