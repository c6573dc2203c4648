"""A person's data on request (GDPR articles 15 and 17): export it, and erase what the law lets us erase.

A person is found by e-mail address (user accounts and contact persons of organisations) or by user name.
The export lists the account, its roles and second-factor devices, the contact-person records, every row
that refers to the account (what the person wrote, decided or filed) and the audit entries about or by
the person. Erasure removes the contact-person records, the roles, devices and sessions, and anonymises
the account (name, e-mail and user name replaced, password unusable, sign-in closed). It does not
rewrite the audit trail or the records of funding decisions, reviews and claims: public money must be
accountable (EU 2021/1060 art. 82: documents kept five years from the end of the year of the last
payment), and the audit trail is append-only and hash-chained. The export says so.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import Actor, audit_record
from partners.models import Person

KEPT_NOTICE = (
    "Kept after erasure: the audit entries listed here and the records that refer to the account "
    "(decisions, reviews, claims, reports). Public EU and state money must remain accountable "
    "(Regulation (EU) 2021/1060, article 82: five years from the end of the year of the last payment), "
    "and the audit trail is append-only. After erasure the account itself shows no name or e-mail; "
    "these entries keep the user name they were written with. They are erased with the rest of the "
    "project's records when its retention period ends (docs/personal-data.md)."
)


def find(*, email: str = "", username: str = "") -> tuple[list[Any], list[Person]]:
    User = get_user_model()
    users: list[Any] = []
    people: list[Person] = []
    if email:
        users = list(User.objects.filter(email__iexact=email))
        people = list(Person.objects.filter(email__iexact=email))
    if username:
        users += [u for u in User.objects.filter(username=username) if u not in users]
    return users, people


def _user_references(user: Any) -> dict[str, list[dict[str, Any]]]:
    """Every row of every model with a foreign key to this user (the audit trail aside)."""
    found: dict[str, list[dict[str, Any]]] = {}
    User = get_user_model()
    for model in apps.get_models():
        if model in (AuditEntry, User) or model._meta.label in {"sessions.Session"}:
            continue
        fields = [
            f
            for f in model._meta.get_fields()
            if isinstance(f, models.ForeignKey) and f.related_model is User and f.concrete
        ]
        if not fields:
            continue
        query = Q()
        for field in fields:
            query |= Q(**{field.name: user})
        rows = model._base_manager.filter(query)[:10_000]
        listed = [
            {
                "id": row.pk,
                "as": [f.name for f in fields if getattr(row, f.attname) == user.pk],
                "what": str(row)[:200],
            }
            for row in rows
        ]
        if listed:
            found[model._meta.label] = listed
    return found


def _entry(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "at": entry.at.isoformat(),
        "actor": entry.actor_label,
        "action": entry.action,
        "object": entry.object_repr,
        "before": entry.before,
        "after": entry.after,
    }


def _audit_entries(users: list[Any], people: list[Person]) -> list[AuditEntry]:
    query = Q(pk__in=[])
    if users:
        user_type = ContentType.objects.get_for_model(get_user_model())
        query |= Q(actor__in=users) | Q(content_type=user_type, object_id__in=[str(u.pk) for u in users])
    if people:
        person_type = ContentType.objects.get_for_model(Person)
        query |= Q(content_type=person_type, object_id__in=[str(p.pk) for p in people])
    return list(AuditEntry.objects.filter(query).order_by("id"))


def export(*, email: str = "", username: str = "") -> dict[str, Any]:
    users, people = find(email=email, username=username)
    return {
        "request": {"email": email, "username": username, "made_at": timezone.now().isoformat()},
        "accounts": [
            {
                "username": u.username,
                "first_name": u.first_name,
                "last_name": u.last_name,
                "email": u.email,
                "preferred_language": getattr(u, "preferred_language", ""),
                "date_joined": u.date_joined.isoformat(),
                "last_login": u.last_login.isoformat() if u.last_login else None,
                "is_active": u.is_active,
                "roles": [
                    {
                        "role": r.role,
                        "agreement": str(r.agreement) if r.agreement_id else None,
                        "organisation": str(r.organisation) if r.organisation_id else None,
                    }
                    for r in u.role_assignments.all()
                ],
                "second_factor_devices": [d.name for d in _devices(u)],
                "records": _user_references(u),
            }
            for u in users
        ],
        "contact_persons": [
            {
                "organisation": str(p.organisation),
                "first_name": p.first_name,
                "last_name": p.last_name,
                "title": p.title,
                "email": p.email,
                "phone": p.phone,
            }
            for p in people
        ],
        "audit_entries": [_entry(e) for e in _audit_entries(users, people)],
        "kept_after_erasure": KEPT_NOTICE,
    }


def _devices(user: Any) -> list[Any]:
    from django_otp import devices_for_user

    return list(devices_for_user(user, confirmed=None))


@transaction.atomic
def erase(*, email: str = "", username: str = "", operator: str) -> dict[str, int]:
    """Erase the person's data that no retention duty keeps; returns what was done, by kind."""
    users, people = find(email=email, username=username)
    actor = Actor(label=f"personal-data erase by {operator}")
    for person in people:
        audit_record(actor=actor, action="person.erased", obj=person, note="erased on the person's request")
        person.delete()
    for user in users:
        for device in _devices(user):
            device.delete()
        roles = user.role_assignments.count()
        user.role_assignments.all().delete()
        _end_sessions(user)
        user.username = f"erased-{user.pk}"
        user.first_name = ""
        user.last_name = ""
        user.email = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.set_unusable_password()
        user.save()
        audit_record(
            actor=actor,
            action="user.erased",
            obj=user,
            after={"roles_removed": roles, "erased_on": dt.date.today().isoformat()},
            note="personal data erased on the person's request; audit entries and decisions are kept",
        )
    return {"accounts": len(users), "contact_persons": len(people)}


def _end_sessions(user: Any) -> None:
    pk = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()):
        if session.get_decoded().get("_auth_user_id") == pk:
            session.delete()
