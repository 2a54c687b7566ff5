"""Public, anonymous reads of articles, categories, tags and authors (thin: parse, select, respond)."""

from __future__ import annotations

from django.db.models import Case, CharField, F, When
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

from cms import content_version
from cms.api.base import ApiView
from cms.api.caching import cached_read, private_response
from cms.api.language import request_language
from cms.api.pagination import PAGE_PARAMS, anchored_page, cursor_link, decode_cursor, page_links, page_window
from cms.api.params import choice, moment, parse_params, raw, slug, text
from cms.links import LinkBuilder

from . import preview, queries, selectors, serializers
from .detail import article_detail
from .models import Article
from .permissions import IsEditorOrReadOnly
from .taxonomy import author_detail, author_list, category_detail, category_tree, tag_list

FILTER_PARAMS = {
    "category": slug(),
    "tag": slug(),
    "author": slug(),
    "published_after": moment(),
    "published_before": moment(),
    "q": text(200),
}
ORDERINGS = ("-published_at", "published_at", "title", "-title")
# A deep numbered page in date order is read as the feed page after the row before it (``anchored_page``).
SEEK = {"-published_at": "n", "published_at": "p"}
LIST_PARAMS = {**PAGE_PARAMS, **FILTER_PARAMS, "ordering": choice(*ORDERINGS)}
FEED_PARAMS = {"page_size": PAGE_PARAMS["page_size"], "cursor": raw(), **FILTER_PARAMS}
DETAIL_PARAMS = {"preview": raw()}

LANG_PARAM = OpenApiParameter("lang", str, enum=["ar", "en"], description="Language; else Accept-Language, else Arabic.")
FILTER_DOCS = [
    LANG_PARAM,
    OpenApiParameter("category", str, description="Category slug, including its descendants."),
    OpenApiParameter("tag", str),
    OpenApiParameter("author", str),
    OpenApiParameter("published_after", str, description="ISO 8601 date or date-time (inclusive)."),
    OpenApiParameter("published_before", str, description="ISO 8601 date or date-time (exclusive)."),
    OpenApiParameter("q", str, description="Search in the served language (Arabic-normalised)."),
    OpenApiParameter("page_size", int, description="Default 20, at most 100."),
]
NOT_MODIFIED = OpenApiResponse(description="Not modified: the If-None-Match ETag is current (or nothing changed since If-Modified-Since).")
ERRORS = {304: NOT_MODIFIED, 400: serializers.ErrorSerializer, 404: serializers.ErrorSerializer}
WRITE_ERRORS = {400: serializers.ErrorSerializer, 401: serializers.ErrorSerializer, 403: serializers.ErrorSerializer}
IF_MATCH = OpenApiParameter(
    "If-Match", str, OpenApiParameter.HEADER,
    description="The article's ETag from the last answer you got; a stale one is a 412, so edits never overwrite each other.",
)


def _ordered(qs, ordering: str | None, lang: str):
    if ordering in (None, "-published_at"):
        return qs if ordering is None and qs.query.order_by else qs.order_by("-published_at", "-id")
    if ordering == "published_at":
        return qs.order_by("published_at", "id")
    # The title readers see: the requested language's for translated articles, else the Arabic.
    title = F("title_ar") if lang == "ar" else Case(When(translated_en=True, then=F(f"title_{lang}")), default=F("title_ar"), output_field=CharField())
    return qs.order_by(title.desc() if ordering == "-title" else title.asc(), "-id")


def _single_filter_values(kind: str, value: str, token: str) -> dict:
    """What a compiled category, tag or author query is run with (``articles.queries``)."""
    if kind == "category":
        return {"categories": selectors.category_ids(value, version_token=token)}
    return {kind: value}


def _count_key(token: str, lang: str, params: dict) -> str:
    """The list's ``count`` key: its filters, not its page, size or order (the feed shares it)."""
    return f"{token}:{lang}:" + "&".join(f"{k}={params[k]}" for k in sorted(params) if k not in ("page", "page_size", "ordering", "cursor"))


def _filtered_count(now, kind: str, narrowed, token: str, lang: str, params: dict) -> tuple[int, int | None]:
    """(published articles of one category, tag or author; for a category, all published articles
    too, else None), cached with the content version under the list's ``count`` keys. A
    category's two counts are read in one query: together they tell whether its pages walk the
    listing index (``selectors.walk_listing``)."""
    if not narrowed:
        return 0, None
    key = _count_key(token, lang, params)
    if kind != "category":
        return selectors.count_published(lambda: Article.objects.published(now=now).filter(selectors.single_filter_q(kind, narrowed)).count(), key, token=token), None
    return selectors.counts_published(lambda: selectors.category_and_total_counts(narrowed, now=now), (key, _count_key(token, lang, {})), token=token)


def _walks(matching: int, total: int | None, reach: int) -> bool:
    return total is not None and matching > 0 and selectors.walk_listing(matching, total, reach)


