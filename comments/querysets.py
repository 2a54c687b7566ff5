"""Visibility of comments lives here and nowhere else."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

APPROVED = "approved"
PENDING = "pending"


def approved_q(prefix: str = "") -> Q:
    """Shown to readers; ``prefix`` reaches comments through a relation (``"comments__"``)."""
    return Q(**{f"{prefix}status": APPROVED})


def pending_q(prefix: str = "") -> Q:
    """Waiting for a moderator."""
    return Q(**{f"{prefix}status": PENDING})


class CommentQuerySet(models.QuerySet):
    approved_q = staticmethod(approved_q)
    pending_q = staticmethod(pending_q)

    def approved(self):
        return self.filter(approved_q())

    def pending(self):
        return self.filter(pending_q())

    def threads(self):
        """Top-level comments (the head of each thread)."""
        return self.filter(parent__isnull=True)


CommentManager = models.Manager.from_queryset(CommentQuerySet)
