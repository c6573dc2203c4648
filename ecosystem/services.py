"""Changes to the test-environment register and the adoption register: checked, audited, all or nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.access import require
from audit.services import Actor, audit_record
from ecosystem.access import can_keep_register, can_record_adoption
from ecosystem.models import Adoption
from partners.models import AvailabilityPeriod, OrganisationKind, TestEnvironment
from projects.models import Project

ENVIRONMENT_FIELDS = (
    "name",
    "owner",
    "city",
    "description",
    "capacity",
    "contact",
    "website",
    "is_published",
)


@dataclass(frozen=True)
class PeriodData:
    starts_on: dt.date
    ends_on: dt.date | None = None
    note: str = ""


def _state(environment: TestEnvironment) -> dict[str, Any]:
    return {
        **{f: _plain(getattr(environment, f)) for f in ENVIRONMENT_FIELDS},
        "themes": sorted(t.code for t in environment.themes.all()),
        "periods": [
            f"{p.starts_on.isoformat()}–{p.ends_on.isoformat() if p.ends_on else ''}"
            for p in environment.periods.all()
        ],
        "retired_on": environment.retired_on.isoformat() if environment.retired_on else None,
    }


def _plain(value: Any) -> Any:
    if hasattr(value, "pk"):
        return str(value)
    return value


def _check_periods(periods: Sequence[PeriodData]) -> None:
    for n, p in enumerate(periods, start=1):
        if p.ends_on is not None and p.ends_on < p.starts_on:
            raise ValidationError(
                {"periods": _("Period %(n)s: it ends before it starts.") % {"n": n}}, code="period_order"
            )


def save_test_environment(
    *,
    user: Any,
    environment: TestEnvironment | None,
    values: dict[str, Any],
    themes: Iterable[Any],
    periods: Sequence[PeriodData],
) -> TestEnvironment:
    """Create (``environment=None``) or edit a test environment with its themes and availability periods."""
    require(can_keep_register(user), _("Only the coordination team keeps the test-environment register."))
    _check_periods(periods)
    city = values.get("city")
    if city is not None and city.kind != OrganisationKind.CITY:
        raise ValidationError({"city": _("Choose a city.")}, code="not_a_city")
    with transaction.atomic():
        before = None if environment is None else _state(environment)
        environment = environment or TestEnvironment()
        for field in ENVIRONMENT_FIELDS:
            if field in values:
                setattr(environment, field, values[field])
        environment.full_clean(exclude=["themes"])
        environment.save()
        environment.themes.set(list(themes))
        environment.periods.all().delete()
        AvailabilityPeriod.objects.bulk_create(
            AvailabilityPeriod(environment=environment, starts_on=p.starts_on, ends_on=p.ends_on, note=p.note)
            for p in periods
        )
        audit_record(
            actor=Actor(user),
            action="test_environment.created" if before is None else "test_environment.updated",
            obj=environment,
            before=before,
            after=_state(environment),
        )
    return environment


def retire_test_environment(*, user: Any, environment: TestEnvironment, on: dt.date | None = None) -> None:
    """No longer offered from ``on`` (today by default); its periods stay for the timeline of the past."""
    require(can_keep_register(user), _("Only the coordination team keeps the test-environment register."))
    if environment.retired_on is not None:
        raise ValidationError(_("The test environment is already retired."), code="already_retired")
    with transaction.atomic():
        environment.retired_on = on or timezone.localdate()
        environment.save(update_fields=["retired_on"])
        audit_record(
            actor=Actor(user),
            action="test_environment.retired",
            obj=environment,
            before={"retired_on": None},
            after={"retired_on": environment.retired_on.isoformat()},
        )


ADOPTION_FIELDS = ("city", "unit", "provider", "solution", "role", "adopted_on", "evidence", "evidence_url")


def record_adoption(*, user: Any, project: Project, values: dict[str, Any]) -> Adoption:
    """Register that a city unit adopted a solution of the project."""
    require(can_record_adoption(user, project), _("Only the project's coordination team records adoptions."))
    city = values.get("city")
    if city is None or city.kind != OrganisationKind.CITY:
        raise ValidationError({"city": _("Choose a city.")}, code="not_a_city")
    adopted_on = values.get("adopted_on")
    if adopted_on and project.start_date and adopted_on < project.start_date:
        raise ValidationError(
            {
                "adopted_on": _("The adoption cannot be before the project started (%(date)s).")
                % {"date": date_format(project.start_date, "SHORT_DATE_FORMAT")}
            },
            code="before_project",
        )
    with transaction.atomic():
        adoption = Adoption(project=project, created_by=user, **{f: values.get(f) for f in ADOPTION_FIELDS})
        adoption.evidence_url = adoption.evidence_url or ""
        adoption.full_clean()
        adoption.save()
        audit_record(
            actor=Actor(user),
            action="adoption.recorded",
            obj=adoption,
            after={f: _plain(getattr(adoption, f)) for f in ADOPTION_FIELDS}
            | {"adopted_on": adoption.adopted_on.isoformat()},
        )
    return adoption


def withdraw_adoption(*, user: Any, adoption: Adoption) -> None:
    require(
        can_record_adoption(user, adoption.project),
        _("Only the project's coordination team records adoptions."),
    )
    if adoption.withdrawn_at is not None:
        raise ValidationError(_("The adoption is already withdrawn."), code="already_withdrawn")
    with transaction.atomic():
        adoption.withdrawn_at = timezone.now()
        adoption.save(update_fields=["withdrawn_at"])
        audit_record(actor=Actor(user), action="adoption.withdrawn", obj=adoption)