class ArticleListView(ApiView):
    """Published articles, newest first, page-number paginated; editors also POST here to create drafts."""

    permission_classes = [IsEditorOrReadOnly]

    @extend_schema(
        operation_id="articles_list",
        parameters=[*FILTER_DOCS, OpenApiParameter("page", int), OpenApiParameter("ordering", str, enum=list(ORDERINGS))],
        responses={200: serializers.ArticlePageSerializer, **ERRORS},
    )
    def get(self, request):
        params = parse_params(request, LIST_PARAMS)
        lang = request_language(request)
        return cached_read(request, lang=lang, build=lambda: self.build(request, params, lang))

    def build(self, request, params: dict, lang: str) -> dict:
        token = content_version.for_request(request).token
        now = timezone.now()
        count_key = _count_key(token, lang, params)
        ordering = params.get("ordering", "-published_at")
        filters = params.keys() & FILTER_PARAMS.keys()
        if ordering in queries.LIST_PAGE and not filters:
            # The front page of every site, compiled once: no filter, by date.
            count = selectors.count_published(lambda: Article.objects.published(now=now).count(), count_key, token=token)
            page, size, offset = page_window(params, count)
            if offset == 0:
                rows = queries.LIST_FIRST_PAGE[ordering].dicts(now=now, limit=size, offset=0)
            else:
                rows = anchored_page(
                    token, ordering, offset, size,
                    by_offset=lambda limit, skip: queries.LIST_PAGE[ordering].dicts(now=now, limit=limit, offset=skip),
                    after=lambda at, pk: queries.FEED_PAGE[SEEK[ordering]].dicts(now=now, upto=min(now, at), at=at, pk=pk, limit=size),
                )
        elif ordering == "-published_at" and len(filters) == 1 and (kind := next(iter(filters))) in queries.SINGLE_FILTERS:
            # A category, tag or author page, newest first: compiled once per shape too.
            values = _single_filter_values(kind, params[kind], token)
            count, total = _filtered_count(now, kind, values.get("categories", params[kind]), token, lang, params)
            page, size, offset = page_window(params, count)
            if count:
                shape = (kind, len(values.get("categories", ())))
                rows = anchored_page(
                    token, f"{kind}={params[kind]}", offset, size,
                    by_offset=lambda limit, skip: queries.filtered_page(*shape, _walks(count, total, skip + limit)).dicts(now=now, limit=limit, offset=skip, **values),
                    after=lambda at, pk: queries.filtered_feed_page("n", *shape, _walks(count, total, size)).dicts(
                        now=now, upto=min(now, at), at=at, pk=pk, limit=size, offset=0, **values
                    ),
                )
            else:
                rows = []
        else:
            qs = selectors.filter_articles(selectors.published_rows(now=now), params, lang, version_token=token, ranked="ordering" not in params)
            if not params.get("q") or "ordering" in params:
                qs = _ordered(qs.order_by(), params.get("ordering"), lang)
            count = selectors.count_published(qs, count_key, token=token)
            page, size, offset = page_window(params, count)
            rows = selectors.page_rows(qs, offset, size)
        nxt, prev = page_links(request, page, size, count)
        items = selectors.list_items(rows, lang, LinkBuilder(request), token=token)
        return {"count": count, "next": nxt, "previous": prev, "results": items}

    @extend_schema(operation_id="articles_create", request=serializers.ArticleWriteSerializer, responses={201: serializers.ArticleEditorSerializer, **WRITE_ERRORS})
    def post(self, request):
        from .editor_views import create_article

        return create_article(request)


