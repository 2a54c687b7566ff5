from django.urls import path

from . import editor_views, views

urlpatterns = [
    path("articles/", views.ArticleListView.as_view(), name="api-article-list"),
    path("feed/", views.FeedView.as_view(), name="api-feed"),
    path("articles/<str:slug>/", views.ArticleDetailView.as_view(), name="api-article-detail"),
    path("articles/<str:slug>/publish/", editor_views.ArticlePublishView.as_view(), name="api-article-publish"),
    path("articles/<str:slug>/unpublish/", editor_views.ArticleUnpublishView.as_view(), name="api-article-unpublish"),
    path("articles/<str:slug>/schedule/", editor_views.ArticleScheduleView.as_view(), name="api-article-schedule"),
    path("categories/", views.CategoryListView.as_view(), name="api-category-list"),
    path("categories/<str:slug>/", views.CategoryDetailView.as_view(), name="api-category-detail"),
    path("tags/", views.TagListView.as_view(), name="api-tag-list"),
    path("authors/", views.AuthorListView.as_view(), name="api-author-list"),
    path("authors/<str:slug>/", views.AuthorDetailView.as_view(), name="api-author-detail"),
]
