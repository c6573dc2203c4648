"""Writes of monitoring: the reporting schedule, progress reports and their workflow, payment claims.

Every write checks who acts (deny by default), runs in one transaction and leaves an audit entry.
Refusals of content are ``ValidationError``s keyed by the field they concern.

Workflow of a report: draft → submitted → (returned → submitted)* → approved. The project's implementers
(applicants acting for the lead organisation) fill in and submit; the agreement's coordinator returns
(with a reason) or approves. A submitted report is frozen: its content is stored as a JSON snapshot and
the rows cannot change until it is returned.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.access import require
from accounts.models import User
from accounts.permissions import Target, can, holders
from audit.services import Actor, audit_record
from cores.money import ZERO, format_eur, quantize, total
from pipeline.models import CostCategory, FinancingSource, IndicatorTarget
from programme.models import AgreementParty, PartyRole
from progress.models import (
    DEFAULT_DUE_DAYS,
    DEFAULT_PERIOD_MONTHS,
    EDITABLE,
    ClaimFund,
    ClaimStatus,
    MilestoneStatus,
    PaymentClaim,
    ProgressReport,
    ReportIndicator,
    ReportMilestone,
    ReportRisk,
    ReportSchedule,
    ReportSolution,
    ReportSpending,
    ReportStatus,
    RiskLevel,
)
from projects.models import Project

REMIND_WITHIN_DAYS = 14


# --- who may do what ------------------------------------------------------------------------------


def consortium_of(project: Project) -> set[int]:
    ids = {project.lead_id}
    if project.proposal is not None:
        ids |= {p.organisation_id for p in project.proposal.partners.all()}
    return ids


def is_implementer(user: User, project: Project) -> bool:
    """Who reports for the project's lead organisation, in the project's agreement (``progress.report``)."""
    if project.is_historical or project.lead_id is None:
        return False
    lead = Target(agreement_id=project.agreement_id, organisation_ids=frozenset({int(project.lead_id)}))
    return bool(can(user, "progress.report", lead))


def progress_target(project: Project) -> Target:
    """The project's agreement and consortium, whose reports and claims ``progress.read`` is about."""
    return Target(agreement_id=project.agreement_id, organisation_ids=frozenset(consortium_of(project)))


def can_see_progress(user: User, project: Project) -> bool:
    """The consortium (lead and partners), the agreement's staff and the ministry see reports and claims."""
    if project.is_historical or not user.is_authenticated:
        return False
    return bool(can(user, "progress.read", progress_target(project)))


def can_decide_reports(user: User, project: Project) -> bool:
    return not project.is_historical and bool(can(user, "progress.decide_report", project.agreement_id))


def can_decide_claims(user: User, project: Project) -> bool:
    return not project.is_historical and bool(can(user, "progress.decide_claim", project.agreement_id))


# --- the schedule ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    number: int
    start: dt.date
    end: dt.date
    due: dt.date

    @property
    def key(self) -> str:
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def report_periods(
    start: dt.date | None,
    end: dt.date | None,
    months: int = DEFAULT_PERIOD_MONTHS,
    due_days: int = DEFAULT_DUE_DAYS,
) -> list[Period]:
    """Periods of ``months`` months from the project's start; the last one ends on the project's end.
    Each report is due ``due_days`` days after its period ends."""
    if start is None or end is None or end < start or months < 1:
        return []
    periods: list[Period] = []
    begin = start
    while begin <= end:
        finish = min(add_months(start, months * (len(periods) + 1)) - dt.timedelta(days=1), end)
        periods.append(Period(len(periods) + 1, begin, finish, finish + dt.timedelta(days=due_days)))
        begin = finish + dt.timedelta(days=1)
    return periods


def schedule_of(project: Project) -> ReportSchedule:
    schedule = getattr(project, "report_schedule", None) if project.pk else None
    return schedule or ReportSchedule(project=project)


