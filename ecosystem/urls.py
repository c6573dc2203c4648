from django.urls import path

from ecosystem import network_views, views

app_name = "ecosystem"
urlpatterns = [
    path("", network_views.NetworkView.as_view(), name="network"),
    path("network.png", network_views.network_png, name="network_png"),
    path("suggestions/idea/<int:pk>/", network_views.SuggestionsView.as_view(), name="suggestions"),
    path("activation.csv", network_views.activation_csv, name="activation_csv"),
    path("test-environments/", views.TestEnvironmentListView.as_view(), name="environment_list"),
    path("test-environments/new/", views.TestEnvironmentEditView.as_view(), name="environment_create"),
    path("test-environments/timeline/", views.TimelineView.as_view(), name="timeline"),
    path("test-environments/timeline.png", views.timeline_png, name="timeline_png"),
    path("test-environments/<int:pk>/", views.TestEnvironmentDetailView.as_view(), name="environment_detail"),
    path(
        "test-environments/<int:pk>/edit/", views.TestEnvironmentEditView.as_view(), name="environment_edit"
    ),
    path("test-environments/<int:pk>/retire/", views.retire_environment, name="environment_retire"),
    path("adoptions/", views.AdoptionListView.as_view(), name="adoption_list"),
    path("adoptions/new/<int:pk>/", views.AdoptionCreateView.as_view(), name="adoption_create"),
]
