"""Every entry of ../shared/corpora through the API, as a comment body and as a name.

For each: never a 5xx, within a time bound; what is stored and what is listed is safe by the
shared checker (``tools/unsafe_html.py``) and storable (no NUL, lone surrogate or bidi
embedding). Heavy entries are included: the size and structure limits refuse them before any
HTML parser runs. Skips with a message where ../shared is absent.
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
import time

import pytest

from comments.models import Comment, ModerationSettings
from tests.comments.conftest import comments_url, payload, post
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

CORPORA = ["xss-vectors.json", "naughty-strings.json", "comment-abuse.json"]
SECONDS_PER_ENTRY = 3.0
# Bidi embeddings, overrides and isolates reorder the page around the text. Marks (LRM, RLM,
# ALM) cannot leak out of the element, so they may stay in bodies; names lose them too.
_EMBEDDINGS = re.compile("[\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def checker(shared_dir):
    spec = importlib.util.spec_from_file_location("shared_unsafe_html", shared_dir / "tools" / "unsafe_html.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def everything_approved(db, no_floods):
    """No first-time hold and no link limit, so every accepted body is listed and checked there too."""
    return ModerationSettings.objects.create(id=1, hold_first_time_commenters=False, max_links=None)


def _body_problems(checker, body: str) -> list[str]:
    problems = list(checker.unsafe_reasons(body))
    if "\x00" in body or any("\ud800" <= ch <= "\udfff" for ch in body):
        problems.append("NUL or lone surrogate")
    if _EMBEDDINGS.search(html.unescape(body)):
        problems.append("bidi embedding, override or isolate")
    return problems


def _listed(client, article) -> list[dict]:
    nodes, url = [], comments_url(article) + "?page_size=100"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        data = response.json()
        nodes.extend(data["results"])
        url = data["next"]
    return nodes


@pytest.mark.parametrize("corpus", CORPORA)
def test_every_corpus_entry_is_handled_safely(client, checker, shared_dir, everything_approved, corpus):
    entries = checker.load_corpus(str(shared_dir / "corpora" / corpus), include_heavy=True)
    article = ArticleFactory()
    failures: list[str] = []

    for n, (entry_id, text) in enumerate(entries):
        for field, data in (
            ("body", payload(body=text, author_email=f"b{n}@example.org")),
            ("author_name", payload(author_name=text, author_email=f"n{n}@example.org", body=f"<p>{n}</p>")),
        ):
            started = time.perf_counter()
            response = post(client, article, data)
            elapsed = time.perf_counter() - started
            if response.status_code >= 500 or response.status_code not in (201, 400, 409, 413):
                failures.append(f"{entry_id} as {field}: HTTP {response.status_code}")
            if elapsed > SECONDS_PER_ENTRY:
                failures.append(f"{entry_id} as {field}: {elapsed:.1f} s")
            if response.status_code == 201:
                comment = Comment.objects.get(pk=response.json()["id"])
                failures += [f"{entry_id} stored body: {p}" for p in _body_problems(checker, comment.body)]
                failures += [f"{entry_id} stored name: {p}" for p in checker.storage_hazards(comment.author_name)]

    listed = _listed(client, article)
    assert len(listed) == Comment.objects.approved().filter(article=article).count() > len(entries) // 2
    for node in listed:
        failures += [f"listed #{node['id']} body: {p}" for p in _body_problems(checker, node["body"])]
        failures += [f"listed #{node['id']} name: {p}" for p in checker.storage_hazards(node["author_name"])]

    assert failures == [], json.dumps(failures[:20], ensure_ascii=False, indent=1)
