from django.urls import path

from monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("targets/", views.TargetsView.as_view(), name="targets"),
    path("rules/", views.RulesView.as_view(), name="rules"),
    path("national/", views.NationalView.as_view(), name="national"),
    path("national/charts/<slug:name>.png", views.national_chart_png, name="national_chart_png"),
    path("charts/<slug:name>.png", views.chart_png, name="chart_png"),
    path("refresh/<int:pk>/", views.refresh_status, name="refresh_status"),
]