def project_periods(project: Project) -> list[Period]:
    schedule = schedule_of(project)
    return report_periods(project.start_date, project.end_date, schedule.period_months, schedule.due_days)


@transaction.atomic
def ensure_reports(project: Project) -> list[ProgressReport]:
    """The project's reports, one per period of its schedule (missing ones are created as drafts).
    Historical projects do not report here."""
    if project.is_historical:
        return []
    existing = {r.period_start: r for r in project.progress_reports.all()}
    for period in project_periods(project):
        if period.start not in existing:
            existing[period.start] = ProgressReport.objects.create(
                project=project,
                number=period.number,
                period_start=period.start,
                period_end=period.end,
                due_on=period.due,
            )
    return sorted(existing.values(), key=lambda r: r.period_start)


def _has_content(report: ProgressReport) -> bool:
    return bool(
        report.narrative.strip()
        or report.spending.exists()
        or report.indicators.exists()
        or report.milestones.exists()
        or report.risks.exists()
        or report.solutions.exists()
    )


@transaction.atomic
def schedule_set(*, project: Project, period_months: int, due_days: int, actor: User) -> ReportSchedule:
    """The coordinator sets how often the project reports. Allowed while no report has content or has
    been submitted; the draft reports are then made again for the new periods."""
    require(can_decide_reports(actor, project), _("Only the coordinator sets the reporting schedule."))
    errors: dict[str, list[str]] = {}
    if not 1 <= period_months <= 24:
        errors["period_months"] = [_("The reporting period must be 1–24 months.")]
    if not 0 <= due_days <= 180:
        errors["due_days"] = [_("The days to report must be 0–180.")]
    if errors:
        raise ValidationError(errors)
    reports = list(ProgressReport.objects.select_for_update().filter(project=project))
    if any(r.status != ReportStatus.DRAFT or _has_content(r) for r in reports):
        raise ValidationError(
            {
                "period_months": [
                    _("The schedule cannot change once a report has content or has been submitted.")
                ]
            }
        )
    schedule = schedule_of(project)
    before = {"period_months": schedule.period_months, "due_days": schedule.due_days} if schedule.pk else {}
    schedule.period_months, schedule.due_days = period_months, due_days
    schedule.save()
    project.report_schedule = schedule
    ProgressReport.objects.filter(pk__in=[r.pk for r in reports]).delete()
    ensure_reports(project)
    audit_record(
        actor=Actor(user=actor),
        action="progress_schedule.set",
        obj=project,
        before=before,
        after={"period_months": period_months, "due_days": due_days},
    )
    return schedule


# --- report content --------------------------------------------------------------------------------


def cities_of(project: Project) -> list[Any]:
    """The organisations that may adopt a solution: the agreement's cities."""
    if project.agreement_id is None:
        return []
    return [
        party.organisation
        for party in AgreementParty.objects.filter(agreement_id=project.agreement_id, role=PartyRole.CITY)
        .select_related("organisation")
        .order_by("organisation__name")
    ]


def targets_of(project: Project) -> list[IndicatorTarget]:
    return list(project.indicator_targets.select_related("indicator").order_by("indicator__code", "pk"))


def report_content(report: ProgressReport) -> dict[str, Any]:
    """The report's content as JSON (what the snapshot at submission holds)."""
    return {
        "period": [report.period_start.isoformat(), report.period_end.isoformat()],
        "narrative": report.narrative,
        "spending": [
            {"year": s.year, "category": s.category, "source": s.source, "amount": str(s.amount)}
            for s in report.spending.order_by("year", "category", "source")
        ],
        "indicators": [
            {
                "target": i.target_id,
                "code": i.target.indicator.code,
                "name": i.target.indicator.name,
                "unit": i.target.indicator.unit,
                "target_value": str(i.target.target),
                "actual": str(i.actual),
            }
            for i in report.indicators.select_related("target__indicator").order_by("target__indicator__code")
        ],
        "milestones": [{"text": m.text, "status": m.status} for m in report.milestones.all()],
        "risks": [{"text": r.text, "level": r.level} for r in report.risks.all()],
        "solutions": [
            {
                "organisation": s.organisation_id,
                "organisation_name": s.organisation.name,
                "description": s.description,
            }
            for s in report.solutions.select_related("organisation")
        ],
    }


