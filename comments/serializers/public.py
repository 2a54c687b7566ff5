"""Comment API shapes: the strict submission input, and schema-only descriptions of the answers.

The submission serializer checks types, sizes and forbidden characters per field; cleaning and
the rules that need the database belong to ``services.comment_submit``.
"""

from __future__ import annotations

import copy

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cms.api.serializers import StrictSerializer
from cms.sanitize import COMMENT_LIMITS, HtmlTooComplex, check_html_limits

from .. import cleaning
from ..models import NAME_MAX_LENGTH, URL_MAX_LENGTH

BODY_MAX_LENGTH = COMMENT_LIMITS["max_length"]
INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1


class StrictCharField(serializers.CharField):
    """A JSON string and nothing else (DRF's CharField also takes numbers). NULs and lone surrogates are refused."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """JSON ``true`` or ``false`` only: no "yes", 1 or "on"."""

    def to_internal_value(self, data):
        if data is True or data is False:
            return data
        self.fail("invalid", input="")


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer only: no strings, floats or booleans."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class CommentSubmitSerializer(StrictSerializer):
    author_name = StrictCharField(max_length=NAME_MAX_LENGTH, trim_whitespace=False)
    author_email = StrictCharField(max_length=254)
    author_url = StrictCharField(max_length=URL_MAX_LENGTH, required=False, allow_blank=True, allow_null=True)
    body = StrictCharField(max_length=BODY_MAX_LENGTH, help_text=_("HTML; p, br, a, strong, b, em, i, blockquote, code, ul, ol, li."))
    consent = StrictBooleanField(help_text=_("Must be true: the commenter agrees to the consent text."))
    consent_version = StrictIntegerField(min_value=1, max_value=INT32_MAX, required=False, allow_null=True)
    parent = StrictIntegerField(min_value=1, max_value=INT64_MAX, required=False, allow_null=True)
    company = StrictCharField(max_length=1000, required=False, allow_blank=True, allow_null=True, help_text=_("Leave empty."))

    def get_fields(self):
        """Shallow copies of the declared fields. DRF deep-copies them for every serializer, which
        rebuilds each field from its arguments: two thirds of validating a comment. These flat
        fields hold nothing a request changes (``bind`` sets the copy's own attributes; their
        validators and messages are only read), so a copy per serializer is enough."""
        return {name: copy.copy(field) for name, field in self._declared_fields.items()}

    def validate_author_name(self, value: str) -> str:
        return cleaning.clean_author_name(value)

    def validate_author_email(self, value: str) -> str:
        return cleaning.clean_author_email(value)

    def validate_author_url(self, value: str | None) -> str:
        return cleaning.clean_author_url(value or "")

    def validate_body(self, value: str) -> str:
        # Limits only, so a 400 comes before any work; services.comment_submit sanitises.
        try:
            check_html_limits(value, **COMMENT_LIMITS)
        except HtmlTooComplex as exc:
            raise serializers.ValidationError(str(exc), code=exc.code) from exc
        return value

    def validate_consent(self, value: bool) -> bool:
        if value is not True:
            raise serializers.ValidationError(_("Consent is required."), code="consent_required")
        return value


# --- answers (schema only: the views build plain dicts) ---


class CommentSubmittedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["pending", "approved"])
    message = serializers.CharField(help_text=_("For the reader, in the request language."))


class CommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author_name = serializers.CharField()
    author_url = serializers.CharField(allow_blank=True)
    body = serializers.CharField(help_text=_("Sanitised HTML."))
    submitted_at = serializers.DateTimeField()
    parent = serializers.IntegerField(allow_null=True)
    deleted = serializers.BooleanField(
        help_text=_("Erased at its author's request but kept for its replies: no name, no link, and a notice as body.")
    )
    replies = serializers.ListField(child=serializers.DictField(), help_text=_("Comments of the same shape, oldest first."))


class CommentPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text=_("Threads (top-level comments)."))
    total = serializers.IntegerField(help_text=_("Approved comments, replies included."))
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = CommentSerializer(many=True)
