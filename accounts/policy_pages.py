"""The pages' entries of the permission matrix (``accounts.policy`` says how answers are derived).

Each entry names the actions of the permission table a page needs, in the order it asks them, how it
finds its object and what it answers when allowed; every refusal comes from ``can``. ``unless`` holds the
few answers the table cannot give, each with its reason.
"""

from __future__ import annotations

from typing import Any

from accounts.policy import (
    APPLICANT,
    AT_ALL,
    DENIED,
    GET_POST,
    HIDDEN,
    INVALID,
    LOCKED,
    METHOD,
    OK,
    OTHER,
    OWN,
    PROPOSAL_RELATIONS,
    READ_PROPOSAL,
    REDIRECT,
    REVIEWER,
    STEERING,
    WRITE,
    Need,
    Policy,
    found,
    url,
)


def _project(obj: Any) -> Any:
    return obj.project


def _call(obj: Any) -> Any:
    return obj.call


def _proposal(obj: Any) -> Any:
    return obj.proposal


def _read_only(subject: str | None = None, **kwargs: Any) -> Policy:
    """A page that only shows: a POST is answered 405 to every signed-in role."""
    return url(subject, post=METHOD, **kwargs)


def _public(**kwargs: Any) -> Policy:
    """Open to everyone, signed in or not; a POST is 405."""
    return url(anonymous=OK, post=METHOD, post_anonymous=METHOD, **kwargs)


# Test environments are not in an agreement: who sees an unpublished one (``environment.read_all``, or
# ``environment.read_own`` for its owner organisation; a published one is public) is an either-or the
# derivation does not express. The register is not an agreement's: ``environment.keep`` is asked at all.
# In the world "own" is an unpublished one of the applicant's organisation, "other" an unpublished one of
# another organisation, "foreign" a published one.
_UNSEEN = "an unpublished test environment: only those who see every one, or its owner organisation"
UNSEEN_ENVIRONMENTS = {
    (REVIEWER, OWN): (HIDDEN, _UNSEEN),
    (REVIEWER, OTHER): (HIDDEN, _UNSEEN),
    (APPLICANT, OTHER): (HIDDEN, _UNSEEN),
}


def _for(methods: tuple[str, ...], answers: dict[tuple[str, str], tuple[str, str]]) -> dict[Any, Any]:
    return {(m, role, rel): answer for m in methods for (role, rel), answer in answers.items()}


_FROZEN = "a submitted proposal is frozen until it is returned: its state refuses the edit, not the table"

