"""Who may moderate: ``comments.moderate_comment`` holders (the Moderators role) and superusers."""

from __future__ import annotations

from rest_framework.permissions import BasePermission

MODERATE = "comments.moderate_comment"


def can_moderate(user) -> bool:
    """The one rule, shared by the API and the admin."""
    return bool(user and user.is_authenticated and user.is_active and (user.is_superuser or user.has_perm(MODERATE)))


class IsModerator(BasePermission):
    """Anonymous: 401 (the API's token authentication asks for credentials); others without the permission: 403."""

    def has_permission(self, request, view) -> bool:
        return can_moderate(request.user)
