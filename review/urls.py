from django.urls import path

from review import views

app_name = "review"
urlpatterns = [
    path("", views.MyReviewsView.as_view(), name="my_reviews"),
    path("<int:pk>/score/", views.ScoreView.as_view(), name="review_score"),
    path("proposals/<int:pk>/", views.ProposalReviewsView.as_view(), name="proposal_reviews"),
    path("calls/<int:call_pk>/", views.SummaryView.as_view(), name="summary"),
    path("calls/<int:call_pk>/criteria/", views.CriteriaView.as_view(), name="criteria"),
    path("calls/<int:call_pk>/criteria/<int:pk>/", views.CriteriaView.as_view(), name="criterion_edit"),
]
