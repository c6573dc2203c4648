"""Who may do what: one table of named actions × roles × the relation the role needs to the object.

``can(actor, action, obj)`` answers every question of the form "may this person do this to that": it
returns a ``Decision`` that is truthy when allowed and carries a reason a person can read. Services call
``require`` (which raises PermissionDenied with that reason) before they change anything; read selectors
narrow querysets with ``agreements_for``; views, API and templates show buttons and links from the same
answer (``can`` / the ``can`` template filter) and never name a role themselves.

Relations, from the widest to the narrowest:

- ``ANY``: every object, whichever agreement (the ministry acts for the state in every agreement);
- ``AGREEMENT``: objects of an agreement where the actor holds the role (an assignment that names no
  agreement covers every one);
- ``ORGANISATION``: objects of the organisation the actor holds the role for (an applicant's proposals
  and projects, where their organisation is lead or partner), in the assignment's agreement.

An administrator (``is_superuser``) is the pseudo-role ``admin``: it holds only what the table grants it.

Another organisation's or another agreement's object is answered 404 by pages and the API (its existence
does not leak): ``require`` raises Http404 when the refusal is about the object's relation
(``Decision.hidden``); a page or action the role may not use at all is answered 403.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

ADMIN = "admin"  # a superuser; not a role assignment


class Rel(StrEnum):
    ANY = "any"
    AGREEMENT = "agreement"
    ORGANISATION = "organisation"


C, S, R, A, F, M = (
    Role.COORDINATOR.value,
    Role.STEERING_GROUP.value,
    Role.REVIEWER.value,
    Role.APPLICANT.value,
    Role.FUNDING_AUTHORITY.value,
    Role.MINISTRY.value,
)
AG, ORG, ANY = Rel.AGREEMENT, Rel.ORGANISATION, Rel.ANY


@dataclass(frozen=True)
class Action:
    label: _StrPromise | str  # what the action does, for a reason ("read the monitoring dashboard")
    grants: dict[str, Rel]  # role -> the relation it needs to the object


# The table. Anything not here is denied. A ministry assignment that names no agreement covers every
# agreement (its AGREEMENT relation then reaches all of them).
ACTIONS: dict[str, Action] = {
    # calls and ideas
    "call.read": Action(_("see published calls"), {C: AG, S: AG, R: AG, A: AG, F: AG, M: AG, ADMIN: ANY}),
    "call.read_draft": Action(_("see calls that are not yet open"), {C: AG, ADMIN: ANY}),
    "call.manage": Action(_("open, edit and close calls"), {C: AG}),
    # the pipeline's ideas are the agreement's work, not the ministry's
    "idea.read": Action(_("read ideas"), {C: AG, S: AG, R: AG, F: AG, A: ORG, ADMIN: ANY}),
    "idea.submit": Action(_("submit an idea for an organisation"), {A: ORG}),
    "idea.manage": Action(_("comment, link, merge, invite and decline ideas"), {C: AG}),
    # proposals
    "proposal.read": Action(_("read proposals"), {C: AG, S: AG, R: AG, A: ORG, F: AG, M: AG, ADMIN: ANY}),
    "proposal.read_budget": Action(
        _("read a proposal's budget"), {C: AG, S: AG, R: AG, A: ORG, F: AG, M: AG, ADMIN: ANY}
    ),
    "proposal.read_draft": Action(
        _("read proposals that are not submitted for review"),
        {C: AG, S: AG, A: ORG, F: AG, M: AG, ADMIN: ANY},
    ),
    "proposal.create": Action(_("start a proposal for an organisation"), {A: ORG}),
    "proposal.edit": Action(_("edit a proposal"), {A: ORG}),
    "proposal.submit": Action(_("submit or withdraw a proposal"), {A: ORG}),
    "proposal.start_review": Action(_("start the review of a proposal"), {C: AG, R: AG}),
    "proposal.steer": Action(_("present, return or reject a proposal after review"), {S: AG, C: AG}),
    "proposal.decide": Action(_("record a funding decision"), {F: AG}),
    # reviews
    "proposal.review": Action(_("review proposals"), {R: AG, S: AG}),
    "criteria.read": Action(_("see the review criteria"), {C: AG, S: AG, R: AG}),
    "criteria.manage": Action(_("set the review criteria and weights"), {C: AG, S: AG}),
    "review.assign": Action(_("assign reviewers"), {C: AG}),
    "review.read_all": Action(_("see every review and the scoring summary"), {C: AG, S: AG}),
    "review.read_list": Action(_("see reviews"), {R: AG, S: AG, C: AG}),
    # funding and projects
    "funding.read": Action(_("see funding decisions"), {F: AG, C: AG, S: AG, M: AG}),
    "project.read_plan": Action(
        _("see a funded project's money plan"), {C: AG, S: AG, F: AG, M: AG, A: ORG, ADMIN: ANY}
    ),
    "project.read_changes": Action(
        _("read a funded project's change requests"), {C: AG, S: AG, F: AG, M: AG, A: ORG}
    ),
    "project.request_change": Action(_("request a change to a project"), {A: ORG}),
    "project.decide_change": Action(_("decide a change request"), {F: AG}),
    # progress reports and payment claims
    "progress.read": Action(
        _("see a project's progress reports and claims"), {C: AG, S: AG, F: AG, M: AG, A: ORG}
    ),
    "progress.queue": Action(_("see the queue of submitted progress reports"), {C: AG, S: AG, F: AG, M: AG}),
    "progress.report": Action(_("report on a project and claim payments"), {A: ORG}),
    "progress.decide_report": Action(_("approve or return progress reports"), {C: AG}),
    "progress.decide_claim": Action(_("decide payment claims"), {F: AG}),
    # steering group
    "meeting.read": Action(_("see the steering group's meetings"), {C: AG, S: AG, M: AG}),
    "meeting.prepare": Action(_("call and prepare a meeting"), {C: AG, S: AG}),
    "meeting.chair": Action(_("chair a meeting"), {C: AG, S: AG}),
    "meeting.attend": Action(_("attend a meeting"), {C: AG, S: AG, F: AG}),
    "meeting.record": Action(_("record a meeting's decisions"), {C: AG}),
    "meeting.city_position": Action(_("state a city's position"), {S: ORG}),
    # portfolio options
    "scenario.read": Action(_("see portfolio options"), {C: AG, S: AG, M: AG}),
    "scenario.run": Action(_("create, derive and re-run portfolio options"), {C: AG, S: AG}),
    "scenario.choose": Action(_("choose a portfolio option"), {C: AG, S: AG}),
    # monitoring
    "monitoring.read": Action(_("see the monitoring dashboard"), {C: AG, S: AG, M: AG}),
    "monitoring.set": Action(_("set targets and monitoring rules"), {C: AG, S: AG}),
    # every agreement side by side: only a grant that covers every agreement (see ``national``)
    "monitoring.national": Action(_("see the national view"), {M: AG, ADMIN: ANY}),
    # reports
    "report.read": Action(_("see annual reports"), {C: AG, S: AG, M: AG, ADMIN: ANY}),
    "report.request": Action(_("request an annual report"), {C: AG, S: AG, M: AG, ADMIN: ANY}),
    "conflict.declare": Action(_("declare one's own conflict of interest"), {R: AG, S: AG, F: AG}),
    "conflict.override": Action(_("override another person's conflict of interest, with a reason"), {C: AG}),
    # spreadsheets: project lists and a reporting period's figures, through a column mapping
    "import.spreadsheet": Action(
        _("import spreadsheets of projects and reporting figures"), {C: AG, ADMIN: ANY}
    ),
    # the partner network: test environments, adoptions, the network picture
    "environment.read_all": Action(
        _("see every test environment, published or not"), {C: AG, S: AG, F: AG, M: AG, ADMIN: ANY}
    ),
    "environment.read_own": Action(_("see the organisation's own test environments"), {A: ORG}),
    "environment.keep": Action(_("keep the register of test environments"), {C: AG, ADMIN: ANY}),
    "adoption.record": Action(_("record an adoption of a project's solution"), {C: AG, ADMIN: ANY}),
    # contact persons are personal data: the staff of any agreement and the ministry see every one
    "person.read_all": Action(_("see every contact person"), {C: AG, S: AG, F: AG, M: AG, ADMIN: ANY}),
    "person.read_own": Action(_("see the contact persons of one's own organisation"), {A: ORG, R: ORG}),
    "network.read": Action(_("see the partner network"), {C: AG, S: AG, F: AG, M: AG, ADMIN: ANY}),
    # overlaps and double funding: the portfolio-wide report and the risk flags
    "overlaps.report": Action(_("see the overlap report and double-funding flags"), {C: AG, ADMIN: ANY}),
    "overlaps.see_all_similar": Action(_("see every similar idea and proposal"), {C: AG, S: AG, ADMIN: ANY}),
    # audit
    "audit.read": Action(_("read the audit log"), {C: AG, ADMIN: ANY}),
    # accessibility feedback (the statement's feedback channel): the coordination team answers it
    "accessibility_feedback.read": Action(_("read accessibility feedback"), {C: ANY, ADMIN: ANY}),
}

# Menu sections: (section, url name, label, the action that opens it; None = every signed-in user).
NAVIGATION: list[tuple[str, str, Any, str | None]] = [
    ("overview", "home", _("Agreement"), None),
    ("calls", "pipeline:call_list", _("Calls and ideas"), None),
    ("proposals", "pipeline:proposal_list", _("Proposals"), None),
    ("reviews", "review:my_reviews", _("Reviews"), "review.read_list"),
    ("steering_group", "decisions:meeting_list", _("Steering group"), "meeting.read"),
    ("portfolio", "portfolio:scenario_list", _("Portfolio options"), "scenario.read"),
    ("monitoring", "monitoring:dashboard", _("Monitoring"), "monitoring.read"),
    ("funding", "projects:funding_queue", _("Funding decisions"), "funding.read"),
    ("overlaps", "overlaps:report", _("Overlaps"), "overlaps.report"),
    ("projects", "projects:project_list", _("Projects"), None),
    ("organisations", "partners:organisation_list", _("Organisations"), None),
    ("ecosystem", "ecosystem:environment_list", _("Network"), None),
    ("audit", "audit_log", _("Audit log"), "audit.read"),
]

ROLE_LABELS: dict[str, Any] = {**dict(Role.choices), ADMIN: _("Administrator")}

# The roles that decide, or see personal data across organisations: they confirm a TOTP code after the
# password when SALKKU_REQUIRE_2FA_FOR_STAFF is on (accounts.otp). Reviewers and applicants do not.
SECOND_FACTOR_ROLES: frozenset[str] = frozenset({C, S, F, M, ADMIN})


def needs_second_factor(user: Any) -> bool:
    """Whether the user holds a role of ``SECOND_FACTOR_ROLES`` (an administrator: superuser or admin-site staff)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    return any(a.role in SECOND_FACTOR_ROLES for a in user.role_assignments.all())


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    # refused because the object is another organisation's or another agreement's: pages and the API
    # answer 404 (``require`` raises Http404), so that its existence does not leak
    hidden: bool = False

    def __bool__(self) -> bool:
        return self.allowed


