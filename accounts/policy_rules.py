"""The permission matrix's vocabulary: roles, relations, outcomes, the ``Policy`` of one URL and the
helpers that write one (``rule``, ``api``, the common tables). The matrix itself is ``accounts.policy``
(pages) and ``accounts.policy_api`` (the API); docs/access.md explains the roles."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, TypedDict, Unpack, cast

# --- roles, relations, outcomes -------------------------------------------------------------------

ANONYMOUS: Final = "anonymous"
COORDINATOR: Final = "coordinator"
STEERING: Final = "steering_group"
REVIEWER: Final = "reviewer"
APPLICANT: Final = "applicant"
AUTHORITY: Final = "funding_authority"
MINISTRY: Final = "ministry"
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


class Roles(TypedDict, total=False):
    """What each signed-in role named gets (the keyword arguments of ``rule``; the public's is its own
    ``anonymous`` argument)."""

    coordinator: Expectation
    steering_group: Expectation
    reviewer: Expectation
    applicant: Expectation
    funding_authority: Expectation
    ministry: Expectation


class _PostDefault(TypedDict):
    post_default: str


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

    def expected(self, method: str, role: str, relation: str) -> str:
        table = self.get if method == "GET" else self.post
        return table[(role, relation)]


def _table(
    relations: tuple[str, ...], default: str, anonymous: str, roles: Mapping[str, object]
) -> dict[tuple[str, str], str]:
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles in a policy: {sorted(unknown)}")
    table = {}
    for role in ROLES:
        wanted = roles.get(role, anonymous if role == ANONYMOUS else default)
        if not isinstance(wanted, str | Mapping):
            raise ValueError(f"unknown expectation {wanted!r}")
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
    **roles: Unpack[Roles],
) -> Policy:
    """A policy: ``default`` for every signed-in role not named, ``anonymous`` for the public."""
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
    )


def public(why: str = "") -> Policy:
    return rule(default=OK, anonymous=OK, why=why)


def signed_in(subject: str | None = None, why: str = "", **roles: Unpack[Roles]) -> Policy:
    return rule(subject, default=OK, why=why, **roles)


# --- URLs that are not pages of the application ----------------------------------------------------

# The admin site checks is_staff itself (no role here has it); the matrix test checks that every role
# is sent to the admin's sign-in from each of its model lists.
ADMIN_NAMESPACE = "admin"

# --- the matrix -------------------------------------------------------------------------------------

PROPOSAL_RELATIONS = (OWN, OTHER, FOREIGN, LOCKED)

# Reading an object of the agreement: its staff and reviewers see it, an applicant their own
# organisation's, the ministry every agreement's; an object of another agreement is "not found".
AGREEMENT_READ: Roles = {
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
READ_ONLY: _PostDefault = {"post_default": METHOD}
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
    **roles: Unpack[Roles],
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


def _visible_then(table: Roles, outcome: str) -> Roles:
    """The same visibility as ``table``, with ``outcome`` where it says OK."""
    result: dict[str, Expectation] = {}
    for role, wanted in cast(Mapping[str, Expectation], table).items():
        if isinstance(wanted, str):
            result[role] = outcome if wanted == OK else wanted
        else:
            result[role] = {k: outcome if v == OK else v for k, v in wanted.items()}
    return cast(Roles, result)  # the same role keys as ``table``


def _except(table: Roles, **changes: Unpack[Roles]) -> Roles:
    return {**table, **changes}
