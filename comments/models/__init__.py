"""The comments app's models; each module holds one family, all re-exported here."""

from .comment import NAME_MAX_LENGTH, URL_MAX_LENGTH, USER_AGENT_MAX_LENGTH, Comment, HeldReason
from .policy import BlockedSender, ModerationSettings
from .records import CommentReport, IdempotencyKey, ModerationEvent

__all__ = [
    "NAME_MAX_LENGTH",
    "URL_MAX_LENGTH",
    "USER_AGENT_MAX_LENGTH",
    "BlockedSender",
    "Comment",
    "CommentReport",
    "HeldReason",
    "IdempotencyKey",
    "ModerationEvent",
    "ModerationSettings",
]
