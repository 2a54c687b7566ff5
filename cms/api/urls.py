from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from . import views

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("v1/", include("articles.urls")),
    path("v1/", include("comments.urls")),
    path("v1/", views.ApiRootView.as_view(), name="api-root"),
    path("v1/site/", views.SiteView.as_view(), name="api-site"),
    path("v1/pages/<str:slug>/", views.PageDetailView.as_view(), name="api-page-detail"),
    path("v1/auth/token/", views.TokenView.as_view(), name="api-token"),
]