def _locked(report: ProgressReport) -> ProgressReport:
    return ProgressReport.objects.select_for_update().select_related("project").get(pk=report.pk)


def _refuse_frozen(report: ProgressReport) -> None:
    if report.status not in EDITABLE:
        raise ValidationError(
            _("The report is %(status)s and frozen: it can be changed only after the coordinator returns it.")
            % {"status": report.get_status_display().lower()}
        )


def _row_error(errors: dict[str, list[str]], key: str, label: str, n: int, message: str) -> None:
    errors.setdefault(key, []).append(
        _("%(part)s, row %(n)s: %(message)s") % {"part": label, "n": n, "message": message}
    )


@transaction.atomic
def report_save(
    *,
    report: ProgressReport,
    actor: User,
    narrative: str,
    spending: Iterable[Mapping[str, Any]] = (),
    indicators: Mapping[int, Decimal | None] | None = None,
    milestones: Iterable[Mapping[str, Any]] = (),
    risks: Iterable[Mapping[str, Any]] = (),
    solutions: Iterable[Mapping[str, Any]] = (),
) -> ProgressReport:
    """The implementer saves the draft (or returned) report: the rows given replace the earlier ones."""
    require(is_implementer(actor, report.project), _("Only the project's implementers edit its reports."))
    report = _locked(report)
    _refuse_frozen(report)
    project = report.project
    errors: dict[str, list[str]] = {}
    years = set(range(report.period_start.year, report.period_end.year + 1))
    spending_rows, seen = [], set()
    for n, row in enumerate(spending, start=1):
        label = _("Spending")
        amount = row.get("amount")
        if row.get("year") not in years:
            _row_error(
                errors,
                "spending",
                label,
                n,
                _("the year must be within the period (%(years)s).")
                % {"years": ", ".join(str(y) for y in sorted(years))},
            )
        elif row.get("category") not in CostCategory.values:
            _row_error(errors, "spending", label, n, _("choose a cost category."))
        elif row.get("source") not in FinancingSource.values:
            _row_error(errors, "spending", label, n, _("choose a financing source."))
        elif amount is None or amount < 0:
            _row_error(errors, "spending", label, n, _("the amount must be zero or more."))
        elif (row["year"], row["category"], row["source"]) in seen:
            _row_error(errors, "spending", label, n, _("the same year, category and source appear twice."))
        else:
            seen.add((row["year"], row["category"], row["source"]))
            spending_rows.append(
                ReportSpending(
                    report=report,
                    year=row["year"],
                    category=row["category"],
                    source=row["source"],
                    amount=quantize(amount),
                )
            )
    targets = {t.pk: t for t in targets_of(project)}
    indicator_rows = []
    for target_id, actual in (indicators or {}).items():
        if target_id not in targets:
            errors.setdefault("indicators", []).append(
                _("The indicator is not one of the project's targets.")
            )
        elif actual is None:
            continue
        elif actual < 0:
            errors.setdefault("indicators", []).append(
                _("Indicator %(code)s: the actual value must be zero or more.")
                % {"code": targets[target_id].indicator.code}
            )
        else:
            indicator_rows.append(ReportIndicator(report=report, target=targets[target_id], actual=actual))
    milestone_rows = []
    for n, row in enumerate(milestones, start=1):
        if not (row.get("text") or "").strip():
            _row_error(errors, "milestones", _("Milestones"), n, _("describe the milestone."))
        elif row.get("status") not in MilestoneStatus.values:
            _row_error(
                errors, "milestones", _("Milestones"), n, _("choose the status (done, late or planned).")
            )
        else:
            milestone_rows.append(
                ReportMilestone(report=report, order=n, text=row["text"].strip(), status=row["status"])
            )
    risk_rows = []
    for n, row in enumerate(risks, start=1):
        if not (row.get("text") or "").strip():
            _row_error(errors, "risks", _("Risks"), n, _("describe the risk."))
        elif row.get("level") not in RiskLevel.values:
            _row_error(errors, "risks", _("Risks"), n, _("choose the level (low, medium or high)."))
        else:
            risk_rows.append(ReportRisk(report=report, order=n, text=row["text"].strip(), level=row["level"]))
    cities = {c.pk: c for c in cities_of(project)}
    solution_rows = []
    for n, row in enumerate(solutions, start=1):
        organisation = row.get("organisation")
        organisation_id = getattr(organisation, "pk", organisation)
        if organisation_id not in cities:
            _row_error(errors, "solutions", _("Adopted solutions"), n, _("choose a city of the agreement."))
        elif not (row.get("description") or "").strip():
            _row_error(errors, "solutions", _("Adopted solutions"), n, _("describe the solution adopted."))
        else:
            solution_rows.append(
                ReportSolution(
                    report=report,
                    order=n,
                    organisation=cities[organisation_id],
                    description=row["description"].strip(),
                )
            )
    if errors:
        raise ValidationError(errors)
    before = report_content(report)
    report.narrative = (narrative or "").strip()
    report.save(update_fields=["narrative", "updated_at"])
    for model in (ReportSpending, ReportIndicator, ReportMilestone, ReportRisk, ReportSolution):
        model.objects.filter(report=report).delete()
    ReportSpending.objects.bulk_create(spending_rows)
    ReportIndicator.objects.bulk_create(indicator_rows)
    ReportMilestone.objects.bulk_create(milestone_rows)
    ReportRisk.objects.bulk_create(risk_rows)
    ReportSolution.objects.bulk_create(solution_rows)
    after = report_content(report)
    if after != before:
        audit_record(
            actor=Actor(user=actor), action="progress_report.saved", obj=report, before=before, after=after
        )
    return report


