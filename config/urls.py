from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from ecosystem.search_views import SearchView
from ecosystem.views import PublicTestEnvironmentListView
from projects.public import PublicProjectDataView, PublicProjectListView
from web.brand import brand_stylesheet

urlpatterns = [
    # The language switch works before signing in too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("api/", include("api.urls")),
    path("healthz", include("config.health")),
    path("brand/<str:colour>.css", brand_stylesheet, name="brand_stylesheet"),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("", include("projects.overview_urls")),
    path("organisations/", include("projects.organisation_urls")),
    path("proposals/", include("pipeline.urls")),
    path("projects/", include("projects.urls")),
    path("public/projects/", PublicProjectListView.as_view(), name="public_projects"),
    path("public/projects.csv", PublicProjectDataView.as_view(data_format="csv"), name="public_projects_csv"),
    path(
        "public/projects.json", PublicProjectDataView.as_view(data_format="json"), name="public_projects_json"
    ),
    path("network/", include("ecosystem.urls")),
    path("search/", SearchView.as_view(), name="search"),
    path(
        "public/test-environments/", PublicTestEnvironmentListView.as_view(), name="public_test_environments"
    ),
    path("reviews/", include("review.urls")),
    path("steering-group/", include("decisions.urls")),
    path("portfolio/", include("portfolio.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("progress/", include("progress.urls")),
    path("reports/", include("reports.urls")),
    path("overlaps/", include("overlaps.urls")),
    path("accessibility/", include("accessibility.urls")),
    prefix_default_language=False,
)
