"""Reads of categories (a tree with counts of published articles), tags and authors."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from cms.api.errors import ApiError
from cms.api.language import direction
from cms.api.pagination import page_links, page_window
from cms.links import LinkBuilder

from .models import Article, ArticleAuthor, Author, Category, Tag
from .querysets import published_q


def _served(lang: str, has_translation: bool) -> str:
    return lang if lang == "ar" or has_translation else "ar"


def _published_pairs() -> set[tuple[int, int]]:
    """(category id, article id) for every published article, primary and other categories (1 query).

    One LEFT JOIN rather than a UNION: Django selects a UNION's first half in model-field order,
    not ``values_list`` order, so the halves' columns need not line up.
    """
    rows = Article.objects.published().order_by().values_list("id", "primary_category_id", "categories")
    pairs = set()
    for article_id, primary_id, other_id in rows:
        if primary_id:
            pairs.add((primary_id, article_id))
        if other_id:
            pairs.add((other_id, article_id))
    return pairs


def _category_nodes(request, lang: str) -> tuple[dict[int, dict], dict[int, list[int]]]:
    links = LinkBuilder(request)
    rows = list(Category.objects.order_by("position", "name_ar").values("id", "slug", "name_ar", "name_en", "description_ar", "description_en", "parent_id", "position"))
    children: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        if row["parent_id"]:
            children[row["parent_id"]].append(row["id"])
    direct: dict[int, set[int]] = defaultdict(set)
    for category_id, article_id in _published_pairs():
        direct[category_id].add(article_id)
    parents = {row["id"]: row["parent_id"] for row in rows}
    slugs = {row["id"]: row["slug"] for row in rows}

    def subtree(cid: int, seen: set) -> set[int]:
        articles = set(direct.get(cid, ()))
        for child in children.get(cid, ()):
            if child not in seen:
                seen.add(child)
                articles |= subtree(child, seen)
        return articles

    nodes = {}
    for row in rows:
        served = _served(lang, bool(row["name_en"]))
        nodes[row["id"]] = {
            "id": row["id"],
            "slug": row["slug"],
            "name": row[f"name_{served}"] or row["name_ar"],
            "description": row[f"description_{served}"] or "",
            "parent": slugs.get(parents[row["id"]]),
            "position": row["position"],
            "article_count": len(subtree(row["id"], {row["id"]})),
            "url": links.url("category", row["slug"], served),
            "language": served,
            "dir": direction(served),
            "children": [],
        }
    return nodes, children


def category_tree(request, lang: str) -> list[dict]:
    nodes, children = _category_nodes(request, lang)
    for cid, node in nodes.items():
        node["children"] = [nodes[child] for child in children.get(cid, [])]
    return [node for node in nodes.values() if node["parent"] is None]


def category_detail(request, lang: str, slug: str) -> dict:
    nodes, children = _category_nodes(request, lang)
    for cid, node in nodes.items():
        node["children"] = [nodes[child] for child in children.get(cid, [])]
    for node in nodes.values():
        if node["slug"] == slug:
            return node
    raise ApiError(404, "not_found", _("Not found."))


def tag_list(request, lang: str, params: dict) -> dict:
    links = LinkBuilder(request)
    qs = Tag.objects.order_by("name_ar", "id")
    count = qs.count()
    page, size, offset = page_window(params, count)
    results = []
    for row in qs.values("id", "slug", "name_ar", "name_en")[offset : offset + size]:
        served = _served(lang, bool(row["name_en"]))
        results.append({"id": row["id"], "slug": row["slug"], "name": row[f"name_{served}"] or row["name_ar"], "url": links.url("tag", row["slug"], served), "language": served, "dir": direction(served)})
    nxt, prev = page_links(request, page, size, count)
    return {"count": count, "next": nxt, "previous": prev, "results": results}


def _author_item(row: dict, lang: str, links, counts: dict[int, int]) -> dict:
    served = _served(lang, bool(row["bio_en"]))
    return {
        "id": row["id"],
        "slug": row["slug"],
        "name": row["name"],
        "bio": row[f"bio_{served}"] or "",
        "article_count": counts.get(row["id"], 0),
        "url": links.url("author", row["slug"], served),
        "language": served,
        "dir": direction(served),
    }


def _author_counts(author_ids) -> dict[int, int]:
    from django.db.models import Count

    rows = (
        ArticleAuthor.objects.filter(author_id__in=author_ids)
        .filter(published_q("article__"))
        .values("author_id")
        .annotate(n=Count("article_id", distinct=True))
        .values_list("author_id", "n")
    )
    return dict(rows)


AUTHOR_FIELDS = ("id", "slug", "name", "bio_ar", "bio_en")


def author_list(request, lang: str, params: dict) -> dict:
    links = LinkBuilder(request)
    qs = Author.objects.order_by("name", "id")
    count = qs.count()
    page, size, offset = page_window(params, count)
    rows = list(qs.values(*AUTHOR_FIELDS)[offset : offset + size])
    counts = _author_counts([row["id"] for row in rows])
    nxt, prev = page_links(request, page, size, count)
    return {"count": count, "next": nxt, "previous": prev, "results": [_author_item(row, lang, links, counts) for row in rows]}


def author_detail(request, lang: str, slug: str) -> dict:
    row = Author.objects.filter(slug=slug).values(*AUTHOR_FIELDS).first()
    if row is None:
        raise ApiError(404, "not_found", _("Not found."))
    return _author_item(row, lang, LinkBuilder(request), _author_counts([row["id"]]))


