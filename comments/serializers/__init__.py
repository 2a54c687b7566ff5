"""Comment API shapes: strict inputs, and schema-only descriptions of the answers (views build dicts)."""

from .moderation import (
    BulkDecisionSerializer,
    BulkResultSerializer,
    DecisionSerializer,
    ErasureRequestSerializer,
    ErasureResultSerializer,
    ModerationCommentDetailSerializer,
    ModerationCommentSerializer,
    ModerationPageSerializer,
    PersonalDataExportSerializer,
    ReportSerializer,
    ReportedSerializer,
    StatusChangedSerializer,
)
from .public import (
    CommentPageSerializer,
    CommentSerializer,
    CommentSubmitSerializer,
    CommentSubmittedSerializer,
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
)

__all__ = [
    "BulkDecisionSerializer",
    "BulkResultSerializer",
    "CommentPageSerializer",
    "CommentSerializer",
    "CommentSubmitSerializer",
    "CommentSubmittedSerializer",
    "DecisionSerializer",
    "ErasureRequestSerializer",
    "ErasureResultSerializer",
    "ModerationCommentDetailSerializer",
    "ModerationCommentSerializer",
    "ModerationPageSerializer",
    "PersonalDataExportSerializer",
    "ReportSerializer",
    "ReportedSerializer",
    "StatusChangedSerializer",
    "StrictBooleanField",
    "StrictCharField",
    "StrictIntegerField",
]
