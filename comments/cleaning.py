"""Cleaning of what a commenter typed, field by field; shared by the API serializer and the services.

Each function returns the value as it is stored or raises a ValidationError with a code. Sizes
are checked on the raw value, so over a limit is an error, never a truncation.
"""

from __future__ import annotations

import html
import ipaddress
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

from cms.arabic import strip_invisible
from cms.sanitize import HtmlTooComplex, clean_comment_html, html_to_text

from .models import NAME_MAX_LENGTH, URL_MAX_LENGTH, USER_AGENT_MAX_LENGTH

# Invisible letters that str.strip() keeps: Hangul fillers and the blank Braille pattern.
INVISIBLE_LETTERS = "\u115f\u1160\u3164\uffa0\u2800"
_DROP_FROM_NAMES = str.maketrans(dict.fromkeys(INVISIBLE_LETTERS))
_CHAR_REFERENCE = re.compile(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);?")
_url_validator = URLValidator(schemes=["http", "https"])


def _unstorable(value: str) -> bool:
    return "\x00" in value or any("\ud800" <= ch <= "\udfff" for ch in value)


def _visible(text: str) -> str:
    text = strip_invisible(text).translate(_DROP_FROM_NAMES)
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf"))


def clean_author_name(value: str) -> str:
    """The name as shown: bidi, zero-width, control and filler characters removed, spaces collapsed, NFC.

    Character references to such characters (``&#x202E;``, ``&lrm;``) go too, in case a name is
    ever put into HTML unescaped.

    Raises ValidationError when the raw value is over the limit or nothing visible is left.
    """
    if _unstorable(value):
        raise ValidationError(_("Contains characters that are not allowed."), code="invalid_characters")
    if len(value) > NAME_MAX_LENGTH:
        raise ValidationError(_("At most %(max)d characters.") % {"max": NAME_MAX_LENGTH}, code="max_length")
    visible = _CHAR_REFERENCE.sub(lambda m: m.group() if _visible(html.unescape(m.group())) else "", _visible(value))
    name = unicodedata.normalize("NFC", " ".join(visible.split()))
    if not name:
        raise ValidationError(_("Enter a name."), code="blank")
    return name


def clean_author_email(value: str) -> str:
    email = value.strip().lower()
    validate_email(email)
    return email


def clean_author_url(value: str) -> str:
    url = value.strip()
    if not url:
        return ""
    if len(url) > URL_MAX_LENGTH:
        raise ValidationError(_("At most %(max)d characters.") % {"max": URL_MAX_LENGTH}, code="max_length")
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs") for ch in url):
        raise ValidationError(_("Contains characters that are not allowed."), code="invalid_characters")
    _url_validator(url)
    return url


def sanitise_body(value: str) -> tuple[str, str]:
    """(sanitised HTML, plain text); over a size or structure limit, or empty once cleaned, is an error."""
    try:
        body = clean_comment_html(value)
    except HtmlTooComplex as exc:
        raise ValidationError(str(exc), code=exc.code) from exc
    text = html_to_text(body)
    if not text:
        raise ValidationError(_("The comment has no text."), code="empty")
    return body, text


def field_errors(**cleaners) -> dict:
    """Run ``name=(function, value)`` cleaners; return the cleaned values or raise one ValidationError naming every field."""
    cleaned, errors = {}, {}
    for name, (function, value) in cleaners.items():
        try:
            cleaned[name] = function(value)
        except ValidationError as exc:
            errors[name] = exc.error_list
    if errors:
        raise ValidationError(errors)
    return cleaned


def client_address(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address(value)) if value else None
    except ValueError:
        return None


def user_agent(value: str) -> str:
    return "".join(ch for ch in value[:USER_AGENT_MAX_LENGTH] if ch != "\x00" and not "\ud800" <= ch <= "\udfff")
