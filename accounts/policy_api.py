"""The API's entries of the permission matrix, /api/v1/ (``accounts.policy`` says how answers are
derived). The same rules as the pages: each endpoint names the actions it needs; DRF finds objects in
querysets narrowed to what the user may read, so an object the user may not read is 404."""

from __future__ import annotations

from typing import Any

from accounts.policy import (
    APPLICANT,
    AT_ALL,
    COORDINATOR,
    DENIED,
    HIDDEN,
    INVALID,
    METHOD,
    NONE,
    OK,
    OTHER,
    OWN,
    PROPOSAL_RELATIONS,
    READ_PROPOSAL,
    REVIEWER,
    STEERING,
    WRITE,
    Need,
    Policy,
    api,
    url,
)
from accounts.policy_pages import UNSEEN_ENVIRONMENTS


def _project(obj: Any) -> Any:
    return obj.project


def _call(obj: Any) -> Any:
    return obj.call


def _proposal(obj: Any) -> Any:
    return obj.proposal


def _meeting(obj: Any) -> Any:
    return obj.meeting


_OTHER_IDEA = "the idea it names ({idea_other}) is another organisation's, which the applicant may not read"
_OWN_REVIEW = "a reviewer sees and scores only the reviews assigned to them: an assignment, not a table grant"

