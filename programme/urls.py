from django.urls import path

from programme import views

# No app_name: "home" is the name LOGIN_REDIRECT_URL and LOGOUT_REDIRECT_URL use.
urlpatterns = [
    path("", views.OverviewView.as_view(), name="home"),
    path("agreements/<slug:slug>/", views.OverviewView.as_view(), name="agreement_overview"),
]
