from django.urls import path

from pipeline import views

app_name = "pipeline"
urlpatterns = [
    path("", views.ProposalListView.as_view(), name="proposal_list"),
    path("<int:pk>/", views.ProposalDetailView.as_view(), name="proposal_detail"),
    path("<int:pk>/edit/", views.ProposalEditView.as_view(), name="proposal_edit"),
    path("<int:pk>/submit/", views.ProposalSubmitView.as_view(), name="proposal_submit"),
    path("<int:pk>/versions/", views.ProposalVersionsView.as_view(), name="proposal_versions"),
    path("<int:pk>/versions/<int:number>/changes/", views.ProposalDiffView.as_view(), name="proposal_diff"),
    path("calls/", views.CallListView.as_view(), name="call_list"),
    path("calls/new/", views.CallFormView.as_view(), name="call_create"),
    path("calls/<int:pk>/", views.CallDetailView.as_view(), name="call_detail"),
    path("calls/<int:pk>/edit/", views.CallFormView.as_view(), name="call_edit"),
    path("calls/<int:pk>/status/", views.CallTransitionView.as_view(), name="call_transition"),
    path("calls/<int:pk>/ideas/new/", views.IdeaCreateView.as_view(), name="idea_create"),
    path("ideas/", views.IdeaListView.as_view(), name="idea_list"),
    path("ideas/<int:pk>/", views.IdeaDetailView.as_view(), name="idea_detail"),
    path("ideas/<int:pk>/<slug:action>/", views.IdeaActionView.as_view(), name="idea_action"),
]
