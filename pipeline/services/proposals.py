"""Write-services of proposals: create and edit drafts (fields, consortium, budget, financing,
indicator targets), check, submit, and move on in the workflow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.access import require
from accounts.models import User
from accounts.permissions import Target, can
from audit.services import audit_record
from cores.budget import BudgetError, BudgetLineIn, build_budget
from cores.money import quantize
from pipeline import rules
from pipeline.models import (
    BudgetLine,
    Call,
    CostCategory,
    FinancingLine,
    FinancingSource,
    Idea,
    IdeaStatus,
    IndicatorTarget,
    PartnerRole,
    Proposal,
    ProposalPartner,
    ProposalStatus,
    ProposalVersion,
)
from pipeline.validation import Problem, proposal_for_checking, validate_proposal
from pipeline.versions import snapshot
from pipeline.workflows import PROPOSAL_WORKFLOW, may_take
from programme.models import AgreementParty, Indicator, PartyRole

if TYPE_CHECKING:
    from partners.models import Organisation
    from programme.models import Agreement, Theme
from pipeline.services.common import _actor, _move, _now, _take, _today


class ProposalNotValid(ValidationError):
    """Submitting was refused: ``problems`` lists every reason, each saying what to fix."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__([p.message for p in self.problems])


# --- proposals: creating and editing drafts -------------------------------------------------------------


def default_dates(agreement: Agreement, today: dt.date) -> tuple[dt.date, dt.date]:
    """A first guess for a new draft: from the first of next month for two years, ending at the latest on
    the period's last eligible date."""
    start = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    end = start.replace(year=start.year + 2) - dt.timedelta(days=1)
    last = agreement.period.last_eligible_date
    return start, max(start, min(end, last))


@transaction.atomic
def proposal_create(
    *,
    agreement: Agreement,
    theme: Theme,
    title: str,
    lead: Organisation,
    actor: User,
    summary: str = "",
    call: Call | None = None,
    idea: Idea | None = None,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
) -> Proposal:
    """An applicant starts a draft proposal with their organisation as the lead partner."""
    require(
        rules.can_start_proposal(actor, agreement.pk, lead.pk),
        _("You can start a proposal only for an organisation you act for, in your own agreement."),
    )
    if theme.agreement_id != agreement.pk:
        raise ValidationError(
            {"theme": _("Theme %(code)s is not a theme of this agreement.") % {"code": theme.code}}
        )
    if call is not None and call.agreement_id != agreement.pk:
        raise ValidationError({"call": _("The call belongs to another agreement.")})
    guess_start, guess_end = default_dates(agreement, _today())
    start, end = start_date or guess_start, end_date or guess_end
    if end < start:
        raise ValidationError({"end_date": _("The end date must be on or after the start date.")})
    proposal = Proposal.objects.create(
        agreement=agreement,
        call=call,
        idea=idea,
        theme=theme,
        title=title.strip(),
        summary=summary.strip(),
        start_date=start,
        end_date=end,
    )
    ProposalPartner.objects.create(proposal=proposal, organisation=lead, role=PartnerRole.LEAD)
    audit_record(
        actor=_actor(actor),
        action="proposal.created",
        obj=proposal,
        after={
            "title": proposal.title,
            "theme": theme.code,
            "lead": lead.name,
            "idea_id": idea.pk if idea else None,
            "status": proposal.status,
        },
    )
    return proposal


@transaction.atomic
def proposal_create_from_idea(*, idea: Idea, actor: User) -> Proposal:
    """The invited idea's applicant creates the draft; title, summary, theme and call are carried over."""
    idea = (
        Idea.objects.select_for_update(of=("self",))
        .select_related("agreement__period", "theme", "call", "organisation")
        .get(pk=idea.pk)
    )
    require(
        rules.acts_for_idea(actor, idea), _("Only the idea's own organisation can turn it into a proposal.")
    )
    if idea.status != IdeaStatus.INVITED:
        raise ValidationError(_("Only an idea invited to become a proposal can be turned into one."))
    if idea.proposals.exists():
        raise ValidationError(_("A proposal has already been created from this idea."))
    proposal = proposal_create(
        agreement=idea.agreement,
        theme=idea.theme,
        title=idea.title,
        summary=idea.summary,
        lead=idea.organisation,
        call=idea.call,
        idea=idea,
        actor=actor,
    )
    audit_record(
        actor=_actor(actor),
        action="idea.proposal_created",
        obj=idea,
        after={"proposal_id": proposal.pk, "proposal": proposal.title},
    )
    return proposal


