"""Visibility of articles lives here and nowhere else."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


def published_q(prefix: str = "", *, now=None) -> Q:
    """The published rule as a ``Q``; ``prefix`` reaches articles through a relation (``"article__"``)."""
    now = now or timezone.now()
    return Q(**{f"{prefix}status": "published", f"{prefix}published_at__lte": now})


def scheduled_q(prefix: str = "", *, now=None) -> Q:
    """Published status but a future date: visible from ``published_at`` on, with no job needed."""
    now = now or timezone.now()
    return Q(**{f"{prefix}status": "published", f"{prefix}published_at__gt": now})


class ArticleQuerySet(models.QuerySet):
    def published(self, *, now=None):
        return self.filter(published_q(now=now))

    def not_published(self, *, now=None):
        return self.exclude(published_q(now=now))

    def scheduled(self, *, now=None):
        return self.filter(scheduled_q(now=now))

    def next_publication_at(self, *, now=None):
        """When the next scheduled article becomes visible (``None`` when nothing is scheduled)."""
        return self.scheduled(now=now).aggregate(at=models.Min("published_at"))["at"]


ArticleManager = models.Manager.from_queryset(ArticleQuerySet)
