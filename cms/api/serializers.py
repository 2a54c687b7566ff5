"""Shared serializer pieces: strict input (unknown fields are errors) and the error envelope's schema."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class StrictSerializer(serializers.Serializer):
    """Input serializer that rejects a non-object body and fields it does not know."""

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError({"non_field_errors": [_("Expected a JSON object.")]})
        unknown = sorted(set(data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
        return super().to_internal_value(data)


class ErrorSerializer(serializers.Serializer):
    """The one error envelope of the API."""

    code = serializers.CharField(help_text="Machine-readable code, e.g. not_found, validation_error.")
    detail = serializers.CharField(help_text="Message in the request language.")
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)
