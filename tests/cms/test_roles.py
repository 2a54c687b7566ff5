"""The newsroom roles: one idempotent function creates the groups and their permissions."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission

from cms.roles import EDITORS, MODERATORS, ensure_roles

pytestmark = pytest.mark.django_db

EDITOR_MANAGES = [
    ("articles", "article"),
    ("articles", "category"),
    ("articles", "tag"),
    ("articles", "author"),
    ("articles", "relatedlink"),
    ("articles", "articleauthor"),
    ("cms", "page"),
    ("cms", "sitesettings"),
]


def _snapshot() -> dict[str, set[str]]:
    return {
        group.name: {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        for group in Group.objects.all()
    }


def _comments_model_installed(name: str) -> bool:
    if not apps.is_installed("comments"):
        return False
    try:
        apps.get_model("comments", name)
    except LookupError:
        return False
    return True


def test_ensure_roles_creates_the_two_groups():
    Group.objects.all().delete()

    groups = ensure_roles()

    assert set(groups) == {EDITORS, MODERATORS}
    assert set(Group.objects.values_list("name", flat=True)) == {EDITORS, MODERATORS}


def test_ensure_roles_is_idempotent():
    ensure_roles()
    first = _snapshot()
    group_ids = set(Group.objects.values_list("pk", flat=True))

    ensure_roles()

    assert _snapshot() == first
    assert set(Group.objects.values_list("pk", flat=True)) == group_ids


def test_ensure_roles_restores_a_permission_removed_by_hand():
    groups = ensure_roles()
    expected = _snapshot()
    groups[EDITORS].permissions.remove(Permission.objects.get(codename="change_article"))

    ensure_roles()

    assert _snapshot() == expected


def test_ensure_roles_removes_a_permission_added_by_hand():
    groups = ensure_roles()
    expected = _snapshot()
    groups[EDITORS].permissions.add(Permission.objects.get(content_type__app_label="auth", codename="change_user"))

    ensure_roles()

    assert _snapshot() == expected


def test_roles_exist_after_migrate():
    # pytest-django builds the test database with ``migrate``; the post-migrate hook ran then.
    assert Group.objects.filter(name=EDITORS).exists()
    assert Group.objects.filter(name=MODERATORS).exists()


@pytest.mark.parametrize("app_label,model", EDITOR_MANAGES)
def test_editors_manage_newsroom_content(editor, app_label, model):
    for action in ("add", "change", "delete", "view"):
        assert editor.has_perm(f"{app_label}.{action}_{model}")


@pytest.mark.parametrize(
    "perm",
    ["auth.change_user", "auth.add_user", "auth.view_user", "auth.change_group", "auth.add_group", "auth.change_permission"],
)
def test_editors_do_not_manage_accounts(editor, perm):
    assert not editor.has_perm(perm)


def test_editors_do_not_manage_api_tokens(editor):
    assert not editor.has_perm("authtoken.add_tokenproxy")
    assert not editor.has_perm("authtoken.change_token")


def test_moderators_do_not_edit_articles(moderator):
    assert moderator.groups.filter(name=MODERATORS).exists()
    assert not moderator.has_perm("articles.change_article")
    assert not moderator.has_perm("auth.change_user")


def test_moderators_moderate_comments_once_comments_exist(moderator, editor):
    if not _comments_model_installed("Comment"):
        assert moderator.get_all_permissions() == set()
        return
    assert moderator.has_perm("comments.moderate_comment")
    assert moderator.has_perm("comments.change_comment")
    assert editor.has_perm("comments.view_comment")
    assert not editor.has_perm("comments.moderate_comment")