def _locked_editable(proposal: Proposal, actor: User) -> Proposal:
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    require(
        rules.acts_for_proposal(actor, locked),
        _("Only the applicants of the lead partner and the partners may edit the proposal."),
    )
    require(
        rules.can_edit_proposal(actor, locked),
        _("The proposal can be edited only while it is a draft or returned for changes."),
    )
    return locked


PROPOSAL_FIELDS = (
    "title",
    "acronym",
    "summary",
    "objectives",
    "start_date",
    "end_date",
    "indirect_rate",
    "theme",
)
PROPOSAL_SETS = ("methods", "test_environments", "adopting_cities")


def _plain(value: Any) -> Any:
    if hasattr(value, "code"):
        return value.code
    return value


@transaction.atomic
def proposal_update(*, proposal: Proposal, actor: User, changes: Mapping[str, Any]) -> Proposal:
    """Change the proposal's own fields and its methods, test environments and adopting cities."""
    locked = _locked_editable(proposal, actor)
    unknown = set(changes) - set(PROPOSAL_FIELDS) - set(PROPOSAL_SETS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for name in PROPOSAL_FIELDS:
        if name not in changes:
            continue
        value = changes[name]
        if name == "theme" and value.agreement_id != locked.agreement_id:
            raise ValidationError(
                {"theme": _("Theme %(code)s is not a theme of this agreement.") % {"code": value.code}}
            )
        if name in ("title", "acronym", "summary", "objectives"):
            value = (value or "").strip()
        if name == "indirect_rate" and not Decimal(0) <= value <= Decimal(1):
            raise ValidationError({"indirect_rate": _("The flat rate must be between 0 % and 100 %.")})
        if getattr(locked, name) != value:
            before[name], after[name] = _plain(getattr(locked, name)), _plain(value)
            setattr(locked, name, value)
    start, end = locked.start_date, locked.end_date
    if start and end and end < start:
        raise ValidationError({"end_date": _("The end date must be on or after the start date.")})
    if after:
        locked.save(update_fields=[*after, "updated_at"])
    if "adopting_cities" in changes:
        cities = set(
            AgreementParty.objects.filter(agreement_id=locked.agreement_id, role=PartyRole.CITY).values_list(
                "organisation_id", flat=True
            )
        )
        outside = [c for c in changes["adopting_cities"] if c.pk not in cities]
        if outside:
            raise ValidationError(
                {
                    "adopting_cities": _("%(name)s is not a city of this agreement.")
                    % {"name": outside[0].name}
                }
            )
    for name in PROPOSAL_SETS:
        if name not in changes:
            continue
        manager = getattr(locked, name)
        old = sorted(str(o) for o in manager.all())
        new_objects = list(changes[name])
        new = sorted(str(o) for o in new_objects)
        if old != new:
            manager.set(new_objects)
            before[name], after[name] = old, new
    if after:
        audit_record(actor=_actor(actor), action="proposal.updated", obj=locked, before=before, after=after)
        if set(after) - set(PROPOSAL_FIELDS) and not set(after) & set(PROPOSAL_FIELDS):
            locked.save(update_fields=["updated_at"])
    return locked


@dataclass(frozen=True)
class PartnerIn:
    organisation: Organisation
    role: str
    tasks: str = ""


@transaction.atomic
def proposal_set_partners(*, proposal: Proposal, partners: Sequence[PartnerIn], actor: User) -> Proposal:
    """Replace the consortium: one lead, each organisation once; the actor's own organisation stays in it."""
    locked = _locked_editable(proposal, actor)
    seen: set[int] = set()
    for number, p in enumerate(partners, start=1):
        if p.role not in PartnerRole.values:
            raise ValidationError(
                _("Consortium row %(row)s: unknown role %(role)s.") % {"row": number, "role": p.role}
            )
        if p.organisation.pk in seen:
            raise ValidationError(
                _("Consortium row %(row)s: %(name)s is already in the consortium.")
                % {"row": number, "name": p.organisation.name}
            )
        seen.add(p.organisation.pk)
    if sum(1 for p in partners if p.role == PartnerRole.LEAD) > 1:
        raise ValidationError(_("The consortium can have only one lead partner."))
    keep = {p.organisation.pk for p in partners if p.role in (PartnerRole.LEAD, PartnerRole.PARTNER)}
    require(
        bool(
            can(
                actor,
                "proposal.edit",
                Target(agreement_id=proposal.agreement_id, organisation_ids=frozenset(keep)),
            )
        ),
        _("Keep your own organisation in the consortium as the lead or a partner."),
    )
    current = {p.organisation_id: p for p in locked.partners.select_related("organisation")}
    wanted = {p.organisation.pk: p for p in partners}
    before = {str(p.organisation): f"{p.role}: {p.tasks}".rstrip(": ") for p in current.values()}
    removed = [pk for pk in current if pk not in wanted]
    if removed:
        ProposalPartner.objects.filter(proposal=locked, organisation_id__in=removed).delete()
    changed = [
        (current[pk], w)
        for pk, w in wanted.items()
        if pk in current and (current[pk].role, current[pk].tasks) != (w.role, w.tasks)
    ]
    # A former lead gives up the role first, so that the one-lead constraint holds at every step.
    for row, w in sorted(changed, key=lambda pair: pair[1].role == PartnerRole.LEAD):
        row.role, row.tasks = w.role, w.tasks
        row.save(update_fields=["role", "tasks"])
    for pk, w in wanted.items():
        if pk not in current:
            ProposalPartner.objects.create(
                proposal=locked, organisation=w.organisation, role=w.role, tasks=w.tasks
            )
    after = {p.organisation.name: f"{p.role}: {p.tasks}".rstrip(": ") for p in partners}
    if before != after:
        audit_record(
            actor=_actor(actor), action="proposal.consortium_changed", obj=locked, before=before, after=after
        )
        locked.save(update_fields=["updated_at"])
    return locked


def _amount(value: Any, where: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        raise ValidationError(
            _("%(where)s: %(value)s is not an amount in euros.") % {"where": where, "value": value}
        ) from None
    if not amount.is_finite():
        raise ValidationError(
            _("%(where)s: %(value)s is not an amount in euros.") % {"where": where, "value": value}
        )
    if amount < 0:
        raise ValidationError(_("%(where)s: the amount cannot be negative.") % {"where": where})
    if amount != quantize(amount):
        raise ValidationError(_("%(where)s: the amount has fractions of a cent.") % {"where": where})
    if amount >= Decimal("1e12"):
        raise ValidationError(_("%(where)s: the amount is too large.") % {"where": where})
    return quantize(amount)


@transaction.atomic
def proposal_set_budget(
    *, proposal: Proposal, lines: Sequence[tuple[int, str, Any]], actor: User
) -> Proposal:
    """Replace the budget with (year, cost category, amount) lines; zero amounts are left out. Each changed
    cell is audited before → after."""
    locked = _locked_editable(proposal, actor)
    wanted: dict[tuple[int, str], Decimal] = {}
    for number, (year, category, raw) in enumerate(lines, start=1):
        where = _("Budget line %(row)s (%(year)s, %(category)s)") % {
            "row": number,
            "year": year,
            "category": category,
        }
        if category not in CostCategory.values:
            raise ValidationError(
                _("%(where)s: unknown cost category; use one of %(choices)s.")
                % {"where": where, "choices": ", ".join(CostCategory.values)}
            )
        if not isinstance(year, int) or not 1900 <= year <= 2100:
            raise ValidationError(_("%(where)s: %(year)s is not a year.") % {"where": where, "year": year})
        amount = _amount(raw, where)
        if (year, category) in wanted:
            raise ValidationError(
                _("%(where)s: the same year and cost category appear twice.") % {"where": where}
            )
        if amount:
            wanted[(year, category)] = amount
    try:
        build_budget(
            [BudgetLineIn(y, c, a) for (y, c), a in wanted.items()],
            indirect_rate=locked.indirect_rate,
            categories=CostCategory.values,
        )
    except BudgetError as error:
        raise ValidationError(str(error)) from None
    current = {(b.year, b.category): b for b in locked.budget_lines.all()}
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for key, line in current.items():
        if key not in wanted:
            before[f"{key[0]} {key[1]}"] = str(line.amount)
            line.delete()
        elif line.amount != wanted[key]:
            before[f"{key[0]} {key[1]}"], after[f"{key[0]} {key[1]}"] = str(line.amount), str(wanted[key])
            line.amount = wanted[key]
            line.save(update_fields=["amount"])
    new = [
        BudgetLine(proposal=locked, year=y, category=c, amount=a)
        for (y, c), a in wanted.items()
        if (y, c) not in current
    ]
    BudgetLine.objects.bulk_create(new)
    for line in new:
        after[f"{line.year} {line.category}"] = str(line.amount)
    if before or after:
        audit_record(
            actor=_actor(actor), action="proposal.budget_changed", obj=locked, before=before, after=after
        )
        locked.save(update_fields=["updated_at"])
    return locked


@transaction.atomic
def proposal_set_financing(
    *, proposal: Proposal, lines: Sequence[tuple[str, Organisation | None, Any]], actor: User
) -> Proposal:
    """Replace the financing plan with (source, organisation or None, amount) lines; own financing names
    the consortium member who pays it. Each changed line is audited before → after."""
    locked = _locked_editable(proposal, actor)
    wanted: dict[tuple[str, int | None], tuple[Organisation | None, Decimal]] = {}
    for number, (source, organisation, raw) in enumerate(lines, start=1):
        where = _("Financing line %(row)s (%(source)s)") % {"row": number, "source": source}
        if source not in FinancingSource.values:
            raise ValidationError(
                _("%(where)s: unknown source; use one of %(choices)s.")
                % {"where": where, "choices": ", ".join(FinancingSource.values)}
            )
        amount = _amount(raw, where)
        key = (source, organisation.pk if organisation else None)
        if key in wanted:
            raise ValidationError(
                _("%(where)s: the same source and organisation appear twice.") % {"where": where}
            )
        if amount:
            wanted[key] = (organisation, amount)

    def label(source: str, org_name: str) -> str:
        return f"{source} {org_name}".strip()

    current = {
        (f.source, f.organisation_id): f for f in locked.financing_lines.select_related("organisation")
    }
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for key, line in current.items():
        name = line.organisation.name if line.organisation else ""
        if key not in wanted:
            before[label(line.source, name)] = str(line.amount)
            line.delete()
        elif line.amount != wanted[key][1]:
            before[label(line.source, name)], after[label(line.source, name)] = (
                str(line.amount),
                str(wanted[key][1]),
            )
            line.amount = wanted[key][1]
            line.save(update_fields=["amount"])
    new = [
        FinancingLine(proposal=locked, source=source, organisation=org, amount=amount)
        for (source, org_id), (org, amount) in wanted.items()
        if (source, org_id) not in current
    ]
    FinancingLine.objects.bulk_create(new)
    for line in new:
        after[label(line.source, line.organisation.name if line.organisation else "")] = str(line.amount)
    if before or after:
        audit_record(
            actor=_actor(actor), action="proposal.financing_changed", obj=locked, before=before, after=after
        )
        locked.save(update_fields=["updated_at"])
    return locked


@transaction.atomic
def proposal_set_targets(
    *, proposal: Proposal, targets: Sequence[tuple[Indicator, Any]], actor: User
) -> Proposal:
    """Replace the indicator targets: EU common indicators (RCO/RCR) or the agreement's own."""
    locked = _locked_editable(proposal, actor)
    wanted: dict[int, tuple[Indicator, Decimal]] = {}
    for number, (indicator, raw) in enumerate(targets, start=1):
        where = _("Indicator target row %(row)s (%(code)s)") % {"row": number, "code": indicator.code}
        if indicator.agreement_id not in (None, locked.agreement_id):
            raise ValidationError(
                _("%(where)s: the indicator belongs to another agreement.") % {"where": where}
            )
        try:
            value = Decimal(str(raw))
        except ArithmeticError:
            raise ValidationError(
                _("%(where)s: %(value)s is not a number.") % {"where": where, "value": raw}
            ) from None
        if not value.is_finite() or value < 0 or value >= Decimal("1e10"):
            raise ValidationError(_("%(where)s: the target must be zero or more.") % {"where": where})
        if indicator.pk in wanted:
            raise ValidationError(_("%(where)s: the indicator appears twice.") % {"where": where})
        wanted[indicator.pk] = (indicator, value.quantize(Decimal("0.01")))
    current = {t.indicator_id: t for t in locked.indicator_targets.select_related("indicator")}
    before = {t.indicator.code: str(t.target) for t in current.values()}
    for pk, target in current.items():
        if pk not in wanted:
            target.delete()
        elif target.target != wanted[pk][1]:
            target.target = wanted[pk][1]
            target.save(update_fields=["target"])
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(proposal=locked, indicator=ind, target=value)
        for pk, (ind, value) in wanted.items()
        if pk not in current
    )
    after = {ind.code: str(value) for ind, value in wanted.values()}
    if before != after:
        audit_record(
            actor=_actor(actor), action="proposal.targets_changed", obj=locked, before=before, after=after
        )
        locked.save(update_fields=["updated_at"])
    return locked


# --- proposals: checking, submitting and moving on ------------------------------------------------------


def proposal_check(proposal: Proposal) -> list[Problem]:
    """Every problem that stops submitting (reads only)."""
    fresh = proposal_for_checking(Proposal.objects.filter(pk=proposal.pk)).get()
    return validate_proposal(fresh)


@transaction.atomic
def proposal_submit(*, proposal: Proposal, actor: User) -> Proposal:
    """Validate and submit: refused with every problem, or frozen as the next numbered version."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    transition = PROPOSAL_WORKFLOW.find(locked.status, ProposalStatus.SUBMITTED)
    require(
        rules.acts_for_proposal(actor, locked),
        _("Only the applicants of the lead partner and the partners may submit."),
    )
    if transition is None:
        raise ValidationError(_("Only a draft or a proposal returned for changes can be submitted."))
    require(
        may_take(transition, actor, agreement_id=locked.agreement_id, consortium=rules.consortium_ids(locked))
    )
    fresh = proposal_for_checking(Proposal.objects.filter(pk=locked.pk)).get()
    problems = validate_proposal(fresh)
    if problems:
        raise ProposalNotValid(problems)
    now = _now()
    number = locked.version + 1
    ProposalVersion.objects.create(
        proposal=locked, number=number, snapshot=snapshot(fresh), submitted_by=actor, submitted_at=now
    )
    before = {"status": locked.status, "version": locked.version}
    locked.status, locked.version, locked.submitted_at = transition.target, number, now
    locked.save(update_fields=["status", "version", "submitted_at", "updated_at"])
    audit_record(
        actor=_actor(actor),
        action=transition.action,
        obj=locked,
        before=before,
        after={"status": locked.status, "version": number},
    )
    return locked


@transaction.atomic
def proposal_transition(*, proposal: Proposal, to_status: str, actor: User, note: str = "") -> Proposal:
    """Move a proposal on in its workflow (start of review, the steering group's and the funding
    authority's decisions, withdrawal): the workflow table says who may; refused otherwise. Audited."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    transition = _take(PROPOSAL_WORKFLOW, locked, to_status, actor, consortium=rules.consortium_ids(locked))
    if transition.service_only:
        raise ValidationError(
            _("Submitting validates the proposal and freezes a version: use proposal_submit.")
        )
    _move(locked, transition, actor, note, also_save=("updated_at",))
    proposal.status = locked.status
    return locked
