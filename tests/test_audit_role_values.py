"""A user's role in the audit log and activity feed by its name in the reader's language, never the code
(the review walk found "role: – → funding_authority" on the audit log in all three languages)."""

from __future__ import annotations

import pytest
from django.utils import translation

from accounts.models import Role
from audit.models import AuditEntry
from audit.services import Actor, audit_record
from audit.templatetags.audit_tags import audit_rows
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_audit_rows__a_users_role__named_not_coded() -> None:
    # given a demo user's entry that records the role given and the roles an erasure removed
    user = UserFactory()
    audit_record(
        actor=Actor(label="t"),
        action="demo_user.ensure",
        obj=user,
        after={"role": Role.FUNDING_AUTHORITY.value, "created": True},
    )
    audit_record(
        actor=Actor(label="t"),
        action="user.erased",
        obj=user,
        after={"roles_removed": [Role.STEERING_GROUP.value, Role.REVIEWER.value]},
    )
    ensured, erased = AuditEntry.objects.filter(action__in=["demo_user.ensure", "user.erased"]).order_by("pk")
    # when the rows are shown in Finnish and in English
    with translation.override("fi"):
        fi = dict((k, after) for k, _b, after in audit_rows(ensured))
        fi_removed = audit_rows(erased)[0][2]
    with translation.override("en"):
        en = dict((k, after) for k, _b, after in audit_rows(ensured))
    # then the key and the role are words of the language
    with translation.override("fi"):
        assert fi["rooli"] == str(Role.FUNDING_AUTHORITY.label)
        assert fi_removed == [str(Role.STEERING_GROUP.label), str(Role.REVIEWER.label)]
    assert "role" in en and en["role"] == "Funding-authority officer"
    assert "funding_authority" not in {str(v) for v in (*fi.values(), *en.values())}


def test_audit_rows__the_administrator_as_a_role__named() -> None:
    # given the demo administrator's entry, whose role is recorded as "superuser"
    user = UserFactory()
    audit_record(actor=Actor(label="t"), action="demo_user.ensure", obj=user, after={"role": "superuser"})
    entry = AuditEntry.objects.get(action="demo_user.ensure")
    # when shown in English
    with translation.override("en"):
        [(key, _before, after)] = audit_rows(entry)
    # then it reads as the administrator
    assert (key, str(after)) == ("role", "Administrator")
