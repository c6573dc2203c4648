"""The permission matrix: for every URL of Salkku, what each role gets, for an object of its own, of
another organisation, and of another agreement. Deny by default, written down.

``tests/test_permission_matrix.py`` walks every URL pattern of the project and fails when one has no
entry here, then requests each page as each role and compares the answer with the entry. A new page
therefore cannot be added without saying who may see it. docs/access.md explains the roles.

Outcomes: ``OK`` (200), ``LOGIN`` (302 to the sign-in page), ``DENIED`` (403), ``HIDDEN`` (404: the object
exists but the user may not know it), ``REDIRECT`` (302 elsewhere, e.g. after a POST), ``METHOD`` (405),
``INVALID`` (400: a POST the role may make, answered with the form's errors), ``WRITE`` (a POST the role
may make, whichever of 200 / 302 / 400 its content gets).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# --- roles, relations, outcomes -------------------------------------------------------------------

ANONYMOUS = "anonymous"
COORDINATOR = "coordinator"
STEERING = "steering_group"
REVIEWER = "reviewer"
APPLICANT = "applicant"
AUTHORITY = "funding_authority"
MINISTRY = "ministry"
ROLES = (ANONYMOUS, COORDINATOR, STEERING, REVIEWER, APPLICANT, AUTHORITY, MINISTRY)
STAFF = (COORDINATOR, STEERING, AUTHORITY)

# How the object the URL names relates to the user. For an applicant, "own" is their organisation's and
# "other" another organisation's in the same agreement; for the agreement's staff both are objects of
# their agreement. "foreign" is an object of another agreement (the ministry, acting for the state, is
# a party to every agreement). "locked" is the applicant's own proposal after submitting.
NONE = "-"
OWN = "own"
OTHER = "other"
FOREIGN = "foreign"
LOCKED = "locked"
OBJECT_RELATIONS = (OWN, OTHER, FOREIGN)

OK = "200"
LOGIN = "login"
DENIED = "403"
HIDDEN = "404"
REDIRECT = "302"
METHOD = "405"
INVALID = "400"  # a POST the role may make, refused for its (deliberately incomplete) content
WRITE = "write"  # a POST the role may make: 200, 302 or 400 depending on the content and earlier writes
OUTCOMES = (OK, LOGIN, DENIED, HIDDEN, REDIRECT, METHOD, INVALID, WRITE)
WRITE_ANSWERS = frozenset({OK, REDIRECT, INVALID, "201", "204"})
REFUSED = frozenset({LOGIN, DENIED, HIDDEN, METHOD})

Expectation = str | Mapping[str, str]  # one outcome, or one per relation ("*" for the rest)


@dataclass(frozen=True)
class Policy:
    """What each role gets from one URL pattern (by its name)."""

    subject: str | None  # the kind of object the URL names (None: a page of no object)
    get: Mapping[tuple[str, str], str]  # (role, relation) -> outcome of GET
    post: Mapping[tuple[str, str], str] = field(default_factory=dict)  # likewise for POST, if it takes one
    # A POST that would change something; "{name}" in a key or value is filled from the test's world
    # (e.g. {agreement_slug}, {call}, {proposal}); sent as JSON to the API.
    post_data: Mapping[str, object] = field(default_factory=dict)
    json: bool = False
    extra: Mapping[str, object] = field(default_factory=dict)  # more URL arguments (e.g. an action)
    relations: tuple[str, ...] = (NONE,)
    why: str = ""
    # A mismatch that is known and reported: the test is marked xfail, naming it, while the mismatch lasts.
    known_issue: str = ""
    # The actions of the permission table (accounts.permissions.ACTIONS) that guard the page, in the order
    # it checks them; a POST checks ``post_actions`` after them. Where they are given, every refusal of
    # the matrix is generated from the table (``table_answer``): the entry says only what the page
    # answers when the table allows it.
    actions: tuple[str, ...] = ()
    post_actions: tuple[str, ...] = ()

    def expected(self, method: str, role: str, relation: str) -> str:
        table = self.get if method == "GET" else self.post
        return table[(role, relation)]


def _table(
    relations: tuple[str, ...], default: str, anonymous: str, roles: Mapping[str, Expectation]
) -> dict[tuple[str, str], str]:
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles in a policy: {sorted(unknown)}")
    table = {}
    for role in ROLES:
        wanted: Expectation = roles.get(role, anonymous if role == ANONYMOUS else default)
        for relation in relations:
            outcome = wanted if isinstance(wanted, str) else wanted.get(relation, wanted.get("*", default))
            if outcome not in OUTCOMES:
                raise ValueError(f"unknown outcome {outcome!r}")
            table[(role, relation)] = outcome
    return table


def rule(
    subject: str | None = None,
    *,
    default: str,
    anonymous: str = LOGIN,
    relations: tuple[str, ...] | None = None,
    post: Mapping[str, Expectation] | None = None,
    post_default: str | None = None,
    post_data: Mapping[str, object] | None = None,
    extra: Mapping[str, object] | None = None,
    json: bool = False,
    post_anonymous: str = LOGIN,
    known_issue: str = "",
    why: str = "",
    action: str | tuple[str, ...] = (),
    post_action: str | tuple[str, ...] = (),
    **roles: Expectation,
) -> Policy:
    """A policy: ``default`` for every signed-in role not named, ``anonymous`` for the public; with
    ``action`` (and ``post_action``) the table's refusals replace what the entry says (``_from_table``)."""
    rels = relations or (OBJECT_RELATIONS if subject else (NONE,))
    post_table: dict[tuple[str, str], str] = {}
    if post is not None or post_default is not None:
        post_table = _table(rels, post_default or DENIED, post_anonymous, post or {})
    return Policy(
        subject=subject,
        get=_table(rels, default, anonymous, roles),
        post=post_table,
        post_data=dict(post_data or {}),
        json=json,
        extra=dict(extra or {}),
        relations=rels,
        why=why,
        known_issue=known_issue,
        actions=(action,) if isinstance(action, str) else tuple(action),
        post_actions=(post_action,) if isinstance(post_action, str) else tuple(post_action),
    )


def public(why: str = "") -> Policy:
    return rule(default=OK, anonymous=OK, why=why)


def signed_in(subject: str | None = None, why: str = "", **roles: Expectation) -> Policy:
    return rule(subject, default=OK, why=why, **roles)


# --- URLs that are not pages of the application ----------------------------------------------------

# The admin site checks is_staff itself (no role here has it); the matrix test checks that every role
# is sent to the admin's sign-in from each of its model lists.
ADMIN_NAMESPACE = "admin"

# --- the matrix -------------------------------------------------------------------------------------

PROPOSAL_RELATIONS = (OWN, OTHER, FOREIGN, LOCKED)

