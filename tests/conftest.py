"""Shared fixtures: a clean cache (and per-process memos) for every test, the roles, users per role, API clients."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache

SHARED_DIR = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(autouse=True)
def _clear_cache():
    from cms.content_version import VersionMemo

    cache.clear()
    VersionMemo.clear_all()  # relations, counts, answers
    yield
    cache.clear()
    VersionMemo.clear_all()


@pytest.fixture
def shared_dir() -> Path:
    if not (SHARED_DIR / "corpora").is_dir():
        pytest.skip("../shared is absent: these tests need ../shared/corpora (CI always has it)")
    return SHARED_DIR


@pytest.fixture
def roles(db):
    from cms.roles import ensure_roles

    return ensure_roles()


def _user(django_user_model, username: str, *, group=None, **extra):
    user = django_user_model.objects.create_user(username=username, password="pw-" + username, **extra)
    if group is not None:
        user.groups.add(group)
    return user


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser(username="root", password="pw-root", email="root@example.org")


@pytest.fixture
def editor(roles, django_user_model):
    from cms.roles import EDITORS

    return _user(django_user_model, "editor", group=roles[EDITORS], is_staff=True)


@pytest.fixture
def moderator(roles, django_user_model):
    from cms.roles import MODERATORS

    return _user(django_user_model, "moderator", group=roles[MODERATORS], is_staff=True)


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()
