from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.ReportListView.as_view(), name="index"),
    path("report/<int:pk>/", views.ReportDetailView.as_view(), name="detail"),
    path("report/<int:pk>/status/", views.report_status, name="status"),
    path("report/<int:pk>/download/", views.download, name="download"),
    path("<slug:slug>/", views.ReportListView.as_view(), name="agreement"),
]