API: dict[str, Policy] = {
    "api-root": api(why="the API's index"),
    "api-schema": url(anonymous=OK, why="the OpenAPI description holds no data"),
    "api-docs": url(anonymous=OK, why="the API's documentation page holds no data"),
    "agreement-list": api(),
    "agreement-detail": api("agreement", why="agreements' frames are public to every signed-in user"),
    "organisation-list": api(),
    "organisation-detail": api("organisation"),
    "test-environment-list": api(why="narrowed to the environments the user may see"),
    "test-environment-detail": api(
        "test_environment",
        unless={("GET", role, rel): answer for (role, rel), answer in UNSEEN_ENVIRONMENTS.items()},
        why="the same visibility as the register's pages",
    ),
    "adoption-list": api(),
    "project-list": api(),
    "project-detail": api("project", why="public fields only (no money plan in the API)"),
    # pipeline
    "proposal-list": api(
        write="proposal.create",
        post=WRITE,
        post_data={
            "agreement": "{agreement_slug}",
            "theme": "T1",
            "title": "Uusi hakemus",
            "lead": "{org_own}",
        },
        why="an applicant starts a proposal for their organisation",
    ),
    "proposal-detail": api("proposal", relations=PROPOSAL_RELATIONS, read=READ_PROPOSAL),
    "proposal-diff": api(
        "proposal",
        relations=PROPOSAL_RELATIONS,
        read=READ_PROPOSAL,
        ok=INVALID,
        why="as the proposal; without ?before=&after= the answer is 400",
    ),
    "proposal-submit": api(
        "proposal",
        relations=PROPOSAL_RELATIONS,
        ok=METHOD,
        read=READ_PROPOSAL,
        write="proposal.submit",
        post=WRITE,
        why="the consortium submits",
    ),
    "proposal-validate": api("proposal", relations=PROPOSAL_RELATIONS, read=READ_PROPOSAL),
    "proposal-versions": api("proposal", relations=PROPOSAL_RELATIONS, read=READ_PROPOSAL),
    "call-list": api(
        write="call.manage",
        post=WRITE,
        post_data={
            "agreement": "{agreement_slug}",
            "title": "Uusi haku",
            "themes": ["T1"],
            "opens_on": "{today}",
            "closes_on": "{future}",
        },
        why="the coordination team opens calls",
    ),
    "call-detail": api("call", read="call.read"),
    "call-transition": api(
        "call",
        ok=METHOD,
        read="call.read",
        write="call.manage",
        post=WRITE,
        post_data={"to_status": "closed"},
        why="the coordination team opens and closes calls",
    ),
    "idea-list": api(
        write=Need("idea.submit", on=AT_ALL),
        post=WRITE,
        post_data={
            "call": "{call}",
            "organisation": "{org_own}",
            "theme": "T1",
            "title": "Uusi idea",
            "summary": "Tiivistelmä",
        },
        why="applicants submit ideas",
    ),
    "idea-detail": api("idea", read="idea.read"),
    "idea-comment": api(
        "idea", ok=METHOD, read="idea.read", write="idea.manage", post=WRITE, post_data={"body": "Hyvä idea"}
    ),
    "idea-invite": api(
        "idea", ok=METHOD, read="idea.read", write="idea.manage", post=WRITE, post_data={"note": "Tervetuloa"}
    ),
    "idea-link": api(
        "idea",
        ok=METHOD,
        read="idea.read",
        write="idea.manage",
        post=WRITE,
        post_data={"other": "{idea_other}"},
        unless={("POST", APPLICANT, OWN): (HIDDEN, _OTHER_IDEA)},
    ),
    "idea-merge": api(
        "idea",
        ok=METHOD,
        read="idea.read",
        write="idea.manage",
        post=WRITE,
        post_data={"other": "{idea_other}"},
        unless={("POST", APPLICANT, OWN): (HIDDEN, _OTHER_IDEA)},
    ),
    # review
    "review-criterion-list": api(
        write="criteria.manage",
        post=WRITE,
        post_data={"call": "{call}", "name": "Uusi kriteeri", "weight": "1.00"},
        why="the steering group and the coordination team set criteria",
    ),
    "review-criterion-detail": api("criterion", target=_call, read="criteria.read"),
    "review-list": api(
        write="review.assign",
        post=WRITE,
        post_data={"proposal": "{proposal}", "reviewer": "m-reviewer-2"},
        why="the coordination team assigns reviewers",
    ),
    "review-detail": api(
        "review",
        target=_proposal,
        read="review.read_list",
        unless={("GET", REVIEWER, OTHER): (HIDDEN, _OWN_REVIEW)},
        why="the reviewer their own; the coordination team and the steering group all",
    ),
    "review-scores": api(
        "review",
        target=_proposal,
        ok=METHOD,
        read="review.read_list",
        write="proposal.review",
        post=WRITE,
        post_data={"scores": [{"criterion": "{criterion}", "value": 4, "comment": "Hyvä"}]},
        unless={
            ("POST", REVIEWER, OTHER): (HIDDEN, _OWN_REVIEW),
            ("POST", STEERING, OWN): (DENIED, _OWN_REVIEW),
            ("POST", STEERING, OTHER): (DENIED, _OWN_REVIEW),
        },
        why="only the assigned reviewer scores",
    ),
    "review-conflict-list": api(
        write="conflict.declare",
        post=WRITE,
        post_data={"proposal": "{proposal}", "reason": "Olen mukana hankkeessa"},
        unless={
            ("POST", COORDINATOR, NONE): (
                WRITE,
                "the coordination team records a conflict for someone (conflict.override), not its own",
            )
        },
        why="reviewers, steering-group members and funding-authority officials declare their conflicts",
    ),
    "call-summary-detail": api("call", read="review.read_all"),
    # decisions
    "meeting-list": api(
        write="meeting.prepare",
        post=WRITE,
        post_data={"agreement": "{agreement_slug}", "date": "{today}"},
        why="the coordination team or the steering group prepares a meeting",
    ),
    "meeting-detail": api("meeting", read="meeting.read"),
    "meeting-agenda": api(
        "meeting",
        ok=METHOD,
        read="meeting.read",
        write="meeting.prepare",
        post=WRITE,
        post_data={"proposal": "{proposal}"},
        why="the coordination team or the steering group sets the agenda; the ministry reads",
    ),
    "agenda-item-detail": api("agenda_item", target=_meeting, read="meeting.read"),
    "agenda-item-decide": api(
        "agenda_item",
        target=_meeting,
        ok=METHOD,
        read="meeting.read",
        write="meeting.record",
        post=WRITE,
        post_data={"outcome": "return", "rationale": "Täydennettävä"},
        why="the steering group decides at the meeting; the coordinator (or the meeting's chair) records it",
    ),
    "agenda-item-position": api(
        "agenda_item",
        target=_meeting,
        ok=METHOD,
        read="meeting.read",
        write=Need("meeting.city_position", on=AT_ALL),
        post=WRITE,
        post_data={"position": "supports", "comment": ""},
        why="a steering-group member records their city's position",
    ),
    "funding-decision-list": api(
        write="proposal.decide",
        post=WRITE,
        post_data={
            "proposal": "{presented}",
            "decided_on": "{today}",
            "granted": [{"fund": "ERDF", "amount": "77000.00"}],
        },
        why="the funding authority records funding decisions",
    ),
    "funding-decision-detail": api("funding_decision", read="funding.read"),
    "change-request-list": api(
        write="project.request_change",
        post=WRITE,
        post_data={"project": "{project}", "reason": "Lisäaikaa", "end_date": "2027-06-30"},
        why="a project's implementers request changes",
    ),
    "change-request-detail": api("change_request", target=_project, read="project.read_changes"),
    "change-request-decide": api(
        "change_request",
        target=_project,
        ok=METHOD,
        read="project.read_changes",
        write="project.decide_change",
        post=WRITE,
        post_data={"approve": False, "note": "Ei perusteltu"},
        why="the funding authority decides change requests",
    ),
    # payment claims (api/claims.py): the claims page's rules, through the same services
    "payment-claim-list": api(
        write="progress.report",
        post=WRITE,
        post_data={
            "project": "{project}",
            "fund": "ERDF",
            "period_start": "2025-01-01",
            "period_end": "2025-06-30",
            "claimed": "1000.00",
        },
        why="the claims of the projects one sees; the project's implementer files a claim",
    ),
    "payment-claim-detail": api(
        "payment_claim",
        target=_project,
        read="progress.read",
        why="as the claims page: the consortium, the agreement's staff and the ministry",
    ),
    "payment-claim-approve": api(
        "payment_claim",
        target=_project,
        ok=METHOD,
        read="progress.read",
        write="progress.decide_claim",
        post=WRITE,
        post_data={"approved": "1000.00"},
        why="the funding authority approves a claim (a cut with its reason)",
    ),
    "payment-claim-pay": api(
        "payment_claim",
        target=_project,
        ok=METHOD,
        read="progress.read",
        write="progress.decide_claim",
        post=WRITE,
        post_data={"paid": "1000.00", "paid_on": "{today}"},
        why="the funding authority records the payment of an approved claim (400 until it is approved)",
    ),
    # decision support
    "scenario-list": api(
        write="scenario.run",
        post=WRITE,
        post_data={"call": "{call}", "name": "Kokeilu"},
        why="the steering group and the coordination team start runs",
    ),
    "scenario-detail": api("scenario", read="scenario.read"),
    "scenario-what-if": api(
        "scenario",
        ok=METHOD,
        read="scenario.read",
        write="scenario.run",
        post=WRITE,
        post_data={"kind": "frame", "percent": -10},
        why="what-ifs: the steering group and the coordination team; the ministry reads",
    ),
    "scenario-rerun": api(
        "scenario", ok=METHOD, read="scenario.read", write="scenario.run", post=WRITE, post_data={"note": ""}
    ),
    "scenario-choose": api(
        "scenario",
        ok=METHOD,
        read="scenario.read",
        write="scenario.choose",
        post=WRITE,
        post_data={"note": ""},
        why="the decision basis: the steering group, or the coordination team recording its choice",
    ),
    "scenario-compare": api(
        read="scenario.read", find="checked", ok=INVALID, why="needs the scenarios' ids (400 without them)"
    ),
    "overlap-cluster-list": api(why="the overlap report's clusters: narrowed to the coordination team's"),
    "risk-flag-list": api(why="double-funding risk flags: narrowed to the coordination team's"),
    "overlap-cluster-detail": api(
        "overlap_cluster",
        read="overlaps.report",
        why="one cluster with its ETag: who sees the overlap report",
    ),
    "overlap-cluster-review": api(
        "overlap_cluster",
        ok=METHOD,
        read="overlaps.report",
        write="overlaps.report",
        post=WRITE,
        post_data={"status": "reviewed", "reason": "Tarkistettu."},
        why="judging a cluster (through overlaps.services): the coordination team",
    ),
    "risk-flag-detail": api(
        "risk_flag", read="overlaps.report", why="one flag with its ETag: who sees the double-funding flags"
    ),
    "risk-flag-dismiss": api(
        "risk_flag",
        ok=METHOD,
        read="overlaps.report",
        write="overlaps.report",
        post=WRITE,
        post_data={"reason": "Tarkistettu."},
        why="dismissing a flag with a reason (through overlaps.services): the coordination team",
    ),
    "overlap-similar": api(ok=INVALID, why="an item's similar items; without ?item= the answer says what"),
    "optimise": api(
        ok=METHOD,
        write="scenario.run",
        post=WRITE,
        post_data={"problem": {}},
        why="the optimiser on a problem document: steering groups and coordination teams",
    ),
}