# Reading an object of the agreement: its staff and reviewers see it, an applicant their own
# organisation's, the ministry every agreement's; an object of another agreement is "not found".
AGREEMENT_READ = {
    COORDINATOR: {FOREIGN: HIDDEN, "*": OK},
    STEERING: {FOREIGN: HIDDEN, "*": OK},
    REVIEWER: {FOREIGN: HIDDEN, "*": OK},
    AUTHORITY: {FOREIGN: HIDDEN, "*": OK},
    APPLICANT: {OWN: OK, LOCKED: OK, "*": HIDDEN},
    MINISTRY: OK,
}
# Seen in the user's own agreement only.
_AGREEMENT_ONLY: dict[str, str] = {FOREIGN: HIDDEN, "*": OK}
# Every POST of a page that only shows: 405 when signed in.
READ_ONLY = {"post_default": METHOD}
# DRF answers the anonymous with 403 (no sign-in page for machines).
API_ANONYMOUS = DENIED


def api(
    subject: str | None = None,
    *,
    get: str = OK,
    default: str | None = None,
    post: Mapping[str, Expectation] | None = None,
    post_default: str | None = None,
    post_data: Mapping[str, object] | None = None,
    relations: tuple[str, ...] | None = None,
    why: str = "",
    known_issue: str = "",
    **roles: Expectation,
) -> Policy:
    """An /api/v1/ endpoint: anonymous 403; ``get`` for GET unless roles say otherwise; a POST is refused
    (403, or 404 for what the role cannot see) unless ``post`` names the role."""
    if post_data is None:
        post_default = post_default or METHOD
    return rule(
        subject,
        default=default or get,
        anonymous=DENIED,
        relations=relations,
        post=post or {},
        post_default=post_default or DENIED,
        post_data=post_data,
        json=True,
        post_anonymous=DENIED,
        why=why,
        known_issue=known_issue,
        **roles,
    )


def every(outcome: str) -> dict[str, Expectation]:
    """The same outcome for every signed-in role: with ``action``, the table's refusals replace it."""
    return {role: outcome for role in ROLES if role != ANONYMOUS}


def _coordinator_writes() -> dict[str, Expectation]:
    return {
        COORDINATOR: {FOREIGN: HIDDEN, "*": WRITE},
        STEERING: {FOREIGN: HIDDEN, "*": DENIED},
        REVIEWER: {FOREIGN: HIDDEN, "*": DENIED},
        AUTHORITY: {FOREIGN: HIDDEN, "*": DENIED},
        APPLICANT: {FOREIGN: HIDDEN, "*": DENIED},
        MINISTRY: DENIED,
    }


def _idea_coordinator(applicant_own: str = DENIED) -> dict[str, Expectation]:
    return {
        COORDINATOR: {FOREIGN: HIDDEN, "*": WRITE},
        STEERING: {FOREIGN: HIDDEN, "*": DENIED},
        REVIEWER: {FOREIGN: HIDDEN, "*": DENIED},
        AUTHORITY: {FOREIGN: HIDDEN, "*": DENIED},
        APPLICANT: {OWN: applicant_own, "*": HIDDEN},
        MINISTRY: HIDDEN,
    }


def _visible_then(table: Mapping[str, Expectation], outcome: str) -> dict[str, Expectation]:
    """The same visibility as ``table``, with ``outcome`` where it says OK."""
    result: dict[str, Expectation] = {}
    for role, wanted in table.items():
        if isinstance(wanted, str):
            result[role] = outcome if wanted == OK else wanted
        else:
            result[role] = {k: outcome if v == OK else v for k, v in wanted.items()}
    return result


def _except(table: dict[str, Expectation], **changes: Expectation) -> dict[str, Expectation]:
    return {**table, **changes}


