from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from articles import urls as articles
from comments import urls as comments

from . import views

# Every v1 route in one flat list, the readers' busiest first (a story list, a story, its
# comments): a path is matched against the routes in order, and a nested include that does not
# match raises and lists every route it tried, which made resolving a comment page's URL cost
# half as much again as it does now.
v1_routes = [
    *articles.story_routes,
    *comments.reader_routes,
    *articles.browse_routes,
    path("", views.ApiRootView.as_view(), name="api-root"),
    path("site/", views.SiteView.as_view(), name="api-site"),
    path("pages/<str:slug>/", views.PageDetailView.as_view(), name="api-page-detail"),
    *articles.editor_routes,
    *comments.moderation_routes,
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
]

urlpatterns = [
    path("v1/", include(v1_routes)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
