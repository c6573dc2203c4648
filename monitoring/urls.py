from django.urls import path

from monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("charts/<slug:name>.png", views.chart_png, name="chart_png"),
]
