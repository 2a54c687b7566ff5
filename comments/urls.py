from django.urls import path

from . import views

# A story's approved comments, and the form's submission: asked for with every story a reader opens.
reader_routes = [
    path("articles/<str:slug>/comments/", views.ArticleCommentsView.as_view(), name="api-article-comments"),
]
moderation_routes = [
    path("comments/<int:pk>/report/", views.CommentReportView.as_view(), name="api-comment-report"),
    path("moderation/comments/", views.ModerationCommentListView.as_view(), name="api-moderation-comments"),
    path("moderation/comments/bulk/", views.ModerationBulkView.as_view(), name="api-moderation-bulk"),
    path("moderation/comments/<int:pk>/", views.ModerationCommentDetailView.as_view(), name="api-moderation-comment"),
    *[
        path(f"moderation/comments/<int:pk>/{action}/", views.ModerationDecisionView.as_view(decision=action), name=f"api-moderation-{action}")
        for action in ("approve", "reject", "spam")
    ],
    path("moderation/privacy/export/", views.PersonalDataExportView.as_view(), name="api-moderation-privacy-export"),
    path("moderation/privacy/erase/", views.PersonalDataErasureView.as_view(), name="api-moderation-privacy-erase"),
]
urlpatterns = [*reader_routes, *moderation_routes]
