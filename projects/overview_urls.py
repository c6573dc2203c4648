from django.urls import path

from projects import overview_views

# No app_name: "home" is the name LOGIN_REDIRECT_URL and LOGOUT_REDIRECT_URL use.
urlpatterns = [
    path("", overview_views.OverviewView.as_view(), name="home"),
    path("agreements/<slug:slug>/", overview_views.OverviewView.as_view(), name="agreement_overview"),
]
