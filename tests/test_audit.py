from __future__ import annotations

import pytest

from audit.models import AuditEntry
from audit.services import Actor, audit_record
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_audit_record__user_change__stores_who_what_before_after() -> None:
    # given an organisation and a user; when a change is recorded
    org, user = OrganisationFactory(), UserFactory()
    entry = audit_record(
        actor=Actor(user=user),
        action="organisation.renamed",
        obj=org,
        before={"name": "Vanha"},
        after={"name": org.name},
    )
    # then the entry names the actor, the object and both states
    assert AuditEntry.objects.for_object(org).get() == entry
    assert (entry.actor_label, entry.before, entry.after["name"]) == (
        user.username,
        {"name": "Vanha"},
        org.name,
    )


def test_audit_entry__edit_or_delete__is_refused() -> None:
    # given a recorded entry
    entry = audit_record(actor=Actor(label="test"), action="x", obj=OrganisationFactory())
    # when someone tries to change or delete it, one by one or in bulk; then every way is refused
    entry.note = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().update(note="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).note == ""


def test_audit_admin__is_read_only(admin_client) -> None:
    entry = audit_record(actor=Actor(label="test"), action="x", obj=OrganisationFactory())
    assert admin_client.get(f"/admin/audit/auditentry/{entry.pk}/change/").status_code == 200
    assert admin_client.post(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
    assert admin_client.get("/admin/audit/auditentry/add/").status_code == 403