class FeedView(ApiView):
    """The same items with cursor pagination: stable while new articles arrive (infinite scroll)."""

    @extend_schema(operation_id="feed_list", parameters=[*FILTER_DOCS, OpenApiParameter("cursor", str)], responses={200: serializers.FeedPageSerializer, **ERRORS})
    def get(self, request):
        params = parse_params(request, FEED_PARAMS)
        lang = request_language(request)
        cursor = decode_cursor(params["cursor"]) if "cursor" in params else None
        return cached_read(request, lang=lang, build=lambda: self.build(request, params, lang, cursor))

    def build(self, request, params, lang, cursor) -> dict:
        token = content_version.for_request(request).token
        size = params.get("page_size", 20)
        now = timezone.now()
        direction_, at, pk = cursor or ("first", None, None)
        filters = params.keys() & FILTER_PARAMS.keys()
        values = {"now": now, "limit": size + 1, "offset": 0, "upto": min(now, at) if at else now, "at": at, "pk": pk}
        if not filters:
            # Latest articles and infinite scroll without filters: compiled once (articles/queries.py).
            rows = queries.FEED_PAGE[direction_].dicts(**values)
        elif len(filters) == 1 and (kind := next(iter(filters))) in queries.SINGLE_FILTERS:
            # A category, tag or author's infinite scroll: compiled once per shape too.
            narrowing = _single_filter_values(kind, params[kind], token)
            categories = narrowing.get("categories")
            if categories == []:
                rows = []
            else:
                # A category's counts (the list's) tell whether its pages walk the listing index.
                walk = kind == "category" and _walks(*_filtered_count(now, kind, categories, token, lang, params), size + 1)
                prepared = queries.filtered_feed_page(direction_, kind, len(categories or ()), walk)
                rows = prepared.dicts(**values, **narrowing)
        else:
            # Older than the cursor: published by min(now, at), so the index is read from the cursor on.
            base = selectors.published_rows(now=min(now, at) if direction_ == "n" else now)
            qs = selectors.filter_articles(base, {**params, "q": params.get("q")}, lang, version_token=token, ranked=False)
            if direction_ == "first":
                qs = qs.order_by("-published_at", "-id")
            elif direction_ == "n":
                qs = qs.order_by("-published_at", "-id").exclude(published_at=at, id__gte=pk)
            else:
                qs = qs.order_by("published_at", "id").filter(published_at__gte=at).exclude(published_at=at, id__lte=pk)
            rows = list(qs.values(*selectors.LIST_FIELDS)[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        if cursor and cursor[0] == "p":
            rows.reverse()
        has_next = more if not cursor or cursor[0] == "n" else True
        has_prev = bool(cursor) and (cursor[0] == "n" or more)
        nxt = cursor_link(request, "n", rows[-1]["published_at"], rows[-1]["id"]) if rows and has_next else None
        prev = cursor_link(request, "p", rows[0]["published_at"], rows[0]["id"]) if rows and has_prev else None
        return {"next": nxt, "previous": prev, "results": selectors.list_items(rows, lang, LinkBuilder(request), token=token)}


class ArticleDetailView(ApiView):
    """One published article with body and related posts; ``?preview=<token>`` shows a draft."""

    permission_classes = [IsEditorOrReadOnly]

    @extend_schema(operation_id="articles_retrieve", parameters=[LANG_PARAM, OpenApiParameter("preview", str, description="Signed preview token from the admin.")], responses={200: serializers.ArticleDetailSerializer, **ERRORS})
    def get(self, request, slug: str):
        params = parse_params(request, DETAIL_PARAMS)
        lang = request_language(request)
        if "preview" in params:
            article_id = preview.article_id_from_token(params["preview"], slug=slug)
            return private_response(article_detail(request, lang, pk=article_id, published_only=False), lang=lang)
        if request.user.is_authenticated and request.user.has_perm("articles.change_article"):
            from .editor_views import editor_detail_response

            return editor_detail_response(request, slug, lang)
        return cached_read(request, lang=lang, build=lambda: article_detail(request, lang, slug=slug))

    @extend_schema(
        operation_id="articles_partial_update", parameters=[IF_MATCH], request=serializers.ArticleWriteSerializer,
        responses={200: serializers.ArticleEditorSerializer, **WRITE_ERRORS, 404: serializers.ErrorSerializer, 412: serializers.ErrorSerializer},
    )
    def patch(self, request, slug: str):
        from .editor_views import update_article

        return update_article(request, slug)


class CategoryListView(ApiView):
    @extend_schema(operation_id="categories_list", parameters=[LANG_PARAM], responses={200: serializers.CategoryNodeSerializer(many=True), 304: NOT_MODIFIED, 400: serializers.ErrorSerializer})
    def get(self, request):
        parse_params(request, {})
        lang = request_language(request)
        return cached_read(request, lang=lang, build=lambda: category_tree(request, lang))


class CategoryDetailView(ApiView):
    @extend_schema(operation_id="categories_retrieve", parameters=[LANG_PARAM], responses={200: serializers.CategoryNodeSerializer, **ERRORS})
    def get(self, request, slug: str):
        parse_params(request, {})
        lang = request_language(request)
        return cached_read(request, lang=lang, build=lambda: category_detail(request, lang, slug))


class TagListView(ApiView):
    @extend_schema(operation_id="tags_list", parameters=[LANG_PARAM, OpenApiParameter("page", int), OpenApiParameter("page_size", int)], responses={200: serializers.TagPageSerializer, **ERRORS})
    def get(self, request):
        params = parse_params(request, PAGE_PARAMS)
        lang = request_language(request)
        return cached_read(request, lang=lang, build=lambda: tag_list(request, lang, params))


class AuthorListView(ApiView):
    @extend_schema(operation_id="authors_list", parameters=[LANG_PARAM, OpenApiParameter("page", int), OpenApiParameter("page_size", int)], responses={200: serializers.AuthorPageSerializer, **ERRORS})
    def get(self, request):
        params = parse_params(request, PAGE_PARAMS)
        lang = request_language(request)
        return cached_read(request, lang=lang, build=lambda: author_list(request, lang, params))


class AuthorDetailView(ApiView):
    @extend_schema(operation_id="authors_retrieve", parameters=[LANG_PARAM], responses={200: serializers.AuthorSerializer, **ERRORS})
    def get(self, request, slug: str):
        parse_params(request, {})
        lang = request_language(request)
        return cached_read(request, lang=lang, build=lambda: author_detail(request, lang, slug))

