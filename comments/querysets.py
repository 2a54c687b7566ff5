"""Visibility of comments lives here and nowhere else."""

from __future__ import annotations

from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

APPROVED = "approved"
PENDING = "pending"
DELETED = "deleted"  # Comment.Erasure.DELETED: a tombstone


def approved_q(prefix: str = "") -> Q:
    """Shown to readers; ``prefix`` reaches comments through a relation (``"comments__"``)."""
    return Q(**{f"{prefix}status": APPROVED})


def pending_q(prefix: str = "") -> Q:
    """Waiting for a moderator."""
    return Q(**{f"{prefix}status": PENDING})


def tombstone_q(prefix: str = "") -> Q:
    """Erased, kept only so that its replies keep their thread (listed as deleted)."""
    return Q(**{f"{prefix}erasure": DELETED})


class CommentQuerySet(models.QuerySet):
    approved_q = staticmethod(approved_q)
    pending_q = staticmethod(pending_q)
    tombstone_q = staticmethod(tombstone_q)

    def approved(self):
        return self.filter(approved_q())

    def pending(self):
        return self.filter(pending_q())

    def threads(self):
        """Top-level comments (the head of each thread)."""
        return self.filter(parent__isnull=True)

    def reportable(self):
        """What readers can see and report: approved, not a tombstone, on a published article, its parent shown too."""
        from articles.querysets import published_q

        shown_parent = Q(parent__isnull=True) | approved_q("parent__")
        return self.approved().exclude(tombstone_q()).filter(published_q("article__"), shown_parent)

    def not_on_legal_hold(self):
        """What erasure and retention may touch."""
        return self.filter(legal_hold=False)

    def with_approved_by_email(self):
        """Annotate ``approved_by_email``: approved comments sharing this e-mail (one subquery, no per-row query)."""
        approved = (
            self.model.objects.approved()
            .filter(author_email=OuterRef("author_email"))
            .exclude(author_email="")
            .order_by()
            .values("author_email")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(approved_by_email=Coalesce(Subquery(approved), 0))

    def for_moderation(self):
        """The moderation queue's rows: article, moderator and reasons loaded, approved count per e-mail annotated."""
        return self.select_related("article", "moderated_by").prefetch_related("held_reasons").with_approved_by_email()


CommentManager = models.Manager.from_queryset(CommentQuerySet)