@dataclass(frozen=True)
class Target:
    """What the table needs to know of an object: its agreement and the organisations it belongs to."""

    agreement_id: int | None = None
    organisation_ids: frozenset[int] | None = None  # None: the object belongs to no organisation


def target_of(obj: object) -> Target | None:
    """The agreement and organisations of a model instance, an agreement id, or None (no object)."""
    if obj is None:
        return None
    if isinstance(obj, Target):
        return obj
    if isinstance(obj, int):
        return Target(agreement_id=obj)
    # A model says what it is to the table itself (Agreement, Idea, Proposal, Project define
    # ``permission_target``), so this platform module imports no domain app.
    describe = getattr(obj, "permission_target", None)
    if callable(describe):
        target = describe()
        assert isinstance(target, Target)
        return target
    agreement_id = getattr(obj, "agreement_id", None)
    if agreement_id is None and hasattr(obj, "project"):
        agreement_id = obj.project.agreement_id
    if agreement_id is None and hasattr(obj, "proposal"):
        return target_of(obj.proposal)
    return Target(agreement_id=agreement_id)


def _assignments(actor: Any) -> list[Any]:
    if actor is None or not actor.is_authenticated:
        return []
    return list(actor.role_assignments.all())


def _holds(actor: Any, action: Action) -> Iterable[tuple[Any, Rel]]:
    """The actor's assignments (or the admin pseudo-assignment, None) that the action grants something."""
    if actor is not None and actor.is_authenticated and actor.is_superuser and ADMIN in action.grants:
        yield None, action.grants[ADMIN]
    for a in _assignments(actor):
        rel = action.grants.get(a.role)
        if rel is not None:
            yield a, rel


