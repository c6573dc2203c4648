"""Issue 15, point 8: a person's data exported and erased on request, what audit requires kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import models

from accounts.models import Role
from audit import chain
from audit.models import AuditEntry
from audit.services import Actor, audit_record
from partners.models import Person
from tests.factories import AgreementFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
EMAIL = "maija.meikalainen@example.fi"


@pytest.fixture
def person():
    org = OrganisationFactory()
    user = UserFactory.with_role(
        Role.APPLICANT, agreement=AgreementFactory(), organisation=org, email=EMAIL,
        first_name="Maija", last_name="Meikäläinen",
    )  # fmt: skip
    contact = Person.objects.create(
        organisation=org, first_name="Maija", last_name="Meikäläinen", email=EMAIL, phone="+358 40 123 4567"
    )
    audit_record(actor=Actor(user=user), action="organisation.renamed", obj=org, after={"name": "Uusi"})
    return user, contact


def _export(tmp_path: Path) -> dict:
    out = tmp_path / "export.json"
    call_command("personal-data", "export", "--email", EMAIL, "--out", str(out))
    return json.loads(out.read_text(encoding="utf-8"))


def test_export__lists_account_roles_contact_records_and_audit_and_says_what_is_kept(
    person, tmp_path
) -> None:
    user, _contact = person
    data = _export(tmp_path)
    (account,) = data["accounts"]
    assert (account["username"], account["email"], account["last_name"]) == (
        user.username,
        EMAIL,
        "Meikäläinen",
    )
    assert [r["role"] for r in account["roles"]] == [Role.APPLICANT]
    assert data["contact_persons"][0]["phone"] == "+358 40 123 4567"
    assert [e["action"] for e in data["audit_entries"]] == ["organisation.renamed"]
    assert "Kept after erasure" in data["kept_after_erasure"] and "audit" in data["kept_after_erasure"]


def _text_fields_holding(value: str) -> list[str]:
    """Every model and text field where the value still appears, the audit trail aside."""
    found = []
    for model in apps.get_models():
        if model is AuditEntry:
            continue
        for field in model._meta.concrete_fields:
            text = isinstance(field, models.CharField | models.TextField) and not field.choices
            if text and model._base_manager.filter(**{f"{field.name}__icontains": value}).exists():
                found.append(f"{model._meta.label}.{field.name}")
    return found


def test_erase__removes_the_person_everywhere_but_the_audit_trail_which_still_verifies(
    person, tmp_path
) -> None:
    user, contact = person
    entries = AuditEntry.objects.count()
    assert _text_fields_holding(EMAIL) and _text_fields_holding("Meikäläinen")
    # without --yes nothing happens
    with pytest.raises(CommandError, match="add --yes"):
        call_command("personal-data", "erase", "--email", EMAIL)
    assert _text_fields_holding(EMAIL)
    # when erased
    call_command("personal-data", "erase", "--email", EMAIL, "--yes", "--operator", "tietosuoja")
    # then neither the e-mail nor the name is anywhere outside the audit trail
    assert _text_fields_holding(EMAIL) == []
    assert _text_fields_holding("Meikäläinen") == []
    user.refresh_from_db()
    assert user.username == f"erased-{user.pk}" and not user.is_active and not user.has_usable_password()
    assert not user.role_assignments.exists() and not Person.objects.filter(pk=contact.pk).exists()
    # and the audit trail keeps its entries, says who erased, and still verifies
    assert AuditEntry.objects.count() == entries + 2
    assert AuditEntry.objects.filter(action="user.erased", actor_label__contains="tietosuoja").exists()
    assert chain.verify(AuditEntry).ok
    with pytest.raises(CommandError, match="no account"):
        call_command("personal-data", "export", "--email", EMAIL)
