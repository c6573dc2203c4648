"""Writes of funded projects: the funding authority's decision on a presented proposal (which creates the
project with its approved budget and financing plan) and change requests to an approved plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.access import require
from accounts.models import User
from accounts.notifications import Event, notify
from accounts.permissions import can, holders
from audit.services import Actor, audit_record
from cores.cofinancing import FRAME_SOURCES, OWN_SOURCES
from cores.money import ZERO, format_eur, quantize, total
from pipeline.models import BudgetLine, FinancingLine, IndicatorTarget, Proposal, ProposalStatus
from pipeline.plans import plan_view
from projects.models import (
    ChangeRequest,
    ChangeRequestKind,
    ChangeRequestStatus,
    FundingDecision,
    Project,
    ProjectSource,
    ProjectStatus,
)
from review import conflicts
from review.workflow import applicants_of, move_proposal

Cell = tuple[int, str]


# --- who may do what ------------------------------------------------------------------------------


def can_record_funding(user: User, agreement_id: int | None) -> bool:
    return bool(can(user, "proposal.decide", agreement_id))


def consortium_of(project: Project) -> set[int]:
    ids = {project.lead_id}
    if project.proposal is not None:
        ids |= {p.organisation_id for p in project.proposal.partners.all()}
    return ids


def can_request_change(user: User, project: Project) -> bool:
    return not project.is_historical and bool(can(user, "project.request_change", project))


def can_see_change_requests(user: User, project: Project) -> bool:
    return not project.is_historical and bool(can(user, "project.read_changes", project))


# --- the plan check -------------------------------------------------------------------------------


def _violations(
    *,
    budget: list[BudgetLine],
    financing: list[FinancingLine],
    owner: Proposal | Project,
    indirect_rate: Decimal,
) -> tuple[str, ...]:
    theme = owner.theme
    agreement = owner.agreement
    return plan_view(
        budget_lines=budget,
        financing_lines=financing,
        indirect_rate=indirect_rate,
        rule=agreement.cofinancing_rule() if agreement else None,
        eligible_funds=[f.code for f in theme.eligible_funds.all()] if theme else None,
        theme_label=theme.code if theme else "",
    ).violations


def _money(value: object, *, field: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        raise ValidationError({field: _("%(value)s is not an amount of money.") % {"value": value}}) from None
    if not amount.is_finite() or amount < 0 or amount != quantize(amount):
        raise ValidationError(
            {field: _("%(value)s must be zero or more, in euros and cents.") % {"value": value}}
        )
    return amount


# --- funding decision -------------------------------------------------------------------------------


@transaction.atomic
def funding_decision_record(
    *,
    proposal: Proposal,
    decided_on: dt.date,
    eura_code: str,
    granted: Mapping[str, Decimal],
    conditions: str = "",
    budget: Mapping[Cell, Decimal] | None = None,
    own_financing: Mapping[int, Decimal] | None = None,
    actor: User,
) -> Project:
    """Record the funding authority's decision on a presented proposal and create the project.

    ``granted`` is the amount per frame fund (ERDF, ESF+, JTF, STATE), at most what was applied. The
    approved plan copies the proposal's budget (``budget`` may lower cells, by year and cost category) and
    its own-financing lines (``own_financing`` may change them, by the proposal's line id); the plan must
    still pass the agreement's co-financing check, or nothing is written.
    """
    require(
        can_record_funding(actor, proposal.agreement_id),
        _("Only the funding authority records funding decisions."),
    )
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("agreement", "theme")
        .prefetch_related(
            "partners__organisation",
            "budget_lines",
            "financing_lines__organisation",
            "indicator_targets",
            "theme__eligible_funds",
        )
        .get(pk=proposal.pk)
    )
    # Nobody decides on a proposal they have a conflict of interest on (review.conflicts): another
    # official of the funding authority records the decision.
    conflicts.guard(
        conflict=conflicts.of_person(actor, proposal),
        proposal=proposal,
        actor=actor,
        decision="funding_decision.recorded",
    )
    if proposal.status != ProposalStatus.PRESENTED:
        raise ValidationError(
            _("Only a proposal presented by the steering group can be decided; this one is “%(status)s”.")
            % {"status": proposal.get_status_display()}
        )
    lead = proposal.lead
    if lead is None:
        raise ValidationError(_("The proposal has no lead partner."))
    eura_code = eura_code.strip()
    if eura_code and Project.objects.filter(code=eura_code).exists():
        raise ValidationError(
            {"eura_code": _("Another project already has the EURA code %(code)s.") % {"code": eura_code}}
        )

    errors: dict[str, list[str]] = {}
    applied: dict[str, Decimal] = {}
    for line in proposal.financing_lines.all():
        if line.source in FRAME_SOURCES:
            applied[line.source] = applied.get(line.source, ZERO) + line.amount
    granted_clean: dict[str, Decimal] = {}
    for source, value in granted.items():
        field = f"granted_{source}"
        if source not in FRAME_SOURCES:
            errors.setdefault(field, []).append(_("%(fund)s is not a fund of the frame.") % {"fund": source})
            continue
        amount = _money(value, field=field)
        if amount > applied.get(source, ZERO):
            errors.setdefault(field, []).append(
                _("%(fund)s: the granted %(granted)s is more than the %(applied)s applied for.")
                % {
                    "fund": source,
                    "granted": format_eur(amount),
                    "applied": format_eur(applied.get(source, ZERO)),
                }
            )
        granted_clean[source] = amount
    for source in applied:
        granted_clean.setdefault(source, ZERO)

    applied_cells = {(line.year, line.category): line.amount for line in proposal.budget_lines.all()}
    cells = dict(applied_cells)
    for (year, category), value in (budget or {}).items():
        field = f"budget_{year}_{category}"
        if (year, category) not in applied_cells:
            errors.setdefault(field, []).append(
                _("%(year)s %(category)s is not in the proposal's budget.")
                % {"year": year, "category": category}
            )
            continue
        amount = _money(value, field=field)
        if amount > applied_cells[(year, category)]:
            errors.setdefault(field, []).append(
                _("%(year)s %(category)s: the approved %(amount)s is more than the %(applied)s applied for.")
                % {
                    "year": year,
                    "category": category,
                    "amount": format_eur(amount),
                    "applied": format_eur(applied_cells[(year, category)]),
                }
            )
        cells[(year, category)] = amount
    own_lines = {line.pk: line for line in proposal.financing_lines.all() if line.source in OWN_SOURCES}
    own_amounts = {pk: line.amount for pk, line in own_lines.items()}
    for pk, value in (own_financing or {}).items():
        if pk not in own_lines:
            errors.setdefault(f"own_{pk}", []).append(
                _("Financing line %(pk)s is not an own-financing line of the proposal.") % {"pk": pk}
            )
            continue
        own_amounts[pk] = _money(value, field=f"own_{pk}")
    if errors:
        raise ValidationError(errors)

    budget_lines = [BudgetLine(year=y, category=c, amount=a) for (y, c), a in sorted(cells.items()) if a > 0]
    financing_lines = [FinancingLine(source=s, amount=a) for s, a in granted_clean.items() if a > 0]
    financing_lines += [
        FinancingLine(source=line.source, organisation=line.organisation, amount=own_amounts[pk])
        for pk, line in own_lines.items()
        if own_amounts[pk] > 0
    ]
    problems = _violations(
        budget=budget_lines, financing=financing_lines, owner=proposal, indirect_rate=proposal.indirect_rate
    )
    if problems:
        raise ValidationError(
            [
                _(
                    "The approved plan would not meet the co-financing rules. Increase the own financing or "
                    "reduce the budget so that it balances:"
                ),
                *problems,
            ]
        )

    eu_granted = [s for s in ("ERDF", "ESF+", "JTF") if granted_clean.get(s, ZERO) > 0]
    project = Project.objects.create(
        code=eura_code or None,
        agreement=proposal.agreement,
        proposal=proposal,
        name=proposal.title,
        summary=proposal.summary,
        lead=lead,
        theme=proposal.theme,
        funding_authority=proposal.agreement.funding_authority,
        fund_code=eu_granted[0] if eu_granted else "",
        start_date=proposal.start_date,
        end_date=proposal.end_date,
        status=ProjectStatus.PLANNED,
        is_historical=False,
        source=ProjectSource.SALKKU,
    )
    for budget_line in budget_lines:
        budget_line.project = project
    for line in financing_lines:
        line.project = project
    BudgetLine.objects.bulk_create(budget_lines)
    FinancingLine.objects.bulk_create(financing_lines)
    IndicatorTarget.objects.bulk_create(
        [
            IndicatorTarget(project=project, indicator_id=t.indicator_id, target=t.target)
            for t in proposal.indicator_targets.all()
        ]
    )
    FundingDecision.objects.create(
        project=project,
        decided_on=decided_on,
        eura_code=eura_code,
        conditions=conditions.strip(),
        recorded_by=actor,
    )
    after = {
        "decided_on": decided_on.isoformat(),
        "eura_code": eura_code,
        "granted": {s: str(a) for s, a in sorted(granted_clean.items())},
        "conditions": conditions.strip(),
        "budget": {f"{y} {c}": str(a) for (y, c), a in sorted(cells.items())},
        "own_financing": {
            str(own_lines[pk].organisation or own_lines[pk].source): str(a) for pk, a in own_amounts.items()
        },
        "eligible_costs": str(
            plan_view(
                budget_lines=budget_lines,
                financing_lines=[],
                indirect_rate=proposal.indirect_rate,
                rule=None,
                eligible_funds=None,
            ).eligible_total
        ),
    }
    before = {
        "granted": {s: str(a) for s, a in sorted(applied.items())},
        "budget": {f"{y} {c}": str(a) for (y, c), a in sorted(applied_cells.items())},
        "own_financing": {
            str(line.organisation or line.source): str(line.amount) for line in own_lines.values()
        },
    }
    audit_record(
        actor=Actor(user=actor), action="funding_decision.recorded", obj=project, before=before, after=after
    )
    audit_record(
        actor=Actor(user=actor), action="funding_decision.recorded", obj=proposal, before=before, after=after
    )
    move_proposal(
        proposal=proposal,
        to_status=ProposalStatus.FUNDED,
        actor=actor,
        note=_("Funding decision %(code)s") % {"code": eura_code or decided_on.isoformat()},
    )
    notify(
        event=Event.DECISION_MADE,
        to=applicants_of(proposal),
        obj=proposal,
        url=lambda: reverse("projects:project_detail", args=[project.pk]),
        context={
            "outcome": _("Funded by the funding authority: %(amount)s granted")
            % {"amount": format_eur(total(granted_clean.values()))},
            "rationale": conditions.strip(),
        },
    )
    return project


# --- change requests --------------------------------------------------------------------------------


def plan_snapshot(project: Project) -> dict[str, object]:
    """The parts of an approved plan a change request may change, as JSON."""
    return {
        "end_date": project.end_date.isoformat() if project.end_date else None,
        "budget": [
            {"year": line.year, "category": line.category, "amount": str(line.amount)}
            for line in sorted(project.budget_lines.all(), key=lambda line: (line.year, line.category))
        ],
    }


def _cells_of(snapshot: Mapping[str, object]) -> dict[Cell, Decimal]:
    rows = cast(list[Mapping[str, Any]], snapshot["budget"])  # the snapshot's JSON, as _snapshot wrote it
    return {(int(r["year"]), str(r["category"])): Decimal(r["amount"]) for r in rows}


@transaction.atomic
def change_request_create(
    *,
    project: Project,
    reason: str,
    budget: Mapping[Cell, Decimal] | None = None,
    end_date: dt.date | None = None,
    actor: User,
) -> ChangeRequest:
    """The implementer asks to move budget between years or categories and/or to extend the end date.
    The plan after the change must still balance with the approved financing."""
    require(can_request_change(actor, project), _("Only the project's implementers request changes."))
    project = (
        Project.objects.select_for_update(of=("self",))
        .select_related("agreement__period", "theme", "proposal")
        .prefetch_related("budget_lines", "financing_lines__organisation", "theme__eligible_funds")
        .get(pk=project.pk)
    )
    if not hasattr(project, "funding_decision"):
        raise ValidationError(_("Only a project with a funding decision has an approved plan to change."))
    if ChangeRequest.objects.filter(project=project, status=ChangeRequestStatus.PENDING).exists():
        raise ValidationError(_("The project already has a change request awaiting decision."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the change is needed.")})
    before = plan_snapshot(project)
    cells = _cells_of(before)
    errors: dict[str, list[str]] = {}
    new_end = end_date or project.end_date
    if end_date is not None and project.end_date and end_date <= project.end_date:
        errors.setdefault("end_date", []).append(
            _("An extension must end after the current end date %(date)s.")
            % {"date": date_format(project.end_date, "SHORT_DATE_FORMAT")}
        )
    last = project.agreement.period.last_eligible_date if project.agreement else None
    if end_date is not None and last and end_date > last:
        errors.setdefault("end_date", []).append(
            _("The programme period's last eligible date is %(date)s.")
            % {"date": date_format(last, "SHORT_DATE_FORMAT")}
        )
    if budget is not None:
        cells = {}
        first_year = project.start_date.year if project.start_date else None
        last_year = new_end.year if new_end else None
        for (year, category), value in budget.items():
            field = f"budget_{year}_{category}"
            amount = _money(value, field=field)
            if first_year and last_year and amount > 0 and not first_year <= year <= last_year:
                errors.setdefault(field, []).append(
                    _("%(year)s is outside the project's years %(first)s–%(last)s.")
                    % {"year": year, "first": first_year, "last": last_year}
                )
            if amount > 0:
                cells[(year, category)] = amount
    if errors:
        raise ValidationError(errors)
    after = {
        "end_date": new_end.isoformat() if new_end else None,
        "budget": [{"year": y, "category": c, "amount": str(a)} for (y, c), a in sorted(cells.items())],
    }
    budget_changed = _cells_of(after) != _cells_of(before)
    extended = after["end_date"] != before["end_date"]
    if not budget_changed and not extended:
        raise ValidationError(_("The request changes nothing."))
    problems = _violations(
        budget=[BudgetLine(year=y, category=c, amount=a) for (y, c), a in cells.items()],
        financing=list(project.financing_lines.all()),
        owner=project,
        indirect_rate=project.proposal.indirect_rate if project.proposal else ZERO,
    )
    if problems:
        raise ValidationError(
            [_("After the change the plan would not balance with the approved financing:"), *problems]
        )
    kind = (
        ChangeRequestKind.BOTH
        if budget_changed and extended
        else (ChangeRequestKind.BUDGET if budget_changed else ChangeRequestKind.EXTENSION)
    )
    request = ChangeRequest.objects.create(
        project=project, kind=kind, reason=reason, before=before, after=after, requested_by=actor
    )
    audit_record(
        actor=Actor(user=actor),
        action="change_request.created",
        obj=project,
        before=before,
        after=after,
        note=reason,
    )
    officers = User.objects.filter(
        holders("project.decide_change", project.agreement_id), is_active=True
    ).distinct()
    notify(
        event="change_request.created",
        to=list(officers),
        subject=_("Change request: %(name)s") % {"name": project.name},
        body=reason,
        url=lambda: reverse("projects:change_request_detail", args=[project.pk, request.pk]),
    )
    return request


@transaction.atomic
def change_request_decide(
    *, request: ChangeRequest, approve: bool, note: str = "", actor: User
) -> ChangeRequest:
    """The funding authority approves (and the change is applied at once) or rejects a change request."""
    request = (
        ChangeRequest.objects.select_for_update(of=("self",)).select_related("project").get(pk=request.pk)
    )
    project = (
        Project.objects.select_for_update(of=("self",))
        .select_related("agreement", "theme", "proposal")
        .prefetch_related("budget_lines", "financing_lines__organisation", "theme__eligible_funds")
        .get(pk=request.project_id)
    )
    require(
        can_record_funding(actor, project.agreement_id),
        _("Only the funding authority decides change requests."),
    )
    if request.status != ChangeRequestStatus.PENDING:
        raise ValidationError(_("The change request has already been decided."))
    note = note.strip()
    if not approve and not note:
        raise ValidationError({"note": _("Say why the request is rejected.")})
    if approve:
        if plan_snapshot(project) != request.before:
            raise ValidationError(
                _("The project's plan has changed since the request was made; ask for a new request.")
            )
        cells = _cells_of(request.after)
        problems = _violations(
            budget=[BudgetLine(year=y, category=c, amount=a) for (y, c), a in cells.items()],
            financing=list(project.financing_lines.all()),
            owner=project,
            indirect_rate=project.proposal.indirect_rate if project.proposal else ZERO,
        )
        if problems:
            raise ValidationError([_("The changed plan would not balance:"), *problems])
        BudgetLine.objects.filter(project=project).delete()
        BudgetLine.objects.bulk_create(
            [BudgetLine(project=project, year=y, category=c, amount=a) for (y, c), a in sorted(cells.items())]
        )
        end = request.after["end_date"]
        if end != request.before["end_date"]:
            project.end_date = dt.date.fromisoformat(end)
            project.save(update_fields=["end_date", "updated_at"])
        audit_record(
            actor=Actor(user=actor),
            action="change_request.approved",
            obj=project,
            before=request.before,
            after=request.after,
            note=note,
        )
    else:
        audit_record(actor=Actor(user=actor), action="change_request.rejected", obj=project, note=note)
    request.status = ChangeRequestStatus.APPROVED if approve else ChangeRequestStatus.REJECTED
    request.decided_by, request.decided_at, request.decision_note = actor, timezone.now(), note
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    notify(
        event="change_request.decided",
        to=[request.requested_by],
        subject=_("Change request %(status)s: %(name)s")
        % {"status": request.get_status_display(), "name": project.name},
        body=note or request.get_status_display(),
        url=lambda: reverse("projects:change_request_detail", args=[project.pk, request.pk]),
    )
    return request
