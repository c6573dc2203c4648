from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("api.urls")),
    path("healthz", include("config.health")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("", include("programme.urls")),
    path("organisations/", include("partners.urls")),
    path("proposals/", include("pipeline.urls")),
    path("projects/", include("projects.urls")),
    prefix_default_language=False,
)

