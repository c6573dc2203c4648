from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin

pytestmark = pytest.mark.django_db

OWN_APPS = {
    "accounts",
    "audit",
    "programme",
    "partners",
    "pipeline",
    "projects",
    "review",
    "decisions",
    "demo",
}


def own_models():
    return [m for m in apps.get_models() if m._meta.app_label in OWN_APPS]


def test_admin__every_model__is_registered() -> None:
    # given the domain model; then every model has an admin page
    missing = [m.__name__ for m in own_models() if not admin.site.is_registered(m)]
    assert missing == []


@pytest.mark.parametrize("model", own_models(), ids=lambda m: f"{m._meta.app_label}.{m.__name__}")
def test_admin_changelist__superuser__renders(admin_client, model) -> None:
    # when a superuser opens the model's list; then it renders
    response = admin_client.get(f"/admin/{model._meta.app_label}/{model._meta.model_name}/")
    assert response.status_code == 200
