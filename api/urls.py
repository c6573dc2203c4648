"""/api/v1/: one router per part of the life cycle, each in its own module."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from api import views
from api.overlaps import SimilarView
from api.portfolio import OptimiseView
from api.routers import collect_routes

router = DefaultRouter()
router.register("agreements", views.AgreementViewSet, basename="agreement")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("projects", views.ProjectViewSet, basename="project")
collect_routes(router)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/optimise/", OptimiseView.as_view(), name="optimise"),
    path("v1/similar/", SimilarView.as_view(), name="overlap-similar"),
    path("v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script from its own address (?script): no inline script.
    path(
        "v1/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
]