@transaction.atomic
def report_submit(*, report: ProgressReport, actor: User) -> ProgressReport:
    """Submit (or resubmit after a return): the content is frozen into the snapshot."""
    require(is_implementer(actor, report.project), _("Only the project's implementers submit its reports."))
    report = _locked(report)
    _refuse_frozen(report)
    errors: dict[str, list[str]] = {}
    if not report.narrative.strip():
        errors["narrative"] = [_("Describe the progress of the period before submitting.")]
    reported = set(report.indicators.values_list("target_id", flat=True))
    missing = [t.indicator.code for t in targets_of(report.project) if t.pk not in reported]
    if missing:
        errors["indicators"] = [
            _("Give the actual value of every indicator before submitting; missing: %(codes)s.")
            % {"codes": ", ".join(missing)}
        ]
    if errors:
        raise ValidationError(errors)
    again = report.status == ReportStatus.RETURNED
    now = timezone.now()
    before = {"status": report.status}
    report.status = ReportStatus.SUBMITTED
    report.snapshot = report_content(report)
    report.submitted_at = now
    report.submitted_by = actor
    report.first_submitted_at = report.first_submitted_at or now
    report.save()
    audit_record(
        actor=Actor(user=actor),
        action="progress_report.resubmitted" if again else "progress_report.submitted",
        obj=report,
        before=before,
        after={"status": report.status, "late": report.is_late},
    )
    return report


def _require_submitted(report: ProgressReport, message: str) -> None:
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(message % {"status": report.get_status_display().lower()})


