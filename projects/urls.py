from django.urls import path

from projects import decision_views, views

app_name = "projects"
urlpatterns = [
    path("", views.ProjectListView.as_view(), name="project_list"),
    path("<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("funding-decisions/", decision_views.FundingQueueView.as_view(), name="funding_queue"),
    path(
        "funding-decisions/<int:pk>/", decision_views.FundingDecisionView.as_view(), name="funding_decision"
    ),
    path("<int:pk>/changes/", decision_views.ChangeRequestsView.as_view(), name="change_requests"),
    path(
        "<int:pk>/changes/<int:cr>/",
        decision_views.ChangeRequestDetailView.as_view(),
        name="change_request_detail",
    ),
]