PAGES: dict[str, Policy] = {
    # --- signing in, language, health, the public pages ---------------------------------------------
    "set_language": url(
        ok=REDIRECT, post=REDIRECT, anonymous=REDIRECT, why="the language switch works before signing in"
    ),
    "health": url(anonymous=OK, why="a load balancer's liveness check; says only ok"),
    "brand_stylesheet": url(
        anonymous=OK,
        extra={"colour": "1f6feb"},
        why="an agreement's colour as a stylesheet, built from the address alone (the login page uses it)",
    ),
    "login": url(anonymous=OK, post=OK, why="the sign-in page; a POST without credentials shows its errors"),
    "logout": url(ok=METHOD, post=REDIRECT, why="signing out is a POST"),
    "otp_verify": url(
        ok=HIDDEN, post=HIDDEN, why="only for users who must confirm a second factor (off in the tests)"
    ),
    "otp_setup": url(
        ok=HIDDEN, post=HIDDEN, why="only for users who must set up a second factor (off in the tests)"
    ),
    "reauth_confirm": url(
        post=OK, why="confirming the password before a sensitive action; a POST without one shows the error"
    ),
    "oidc_authentication_init": url(ok=HIDDEN, anonymous=HIDDEN, why="only when single sign-on is on"),
    "oidc_authentication_callback": url(ok=HIDDEN, anonymous=HIDDEN, why="only when single sign-on is on"),
    "public_projects": _public(why="open data: funded projects' public fields"),
    "public_projects_csv": _public(why="open data as CSV (Kohesio's columns)"),
    "public_projects_json": _public(why="open data as JSON with metadata"),
    "public_test_environments": _public(why="the published test environments are public"),
    "accessibility:statement": url(
        anonymous=OK,
        post=WRITE,
        post_anonymous=WRITE,
        why="the accessibility statement (Act 306/2019) and its feedback form: public",
    ),
    "accessibility:feedback_list": url(
        read="accessibility_feedback.read", write=(), post=METHOD, why="answered by the coordination team"
    ),
    "audit_log": url(read="audit.read", write=(), post=METHOD, why="the coordination team's audit log"),
    # --- the agreement, the partner network, projects ---------------------------------------------
    "home": _read_only(why="the current agreement's overview: frames and totals"),
    "agreement_overview": _read_only("agreement", why="agreements' frames and totals: every signed-in user"),
    "search": _read_only(why="the search box: each hit only where the user may open it"),
    "partners:organisation_list": _read_only(why="the partner network"),
    "partners:organisation_detail": _read_only(
        "organisation", why="an organisation; its proposals narrowed to what the user may see"
    ),
    "projects:project_list": _read_only(why="funded projects' public fields and historical ones"),
    "projects:project_detail": _read_only(
        "project", why="a project's public fields; its money plan is narrowed (project.read_plan)"
    ),
    # --- the network: test environments, adopted solutions (ecosystem app) -------------------------
    "ecosystem:network": _read_only(read="network.read", why="built from every organisation's proposals"),
    "ecosystem:network_png": _read_only(read="network.read", why="the network picture"),
    "ecosystem:activation_csv": _read_only(
        read="network.read", why="the region's organisations not involved"
    ),
    "ecosystem:suggestions": _read_only(
        "idea", read=("network.read", found("idea.read")), why="partner suggestions for an idea"
    ),
    "ecosystem:environment_list": _read_only(why="narrowed to the environments the user may see"),
    "ecosystem:environment_detail": _read_only(
        "test_environment",
        unless=_for(("GET",), UNSEEN_ENVIRONMENTS),
        why="staff and the ministry see every one; others the published ones and their own",
    ),
    "ecosystem:environment_create": url(
        read="environment.keep", write=(), post=INVALID, why="the coordination team keeps the register"
    ),
    "ecosystem:environment_edit": url(
        "test_environment",
        target=AT_ALL,
        read="environment.keep",
        write=(),
        post=INVALID,
        unless=_for(GET_POST, UNSEEN_ENVIRONMENTS),
        why="the coordination team keeps the register; an unseen environment is not found",
    ),
    "ecosystem:environment_retire": url(
        "test_environment",
        target=AT_ALL,
        ok=METHOD,
        write="environment.keep",
        post=REDIRECT,
        unless=_for(("POST",), UNSEEN_ENVIRONMENTS),
        why="the coordination team retires an environment (audited)",
    ),
    "ecosystem:timeline": _read_only(why="availability of the environments the user may see"),
    "ecosystem:timeline_png": _read_only(why="the same chart as an image"),
    "ecosystem:adoption_list": _read_only(why="adoptions are public facts of funded projects"),
    "ecosystem:adoption_create": url(
        "project",
        read="adoption.record",
        write=(),
        post=INVALID,
        why="the coordination team of the project's agreement records its adoptions",
    ),
    # --- proposals --------------------------------------------------------------------------------
    "pipeline:proposal_list": _read_only(why="narrowed to the proposals the user may see"),
    "pipeline:proposal_detail": _read_only(
        "proposal", relations=PROPOSAL_RELATIONS, read=READ_PROPOSAL, why="deny by default"
    ),
    "pipeline:proposal_versions": _read_only(
        "proposal", relations=PROPOSAL_RELATIONS, read=READ_PROPOSAL, why="as the proposal itself"
    ),
    "pipeline:proposal_diff": _read_only(
        "proposal",
        relations=PROPOSAL_RELATIONS,
        read=READ_PROPOSAL,
        extra={"number": 2},
        why="as the proposal itself",
    ),
    "pipeline:proposal_edit": url(
        "proposal",
        relations=PROPOSAL_RELATIONS,
        read=(*READ_PROPOSAL, "proposal.edit"),
        write=(),
        post=WRITE,
        post_data={"title": "Muutettu otsikko", "action": "save"},
        unless={
            ("GET", APPLICANT, LOCKED): (DENIED, _FROZEN),
            ("POST", APPLICANT, LOCKED): (DENIED, _FROZEN),
        },
        why="only the consortium's applicants edit, and only a draft or a proposal returned for changes",
    ),
    "pipeline:proposal_submit": url(
        "proposal",
        relations=PROPOSAL_RELATIONS,
        ok=METHOD,
        read=READ_PROPOSAL,
        write="proposal.submit",
        post=REDIRECT,
        why="the consortium submits; a submitted one is sent back with a message, nothing changes",
    ),
    # --- calls and ideas ----------------------------------------------------------------------------
    "pipeline:call_list": _read_only(why="published calls of the user's agreements"),
    "pipeline:call_create": url(
        read="call.manage", write=(), post=INVALID, why="the coordination team opens calls"
    ),
    "pipeline:call_detail": _read_only("call", read=found("call.read"), why="seen by its agreement's users"),
    "pipeline:call_edit": url(
        "call",
        read=(found("call.read"), "call.manage"),
        write=(),
        post=INVALID,
        why="the coordination team edits its calls",
    ),
    "pipeline:call_transition": url(
        "call",
        ok=METHOD,
        read=found("call.read"),
        write="call.manage",
        post=REDIRECT,
        post_data={"to": "closed"},
        why="the coordination team opens and closes calls",
    ),
    "pipeline:idea_create": url(
        "call",
        read=(found("call.read"), Need("idea.submit", on=AT_ALL)),
        write=(),
        post=INVALID,
        why="applicants of the agreement submit ideas to its open calls, for their organisations",
    ),
    "pipeline:idea_list": _read_only(why="narrowed to the ideas the user may see"),
    "pipeline:idea_detail": _read_only("idea", read=found("idea.read"), why="the agreement's pipeline work"),
    "pipeline:idea_action": url(
        "idea",
        ok=METHOD,
        read=found("idea.read"),
        write="idea.manage",
        post=REDIRECT,
        extra={"action": "comment"},
        post_data={"body": "Kommentti"},
        why="the coordination team comments, links, merges and invites ideas",
    ),
    # --- review -------------------------------------------------------------------------------------
    "review:my_reviews": url(post=DENIED, why="each user's own assigned reviews; nothing to POST"),
    "review:review_score": url(
        "review",
        read=found("proposal.review", on=_proposal),
        write=(),
        post=INVALID,
        unless=_for(
            GET_POST,
            {
                (STEERING, OWN): (HIDDEN, "the page finds only the user's own assigned reviews"),
                (STEERING, OTHER): (HIDDEN, "the page finds only the user's own assigned reviews"),
                (REVIEWER, OTHER): (HIDDEN, "another reviewer's review: an assignment, not a table grant"),
            },
        ),
        why="only the assigned reviewer scores",
    ),
    "review:proposal_reviews": url(
        "proposal",
        relations=PROPOSAL_RELATIONS,
        read=(*READ_PROPOSAL, "review.read_list"),
        write=(),
        post=DENIED,
        why="a proposal's reviews: the coordination team and the steering group; a reviewer their own",
    ),
    "review:summary": url("call", read="review.read_all", write=(), post=DENIED, why="the scoring summary"),
    "review:criteria": url(
        "call",
        read="criteria.read",
        write="criteria.manage",
        post=WRITE,
        post_data={"criterion-name": "Kansainvälisyys", "criterion-weight": "1", "criterion-order": "9"},
        why="the steering group and the coordination team set criteria; reviewers read them",
    ),
    "review:criterion_edit": url(
        "criterion",
        target=_call,
        read="criteria.read",
        write="criteria.manage",
        post=WRITE,
        post_data={"criterion-name": "TKI-vaikuttavuus", "criterion-weight": "3", "criterion-order": "1"},
        why="the steering group and the coordination team set criteria; reviewers read them",
    ),
    # --- steering-group meetings ------------------------------------------------------------------
    "decisions:meeting_list": url(
        read="meeting.read", write=(), post=METHOD, why="a filtered list of meetings: no POST"
    ),
    "decisions:meeting_create": url(
        read="meeting.prepare",
        write=(),
        post=WRITE,
        post_data={"date": "{today}"},
        why="the coordination team or the steering group prepares a meeting",
    ),
    "decisions:meeting_detail": url(
        "meeting",
        read="meeting.read",
        write="meeting.record",
        post=WRITE,
        post_data={
            "action": "decide",
            "item": "{agenda_item}",
            "d{agenda_item}-outcome": "return",
            "d{agenda_item}-rationale": "Täydennettävä",
        },
        why="the coordinator (or the chair) records the steering group's decisions; the ministry reads",
    ),
    "decisions:minutes_pdf": url(
        "meeting", read="meeting.read", write=(), post=OK, why="the minutes as PDF (a POST is a GET)"
    ),
    # --- monitoring ---------------------------------------------------------------------------------
    "monitoring:dashboard": _read_only(read="monitoring.read", why="the monitoring dashboard"),
    "monitoring:chart_png": _read_only(read="monitoring.read", extra={"name": "money"}, why="a chart"),
    "monitoring:targets": url(
        read="monitoring.read",
        write="monitoring.set",
        post=INVALID,
        post_data={"kind": "indicator"},
        why="targets: the steering group and the coordination team set them; the ministry reads",
    ),
    "monitoring:rules": url(
        read="monitoring.read",
        write="monitoring.set",
        post=INVALID,
        post_data={"late_after_days": "x"},
        why="the status rules: shown to the dashboard's readers, set by the steering group and coordinators",
    ),
    "monitoring:refresh_status": _read_only(
        "monitoring_refresh", read="monitoring.read", why="the progress of a dashboard's new figures"
    ),
    "monitoring:national": _read_only(read="monitoring.national", why="every agreement: the ministry"),
    "monitoring:national_chart_png": _read_only(
        read="monitoring.national", extra={"name": "shares"}, why="a chart of the national view"
    ),
    # --- overlaps and double-funding risk flags -----------------------------------------------------
    "overlaps:report": url(read="overlaps.report", write=(), post=INVALID, why="clusters reviewed"),
    "overlaps:report_csv": _read_only(read="overlaps.report", why="the overlap report as CSV"),
    "overlaps:flags": url(
        read="overlaps.report", write=(), post=INVALID, why="flags dismissed with a reason"
    ),
    # --- portfolio options ---------------------------------------------------------------------------
    "portfolio:scenario_list": url(read="scenario.read", write=(), post=DENIED, why="portfolio options"),
    "portfolio:compare": url(read="scenario.read", write=(), post=DENIED, why="scenarios side by side"),
    "portfolio:scenario_create": url(
        "call",
        read="scenario.run",
        write=(),
        post=WRITE,
        post_data={"name": "Kokeilu"},
        why="the steering group and the coordination team start optimisation runs on their calls",
    ),
    "portfolio:scenario_detail": url(
        "scenario",
        read="scenario.read",
        write="scenario.run",
        post=WRITE,
        post_data={"action": "frame", "percent": "-10"},
        why="what-ifs, locks, re-runs and the decision basis",
    ),
    "portfolio:scenario_status": _read_only("scenario", read="scenario.read", why="the progress of a run"),
    "portfolio:scenario_chart": _read_only(
        "scenario", read="scenario.read", extra={"name": "money", "fmt": "svg"}, why="a chart as an image"
    ),
    "portfolio:scenario_file": _read_only(
        "scenario", read="scenario.read", extra={"fmt": "yaml"}, why="the problem as solved"
    ),
    # --- funding decisions, change requests ---------------------------------------------------------
    "projects:funding_queue": url(read="funding.read", write=(), post=DENIED, why="presented proposals"),
    "projects:funding_decision": url(
        "presented",
        read="proposal.decide",
        write=(),
        post=INVALID,
        why="only the agreement's funding authority records a funding decision",
    ),
    "projects:change_requests": url(
        "project",
        read="project.read_changes",
        write="project.request_change",
        post=INVALID,
        why="a project's implementers request changes; staff and the ministry follow them",
    ),
    "projects:change_request_detail": url(
        "project_change",
        target=_project,
        read="project.read_changes",
        write="project.decide_change",
        post=WRITE,
        post_data={"decision": "reject", "note": "Ei perusteltu"},
        why="the funding authority decides change requests",
    ),
    # --- progress reports and payment claims --------------------------------------------------------
    "progress:report_list": url(
        "project",
        read="progress.read",
        write="progress.decide_report",
        post=WRITE,
        post_data={"period_months": "6", "due_days": "30"},
        why="a project's reports: its implementers and staff see them; the coordinator sets the schedule",
    ),
    "progress:report_detail": url(
        "progress_report",
        target=_project,
        read="progress.read",
        write="progress.report",
        post=WRITE,
        post_data={"action": "save", "narrative": "Edistyttiin."},
        why="the implementers draft and submit a report; the coordinator returns or approves; others read",
    ),
    "progress:queue": _read_only(read="progress.queue", why="submitted reports awaiting the coordinator"),
    "progress:claims": url(
        "project",
        read="progress.read",
        write="progress.report",
        post=WRITE,
        post_data={"action": "file", "fund": "ERDF", "period": "2025-01-01/2025-06-30", "claimed": "1000.00"},
        why="payment claims: the implementers file, the funding authority approves and pays, staff read",
    ),
    "progress:import_upload": url(
        read="import.spreadsheet", write=(), post=WRITE, why="project lists and reporting figures to import"
    ),
    "progress:import_map": url(
        read="import.spreadsheet",
        ok=HIDDEN,
        write=(),
        post=HIDDEN,
        extra={"pk": 999999},
        why="an upload's mapping page, only its uploader's: the test names an upload that does not exist",
    ),
    # --- annual reports to the ministry ------------------------------------------------------------
    "reports:index": url(
        read="report.read",
        write="report.request",
        post=WRITE,
        post_data={"agreement": "{agreement_slug}", "as_of": "{today}", "lang": "fi", "format": "html"},
        why="annual reports of the user's agreements, and new ones",
    ),
    "reports:agreement": url(
        "agreement",
        read="report.read",
        write="report.request",
        post=WRITE,
        post_data={"as_of": "{today}", "lang": "sv", "format": "xlsx"},
        why="one agreement's annual reports",
    ),
    "reports:detail": _read_only("annual_report", read="report.read", why="a report's version and digests"),
    "reports:status": _read_only("annual_report", read="report.read", why="a report being made"),
    "reports:download": _read_only("annual_report", read="report.read", why="the report's file"),
}
