from django.conf import settings


def salkku(request):
    return {"DEMO_MODE": settings.DEMO_MODE}
