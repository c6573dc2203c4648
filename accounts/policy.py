"""The permission matrix: every URL of Salkku declares the actions of the permission table
(``accounts.permissions.ACTIONS``) it needs and how it finds its object; what each role gets, for an object
of its own, of another organisation and of another agreement, is derived from ``can``. Deny by default.

``tests/test_permission_matrix.py`` walks every URL pattern of the project and fails when one has no
entry here (``accounts.policy_pages`` for pages, ``accounts.policy_api`` for /api/v1/), then requests each
URL as each role for each relation and compares the answer with the one derived from the table. A change
to the table therefore changes the matrix; a page that forgets its check, or checks something the table
does not say, fails it. What the table cannot say (a reviewer's own assignment, an edit refused because
of the object's state, pages that exist only when a feature is on) is written as an exception, each with
its reason. docs/access.md explains the roles.

How a role's answer is derived, for a signed-in role (the anonymous get ``anonymous``):

1. each action of ``read`` (and, for a POST, then of ``write``) is asked of ``can(user, action, object)``,
   in order; the first refusal is the answer: 404 when the object is another organisation's or another
   agreement's (``Decision.hidden``), else 403, except that a URL that finds its object only among those
   the user may read (``find=NARROWED``: a filtered queryset) answers 404 to any refusal of ``read``;
2. when every action is allowed, the URL's own answer: ``ok`` for GET, ``post`` for POST.

Outcomes: ``OK`` (200), ``LOGIN`` (302 to the sign-in page), ``DENIED`` (403), ``HIDDEN`` (404),
``REDIRECT`` (302 elsewhere, e.g. after a POST), ``METHOD`` (405), ``INVALID`` (400: a POST the role may
make, answered with the form's errors), ``WRITE`` (a POST the role may make: 200 / 302 / 400 / 201 / 204).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

# --- roles, relations, outcomes -------------------------------------------------------------------

ANONYMOUS = "anonymous"
COORDINATOR = "coordinator"
STEERING = "steering_group"
REVIEWER = "reviewer"
APPLICANT = "applicant"
AUTHORITY = "funding_authority"
MINISTRY = "ministry"
ROLES = (ANONYMOUS, COORDINATOR, STEERING, REVIEWER, APPLICANT, AUTHORITY, MINISTRY)

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
PROPOSAL_RELATIONS = (OWN, OTHER, FOREIGN, LOCKED)

OK = "200"
LOGIN = "login"
DENIED = "403"
HIDDEN = "404"
REDIRECT = "302"
METHOD = "405"
INVALID = "400"
WRITE = "write"
OUTCOMES = (OK, LOGIN, DENIED, HIDDEN, REDIRECT, METHOD, INVALID, WRITE)
WRITE_ANSWERS = frozenset({OK, REDIRECT, INVALID, "201", "204"})
REFUSED = frozenset({LOGIN, DENIED, HIDDEN, METHOD})
GET_POST = ("GET", "POST")

# How a URL finds its object: CHECKED finds it and asks the table (403 or 404 as the table says);
# NARROWED looks it up among what the user may read, so any refusal of reading is 404.
CHECKED = "checked"
NARROWED = "narrowed"

# --- what a URL needs ---------------------------------------------------------------------------------

# Proposals a reviewer never sees: not (or no longer) submitted to review (``accounts.access``).
NOT_SUBMITTED = ("draft", "returned", "withdrawn")


def AT_ALL(obj: object) -> object:
    """A need asked of no object: may the role do the action at all (e.g. submit an idea for some
    organisation of theirs to a call; state some city's position at a meeting)."""
    return None


@dataclass(frozen=True)
class Need:
    """An action of the table that a URL needs, only for objects ``when`` says (always, without it).

    ``narrowed``: the URL finds its object only among those the user may do the action to, so any
    refusal is 404; ``on``: what ``can`` is asked about, from the URL's object (default: the URL's
    ``target``)."""

    action: str
    when: Callable[[object], bool] | None = None
    narrowed: bool = False
    on: Callable[[object], object] | None = None

    def applies(self, obj: object) -> bool:
        return self.when is None or self.when(obj)


def found(action: str, on: Callable[[object], object] | None = None) -> Need:
    """The action the URL finds its object by (a queryset narrowed to it): refused, the object is 404."""
    return Need(action, narrowed=True, on=on)


def _not_submitted(obj: object) -> bool:
    return getattr(obj, "status", None) in NOT_SUBMITTED


# Reading a proposal: ``proposal.read``, and ``proposal.read_draft`` for one not submitted to review.
# Every page and endpoint of a proposal finds it among those the user may read (``accounts.access``).
READ_PROPOSAL = (
    Need("proposal.read", narrowed=True),
    Need("proposal.read_draft", _not_submitted, narrowed=True),
)


class Answer(Protocol):
    """What ``can`` answers (``accounts.permissions.Decision``)."""

    @property
    def hidden(self) -> bool: ...

    def __bool__(self) -> bool: ...


# (role, action, object) -> the table's answer; the test asks ``can`` for the world's user of the role
Decide = Callable[[str, str, object], Answer]


@dataclass(frozen=True)
class Exception_:
    """An answer the table cannot derive, and why."""

    outcome: str
    reason: str


Exceptions = Mapping[tuple[str, str, str], Exception_]  # (method, role, relation or "*") -> answer


@dataclass(frozen=True)
class Policy:
    """What one URL pattern (by its name) needs, and how the matrix test requests it."""

    subject: str | None = None  # the kind of object the URL names (None: a page of no object)
    read: tuple[Need, ...] = ()  # asked for GET and POST, in order
    write: tuple[Need, ...] | None = None  # asked after ``read`` for a POST; None: a POST is not checked
    ok: str = OK  # GET when allowed; METHOD: the URL takes no GET (405 to every signed-in role, unchecked)
    post: str | None = None  # POST when allowed (None: not requested); unchecked when ``write`` is None
    anonymous: str = LOGIN
    post_anonymous: str = LOGIN
    find: str = CHECKED
    # the object ``can`` is asked about, from the URL's object (its project, its proposal, its agreement)
    target: Callable[[object], object] | None = None
    relations: tuple[str, ...] = (NONE,)
    # a POST that would change something; "{name}" in a key or value is filled from the test's world
    post_data: Mapping[str, object] = field(default_factory=dict)
    json: bool = False
    extra: Mapping[str, object] = field(default_factory=dict)  # more URL arguments (e.g. an action)
    exceptions: Exceptions = field(default_factory=dict)
    why: str = ""
    known_issue: str = ""  # a known mismatch: the test is marked xfail, naming it, while it lasts

    def expected(self, method: str, role: str, relation: str, obj: object, decide: Decide) -> str:
        """The answer of ``method`` for ``role`` and an object of ``relation`` (``obj``), from the table."""
        for key in ((method, role, relation), (method, role, "*")):
            if key in self.exceptions:
                return self.exceptions[key].outcome
        if method == "GET":
            if role == ANONYMOUS:
                return self.anonymous
            if self.ok == METHOD:
                return METHOD
            return self._refusal(self.read, (), role, obj, decide) or self.ok
        assert self.post is not None, "a POST of a URL that declares none"
        if role == ANONYMOUS:
            return self.post_anonymous
        if self.write is None:
            return self.post
        return self._refusal(self.read, self.write, role, obj, decide) or self.post

    def _refusal(
        self, read: tuple[Need, ...], write: tuple[Need, ...], role: str, obj: object, decide: Decide
    ) -> str | None:
        target = obj if self.target is None or obj is None else self.target(obj)
        for needs, narrowed in ((read, self.find == NARROWED), (write, False)):
            for need in needs:
                if obj is not None and not need.applies(obj):
                    continue
                on = target if need.on is None or obj is None else need.on(obj)
                answer = decide(role, need.action, on)
                if not answer:
                    return HIDDEN if answer.hidden or narrowed or need.narrowed else DENIED
        return None


Needs = str | Need | tuple[str | Need, ...] | None


def _needs(actions: Needs) -> tuple[Need, ...]:
    if actions is None:
        return ()
    if isinstance(actions, str | Need):
        actions = (actions,)
    return tuple(a if isinstance(a, Need) else Need(a) for a in actions)


def _exceptions(
    given: Mapping[tuple[str, str, str], tuple[str, str]] | None,
) -> dict[tuple[str, str, str], Exception_]:
    made = {}
    for (method, role, relation), (outcome, reason) in (given or {}).items():
        if method not in ("GET", "POST") or role not in ROLES or outcome not in OUTCOMES or not reason:
            raise ValueError(f"a bad exception {method, role, relation, outcome, reason!r}")
        made[(method, role, relation)] = Exception_(outcome, reason)
    return made


def url(
    subject: str | None = None,
    *,
    read: Needs = None,
    write: Needs = None,
    ok: str = OK,
    post: str | None = None,
    anonymous: str = LOGIN,
    post_anonymous: str | None = None,
    find: str = CHECKED,
    target: Callable[[object], object] | None = None,
    relations: tuple[str, ...] | None = None,
    post_data: Mapping[str, object] | None = None,
    json: bool = False,
    extra: Mapping[str, object] | None = None,
    unless: Mapping[tuple[str, str, str], tuple[str, str]] | None = None,
    why: str = "",
    known_issue: str = "",
) -> Policy:
    """A URL's policy. ``write`` given (even ``()``): a POST is checked against ``read`` and ``write``;
    ``unless``: answers the table cannot derive, ``(method, role, relation or "*"): (outcome, reason)``."""
    return Policy(
        subject=subject,
        read=_needs(read),
        write=None if write is None else _needs(write),
        ok=ok,
        post=post,
        anonymous=anonymous,
        post_anonymous=post_anonymous or anonymous,
        find=find,
        target=target,
        relations=relations or (OBJECT_RELATIONS if subject else (NONE,)),
        post_data=dict(post_data or {}),
        json=json,
        extra=dict(extra or {}),
        exceptions=_exceptions(unless),
        why=why,
        known_issue=known_issue,
    )


def api(
    subject: str | None = None,
    *,
    anonymous: str = DENIED,
    find: str = NARROWED,
    post: str | None = METHOD,
    json: bool = True,
    **kwargs: Any,
) -> Policy:
    """An /api/v1/ endpoint: DRF answers the anonymous 403 (no sign-in page for machines), finds objects
    in querysets narrowed to what the user may read, and takes JSON; an endpoint that takes no POST
    answers it 405 to every signed-in role."""
    return url(subject, anonymous=anonymous, find=find, post=post, json=json, **kwargs)


# The admin site checks is_staff itself (no role here has it); the matrix test checks that every role
# is sent to the admin's sign-in from each of its model lists.
ADMIN_NAMESPACE = "admin"


_POLICIES: dict[str, Policy] = {}


def policies() -> dict[str, Policy]:
    """Every URL's policy: the pages' (``accounts.policy_pages``) and the API's (``accounts.policy_api``)."""
    if not _POLICIES:
        from accounts.policy_api import API
        from accounts.policy_pages import PAGES

        both = set(PAGES) & set(API)
        if both:
            raise ValueError(f"URLs declared twice: {sorted(both)}")
        _POLICIES.update({**PAGES, **API})
    return _POLICIES


def __getattr__(name: str) -> dict[str, Policy]:
    """``POLICIES``, made on first use (the entry modules import this one)."""
    if name == "POLICIES":
        return policies()
    raise AttributeError(name)
