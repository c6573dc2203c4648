from django.urls import path

from overlaps import views

app_name = "overlaps"
urlpatterns = [
    path("", views.ReportView.as_view(), name="report"),
    path("report.csv", views.report_csv, name="report_csv"),
    path("flags/", views.FlagsView.as_view(), name="flags"),
]