def _covers(assignment: Any, rel: Rel, target: Target | None) -> bool:
    if target is None or rel is Rel.ANY or assignment is None:
        return True
    in_agreement = assignment.agreement_id is None or (
        target.agreement_id is not None and assignment.agreement_id == target.agreement_id
    )
    if rel is Rel.AGREEMENT:
        return in_agreement
    # ORGANISATION
    return bool(
        in_agreement
        and assignment.organisation_id
        and target.organisation_ids is not None
        and int(assignment.organisation_id) in target.organisation_ids
    )


def _who(action: Action) -> str:
    return ", ".join(str(ROLE_LABELS[r]).lower() for r in action.grants)


def can(actor: Any, action: str, obj: object = None) -> Decision:
    """May ``actor`` do ``action`` (a key of ACTIONS) to ``obj`` (None: the action at all, anywhere)?"""
    spec = ACTIONS.get(action)
    if spec is None:
        raise KeyError(f"unknown action {action!r}")
    if actor is None or not actor.is_authenticated:
        return Decision(False, str(_("Sign in first.")))
    target = target_of(obj)
    held = list(_holds(actor, spec))
    if not held:
        return Decision(
            False,
            str(_("Only these may %(action)s: %(who)s.") % {"action": spec.label, "who": _who(spec)}),
        )
    for assignment, rel in held:
        if _covers(assignment, rel, target):
            role = ADMIN if assignment is None else assignment.role
            return Decision(True, str(_("Allowed as %(role)s.") % {"role": str(ROLE_LABELS[role]).lower()}))
    if any(rel is Rel.ORGANISATION for _a, rel in held):
        return Decision(False, str(_("This belongs to another organisation.")), hidden=True)
    return Decision(False, str(_("This belongs to another agreement.")), hidden=True)


