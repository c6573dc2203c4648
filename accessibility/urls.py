from django.urls import path

from accessibility import views

app_name = "accessibility"
urlpatterns = [
    path("", views.StatementView.as_view(), name="statement"),
    path("feedback/", views.FeedbackListView.as_view(), name="feedback_list"),
]
