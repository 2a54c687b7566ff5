"""Comment API views: public (listing, submission, reports) and moderation (queue, decisions, privacy)."""

from .moderation import ModerationBulkView, ModerationCommentDetailView, ModerationCommentListView, ModerationDecisionView
from .privacy import PersonalDataErasureView, PersonalDataExportView
from .public import MAX_REQUEST_BYTES, MESSAGES, ArticleCommentsView, CommentJSONParser
from .reports import CommentReportView

__all__ = [
    "MAX_REQUEST_BYTES",
    "MESSAGES",
    "ArticleCommentsView",
    "CommentJSONParser",
    "CommentReportView",
    "ModerationBulkView",
    "ModerationCommentDetailView",
    "ModerationCommentListView",
    "ModerationDecisionView",
    "PersonalDataErasureView",
    "PersonalDataExportView",
]