def require(actor: Any, action: str, obj: object = None) -> None:
    """Refuse unless ``can`` allows it: the one way services refuse. An object of another organisation or
    another agreement is not found (Http404, answered 404 by pages and the API alike); an action the
    actor's roles do not hold at all is forbidden (PermissionDenied, 403), with the reason."""
    decision = can(actor, action, obj)
    if not decision:
        if decision.hidden:
            raise Http404(decision.reason)
        raise PermissionDenied(decision.reason)


def agreements_for(actor: Any, action: str) -> set[int] | None:
    """The agreements in which ``actor`` may do ``action`` for the agreement's objects; None = every one.

    Organisation-bound grants (an applicant's) are not counted: their selectors narrow by organisation.
    """
    spec = ACTIONS[action]
    ids: set[int] = set()
    for assignment, rel in _holds(actor, spec):
        if rel is Rel.ORGANISATION:
            continue
        if assignment is None or rel is Rel.ANY or assignment.agreement_id is None:
            return None
        ids.add(int(assignment.agreement_id))
    return ids


def agreement_filter(field: str, actor: Any, action: str) -> Any:
    """A Q narrowing ``field`` (an agreement id lookup) to the agreements where ``action`` is allowed."""
    from django.db.models import Q

    ids = agreements_for(actor, action)
    return Q() if ids is None else Q(**{f"{field}__in": ids})


def organisations_for(actor: Any, action: str, agreement_id: int | None = None) -> set[int]:
    """The organisations whose objects ``actor`` may do ``action`` to through an organisation grant
    (with ``agreement_id``: only grants that cover that agreement)."""
    spec = ACTIONS[action]
    return {
        int(a.organisation_id)
        for a, rel in _holds(actor, spec)
        if a is not None
        and rel is Rel.ORGANISATION
        and a.organisation_id
        and (agreement_id is None or a.agreement_id is None or a.agreement_id == agreement_id)
    }


def holders(
    action: str, agreement_id: int | None = None, organisation_ids: Iterable[int] | None = None
) -> Any:
    """A Q over users: the people whose role assignment grants ``action`` for an object of this agreement
    (and, for an organisation grant, of one of these organisations). For notifications and choices of
    people (reviewers, attendees); the administrator pseudo-role is nobody's assignment and is not counted.
    Use it in one ``filter()`` call, so that every condition holds for the same assignment."""
    from django.db.models import Q

    spec = ACTIONS[action]
    orgs = None if organisation_ids is None else list(organisation_ids)
    condition = Q(pk__in=[])
    for role, rel in spec.grants.items():
        if role == ADMIN:
            continue
        one = Q(role_assignments__role=role)
        if agreement_id is not None and rel is not Rel.ANY:
            one &= Q(role_assignments__agreement_id=agreement_id) | Q(
                role_assignments__agreement__isnull=True
            )
        if rel is Rel.ORGANISATION:
            if orgs is None:
                one &= Q(role_assignments__organisation__isnull=False)
            else:
                one &= Q(role_assignments__organisation_id__in=orgs)
        condition |= one
    return condition


def roles_named() -> set[str]:
    """Every role the table names (for the test that the table covers each role)."""
    return {role for action in ACTIONS.values() for role in action.grants}


def navigation(actor: Any) -> list[tuple[str, str, str]]:
    """The menu for this user: only sections whose page they can open."""
    from django.urls import reverse

    if actor is None or not actor.is_authenticated:
        return []
    return [
        (section, reverse(url_name), str(label))
        for section, url_name, label, action in NAVIGATION
        if action is None or can(actor, action)
    ]
