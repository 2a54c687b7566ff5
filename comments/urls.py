from django.urls import path

from . import views

urlpatterns = [
    path("articles/<str:slug>/comments/", views.ArticleCommentsView.as_view(), name="api-article-comments"),
]