POLICIES: dict[str, Policy] = {
    # --- signing in, language, health, the public page -------------------------------------------
    "set_language": rule(
        default=REDIRECT,
        anonymous=REDIRECT,
        post_default=REDIRECT,
        post={ANONYMOUS: REDIRECT},
        why="the language switch works before signing in",
    ),
    "health": rule(default=OK, anonymous=OK, why="a load balancer's liveness check; says only ok"),
    "brand_stylesheet": rule(
        default=OK,
        anonymous=OK,
        extra={"colour": "1f6feb"},
        why="an agreement's colour as a stylesheet, built from the address alone (the login page uses it too)",
    ),
    "login": rule(
        default=OK,
        anonymous=OK,
        post_default=OK,
        post={ANONYMOUS: OK},
        why="the sign-in page; a POST without credentials shows the form's errors",
    ),
    "logout": rule(default=METHOD, post_default=REDIRECT, why="signing out is a POST"),
    "otp_verify": rule(
        default=HIDDEN,
        post_default=HIDDEN,
        why="only for users who must confirm a second factor (off in the demo and tests)",
    ),
    "reauth_confirm": rule(
        default=OK,
        post_default=OK,
        why="confirming the password again before a sensitive action; a POST without one shows the error",
    ),
    "otp_setup": rule(
        default=HIDDEN,
        post_default=HIDDEN,
        why="only for users who must set up a second factor (off in the demo and tests)",
    ),
    "oidc_authentication_init": rule(
        default=HIDDEN, anonymous=HIDDEN, why="only when single sign-on is configured"
    ),
    "oidc_authentication_callback": rule(
        default=HIDDEN, anonymous=HIDDEN, why="only when single sign-on is configured"
    ),
    "public_projects": rule(
        default=OK,
        anonymous=OK,
        **READ_ONLY,
        post={ANONYMOUS: METHOD},
        why="open data: funded projects' public fields, no sign-in",
    ),
    "public_projects_csv": rule(
        default=OK,
        anonymous=OK,
        **READ_ONLY,
        post={ANONYMOUS: METHOD},
        why="open data: the public page's projects as CSV (Kohesio columns), no sign-in",
    ),
    "public_projects_json": rule(
        default=OK,
        anonymous=OK,
        **READ_ONLY,
        post={ANONYMOUS: METHOD},
        why="open data: the public page's projects as JSON with metadata, no sign-in",
    ),
    "audit_log": rule(
        action="audit.read",
        default=OK,
        post_default=DENIED,
        post={COORDINATOR: METHOD},
        why="the coordination team's audit log (their agreements and the network)",
    ),
    "accessibility:statement": rule(
        default=OK,
        anonymous=OK,
        post_default=WRITE,
        post_anonymous=WRITE,
        post={ANONYMOUS: WRITE},
        why="the accessibility statement (Act 306/2019) and its feedback form: public, no sign-in",
    ),
    "accessibility:feedback_list": rule(
        default=DENIED,
        coordinator=OK,
        post_default=DENIED,
        post={COORDINATOR: METHOD},
        why="accessibility feedback, answered by the coordination team",
    ),
    # --- the agreement, the partner network, projects ---------------------------------------------
    "home": rule(default=OK, **READ_ONLY, why="the current agreement's overview: frames and totals"),
    "agreement_overview": rule(
        "agreement",
        default=OK,
        **READ_ONLY,
        why="agreements' frames and totals are public information to every signed-in user",
    ),
    "partners:organisation_list": rule(default=OK, **READ_ONLY, why="the partner network"),
    "partners:organisation_detail": rule(
        "organisation",
        default=OK,
        **READ_ONLY,
        why="an organisation; its proposals are narrowed to what the user may see",
    ),
    "projects:project_list": rule(
        default=OK, **READ_ONLY, why="funded projects' public fields and historical ones"
    ),
    "projects:project_detail": rule(
        "project",
        default=OK,
        **READ_ONLY,
        why="every signed-in user sees a project's public fields (see the money-plan test)",
    ),
    # --- the network: test environments, adopted solutions (ecosystem app) -------------------------
    # Test-environment objects: "own" an unpublished one the applicant's organisation owns, "other" an
    # unpublished one of another organisation, "foreign" a published one (the public sees it).
    "ecosystem:network": rule(
        default=OK,
        reviewer=DENIED,
        applicant=DENIED,
        **READ_ONLY,
        why="built from every organisation's proposals",
    ),
    "ecosystem:network_png": rule(
        default=OK, reviewer=DENIED, applicant=DENIED, **READ_ONLY, why="the picture"
    ),
    "ecosystem:activation_csv": rule(
        default=OK,
        reviewer=DENIED,
        applicant=DENIED,
        **READ_ONLY,
        why="the region's organisations not involved",
    ),
    "ecosystem:suggestions": rule(
        "idea",
        default=OK,
        coordinator=_AGREEMENT_ONLY,
        steering_group=_AGREEMENT_ONLY,
        funding_authority=_AGREEMENT_ONLY,
        reviewer=DENIED,
        applicant=DENIED,
        ministry=HIDDEN,
        **READ_ONLY,
        why="partner suggestions for an idea: the staff of its agreement",
    ),
    "ecosystem:environment_list": rule(
        default=OK, **READ_ONLY, why="narrowed to the environments the user may see"
    ),
    "ecosystem:environment_detail": rule(
        "test_environment",
        default=OK,
        **READ_ONLY,
        reviewer={OWN: HIDDEN, OTHER: HIDDEN, FOREIGN: OK},
        applicant={OWN: OK, OTHER: HIDDEN, FOREIGN: OK},
        why="staff and the ministry see every one; others the published ones and their own",
    ),
    "ecosystem:environment_create": rule(
        default=DENIED,
        coordinator=OK,
        post={COORDINATOR: INVALID},
        why="the coordination team keeps the register",
    ),
    "ecosystem:environment_edit": rule(
        "test_environment",
        default=DENIED,
        coordinator=OK,
        reviewer={OWN: HIDDEN, OTHER: HIDDEN, FOREIGN: DENIED},
        applicant={OWN: DENIED, OTHER: HIDDEN, FOREIGN: DENIED},
        post={
            COORDINATOR: INVALID,
            REVIEWER: {OWN: HIDDEN, OTHER: HIDDEN, FOREIGN: DENIED},
            APPLICANT: {OWN: DENIED, OTHER: HIDDEN, FOREIGN: DENIED},
        },
        why="the coordination team keeps the register; an unseen environment is not found",
    ),
    "ecosystem:environment_retire": rule(
        "test_environment",
        default=METHOD,
        post={
            COORDINATOR: REDIRECT,
            REVIEWER: {OWN: HIDDEN, OTHER: HIDDEN, FOREIGN: DENIED},
            APPLICANT: {OWN: DENIED, OTHER: HIDDEN, FOREIGN: DENIED},
        },
        why="the coordination team retires an environment (audited)",
    ),
    "ecosystem:timeline": rule(
        default=OK, **READ_ONLY, why="availability of the environments the user may see"
    ),
    "ecosystem:timeline_png": rule(default=OK, **READ_ONLY, why="the same chart as an image"),
    "ecosystem:adoption_list": rule(
        default=OK, **READ_ONLY, why="adoptions are public facts of funded projects"
    ),
    "ecosystem:adoption_create": rule(
        "project",
        default=DENIED,
        coordinator={OWN: OK, OTHER: OK, FOREIGN: HIDDEN},
        post={COORDINATOR: {OWN: INVALID, OTHER: INVALID, FOREIGN: HIDDEN}},
        why="the coordination team of the project's agreement records its adoptions (another agreement's project: not found)",
    ),
    "search": rule(
        default=OK,
        **READ_ONLY,
        why="the search box: each hit only where the user may open it (ecosystem.search)",
    ),
    "public_test_environments": rule(
        default=OK,
        anonymous=OK,
        **READ_ONLY,
        post={ANONYMOUS: METHOD},
        why="the published test environments are public",
    ),
    # --- proposals --------------------------------------------------------------------------------
    "pipeline:proposal_list": rule(default=OK, **READ_ONLY, why="narrowed to the proposals the user may see"),
    "pipeline:proposal_detail": rule(
        "proposal",
        relations=PROPOSAL_RELATIONS,
        default=OK,
        **AGREEMENT_READ,
        **READ_ONLY,
        why="deny by default: other organisations' proposals are not found",
    ),
    "pipeline:proposal_edit": rule(
        "proposal",
        relations=PROPOSAL_RELATIONS,
        default=DENIED,
        coordinator={FOREIGN: HIDDEN, "*": DENIED},
        steering_group={FOREIGN: HIDDEN, "*": DENIED},
        reviewer={FOREIGN: HIDDEN, "*": DENIED},
        funding_authority={FOREIGN: HIDDEN, "*": DENIED},
        applicant={OWN: OK, LOCKED: DENIED, "*": HIDDEN},
        ministry=DENIED,
        post_default=DENIED,
        post={
            COORDINATOR: {FOREIGN: HIDDEN, "*": DENIED},
            STEERING: {FOREIGN: HIDDEN, "*": DENIED},
            REVIEWER: {FOREIGN: HIDDEN, "*": DENIED},
            AUTHORITY: {FOREIGN: HIDDEN, "*": DENIED},
            APPLICANT: {OWN: WRITE, LOCKED: DENIED, "*": HIDDEN},
            MINISTRY: DENIED,
        },
        post_data={"title": "Muutettu otsikko", "action": "save"},
        why="only the consortium's applicants edit, and only a draft or a proposal returned for changes",
    ),
    "pipeline:proposal_submit": rule(
        "proposal",
        relations=PROPOSAL_RELATIONS,
        default=METHOD,
        post_default=DENIED,
        post={
            COORDINATOR: {FOREIGN: HIDDEN, "*": DENIED},
            STEERING: {FOREIGN: HIDDEN, "*": DENIED},
            REVIEWER: {FOREIGN: HIDDEN, "*": DENIED},
            AUTHORITY: {FOREIGN: HIDDEN, "*": DENIED},
            APPLICANT: {OWN: REDIRECT, LOCKED: REDIRECT, "*": HIDDEN},
            MINISTRY: DENIED,
        },
        why="the consortium submits; a submitted one is sent back with a message, nothing changes",
    ),
    "pipeline:proposal_versions": rule(
        "proposal",
        relations=PROPOSAL_RELATIONS,
        default=OK,
        **AGREEMENT_READ,
        **READ_ONLY,
        why="as the proposal itself",
    ),
    "pipeline:proposal_diff": rule(
        "proposal",
        relations=PROPOSAL_RELATIONS,
        default=OK,
        **AGREEMENT_READ,
        **READ_ONLY,
        extra={"number": 2},
        why="as the proposal itself",
    ),
    # --- calls and ideas ----------------------------------------------------------------------------
    "pipeline:call_list": rule(default=OK, **READ_ONLY, why="published calls of the user's agreements"),
    "pipeline:call_create": rule(
        default=DENIED,
        coordinator=OK,
        post_default=DENIED,
        post={COORDINATOR: INVALID},
        why="the coordination team opens calls",
    ),
    "pipeline:call_detail": rule(
        "call",
        default=OK,
        **_except(AGREEMENT_READ, applicant={FOREIGN: HIDDEN, "*": OK}),
        **READ_ONLY,
        why="an open call is seen by its agreement's users",
    ),
    "pipeline:call_edit": rule(
        "call",
        default=DENIED,
        coordinator={FOREIGN: HIDDEN, "*": OK},
        steering_group={FOREIGN: HIDDEN, "*": DENIED},
        reviewer={FOREIGN: HIDDEN, "*": DENIED},
        funding_authority={FOREIGN: HIDDEN, "*": DENIED},
        applicant={FOREIGN: HIDDEN, "*": DENIED},
        ministry=DENIED,
        post_default=DENIED,
        post={
            COORDINATOR: {FOREIGN: HIDDEN, "*": INVALID},
            STEERING: {FOREIGN: HIDDEN, "*": DENIED},
            REVIEWER: {FOREIGN: HIDDEN, "*": DENIED},
            AUTHORITY: {FOREIGN: HIDDEN, "*": DENIED},
            APPLICANT: {FOREIGN: HIDDEN, "*": DENIED},
            MINISTRY: DENIED,
        },
        why="the coordination team edits its calls",
    ),
    "pipeline:call_transition": rule(
        "call",
        default=METHOD,
        post_default=DENIED,
        post={
            COORDINATOR: {FOREIGN: HIDDEN, "*": REDIRECT},
            STEERING: {FOREIGN: HIDDEN, "*": DENIED},
            REVIEWER: {FOREIGN: HIDDEN, "*": DENIED},
            AUTHORITY: {FOREIGN: HIDDEN, "*": DENIED},
            APPLICANT: {FOREIGN: HIDDEN, "*": DENIED},
            MINISTRY: DENIED,
        },
        post_data={"to": "closed"},
        why="the coordination team opens and closes calls",
    ),
    "pipeline:idea_create": rule(
        "call",
        default=DENIED,
        coordinator={FOREIGN: HIDDEN, "*": DENIED},
        steering_group={FOREIGN: HIDDEN, "*": DENIED},
        reviewer={FOREIGN: HIDDEN, "*": DENIED},
        funding_authority={FOREIGN: HIDDEN, "*": DENIED},
        applicant={FOREIGN: HIDDEN, "*": OK},
        ministry=DENIED,
        post_default=DENIED,
        post={
            COORDINATOR: {FOREIGN: HIDDEN, "*": DENIED},
            STEERING: {FOREIGN: HIDDEN, "*": DENIED},
            REVIEWER: {FOREIGN: HIDDEN, "*": DENIED},
            AUTHORITY: {FOREIGN: HIDDEN, "*": DENIED},
            APPLICANT: {FOREIGN: HIDDEN, "*": INVALID},
            MINISTRY: DENIED,
        },
        why="applicants of the agreement's partner network submit ideas to its open calls",
    ),
    "pipeline:idea_list": rule(default=OK, **READ_ONLY, why="narrowed to the ideas the user may see"),
    "pipeline:idea_detail": rule(
        "idea",
        default=OK,
        **_except(AGREEMENT_READ, ministry=HIDDEN),
        **READ_ONLY,
        why="ideas are the agreement's pipeline work: not the ministry's",
    ),
    "pipeline:idea_action": rule(
        "idea",
        default=METHOD,
        extra={"action": "comment"},
        post_default=DENIED,
        post={
            COORDINATOR: {FOREIGN: HIDDEN, "*": REDIRECT},
            STEERING: {FOREIGN: HIDDEN, "*": DENIED},
            REVIEWER: {FOREIGN: HIDDEN, "*": DENIED},
            AUTHORITY: {FOREIGN: HIDDEN, "*": DENIED},
            APPLICANT: {OWN: DENIED, "*": HIDDEN},
            MINISTRY: HIDDEN,
        },
        post_data={"body": "Kommentti"},
        why="the coordination team comments, links, merges and invites ideas",
    ),
    # --- review -------------------------------------------------------------------------------------
    "review:my_reviews": rule(default=OK, post_default=DENIED, why="each user's own assigned reviews"),
    "review:review_score": rule(
        "review",
        default=HIDDEN,
        reviewer={OWN: OK, "*": HIDDEN},
        post_default=HIDDEN,
        post={REVIEWER: {OWN: INVALID, "*": HIDDEN}},
        why="only the assigned reviewer scores",
    ),
    "review:proposal_reviews": rule(
        "proposal",
        relations=PROPOSAL_RELATIONS,
        default=DENIED,
        coordinator={FOREIGN: HIDDEN, "*": OK},
        steering_group={FOREIGN: HIDDEN, "*": OK},
        reviewer={FOREIGN: HIDDEN, "*": OK},
        funding_authority={FOREIGN: HIDDEN, "*": DENIED},
        applicant={OWN: DENIED, LOCKED: DENIED, "*": HIDDEN},
        ministry=DENIED,
        post_default=DENIED,
        post={
            COORDINATOR: {FOREIGN: HIDDEN, "*": DENIED},
            STEERING: {FOREIGN: HIDDEN, "*": DENIED},
            REVIEWER: {FOREIGN: HIDDEN, "*": DENIED},
            AUTHORITY: {FOREIGN: HIDDEN, "*": DENIED},
            APPLICANT: {OWN: DENIED, LOCKED: DENIED, "*": HIDDEN},
            MINISTRY: DENIED,
        },
        why="a proposal's reviews: the coordination team and the steering group; a reviewer only their own",
    ),
    "review:summary": rule(
        "call",
        action="review.read_all",
        default=OK,
        post_default=DENIED,
        why="the scoring summary: the coordination team and the steering group",
    ),
    "review:criteria": rule(
        "call",
        action="criteria.read",
        post_action="criteria.manage",
        default=OK,
        post_default=DENIED,
        post=every(WRITE),
        post_data={"criterion-name": "Kansainvälisyys", "criterion-weight": "1", "criterion-order": "9"},
        why="the steering group and the coordination team set criteria; reviewers read them",
    ),
    "review:criterion_edit": rule(
        "criterion",
        action="criteria.read",
        post_action="criteria.manage",
        default=OK,
        post_default=DENIED,
        post=every(WRITE),
        post_data={"criterion-name": "TKI-vaikuttavuus", "criterion-weight": "3", "criterion-order": "1"},
        why="the steering group and the coordination team set criteria; reviewers read them",
    ),
    # --- steering-group meetings, funding decisions, change requests ------------------------------
    "decisions:meeting_list": rule(
        action="meeting.read",
        default=OK,
        post={COORDINATOR: METHOD, STEERING: METHOD, MINISTRY: METHOD},
        post_default=DENIED,
        why="meetings: the steering group, the coordination team and the ministry (a filtered list: no POST)",
    ),
    "monitoring:dashboard": rule(
        action="monitoring.read",
        default=OK,
        post_default=METHOD,
        why="the monitoring dashboard: the steering group, the coordination team and the ministry",
    ),
    "monitoring:chart_png": rule(
        action="monitoring.read",
        default=OK,
        post_default=METHOD,
        extra={"name": "money"},
        why="a monitoring chart as a PNG, for those who see the dashboard",
    ),
    "monitoring:targets": rule(
        action="monitoring.read",
        post_action="monitoring.set",
        default=OK,
        post_default=DENIED,
        post=every(INVALID),
        post_data={"kind": "indicator"},
        why="targets: the steering group and the coordination team set them; the ministry reads",
    ),
    "monitoring:rules": rule(
        action="monitoring.read",
        post_action="monitoring.set",
        default=OK,
        post_default=DENIED,
        post=every(INVALID),
        post_data={"late_after_days": "x"},
        why="the status rules: shown to the dashboard's readers, set by the steering group and coordinators",
    ),
    "monitoring:refresh_status": rule(
        "monitoring_refresh",
        action="monitoring.read",
        default=OK,
        post_default=METHOD,
        why="the progress of a dashboard's new figures, for those who see that dashboard",
    ),
    "monitoring:national": rule(
        action="monitoring.national",
        default=OK,
        post_default=METHOD,
        why="the national view of every agreement: the ministry",
    ),
    "monitoring:national_chart_png": rule(
        action="monitoring.national",
        default=OK,
        post_default=METHOD,
        extra={"name": "shares"},
        why="a chart of the national view as a PNG: the ministry",
    ),
    "decisions:meeting_create": rule(
        action="meeting.prepare",
        default=OK,
        post_default=DENIED,
        post=every(WRITE),
        post_data={"date": "{today}"},
        why="the coordination team or the steering group prepares a meeting",
    ),
    "decisions:meeting_detail": rule(
        "meeting",
        action="meeting.read",
        post_action="meeting.record",
        default=OK,
        post_default=DENIED,
        post=every(WRITE),
        post_data={
            "action": "decide",
            "item": "{agenda_item}",
            "d{agenda_item}-outcome": "return",
            "d{agenda_item}-rationale": "Täydennettävä",
        },
        why="the coordinator (or the chair) records the steering group's decisions; the ministry reads",
    ),
    "decisions:minutes_pdf": rule(
        "meeting",
        action="meeting.read",
        default=OK,
        post_default=DENIED,
        post={COORDINATOR: OK, STEERING: OK, REVIEWER: OK, APPLICANT: OK, AUTHORITY: OK, MINISTRY: OK},
        why="the minutes as PDF, for those who see the meeting (a POST is answered like a GET)",
    ),
    # --- overlaps and double-funding risk flags (overlaps/) -----------------------------------------
    "overlaps:report": rule(
        action="overlaps.report",
        default=OK,
        post_default=DENIED,
        post=every(INVALID),
        why="the overlap report of the current agreement: the coordination team reviews its clusters",
    ),
    "overlaps:report_csv": rule(
        action="overlaps.report",
        default=OK,
        post_default=METHOD,
        why="the overlap report as CSV, for the coordination team",
    ),
    "overlaps:flags": rule(
        action="overlaps.report",
        default=OK,
        post_default=DENIED,
        post=every(INVALID),
        why="double-funding risk flags: the coordination team reads them and dismisses one with a reason",
    ),
    # --- decision support: scenarios of the portfolio optimiser -------------------------------------
    "portfolio:scenario_list": rule(
        action="scenario.read",
        default=OK,
        post_default=DENIED,
        why="portfolio options: the steering group and the coordination team work on them, the ministry reads",
    ),
    "portfolio:compare": rule(
        action="scenario.read",
        default=OK,
        post_default=DENIED,
        why="scenarios side by side, for those who see scenarios",
    ),
    "portfolio:scenario_create": rule(
        "call",
        action="scenario.run",
        default=OK,
        post_default=DENIED,
        post=every(WRITE),
        post_data={"name": "Kokeilu"},
        why="the steering group and the coordination team start optimisation runs on their calls",
    ),
    "portfolio:scenario_detail": rule(
        "scenario",
        action="scenario.read",
        post_action="scenario.run",
        default=OK,
        post_default=DENIED,
        post=every(WRITE),
        post_data={"action": "frame", "percent": "-10"},
        why="what-ifs, locks, re-runs and the decision basis: the steering group and the coordination team",
    ),
    "portfolio:scenario_status": rule(
        "scenario",
        action="scenario.read",
        default=OK,
        post_default=METHOD,
        why="the progress of a run, for those who see the scenario",
    ),
    "portfolio:scenario_chart": rule(
        "scenario",
        action="scenario.read",
        default=OK,
        post_default=METHOD,
        extra={"name": "money", "fmt": "svg"},
        why="a scenario's chart as an image, for those who see the scenario",
    ),
    "portfolio:scenario_file": rule(
        "scenario",
        action="scenario.read",
        default=OK,
        post_default=METHOD,
        extra={"fmt": "yaml"},
        why="the problem as solved, for those who see the scenario",
    ),
    "projects:funding_queue": rule(
        action="funding.read",
        default=OK,
        post_default=DENIED,
        why="proposals presented to the funding authority",
    ),
    "projects:funding_decision": rule(
        "presented",
        action="proposal.decide",
        default=OK,
        post_default=DENIED,
        post=every(INVALID),
        why="only the agreement's funding authority records a funding decision",
    ),
    "projects:change_requests": rule(
        "project",
        action="project.read_changes",
        post_action="project.request_change",
        default=OK,
        post_default=DENIED,
        post=every(INVALID),
        why="a project's implementers request changes; staff and the ministry follow them",
    ),
    "projects:change_request_detail": rule(
        "project_change",
        action="project.read_changes",
        post_action="project.decide_change",
        default=OK,
        post_default=DENIED,
        post=every(WRITE),
        post_data={"decision": "reject", "note": "Ei perusteltu"},
        why="the funding authority decides change requests",
    ),
    # --- monitoring: progress reports and payment claims (progress/) -------------------------------
    "progress:report_list": rule(
        "project",
        action="progress.read",
        post_action="progress.decide_report",
        default=OK,
        post_default=DENIED,
        post=every(WRITE),
        post_data={"period_months": "6", "due_days": "30"},
        why="a project's reports: its implementers and staff see them; the coordinator sets the schedule",
    ),
    "progress:report_detail": rule(
        "progress_report",
        action="progress.read",
        post_action="progress.report",
        default=OK,
        post_default=DENIED,
        post=every(WRITE),
        post_data={"action": "save", "narrative": "Edistyttiin."},
        why="the implementers draft and submit a report; the coordinator returns or approves; others read",
    ),
    "progress:queue": rule(
        action="progress.queue",
        default=OK,
        **READ_ONLY,
        why="submitted reports awaiting the coordinator, across the agreement; staff and the ministry read",
    ),
    "progress:claims": rule(
        "project",
        action="progress.read",
        post_action="progress.report",
        default=OK,
        post_default=DENIED,
        post=every(WRITE),
        post_data={"action": "file", "fund": "ERDF", "period": "2025-01-01/2025-06-30", "claimed": "1000.00"},
        why="payment claims: the implementers file, the funding authority approves and pays, staff read",
    ),
    # --- spreadsheet imports through a column mapping (progress/import_views.py) ---------------------
    "progress:import_upload": rule(
        default=DENIED,
        coordinator=OK,
        post_default=DENIED,
        post={COORDINATOR: WRITE},
        why="the coordination team uploads project lists and reporting figures to map and import",
    ),
    "progress:import_map": rule(
        default=DENIED,
        coordinator=HIDDEN,
        extra={"pk": 999999},
        post_default=DENIED,
        post={COORDINATOR: HIDDEN},
        why="an uploaded file's mapping page: the coordination team, and only the one who uploaded it",
    ),
    # --- annual reports to the ministry (reports/) ---------------------------------------------------
    "reports:index": rule(
        action="report.read",
        post_action="report.request",
        default=OK,
        post_default=DENIED,
        post=every(WRITE),
        post_data={"agreement": "{agreement_slug}", "as_of": "{today}", "lang": "fi", "format": "html"},
        why="annual reports of the user's agreements: the coordination team, the steering group and the "
        "ministry list them and start new ones",
    ),
    "reports:agreement": rule(
        "agreement",
        action="report.read",
        post_action="report.request",
        default=OK,
        post_default=DENIED,
        post=every(WRITE),
        post_data={"as_of": "{today}", "lang": "sv", "format": "xlsx"},
        why="one agreement's annual reports: its coordination team and steering group, and the ministry",
    ),
    "reports:detail": rule(
        "annual_report",
        action="report.read",
        default=OK,
        **READ_ONLY,
        why="a report's version, digests and progress, for those who see the agreement's reports",
    ),
    "reports:status": rule(
        "annual_report",
        action="report.read",
        default=OK,
        **READ_ONLY,
        why="the progress of a report being made, polled by its page",
    ),
    "reports:download": rule(
        "annual_report",
        action="report.read",
        default=OK,
        **READ_ONLY,
        why="the report's file, for those who see the agreement's reports",
    ),
    # --- the API, /api/v1/ (same rules as the pages) ------------------------------------------------
    "api-root": rule(default=OK, anonymous=API_ANONYMOUS, post_default=METHOD, post={ANONYMOUS: DENIED}),
    "api-schema": rule(default=OK, anonymous=OK, why="the OpenAPI description holds no data"),
    "api-docs": rule(default=OK, anonymous=OK, why="the API's documentation page holds no data"),
    "agreement-list": rule(
        default=OK, anonymous=API_ANONYMOUS, post_default=METHOD, post={ANONYMOUS: DENIED}
    ),
    "agreement-detail": rule(
        "agreement", default=OK, anonymous=API_ANONYMOUS, post_default=METHOD, post={ANONYMOUS: DENIED}
    ),
    "organisation-list": rule(
        default=OK, anonymous=API_ANONYMOUS, post_default=METHOD, post={ANONYMOUS: DENIED}
    ),
    "organisation-detail": rule(
        "organisation", default=OK, anonymous=API_ANONYMOUS, post_default=METHOD, post={ANONYMOUS: DENIED}
    ),
    "test-environment-list": rule(
        default=OK, anonymous=API_ANONYMOUS, post_default=METHOD, post={ANONYMOUS: DENIED}
    ),
    "test-environment-detail": rule(
        "test_environment",
        default=OK,
        anonymous=API_ANONYMOUS,
        reviewer={OWN: HIDDEN, OTHER: HIDDEN, FOREIGN: OK},
        applicant={OWN: OK, OTHER: HIDDEN, FOREIGN: OK},
        post_default=METHOD,
        post={ANONYMOUS: DENIED},
        why="the same visibility as the register's pages",
    ),
    "adoption-list": rule(default=OK, anonymous=API_ANONYMOUS, post_default=METHOD, post={ANONYMOUS: DENIED}),
    "project-list": rule(default=OK, anonymous=API_ANONYMOUS, post_default=METHOD, post={ANONYMOUS: DENIED}),
    "project-detail": rule(
        "project",
        default=OK,
        anonymous=API_ANONYMOUS,
        post_default=METHOD,
        post={ANONYMOUS: DENIED},
        why="public fields only (no money plan in the API)",
    ),
    "proposal-list": api(
        post={APPLICANT: WRITE},
        post_data={
            "agreement": "{agreement_slug}",
            "theme": "T1",
            "title": "Uusi hakemus",
            "lead": "{org_own}",
        },
        why="an applicant starts a proposal for their organisation",
    ),
    "proposal-detail": rule(
        "proposal",
        relations=PROPOSAL_RELATIONS,
        default=OK,
        anonymous=API_ANONYMOUS,
        **AGREEMENT_READ,
        post_default=METHOD,
        post={ANONYMOUS: DENIED},
    ),
    # pipeline
    "call-list": api(
        post={COORDINATOR: WRITE},
        post_data={
            "agreement": "{agreement_slug}",
            "title": "Uusi haku",
            "themes": ["T1"],
            "opens_on": "{today}",
            "closes_on": "{future}",
        },
        why="the coordination team opens calls",
    ),
    "call-detail": api("call", **_except(AGREEMENT_READ, applicant={FOREIGN: HIDDEN, "*": OK})),
    "call-transition": api("call", get=METHOD, post=_coordinator_writes(), post_data={"to_status": "closed"}),
    "idea-list": api(
        post={APPLICANT: WRITE},
        post_data={
            "call": "{call}",
            "organisation": "{org_own}",
            "theme": "T1",
            "title": "Uusi idea",
            "summary": "Tiivistelmä",
        },
        why="applicants submit ideas",
    ),
    "idea-detail": api("idea", **_except(AGREEMENT_READ, ministry=HIDDEN)),
    "idea-comment": api("idea", get=METHOD, post=_idea_coordinator(), post_data={"body": "Hyvä idea"}),
    "idea-invite": api("idea", get=METHOD, post=_idea_coordinator(), post_data={"note": "Tervetuloa"}),
    "idea-link": api(
        "idea", get=METHOD, post=_idea_coordinator(applicant_own=HIDDEN), post_data={"other": "{idea_other}"}
    ),
    "idea-merge": api(
        "idea", get=METHOD, post=_idea_coordinator(applicant_own=HIDDEN), post_data={"other": "{idea_other}"}
    ),
    "proposal-diff": api(
        "proposal",
        relations=PROPOSAL_RELATIONS,
        **_visible_then(AGREEMENT_READ, INVALID),
        why="as the proposal; without ?before=&after= the answer is 400",
    ),
    "proposal-submit": api(
        "proposal",
        relations=PROPOSAL_RELATIONS,
        get=METHOD,
        post={
            COORDINATOR: {FOREIGN: HIDDEN, "*": DENIED},
            STEERING: {FOREIGN: HIDDEN, "*": DENIED},
            REVIEWER: {FOREIGN: HIDDEN, "*": DENIED},
            AUTHORITY: {FOREIGN: HIDDEN, "*": DENIED},
            APPLICANT: {OWN: WRITE, LOCKED: WRITE, "*": HIDDEN},
            MINISTRY: DENIED,
        },
        why="the consortium submits",
    ),
    "proposal-validate": api("proposal", relations=PROPOSAL_RELATIONS, **AGREEMENT_READ),
    "proposal-versions": api("proposal", relations=PROPOSAL_RELATIONS, **AGREEMENT_READ),
    # review
    "review-criterion-list": api(
        post={COORDINATOR: WRITE, STEERING: WRITE},
        post_data={"call": "{call}", "name": "Uusi kriteeri", "weight": "1.00"},
        why="the steering group and the coordination team set criteria",
    ),
    "review-criterion-detail": api(
        "criterion",
        default=HIDDEN,
        coordinator=_AGREEMENT_ONLY,
        steering_group=_AGREEMENT_ONLY,
        reviewer=_AGREEMENT_ONLY,
    ),
    "review-list": api(
        post={COORDINATOR: WRITE},
        post_data={"proposal": "{proposal}", "reviewer": "m-reviewer-2"},
        why="the coordination team assigns reviewers",
    ),
    "review-detail": api(
        "review",
        default=HIDDEN,
        coordinator=_AGREEMENT_ONLY,
        steering_group=_AGREEMENT_ONLY,
        reviewer={OWN: OK, "*": HIDDEN},
        why="the reviewer their own; the coordination team and the steering group all",
    ),
    "review-scores": api(
        "review",
        get=METHOD,
        post_default=HIDDEN,
        post={
            REVIEWER: {OWN: WRITE, "*": HIDDEN},
            COORDINATOR: {FOREIGN: HIDDEN, "*": DENIED},
            STEERING: {FOREIGN: HIDDEN, "*": DENIED},
        },
        post_data={"scores": [{"criterion": "{criterion}", "value": 4, "comment": "Hyvä"}]},
        why="only the assigned reviewer scores",
    ),
    "review-conflict-list": api(
        post={REVIEWER: WRITE, STEERING: WRITE, AUTHORITY: WRITE, COORDINATOR: WRITE},
        post_data={"proposal": "{proposal}", "reason": "Olen mukana hankkeessa"},
        why="reviewers, steering-group members and funding-authority officials declare their conflicts; the coordination team records one",
    ),
    "call-summary-detail": api(
        "call", default=HIDDEN, coordinator=_AGREEMENT_ONLY, steering_group=_AGREEMENT_ONLY
    ),
    # decisions
    "meeting-list": api(
        post={COORDINATOR: WRITE, STEERING: WRITE},
        post_data={"agreement": "{agreement_slug}", "date": "{today}"},
        why="the coordination team or the steering group prepares a meeting",
    ),
    "meeting-detail": api(
        "meeting", default=HIDDEN, coordinator=_AGREEMENT_ONLY, steering_group=_AGREEMENT_ONLY, ministry=OK
    ),
    "meeting-agenda": api(
        "meeting",
        get=METHOD,
        post_default=HIDDEN,
        post={
            COORDINATOR: {FOREIGN: HIDDEN, "*": WRITE},
            STEERING: {FOREIGN: HIDDEN, "*": WRITE},
            MINISTRY: DENIED,
        },
        post_data={"proposal": "{proposal}"},
        why="the coordination team or the steering group sets the agenda; the ministry reads",
    ),
    "agenda-item-detail": api(
        "agenda_item",
        default=HIDDEN,
        coordinator=_AGREEMENT_ONLY,
        steering_group=_AGREEMENT_ONLY,
        ministry=OK,
    ),
    "agenda-item-decide": api(
        "agenda_item",
        get=METHOD,
        post_default=HIDDEN,
        post={
            COORDINATOR: {FOREIGN: HIDDEN, "*": WRITE},
            STEERING: {FOREIGN: HIDDEN, "*": DENIED},
            MINISTRY: DENIED,
        },
        post_data={"outcome": "return", "rationale": "Täydennettävä"},
        why="the steering group decides at the meeting; the coordinator (or the meeting's chair) records it",
    ),
    "agenda-item-position": api(
        "agenda_item",
        get=METHOD,
        post_default=HIDDEN,
        post={
            STEERING: {FOREIGN: HIDDEN, "*": WRITE},
            COORDINATOR: {FOREIGN: HIDDEN, "*": DENIED},
            MINISTRY: DENIED,
        },
        post_data={"position": "supports", "comment": ""},
        why="a steering-group member records their city's position",
    ),
    "funding-decision-list": api(
        post={AUTHORITY: WRITE, APPLICANT: DENIED},
        post_data={
            "proposal": "{presented}",
            "decided_on": "{today}",
            "granted": [{"fund": "ERDF", "amount": "77000.00"}],
        },
        why="the funding authority records funding decisions",
    ),
    "funding-decision-detail": api(
        "funding_decision",
        default=HIDDEN,
        coordinator=_AGREEMENT_ONLY,
        steering_group=_AGREEMENT_ONLY,
        funding_authority=_AGREEMENT_ONLY,
        ministry=OK,
    ),
    "change-request-list": api(
        post={APPLICANT: WRITE},
        post_data={"project": "{project}", "reason": "Lisäaikaa", "end_date": "2027-06-30"},
        why="a project's implementers request changes",
    ),
    "change-request-detail": api(
        "change_request",
        default=HIDDEN,
        coordinator=_AGREEMENT_ONLY,
        steering_group=_AGREEMENT_ONLY,
        funding_authority=_AGREEMENT_ONLY,
        applicant={OWN: OK, "*": HIDDEN},
        ministry=OK,
    ),
    "change-request-decide": api(
        "change_request",
        get=METHOD,
        post_default=HIDDEN,
        post={
            AUTHORITY: {FOREIGN: HIDDEN, "*": WRITE},
            COORDINATOR: {FOREIGN: HIDDEN, "*": DENIED},
            STEERING: {FOREIGN: HIDDEN, "*": DENIED},
            APPLICANT: {OWN: DENIED, "*": HIDDEN},
            MINISTRY: DENIED,
        },
        post_data={"approve": False, "note": "Ei perusteltu"},
        why="the funding authority decides change requests",
    ),
    # decision support
    "scenario-list": api(
        post={COORDINATOR: WRITE, STEERING: WRITE},
        post_data={"call": "{call}", "name": "Kokeilu"},
        why="the steering group and the coordination team start runs; the list shows what the user may see",
    ),
    "scenario-detail": api(
        "scenario", default=HIDDEN, coordinator=_AGREEMENT_ONLY, steering_group=_AGREEMENT_ONLY, ministry=OK
    ),
    "scenario-what-if": api(
        "scenario",
        get=METHOD,
        post_default=HIDDEN,
        post={
            COORDINATOR: {FOREIGN: HIDDEN, "*": WRITE},
            STEERING: {FOREIGN: HIDDEN, "*": WRITE},
            MINISTRY: DENIED,
        },
        post_data={"kind": "frame", "percent": -10},
        why="what-ifs: the steering group and the coordination team; the ministry reads",
    ),
    "scenario-rerun": api(
        "scenario",
        get=METHOD,
        post_default=HIDDEN,
        post={
            COORDINATOR: {FOREIGN: HIDDEN, "*": WRITE},
            STEERING: {FOREIGN: HIDDEN, "*": WRITE},
            MINISTRY: DENIED,
        },
        post_data={"note": ""},
        why="a re-run with the current data: the steering group and the coordination team",
    ),
    "scenario-choose": api(
        "scenario",
        get=METHOD,
        post_default=HIDDEN,
        post={
            COORDINATOR: {FOREIGN: HIDDEN, "*": WRITE},
            STEERING: {FOREIGN: HIDDEN, "*": WRITE},
            MINISTRY: DENIED,
        },
        post_data={"note": ""},
        why="the decision basis: the steering group, or the coordination team recording its choice",
    ),
    "scenario-compare": api(
        default=DENIED,
        coordinator=INVALID,
        steering_group=INVALID,
        ministry=INVALID,
        why="comparison needs the scenarios' ids (400 without them); only those who see scenarios",
    ),
    "overlap-cluster-list": api(why="the overlap report's clusters: only the coordination team's agreements"),
    "risk-flag-list": api(why="double-funding risk flags: only the coordination team's agreements"),
    "overlap-cluster-detail": api(
        "overlap_cluster",
        get=HIDDEN,
        coordinator=_AGREEMENT_ONLY,
        why="one cluster with its ETag: the coordination team of its agreement, no one else sees it",
    ),
    "overlap-cluster-review": api(
        "overlap_cluster",
        get=METHOD,
        post={COORDINATOR: {FOREIGN: HIDDEN, "*": WRITE}},
        post_default=HIDDEN,
        post_data={"status": "reviewed", "reason": "Tarkistettu."},
        why="judging a cluster (overlaps.report through overlaps.services): the coordination team",
    ),
    "risk-flag-detail": api(
        "risk_flag",
        get=HIDDEN,
        coordinator=_AGREEMENT_ONLY,
        why="one flag with its ETag: the coordination team of its agreement, no one else sees it",
    ),
    "risk-flag-dismiss": api(
        "risk_flag",
        get=METHOD,
        post={COORDINATOR: {FOREIGN: HIDDEN, "*": WRITE}},
        post_default=HIDDEN,
        post_data={"reason": "Tarkistettu."},
        why="dismissing a flag with a reason (overlaps.report through overlaps.services): the coordination team",
    ),
    "overlap-similar": api(
        get=INVALID, why="an idea's or proposal's similar items; without ?item= the answer says what to give"
    ),
    "optimise": api(
        get=METHOD,
        post={COORDINATOR: WRITE, STEERING: WRITE},
        post_data={"problem": {}},
        why="the optimiser on a problem document: steering groups and coordination teams",
    ),
}


