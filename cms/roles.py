"""The newsroom's roles as Django groups, created idempotently.

Called after ``migrate``, by ``seed_demo`` and by test fixtures: permissions do not exist yet
inside a data migration on a fresh database.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

EDITORS = "Editors"
MODERATORS = "Moderators"

# (app_label, model) pairs whose add/change/delete/view permissions the role gets.
EDITOR_MODELS = [
    ("articles", "article"),
    ("articles", "articleauthor"),
    ("articles", "relatedlink"),
    ("articles", "category"),
    ("articles", "tag"),
    ("articles", "author"),
    ("cms", "page"),
    ("cms", "sitesettings"),
]
MODERATOR_MODELS = [
    ("comments", "comment"),
    ("comments", "heldreason"),
    ("comments", "moderationsettings"),
    ("comments", "blockedsender"),
    ("comments", "moderationevent"),  # the audit log: the admin shows it read-only whatever the permissions
    ("comments", "commentreport"),
]
MODERATOR_EXTRA = [("comments", "moderate_comment")]
EDITOR_EXTRA: list[tuple[str, str]] = []
# Editors see comments (read only) so they can follow discussion of their articles.
EDITOR_VIEW_ONLY = [("comments", "comment")]


def _model_perms(pairs, actions=("add", "change", "delete", "view")) -> Q:
    q = Q(pk__in=[])
    for app_label, model in pairs:
        q |= Q(content_type__app_label=app_label, content_type__model=model, codename__in=[f"{a}_{model}" for a in actions])
    return q


def _codename_perms(pairs) -> Q:
    q = Q(pk__in=[])
    for app_label, codename in pairs:
        q |= Q(content_type__app_label=app_label, codename=codename)
    return q


def ensure_roles() -> dict[str, Group]:
    """Create or refresh the groups with exactly their permissions; safe to call any number of times."""
    definitions = {
        EDITORS: _model_perms(EDITOR_MODELS) | _codename_perms(EDITOR_EXTRA) | _model_perms(EDITOR_VIEW_ONLY, ("view",)),
        MODERATORS: _model_perms(MODERATOR_MODELS) | _codename_perms(MODERATOR_EXTRA),
    }
    groups = {}
    for name, perm_q in definitions.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(perm_q))
        groups[name] = group
    return groups
