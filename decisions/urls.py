from django.urls import path

from decisions import views

app_name = "decisions"
urlpatterns = [
    path("", views.MeetingListView.as_view(), name="meeting_list"),
    path("new/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("<int:pk>/minutes.pdf", views.minutes_view, name="minutes_pdf"),
]