# In the test's world every role holds its role in the world's agreement (an applicant for the "own"
# organisation), except the ministry, whose assignment names no agreement: it covers every one.
EVERY_AGREEMENT = frozenset({MINISTRY})


def table_answer(action: str, role: str, relation: str) -> str | None:
    """What the permission table says of ``role`` doing ``action`` to an object of ``relation``: None when
    it allows it, DENIED (403) when the role does not hold the action, HIDDEN (404) when the object is
    another organisation's or another agreement's (``accounts.permissions.require``)."""
    from accounts.permissions import ACTIONS, Rel

    rel = ACTIONS[action].grants.get(role)
    if rel is None:
        return DENIED
    if relation == NONE or rel is Rel.ANY:
        return None
    if rel is Rel.AGREEMENT:
        return HIDDEN if relation == FOREIGN and role not in EVERY_AGREEMENT else None
    return None if relation in (OWN, LOCKED) else HIDDEN


def _refusal(actions: tuple[str, ...], role: str, relation: str) -> str | None:
    for action in actions:
        answer = table_answer(action, role, relation)
        if answer is not None:
            return answer
    return None


def _from_table(policies: dict[str, Policy]) -> None:
    """For every entry that names its actions: each signed-in role's answer where the table refuses is
    the table's refusal (403 or 404), whatever the entry says; a 405 (a page that does not take the
    method) and the anonymous' answers are the page's own."""
    for policy in policies.values():
        if not policy.actions:
            continue
        for table, actions in (
            (policy.get, policy.actions),
            (policy.post, policy.actions + policy.post_actions),
        ):
            for (role, relation), outcome in list(table.items()):
                if role == ANONYMOUS or outcome == METHOD:
                    continue
                refused = _refusal(actions, role, relation)
                if refused is not None:
                    table[(role, relation)] = refused  # type: ignore[index]


def _from_permission_table(policies: dict[str, Policy]) -> None:
    """What the permission table (accounts.permissions) says about proposals, applied to every page and
    endpoint of a proposal: in the test's world the "own" and "other" proposals are drafts, which a role
    without ``proposal.read_draft`` (a reviewer) may not know of: 404, whatever the page."""
    from accounts.permissions import ACTIONS

    readers = ACTIONS["proposal.read"].grants
    draft_readers = ACTIONS["proposal.read_draft"].grants
    blind = [role for role in ROLES if role in readers and role not in draft_readers]
    for policy in policies.values():
        if policy.subject != "proposal":
            continue
        for table in (policy.get, policy.post):
            for role in blind:
                for relation in (OWN, OTHER):
                    if table.get((role, relation)) not in (None, METHOD):
                        table[(role, relation)] = HIDDEN  # type: ignore[index]


_from_table(POLICIES)
_from_permission_table(POLICIES)
