"""Who sees and who keeps the registers of test environments and adoptions (accounts.permissions).

Test environments are network-wide (no agreement): the public sees the published ones that are not
retired; signed-in users see those too, and the staff of any agreement and the owner's own people see
every one. The coordination team keeps the registers. Adoptions are public facts about funded projects
(a company's reference): every signed-in user sees them; the project's coordinators record them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from accounts.permissions import can, organisations_for
from partners.models import Person, TestEnvironment, TestEnvironmentQuerySet

if TYPE_CHECKING:
    from accounts.models import User
    from ecosystem.models import Adoption
    from projects.models import Project


def test_environments_for(user: User) -> TestEnvironmentQuerySet:
    qs = TestEnvironment.objects.all()
    if not user.is_authenticated:
        return qs.published()
    if can(user, "environment.read_all"):
        return qs
    owners = organisations_for(user, "environment.read_own")
    return qs.filter(Q(is_published=True, retired_on__isnull=True) | Q(owner_id__in=owners))


test_environments_for.__dict__["__test__"] = False  # not a pytest test


def can_keep_register(user: User) -> bool:
    """Creating, editing and retiring test environments: the coordination team (of any agreement)."""
    return bool(can(user, "environment.keep"))


def adoptions_for(user: User) -> QuerySet[Adoption]:
    from ecosystem.models import Adoption

    if not user.is_authenticated:
        return Adoption.objects.none()
    return Adoption.objects.active()


def can_record_adoption(user: User, project: Project) -> bool:
    """The coordination team of the project's agreement records its adoptions."""
    return bool(can(user, "adoption.record", project.agreement_id))


def can_see_network(user: User) -> bool:
    """The network page is built from proposals of every organisation: the agreement's staff and the
    ministry see it (applicants and reviewers see only their own proposals, so not the network)."""
    return bool(can(user, "network.read"))


def persons_for(user: User) -> QuerySet[Person]:
    """Contact persons are personal data, never public: the staff of any agreement and the ministry see
    every one (they contact the partners); an applicant or a reviewer sees the people of their own
    organisations."""
    if not user.is_authenticated:
        return Person.objects.none()
    if can(user, "person.read_all"):
        return Person.objects.all()
    return Person.objects.filter(organisation_id__in=organisations_for(user, "person.read_own"))
