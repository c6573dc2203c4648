from django.urls import path

from portfolio import views

app_name = "portfolio"
urlpatterns = [
    path("", views.ScenarioListView.as_view(), name="scenario_list"),
    path("new/<int:call_pk>/", views.ScenarioCreateView.as_view(), name="scenario_create"),
    path("compare/", views.CompareView.as_view(), name="compare"),
    path("<int:pk>/", views.ScenarioDetailView.as_view(), name="scenario_detail"),
    path("<int:pk>/status/", views.scenario_status, name="scenario_status"),
    path("<int:pk>/chart/<slug:name>.<str:fmt>", views.chart_image, name="scenario_chart"),
    path("<int:pk>/problem.<str:fmt>", views.problem_file, name="scenario_file"),
]
