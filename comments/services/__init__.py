"""Writes to comments, shared by the API, the admin and the management commands.

Plain functions with keyword-only arguments, each in one transaction, no signals:

- ``submission``: ``comment_submit`` (the reader's comment and the policy's decision);
- ``decisions``: ``comment_approve``/``comment_reject``/``comment_mark_spam``, ``comments_decide``
  (bulk), ``comment_edit``, ``comments_delete``, ``comment_set_legal_hold``, ``blocked_sender_add``;
- ``reports``: ``comment_report`` (readers' reports, the ``flagged`` threshold);
- ``privacy``: ``personal_data_erase``; ``retention``: ``personal_data_purge``.

Every status change and edit writes a ``ModerationEvent`` in the same transaction; every change
to the set of approved comments recounts ``Article.comment_count`` and bumps the content version.
"""

from .base import StatusChanged, approved_set_changed
from .decisions import (
    DECISIONS,
    Outcome,
    blocked_sender_add,
    comment_approve,
    comment_edit,
    comment_mark_spam,
    comment_reject,
    comment_set_legal_hold,
    comments_decide,
    comments_delete,
    set_status,
)
from .privacy import ErasureResult, personal_data_erase
from .reports import AlreadyReported, comment_report
from .retention import PurgeCounts, personal_data_purge
from .submission import (
    CommentsClosed,
    ConsentRequired,
    ConsentVersionChanged,
    DuplicateComment,
    SubmissionRefused,
    TooSoon,
    comment_submit,
    comments_open,
)

__all__ = [
    "DECISIONS",
    "AlreadyReported",
    "CommentsClosed",
    "ConsentRequired",
    "ConsentVersionChanged",
    "DuplicateComment",
    "ErasureResult",
    "Outcome",
    "PurgeCounts",
    "StatusChanged",
    "SubmissionRefused",
    "TooSoon",
    "approved_set_changed",
    "blocked_sender_add",
    "comment_approve",
    "comment_edit",
    "comment_mark_spam",
    "comment_reject",
    "comment_report",
    "comment_set_legal_hold",
    "comment_submit",
    "comments_decide",
    "comments_delete",
    "comments_open",
    "personal_data_erase",
    "personal_data_purge",
    "set_status",
]
