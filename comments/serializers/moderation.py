"""Moderation and report shapes: strict inputs, and schema-only answers (the views build dicts)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cms.api.serializers import ErrorSerializer, StrictSerializer

from ..models import Comment, CommentReport, HeldReason, ModerationEvent
from ..services.base import NOTE_MAX_LENGTH
from .public import INT64_MAX, StrictCharField, StrictIntegerField

STATUSES = Comment.Status.values
BULK_MAX_IDS = 10_000


STATUS_HELP = "pending, approved, rejected or spam"


@extend_schema_field(OpenApiTypes.STR)
class StatusNameField(serializers.ChoiceField):
    """A comment status. Documented as a plain string: the one enum of comment statuses is
    ``ModerationComment.status`` (a second name for the same choices makes a second enum)."""

    def __init__(self, **kwargs):
        super().__init__(choices=STATUSES, **kwargs)


# --- inputs ---


class DecisionSerializer(StrictSerializer):
    note = StrictCharField(max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default="")
    expected_status = StatusNameField(
        default=Comment.Status.PENDING,
        help_text=_("The status the decision was made on (%s; default pending); when the comment is no longer in it: "
                    "409 status_changed.") % STATUS_HELP,
    )


class BulkDecisionSerializer(DecisionSerializer):
    ids = serializers.ListField(
        child=StrictIntegerField(min_value=1, max_value=INT64_MAX), min_length=1, max_length=BULK_MAX_IDS,
    )
    action = serializers.ChoiceField(choices=["approve", "reject", "spam"])


class ErasureRequestSerializer(StrictSerializer):
    email = StrictCharField(max_length=254)
    mode = serializers.ChoiceField(choices=["anonymise", "delete"], required=False, help_text=_("Default: the ERASURE_MODE setting."))
    language = serializers.ChoiceField(choices=["ar", "en"], required=False, help_text=_("Of the anonymous name; default: the site's."))


class ReportSerializer(StrictSerializer):
    reason = serializers.ChoiceField(choices=CommentReport.Reason.values)


# --- answers (schema only) ---


class ReasonSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=HeldReason.Code.values)
    detail = serializers.CharField(allow_blank=True)


class ArticleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()


class ConsentRecordSerializer(serializers.Serializer):
    given_at = serializers.DateTimeField()
    version = serializers.IntegerField()


class EventSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=ModerationEvent.Action.values)
    from_status = serializers.CharField(allow_blank=True)
    to_status = serializers.CharField(allow_blank=True)
    actor = serializers.CharField(allow_null=True, help_text=_("User name; null when a rule acted."))
    actor_rule = serializers.CharField(allow_blank=True)
    note = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()


class ReportCountSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=CommentReport.Reason.values)
    created_at = serializers.DateTimeField()


class ModerationCommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    article = ArticleRefSerializer()
    parent = serializers.IntegerField(allow_null=True)
    thread = serializers.IntegerField(allow_null=True)
    depth = serializers.IntegerField()
    status = serializers.ChoiceField(choices=STATUSES)
    author_name = serializers.CharField(allow_blank=True)
    author_email = serializers.CharField(allow_blank=True)
    author_url = serializers.CharField(allow_blank=True)
    body = serializers.CharField(allow_blank=True, help_text=_("Sanitised HTML."))
    ip_address = serializers.CharField(allow_null=True)
    user_agent = serializers.CharField(allow_blank=True)
    consent = ConsentRecordSerializer()
    submitted_at = serializers.DateTimeField()
    moderated_at = serializers.DateTimeField(allow_null=True)
    moderated_by = serializers.CharField(allow_null=True, help_text=_("User name."))
    legal_hold = serializers.BooleanField()
    erasure = serializers.ChoiceField(choices=Comment.Erasure.values, allow_blank=True)
    reasons = ReasonSerializer(many=True)
    approved_by_email = serializers.IntegerField(help_text=_("Approved comments with this e-mail address."))
    # One component for the list and the detail (two would make two enums of the same statuses).
    events = serializers.ListField(child=EventSerializer(), required=False, help_text=_("Detail only: the audit log, oldest first."))
    reports = serializers.ListField(
        child=ReportCountSerializer(), required=False, help_text=_("Detail only: readers' reports (reporters are never shown).")
    )


ModerationCommentDetailSerializer = ModerationCommentSerializer


class StatusCountsSerializer(serializers.Serializer):
    pending = serializers.IntegerField()
    approved = serializers.IntegerField()
    rejected = serializers.IntegerField()
    spam = serializers.IntegerField()


class ModerationPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    counts = StatusCountsSerializer(help_text=_("Per status, with every filter but status applied."))
    oldest_pending_age_seconds = serializers.IntegerField(allow_null=True)
    results = ModerationCommentSerializer(many=True)


class StatusChangedSerializer(ErrorSerializer):
    """409 ``status_changed``: the error envelope with the comment's status now."""

    current_status = serializers.CharField(help_text=_("The comment's status now: %s.") % STATUS_HELP)


class BulkOutcomeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField(required=False, help_text=_("The new status, when decided."))
    error = serializers.ChoiceField(choices=["not_found", "status_changed"], required=False)
    current_status = serializers.CharField(required=False, help_text=_("With status_changed: %s.") % STATUS_HELP)


class BulkResultSerializer(serializers.Serializer):
    results = BulkOutcomeSerializer(many=True, help_text=_("One per id, in the order given."))


class ErasureResultSerializer(serializers.Serializer):
    mode = serializers.ChoiceField(choices=["anonymise", "delete"])
    anonymised = serializers.IntegerField()
    deleted = serializers.IntegerField()
    tombstoned = serializers.IntegerField()
    on_legal_hold = serializers.IntegerField()


class PersonalDataExportSerializer(serializers.Serializer):
    email = serializers.CharField()
    generated_at = serializers.DateTimeField()
    comments = serializers.ListField(child=serializers.DictField())
    blocked_sender_rules = serializers.ListField(child=serializers.DictField())
    not_included = serializers.ListField(child=serializers.CharField())


class ReportedSerializer(serializers.Serializer):
    message = serializers.CharField()
