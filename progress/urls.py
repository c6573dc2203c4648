from django.urls import path

from progress import import_views, views

app_name = "progress"
urlpatterns = [
    path("reports/submitted/", views.ReportQueueView.as_view(), name="queue"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("projects/<int:pk>/reports/", views.ReportListView.as_view(), name="report_list"),
    path("projects/<int:pk>/claims/", views.ClaimsView.as_view(), name="claims"),
    path("import/", import_views.ImportUploadView.as_view(), name="import_upload"),
    path("import/<int:pk>/", import_views.ImportMapView.as_view(), name="import_map"),
]