@transaction.atomic
def report_return(*, report: ProgressReport, reason: str, actor: User) -> ProgressReport:
    require(can_decide_reports(actor, report.project), _("Only the coordinator returns reports."))
    report = _locked(report)
    _require_submitted(report, _("Only a submitted report can be returned; this one is %(status)s."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say what needs to change.")]})
    report.status = ReportStatus.RETURNED
    report.return_reason = reason
    report.returned_at = timezone.now()
    report.decided_by = actor
    report.save()
    audit_record(
        actor=Actor(user=actor),
        action="progress_report.returned",
        obj=report,
        before={"status": ReportStatus.SUBMITTED},
        after={"status": report.status},
        note=reason,
    )
    return report


@transaction.atomic
def report_approve(*, report: ProgressReport, actor: User) -> ProgressReport:
    require(can_decide_reports(actor, report.project), _("Only the coordinator approves reports."))
    report = _locked(report)
    _require_submitted(report, _("Only a submitted report can be approved; this one is %(status)s."))
    report.status = ReportStatus.APPROVED
    report.approved_at = timezone.now()
    report.decided_by = actor
    report.save()
    audit_record(
        actor=Actor(user=actor),
        action="progress_report.approved",
        obj=report,
        before={"status": ReportStatus.SUBMITTED},
        after={"status": report.status},
    )
    return report


# --- reminders -------------------------------------------------------------------------------------


def reports_to_remind(today: dt.date, within: int = REMIND_WITHIN_DAYS) -> list[ProgressReport]:
    """Reports not yet submitted (drafts and returned ones) due within ``within`` days or overdue."""
    for project in Project.objects.filter(
        is_historical=False, agreement__isnull=False, start_date__isnull=False
    ):
        ensure_reports(project)
    return list(
        ProgressReport.objects.filter(
            status__in=EDITABLE,
            due_on__lte=today + dt.timedelta(days=within),
            project__is_historical=False,
        )
        .select_related("project__lead", "project__agreement")
        .order_by("due_on", "project__name", "pk")
    )


def implementers_of(project: Project) -> list[User]:
    return list(
        User.objects.filter(
            holders("progress.report", project.agreement_id, [project.lead_id] if project.lead_id else []),
            is_active=True,
        )
        .distinct()
        .order_by("username")
    )


@transaction.atomic
def remind(report: ProgressReport, today: dt.date) -> list[User]:
    """E-mail the implementers (``notify_report_due``, sent at commit) and note the day reminded."""
    from django.urls import reverse

    from accounts.notifications import notify_report_due

    to = implementers_of(report.project)
    notify_report_due(
        project=report.project,
        due_on=report.due_on,
        to=to,
        url=reverse("progress:report_detail", args=[report.pk]),
    )
    report.reminded_on = today
    report.save(update_fields=["reminded_on"])
    audit_record(
        actor=Actor(label="salkku progress remind"),
        action="progress_report.reminded",
        obj=report,
        after={"due_on": report.due_on.isoformat(), "to": [u.username for u in to]},
    )
    return to


# --- payment claims --------------------------------------------------------------------------------


def _eur(value: Decimal) -> str:
    return format_eur(value, lang=(get_language() or "fi")[:2])


def fund_budget(project: Project) -> dict[str, Decimal]:
    """The approved financing per fund (the project's financing lines of ERDF, ESF+, JTF and STATE)."""
    budget: dict[str, Decimal] = {}
    for line in project.financing_lines.filter(source__in=ClaimFund.values):
        budget[line.source] = budget.get(line.source, ZERO) + line.amount
    return budget


def remaining_of(project: Project, fund: str, *, excluding: int | None = None) -> Decimal:
    """The fund's budget less what earlier claims take (approved amounts, or claimed ones not yet decided)."""
    claims = PaymentClaim.objects.filter(project=project, fund=fund)
    if excluding is not None:
        claims = claims.exclude(pk=excluding)
    return quantize(fund_budget(project).get(fund, ZERO) - total(c.committed for c in claims))


@dataclass(frozen=True)
class FundTotals:
    fund: str
    label: str
    budget: Decimal
    claimed: Decimal
    approved: Decimal
    paid: Decimal
    committed: Decimal = ZERO  # approved amounts, and claimed ones not yet decided

    @property
    def remaining(self) -> Decimal:
        """The budget less what the claims take."""
        return self.budget - self.committed


def claim_totals(project: Project, claims: Iterable[PaymentClaim] | None = None) -> list[FundTotals]:
    claims = list(claims if claims is not None else project.payment_claims.all())
    budget = fund_budget(project)
    funds = [f for f in ClaimFund.values if f in budget or any(c.fund == f for c in claims)]
    rows = []
    for fund in funds:
        mine = [c for c in claims if c.fund == fund]
        rows.append(
            FundTotals(
                fund=fund,
                label=str(ClaimFund(fund).label),
                budget=budget.get(fund, ZERO),
                claimed=total(c.claimed for c in mine),
                approved=total(c.approved for c in mine if c.approved is not None),
                paid=total(c.paid for c in mine if c.paid is not None),
                committed=total(c.committed for c in mine),
            )
        )
    return rows


CLAIM_SUM_FIELDS = ("budget", "claimed", "approved", "paid", "remaining")


def claim_totals_sum(totals: Iterable[FundTotals]) -> dict[str, Decimal]:
    """The claims page's total row: each of budget, claimed, approved, paid and remaining over the funds."""
    rows = list(totals)
    return {name: sum((getattr(row, name) for row in rows), ZERO) for name in CLAIM_SUM_FIELDS}


@transaction.atomic
def claim_file(
    *, project: Project, fund: str, period_start: dt.date, period_end: dt.date, claimed: Decimal, actor: User
) -> PaymentClaim:
    """The implementer claims an amount of one fund for one reporting period."""
    require(is_implementer(actor, project), _("Only the project's implementers file payment claims."))
    project = Project.objects.select_for_update(of=("self",)).get(pk=project.pk)
    errors: dict[str, list[str]] = {}
    budget = fund_budget(project)
    if fund not in ClaimFund.values or budget.get(fund, ZERO) <= 0:
        errors["fund"] = [_("The project has no approved budget for the fund %(fund)s.") % {"fund": fund}]
    if (period_start, period_end) not in {(p.start, p.end) for p in project_periods(project)}:
        errors["period"] = [_("Choose one of the project's reporting periods.")]
    elif PaymentClaim.objects.filter(project=project, fund=fund, period_start=period_start).exists():
        errors["period"] = [_("The period already has a claim for the fund %(fund)s.") % {"fund": fund}]
    if claimed is None or claimed <= 0:
        errors["claimed"] = [_("The claimed amount must be more than zero.")]
    elif "fund" not in errors:
        remaining = remaining_of(project, fund)
        if claimed > remaining:
            errors["claimed"] = [
                _("The claim exceeds what remains of the fund %(fund)s: %(remaining)s remains of %(budget)s.")
                % {"fund": fund, "remaining": _eur(remaining), "budget": _eur(budget[fund])}
            ]
    if errors:
        raise ValidationError(errors)
    claim = PaymentClaim.objects.create(
        project=project,
        fund=fund,
        period_start=period_start,
        period_end=period_end,
        claimed=quantize(claimed),
        filed_by=actor,
    )
    audit_record(
        actor=Actor(user=actor),
        action="payment_claim.filed",
        obj=claim,
        after={
            "fund": fund,
            "period": [period_start.isoformat(), period_end.isoformat()],
            "claimed": str(claim.claimed),
        },
    )
    return claim


def _locked_claim(claim: PaymentClaim) -> PaymentClaim:
    return PaymentClaim.objects.select_for_update().select_related("project").get(pk=claim.pk)


@transaction.atomic
def claim_approve(*, claim: PaymentClaim, approved: Decimal, actor: User, reason: str = "") -> PaymentClaim:
    """The funding authority approves an amount, at most the claimed one (zero refuses the claim). A cut
    (less than claimed) needs its reason, which is kept on the claim and audited."""
    require(can_decide_claims(actor, claim.project), _("Only the funding authority approves payment claims."))
    claim = _locked_claim(claim)
    if claim.status != ClaimStatus.CLAIMED:
        raise ValidationError(_("The claim has already been decided."))
    if approved is None or approved < 0:
        raise ValidationError({"approved": [_("The approved amount must be zero or more.")]})
    if approved > claim.claimed:
        raise ValidationError(
            {
                "approved": [
                    _("The approved amount cannot exceed the claimed %(claimed)s.")
                    % {"claimed": _eur(claim.claimed)}
                ]
            }
        )
    reason = (reason or "").strip()
    if quantize(approved) < claim.claimed and not reason:
        raise ValidationError(
            {
                "approval_reason": [
                    _("Say why less than the claimed %(claimed)s is approved.")
                    % {"claimed": _eur(claim.claimed)}
                ]
            }
        )
    claim.approved = quantize(approved)
    claim.approval_reason = reason if claim.approved < claim.claimed else ""
    claim.status = ClaimStatus.APPROVED
    claim.approved_at = timezone.now()
    claim.approved_by = actor
    claim.save()
    audit_record(
        actor=Actor(user=actor),
        action="payment_claim.approved",
        obj=claim,
        before={"status": ClaimStatus.CLAIMED, "claimed": str(claim.claimed)},
        after={
            "status": claim.status,
            "approved": str(claim.approved),
            **({"approval_reason": claim.approval_reason} if claim.approval_reason else {}),
        },
        note=claim.approval_reason,
    )
    return claim


@transaction.atomic
def claim_pay(
    *, claim: PaymentClaim, paid: Decimal, paid_on: dt.date | None, actor: User, reason: str = ""
) -> PaymentClaim:
    """The funding authority records the payment: at most the approved amount, on a date not in the future;
    paying less than approved needs its reason, kept on the claim and audited."""
    require(can_decide_claims(actor, claim.project), _("Only the funding authority records payments."))
    claim = _locked_claim(claim)
    if claim.status != ClaimStatus.APPROVED:
        raise ValidationError(_("Only an approved claim that is not yet paid can be paid."))
    errors: dict[str, list[str]] = {}
    assert claim.approved is not None
    if paid is None or paid < 0:
        errors["paid"] = [_("The paid amount must be zero or more.")]
    elif paid > claim.approved:
        errors["paid"] = [
            _("The paid amount cannot exceed the approved %(approved)s.") % {"approved": _eur(claim.approved)}
        ]
    reason = (reason or "").strip()
    if paid is not None and 0 <= paid < claim.approved and not reason:
        errors["payment_reason"] = [
            _("Say why less than the approved %(approved)s is paid.") % {"approved": _eur(claim.approved)}
        ]
    if paid_on is None:
        errors["paid_on"] = [_("Give the date of payment.")]
    elif paid_on > timezone.localdate():
        errors["paid_on"] = [_("The date of payment cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    claim.paid = quantize(paid)
    claim.payment_reason = reason if claim.paid < claim.approved else ""
    claim.paid_on = paid_on
    claim.status = ClaimStatus.PAID
    claim.paid_by = actor
    claim.save()
    audit_record(
        actor=Actor(user=actor),
        action="payment_claim.paid",
        obj=claim,
        before={"status": ClaimStatus.APPROVED, "approved": str(claim.approved)},
        after={
            "status": claim.status,
            "paid": str(claim.paid),
            "paid_on": paid_on.isoformat() if paid_on else None,
            **({"payment_reason": claim.payment_reason} if claim.payment_reason else {}),
        },
        note=claim.payment_reason,
    )
    return claim
