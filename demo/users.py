"""Demo users: one for each role, with a readable password each, printed by `salkku demo-data`.

Demo mode only (SALKKU_MODE=demo or test): every function here refuses production settings, so a
production database never gets an account with a published password. The published passwords are
hashed with PBKDF2 at fewer iterations than Django's default (the whole set in well under a second
instead of about four); Django raises a hash to the default strength at the user's first sign-in.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from accounts.models import Role, RoleAssignment, User
from audit.services import Actor, audit_record
from demo.services import demo_cities, require_demo_mode
from partners.models import Organisation, OrganisationKind
from pipeline.models import PartnerRole
from programme.models import Agreement, PartyRole, SteeringGroupSeat

ADMIN_USERNAME = "admin"
COORDINATOR_USERNAME = "koordinaattori"
DEMO_HASH_ITERATIONS = 60_000


@dataclass(frozen=True)
class DemoUserSpec:
    username: str
    role: str  # a Role value, or "" for the administrator
    first_name: str
    last_name: str
    scope: str  # which organisation the role is for: city:<key>, university, company, authority, ministry
    all_agreements: bool = False


DEMO_USERS: tuple[DemoUserSpec, ...] = (
    DemoUserSpec(COORDINATOR_USERNAME, Role.COORDINATOR, "Kaisa", "Koordinaattori", "city:helsinki"),
    DemoUserSpec("johtoryhma-helsinki", Role.STEERING_GROUP, "Heikki", "Johtoryhmä", "city:helsinki"),
    DemoUserSpec("johtoryhma-espoo", Role.STEERING_GROUP, "Eija", "Johtoryhmä", "city:espoo"),
    DemoUserSpec("johtoryhma-vantaa", Role.STEERING_GROUP, "Ville", "Johtoryhmä", "city:vantaa"),
    DemoUserSpec("arvioija-1", Role.REVIEWER, "Arttu", "Arvioija", ""),
    # An expert of the same university as hakija-yliopisto: assigning them to its proposals is refused.
    DemoUserSpec("arvioija-2", Role.REVIEWER, "Anni", "Arvioija", "university"),
    # An independent expert: the demo reviews of proposals that arvioija-2 cannot review need a second.
    DemoUserSpec("arvioija-3", Role.REVIEWER, "Aleksi", "Arvioija", ""),
    DemoUserSpec("hakija-yliopisto", Role.APPLICANT, "Hanna", "Hakija", "university"),
    DemoUserSpec("hakija-yritys", Role.APPLICANT, "Harri", "Hakija", "company"),
    DemoUserSpec("rahoittaja", Role.FUNDING_AUTHORITY, "Riikka", "Rahoittaja", "authority"),
    DemoUserSpec("ministerio", Role.MINISTRY, "Mikael", "Ministeriö", "ministry", all_agreements=True),
    DemoUserSpec(ADMIN_USERNAME, "", "Aino", "Ylläpitäjä", ""),
)


def demo_password(username: str) -> str:
    """The demo password of a demo user: readable on purpose, demo mode only."""
    return f"demo-{username}-2026"


def role_description(role: str) -> str:
    descriptions = {
        Role.COORDINATOR: _(
            "runs calls, keeps the partner network and test environments, follows projects, "
            "spots overlaps, produces reports"
        ),
        Role.STEERING_GROUP: _(
            "sets theme targets, scores proposals, chooses the portfolio under the budget, "
            "records the city's position"
        ),
        Role.REVIEWER: _("scores the proposals assigned to them (conflicts of interest enforced)"),
        Role.APPLICANT: _("submits ideas and proposals for the organisation, reports on its projects"),
        Role.FUNDING_AUTHORITY: _("receives the presented proposals, records funding decisions and payments"),
        Role.MINISTRY: _(
            "sees every agreement: frames, commitments, spending, indicators, the annual report"
        ),
        "": _("administrator: everything, including the admin site"),
    }
    return str(descriptions[role])


@dataclass(frozen=True)
class DemoUserRow:
    username: str
    password: str
    role: str
    organisation: str
    can: str


def _applicant_organisation(agreement: Agreement, *, generated: bool) -> Organisation | None:
    """The university (or generated company) that leads the most of the agreement's proposals."""
    kind = OrganisationKind.COMPANY if generated else OrganisationKind.UNIVERSITY
    leads = (
        Organisation.objects.filter(kind=kind, is_generated=generated)
        .annotate(
            led=Count(
                "partnerships",
                filter=Q(partnerships__role=PartnerRole.LEAD, partnerships__proposal__agreement=agreement),
            )
        )
        .filter(led__gt=0)
        .order_by("-led", "name")
    )
    return leads.first()


@transaction.atomic
def demo_users_ensure(*, agreement: Agreement, actor: Actor) -> list[DemoUserRow]:
    """Create or update the demo users and their roles (idempotent: the same users, roles and passwords)."""
    require_demo_mode()
    cities = demo_cities(agreement)
    state = agreement.parties.filter(role=PartyRole.STATE).select_related("organisation").first()
    scopes: dict[str, Organisation | None] = {f"city:{key}": org for key, org in cities.items()}
    scopes.update(
        {
            "": None,
            "university": _applicant_organisation(agreement, generated=False),
            "company": _applicant_organisation(agreement, generated=True),
            "authority": agreement.funding_authority,
            "ministry": state.organisation if state else None,
        }
    )
    rows = []
    for spec in DEMO_USERS:
        organisation = scopes[spec.scope]
        user, created = User.objects.get_or_create(username=spec.username)
        user.first_name, user.last_name = spec.first_name, spec.last_name
        user.email = f"{spec.username}@example.test"
        user.is_active = True
        user.is_staff = user.is_superuser = spec.username == ADMIN_USERNAME
        hasher = PBKDF2PasswordHasher()
        user.password = hasher.encode(
            demo_password(spec.username), hasher.salt(), iterations=DEMO_HASH_ITERATIONS
        )
        user.save()
        RoleAssignment.objects.filter(user=user).delete()
        if spec.role:
            RoleAssignment.objects.create(
                user=user,
                role=spec.role,
                agreement=None if spec.all_agreements else agreement,
                organisation=organisation,
            )
        audit_record(
            actor=actor,
            action="demo_user.ensure",
            obj=user,
            after={
                "created": created,
                "role": spec.role or "superuser",
                "organisation": organisation.name if organisation else "",
            },
        )
        role_label = str(Role(spec.role).label) if spec.role else _("Administrator")
        rows.append(
            DemoUserRow(
                spec.username,
                demo_password(spec.username),
                role_label,
                organisation.name if organisation else "",
                role_description(spec.role),
            )
        )
    _seat_steering_group(agreement, cities)
    return rows


def _seat_steering_group(agreement: Agreement, cities: dict[str, Organisation]) -> None:
    """Give each city's demo steering-group member a free seat of that city, if the group has seats."""
    users = {u.username: u for u in User.objects.filter(username__startswith="johtoryhma-")}
    for key, city in cities.items():
        user = users.get(f"johtoryhma-{key}")
        seats = SteeringGroupSeat.objects.filter(group__agreement=agreement, city=city).order_by("pk")
        if user is None or seats.filter(user=user).exists():
            continue
        free = seats.filter(user__isnull=True).first()
        if free is not None:
            free.user = user
            free.save(update_fields=["user"])
