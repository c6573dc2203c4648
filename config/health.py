from django.db import connection
from django.http import JsonResponse
from django.urls import path


def health(request):
    """Liveness and database check for a load balancer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


urlpatterns = [path("", health, name="health")]
