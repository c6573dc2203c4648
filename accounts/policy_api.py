"""The permission matrix of the API, /api/v1/ (same rules as the pages): part of
``accounts.policy.POLICIES``, written like it."""

from __future__ import annotations

from accounts.policy_rules import (
    _AGREEMENT_ONLY,
    AGREEMENT_READ,
    ANONYMOUS,
    API_ANONYMOUS,
    APPLICANT,
    AUTHORITY,
    COORDINATOR,
    DENIED,
    FOREIGN,
    HIDDEN,
    INVALID,
    LOCKED,
    METHOD,
    MINISTRY,
    OK,
    OTHER,
    OWN,
    PROPOSAL_RELATIONS,
    REVIEWER,
    STEERING,
    WRITE,
    Policy,
    _coordinator_writes,
    _except,
    _idea_coordinator,
    _visible_then,
    api,
    rule,
)

API_POLICIES: dict[str, Policy] = {
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
        post={REVIEWER: WRITE, STEERING: WRITE, COORDINATOR: WRITE},
        post_data={"proposal": "{proposal}", "reason": "Olen mukana hankkeessa"},
        why="reviewers (steering-group members too) declare their conflicts; the coordination team records one",
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
