from django.urls import path

from . import editor_views, views

# Grouped by how often readers ask for them: cms/api/urls.py lists the groups in that order, and
# a path is matched against routes in order.
story_routes = [
    path("articles/", views.ArticleListView.as_view(), name="api-article-list"),
    path("articles/<str:slug>/", views.ArticleDetailView.as_view(), name="api-article-detail"),
]
browse_routes = [
    path("feed/", views.FeedView.as_view(), name="api-feed"),
    path("categories/", views.CategoryListView.as_view(), name="api-category-list"),
    path("categories/<str:slug>/", views.CategoryDetailView.as_view(), name="api-category-detail"),
    path("tags/", views.TagListView.as_view(), name="api-tag-list"),
    path("authors/", views.AuthorListView.as_view(), name="api-author-list"),
    path("authors/<str:slug>/", views.AuthorDetailView.as_view(), name="api-author-detail"),
]
editor_routes = [
    path("articles/<str:slug>/publish/", editor_views.ArticlePublishView.as_view(), name="api-article-publish"),
    path("articles/<str:slug>/unpublish/", editor_views.ArticleUnpublishView.as_view(), name="api-article-unpublish"),
    path("articles/<str:slug>/schedule/", editor_views.ArticleScheduleView.as_view(), name="api-article-schedule"),
]
urlpatterns = [*story_routes, *browse_routes, *editor_routes]
