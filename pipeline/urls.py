from django.urls import path

from pipeline import views

app_name = "pipeline"
urlpatterns = [
    path("", views.ProposalListView.as_view(), name="proposal_list"),
    path("<int:pk>/", views.ProposalDetailView.as_view(), name="proposal_detail"),
]
